// Allure 3 report settings: `npm run report` renders allure-results/ into allure-report/.
// History (trends, retries across runs) accumulates in allure-history/; CI keeps that folder between runs.
export default {
  name: "ImServerTests",
  output: "./allure-report",
  historyPath: "./allure-history/history.jsonl",
};
