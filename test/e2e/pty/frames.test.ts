// Every keypress gets its own frame, at once. Ink's render throttle used to hold a key's
// frame back behind the frame before it and merge it with the next key's, so j then k
// drew nothing at all: the screen stayed as it was until some later render (the 5 s
// age clock) changed it. Here the refresh rate is 1 frame per second: had a throttle
// at that rate stood between a key and its frame, the frames of keys typed 100 ms apart
// would be merged, and the cursor's intermediate rows would never be drawn.
import { afterEach, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xterm from '@xterm/headless';
import { endPtyApps, runBuilt } from './harness.js';

const COLS = 100;
const ROWS = 30;
/** the end of a synchronized update: Ink wraps each frame in one */
const FRAME_END = '\u001B[?2026l';

afterEach((ctx) => {
  endPtyApps('frames', ctx.task.result?.state === 'fail');
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** a table row's first two cells: which object it is */
const rowId = (line: string) => line.slice(3).trim().split(/\s+/).slice(0, 2).join(' ');

/** the selected row (the line with the cursor mark), or '' */
function cursorName(screen: string): string {
  const line = screen.split('\n').find((l) => l.startsWith('>'));
  return line === undefined ? '' : rowId(line);
}

/** the name under the cursor after each frame of `output`, replayed after `before` */
async function cursorPerFrame(before: string, output: string): Promise<string[]> {
  const term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  const write = (data: string) => new Promise<void>((r) => term.write(data, r));
  const screen = () => {
    const buf = term.buffer.active;
    return Array.from({ length: ROWS }, (_, i) => buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '').join('\n');
  };
  await write(before);
  // where the cursor is before the keys: a frame of something else (a store's paced
  // update, the identity) that leaves it there adds nothing
  const names: string[] = [cursorName(screen())];
  for (const frame of output.split(FRAME_END).slice(0, -1)) {
    await write(frame + FRAME_END);
    const name = cursorName(screen());
    if (name !== names.at(-1)) names.push(name);
  }
  return names;
}

describe('frames', () => {
  test('every key is drawn when it is read, even right after another frame and with a slow refresh rate', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubedeck-pty-frames-'));
    mkdirSync(join(home, 'config', 'kubedeck'), { recursive: true });
    writeFileSync(join(home, 'config', 'kubedeck', 'config.yaml'), 'ui:\n  refreshFps: 1\n');
    const a = runBuilt(['--demo'], {
      cols: COLS,
      rows: ROWS,
      env: { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), CI: 'true' },
    });
    await a.waitFor(/SchedulingGated/, 30_000);
    // the rows from the cursor down, to know where each key should put it
    const start = (await a.waitFor((s) => cursorName(s) !== '')).split('\n');
    const at = start.findIndex((l) => l.startsWith('>'));
    const names = start.slice(at, at + 4).map(rowId);
    expect(new Set(names).size).toBe(4);
    const before = a.raw();
    // j j j k, one read each, 100 ms apart: far inside one frame of a 1 fps throttle
    for (const key of ['j', 'j', 'j', 'k']) {
      a.write(key);
      await sleep(100);
    }
    await a.waitFor((s) => cursorName(s) === names[2]);
    expect(await cursorPerFrame(before, a.raw().slice(before.length))).toEqual([names[0], names[1], names[2], names[3], names[2]]);
    a.write('q');
    expect((await a.exited).exitCode).toBe(0);
  });
});
