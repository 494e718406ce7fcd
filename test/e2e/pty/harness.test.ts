// The pty harness's own check that a program never scrolls its alternate screen (the
// check every pty test ends with): it must see a scroll where one happens, and none
// where a frame fills the screen but one row.
import { afterEach, expect, test } from 'vitest';
import { runInPty, type PtyApp } from './harness.js';

let app: PtyApp | undefined;
afterEach(() => {
  app?.kill('SIGKILL');
  app = undefined;
});

/** a program that enters the alternate screen, writes `lines` lines of a frame, each ending in \r\n, and waits */
function frame(lines: number): PtyApp {
  const script = `process.stdout.write('\\x1b[?1049h\\x1b[H' + Array.from({ length: ${lines} }, (_, i) => 'line ' + i + '\\r\\n').join('')); setTimeout(() => {}, 60000);`;
  return runInPty(process.execPath, ['-e', script], { cols: 40, rows: 10 });
}

test('a frame of rows - 1 lines does not scroll the alternate screen', async () => {
  app = frame(9);
  await app.waitFor(/line 8/);
  expect(app.bufferType()).toBe('alternate');
  expect(app.altScrolls()).toEqual([]);
});

test('a frame of rows lines scrolls it once, and the harness says where', async () => {
  app = frame(10);
  await app.waitFor(/line 9/);
  expect(app.altScrolls()).toHaveLength(1);
  expect(app.altScrolls()[0]).toBeGreaterThanOrEqual(0);
  expect(app.screen().split('\n')[0]).toBe('line 1'); // line 0 went off the top
});
