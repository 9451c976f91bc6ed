// npm run report: renders allure-results/ with Allure 3 (allurerc.mjs) into allure-report/.
// It replaces only the report it wrote there before (Tools/Npm/output-folder.mjs); a folder with other files is refused.
// Usage from the repository root: npm run report [-- RESULTS [OUTPUT]]
import fs from 'node:fs';
import { asCommand, publish, run, RefusedError } from './output-folder.mjs';

const results = process.argv[2] ?? 'allure-results';
const output = process.argv[3] ?? 'allure-report';

await asCommand(async () => {
  if (!fs.existsSync(results)) {
    throw new RefusedError(`${results} not found: run dotnet test first, it writes the results there.`);
  }
  await publish(output, 'npm run report', (temporary) => run('allure', ['generate', results, '--output', temporary]));
  console.log(`${output}/index.html: the Allure report of ${results}`);
});
