// Validates the AsyncAPI contract with the official AsyncAPI parser; exits 1 on any error or warning.
// Usage from the repository root: npm run contract:validate [-- path/to/contract.yaml]
import fs from 'node:fs';
import path from 'node:path';
import { contractTool } from './tools.mjs';

const { Parser } = await contractTool('@asyncapi/parser');

const file = path.resolve(process.argv[2] ?? 'contract/imserver.asyncapi.yaml');
if (!fs.existsSync(file)) {
  console.error(`${file}: file not found`);
  process.exit(1);
}

const { document, diagnostics } = await new Parser().parse(fs.readFileSync(file, 'utf8'), { source: file });
const severities = ['error', 'warning', 'information', 'hint'];
let problems = 0;
for (const d of diagnostics) {
  const where = d.range ? `${d.range.start.line + 1}:${d.range.start.character + 1}` : '?';
  const severity = severities[d.severity] ?? String(d.severity);
  console.log(`${file}:${where} ${severity} ${d.code}: ${d.message} (at ${d.path.join('.') || 'the root'})`);
  if (d.severity <= 1) problems++;
}

if (!document || problems > 0) {
  console.error(`${file}: not a valid AsyncAPI document (${problems} problem(s) above)`);
  process.exit(1);
}

const counts = {
  channels: document.channels().length,
  operations: document.operations().length,
  messages: document.components().messages().length,
};
console.log(`${file}: valid AsyncAPI ${document.version()} (${counts.channels} channel, ${counts.operations} operations, ${counts.messages} messages)`);
