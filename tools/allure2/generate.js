// Renders allure-results/ with Allure 2 into allure-report-2/ (needs Java 8+ on PATH).
// Usage from the repository root: npm run report:allure2
const path = require("path");
const root = path.resolve(__dirname, "..", "..");
const allure = require("allure-commandline");
const run = allure(["generate", path.join(root, "allure-results"), "--clean", "-o", path.join(root, "allure-report-2")]);
run.on("exit", (code) => process.exit(code ?? 1));
