// Writes a command's output into a folder the user may name, without ever removing what the command did not write.
//
// The command writes into a new temporary folder of its own. Only then is the output folder touched, and only if
// it is missing, empty, or holds exactly what this command wrote there last time (listed in its manifest,
// .imservertests-output.json): those files are replaced by the new ones. A folder that holds anything else is
// refused with a message and left as it is. The temporary folder goes in every case.
//
// As a command: node Tools/Npm/output-folder.mjs OUTPUT -- COMMAND ARGS...   ({out} in ARGS is the temporary folder)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MANIFEST = '.imservertests-output.json';

export class RefusedError extends Error {}

// Relative paths of every file and folder under `folder`, folders ending in '/'.
function entries(folder, prefix = '') {
  const found = [];
  for (const entry of fs.readdirSync(path.join(folder, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      found.push(relative + '/', ...entries(folder, relative));
    } else {
      found.push(relative);
    }
  }
  return found;
}

function readManifest(output) {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(output, MANIFEST), 'utf8'));
    return Array.isArray(manifest.entries) ? manifest.entries : [];
  } catch {
    return [];
  }
}

// What in `output` this command did not write; throws RefusedError when that is anything at all.
export function checkOutputFolder(output, what) {
  if (!fs.existsSync(output)) {
    return [];
  }
  if (!fs.statSync(output).isDirectory()) {
    throw new RefusedError(`${what}: ${output} is a file, not a folder; it is left as it is. Name a folder.`);
  }
  const ours = new Set(readManifest(output));
  const foreign = entries(output).filter((e) => e !== MANIFEST && !ours.has(e));
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, and ${foreign.length - 5} more` : '');
    throw new RefusedError(
      `${what}: ${output} holds files this command did not write (${shown}), so it is left as it is and nothing was written. `
      + 'It replaces only its own earlier output: move those files, or name another folder.');
  }
  return [...ours];
}

// Runs `build(temporaryFolder)`, then puts what it wrote into `output` in place of this command's earlier output.
export async function publish(output, what, build) {
  const target = path.resolve(output);
  const earlier = checkOutputFolder(target, what);
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'imservertests-output-'));
  try {
    await build(temporary);
    checkOutputFolder(target, what); // again: nothing may have arrived meanwhile
    for (const entry of earlier.filter((e) => !e.endsWith('/'))) {
      fs.rmSync(path.join(target, entry), { force: true });
    }
    for (const folder of earlier.filter((e) => e.endsWith('/')).sort((a, b) => b.length - a.length)) {
      const full = path.join(target, folder);
      if (fs.existsSync(full) && fs.readdirSync(full).length === 0) {
        fs.rmdirSync(full);
      }
    }
    fs.mkdirSync(target, { recursive: true });
    fs.cpSync(temporary, target, { recursive: true });
    const written = entries(temporary);
    fs.writeFileSync(path.join(target, MANIFEST), JSON.stringify({ writtenBy: what, entries: written }, null, 2) + '\n');
    return written;
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

// Runs a command to its end; rejects when it fails.
export function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`))));
  });
}

// Runs `main` and turns a refusal or a failure into one line on stderr and exit code 1.
export async function asCommand(main) {
  try {
    await main();
  } catch (error) {
    console.error(error instanceof RefusedError ? `error: ${error.message}` : `error: ${error.message ?? error}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [output, separator, command, ...args] = process.argv.slice(2);
  if (!output || separator !== '--' || !command) {
    console.error('usage: node Tools/Npm/output-folder.mjs OUTPUT -- COMMAND ARGS...   ({out} in ARGS is where the command writes)');
    process.exit(2);
  }
  await asCommand(async () => {
    const written = await publish(output, `${command} into ${output}`, (temporary) => run(command, args.map((a) => a.replaceAll('{out}', temporary))));
    console.log(`${output}: ${written.filter((e) => !e.endsWith('/')).length} file(s) written`);
  });
}
