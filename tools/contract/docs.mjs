// Renders the AsyncAPI contract as HTML documentation with the official generator and HTML template.
// Usage from the repository root: npm run contract:docs   (then open contract-docs/index.html)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import Generator from '@asyncapi/generator';

const require = createRequire(import.meta.url);
const file = path.resolve(process.argv[2] ?? 'contract/imserver.asyncapi.yaml');
const output = path.resolve(process.argv[3] ?? 'contract-docs');
const template = path.dirname(require.resolve('@asyncapi/html-template/package.json'));

fs.rmSync(output, { recursive: true, force: true });
const generator = new Generator(template, output, { forceWrite: true, templateParams: { singleFile: 'true' } });
await generator.generateFromFile(file);
console.log(`${path.relative(process.cwd(), output)}/index.html: the contract's documentation`);
