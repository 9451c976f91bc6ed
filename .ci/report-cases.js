// Lists the ImServer cases of a rendered Allure 3 report, one per line: id, name, status as the report shows it.
const fs = require("fs");
const path = require("path");
const dir = path.join(process.argv[2] || "allure-report", "data", "test-results");
for (const file of fs.readdirSync(dir)) {
  const result = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  if ((result.labels || []).some((l) => l.name === "tag" && l.value === "ImServer")) {
    const status = result.status.charAt(0).toUpperCase() + result.status.slice(1);
    console.log([result.id, result.name, status].join("\t"));
  }
}
