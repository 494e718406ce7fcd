// Ink 6.8's incremental renderer (log-update.js) moves the cursor up one line too
// few when the previous frame ended with a newline, which is every frame shorter
// than the terminal: each later frame is drawn one row lower, leaving a stale top
// row and pushing the footer off screen. kubedeck keeps frames at rows - 1 lines
// (a full-height frame makes Ink clear the whole terminal every time), so it needs
// both: incremental rendering and this fix. Runs on every install; idempotent.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// ink's main entry is build/index.js; log-update.js sits beside it
const file = join(dirname(fileURLToPath(import.meta.resolve('ink'))), 'log-update.js');
const buggy = 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));';
const fixed =
  "buffer.push(ansiEscapes.cursorUp(previousVisible - (previousOutput.endsWith('\\n') ? 0 : 1))); /* kubedeck: patch-ink */";

const source = readFileSync(file, 'utf8');
if (source.includes('kubedeck: patch-ink')) process.exit(0);
if (!source.includes(buggy)) {
  console.error(`patch-ink: ${file} changed; check whether Ink still needs the incremental-rendering fix`);
  process.exit(1);
}
writeFileSync(file, source.replace(buggy, fixed));
console.log('patch-ink: fixed the incremental renderer of Ink (frames drawn one row low)');
