// Two fixes to Ink 6.8, applied on every install (idempotent; fails loudly if Ink's
// code changed under them):
//
// 1. log-update.js: the incremental renderer moves the cursor up one line too few
//    when the previous frame ended with a newline, which is every frame shorter than
//    the terminal: each later frame is drawn one row lower, leaving a stale top row
//    and pushing the footer off screen. kubedeck keeps frames at rows - 1 lines (a
//    full-height frame makes Ink clear the whole terminal every time), so it needs
//    both incremental rendering and this fix.
// 2. hooks/use-input.js: useInput subscribes in a passive effect, which runs after
//    the frame is on screen. Keys that arrive in the same read as the key that opened
//    an input line (a paste, fast typing over SSH: "/nginx") or right after the line
//    appeared reached no one and were lost. A layout effect subscribes during the
//    commit, before the next key is dispatched.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// ink's main entry is build/index.js
const build = dirname(fileURLToPath(import.meta.resolve('ink')));
const MARK = 'kubedeck: patch-ink';

const patches = [
  {
    file: join(build, 'log-update.js'),
    edits: [
      [
        'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));',
        `buffer.push(ansiEscapes.cursorUp(previousVisible - (previousOutput.endsWith('\\n') ? 0 : 1))); /* ${MARK} */`,
      ],
    ],
  },
  {
    file: join(build, 'hooks', 'use-input.js'),
    edits: [
      ["import { useEffect } from 'react';", `import { useEffect, useLayoutEffect } from 'react'; /* ${MARK} */`],
      [
        '    useEffect(() => {\n        if (options.isActive === false) {\n            return;\n        }\n        const handleData',
        '    useLayoutEffect(() => {\n        if (options.isActive === false) {\n            return;\n        }\n        const handleData',
      ],
    ],
  },
];

for (const { file, edits } of patches) {
  const source = readFileSync(file, 'utf8');
  if (source.includes(MARK)) continue;
  let next = source;
  for (const [from, to] of edits) {
    if (!next.includes(from)) {
      console.error(`patch-ink: ${file} changed; check whether Ink still needs kubedeck's fixes`);
      process.exit(1);
    }
    next = next.replace(from, to);
  }
  writeFileSync(file, next);
  console.log(`patch-ink: patched ${file}`);
}
