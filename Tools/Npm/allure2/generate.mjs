// Renders allure-results/ with Allure 2 into allure-report-2/ (needs Java 8+ on PATH).
// It replaces only the report it wrote there before (Tools/Npm/output-folder.mjs); a folder with other files is refused.
// Usage from the repository root: npm run report:allure2
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { asCommand, publish } from '../output-folder.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const allure = require('allure-commandline');

await asCommand(async () => {
  await publish(path.join(root, 'allure-report-2'), 'npm run report:allure2', (temporary) => new Promise((resolve, reject) => {
    // --clean empties the temporary folder only: it is the generator's own.
    allure(['generate', path.join(root, 'allure-results'), '--clean', '-o', temporary])
      .on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`allure generate (Allure 2) failed with exit code ${code}`))));
  }));
  console.log('allure-report-2/index.html: the Allure 2 report');
});
