// Renders the AsyncAPI contract as HTML documentation with the official generator and HTML template.
// It replaces only the documentation it wrote there before (Tools/Npm/output-folder.mjs); a folder with other files is refused.
// Usage from the repository root: npm run contract:docs [-- CONTRACT [OUTPUT]]   (then open contract-docs/index.html)
import path from 'node:path';
import { createRequire } from 'node:module';
import { asCommand, publish } from '../output-folder.mjs';
import { contractTool } from './tools.mjs';

const { default: Generator } = await contractTool('@asyncapi/generator');
const require = createRequire(import.meta.url);
const file = path.resolve(process.argv[2] ?? 'contract/imserver.asyncapi.yaml');
const output = process.argv[3] ?? 'contract-docs';
const template = path.dirname(require.resolve('@asyncapi/html-template/package.json'));

await asCommand(async () => {
  await publish(output, 'npm run contract:docs', async (temporary) => {
    const generator = new Generator(template, temporary, { forceWrite: true, templateParams: { singleFile: 'true' } });
    await generator.generateFromFile(file);
  });
  console.log(`${output}/index.html: the contract's documentation`);
});
