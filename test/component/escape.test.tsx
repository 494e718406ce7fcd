// Esc is taken when it is read: Ink's own wait (does another read finish an escape
// sequence?) is not needed for a read that is one ESC byte.
import { afterEach, expect, test, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KITTY_ESC, takeEscapeAtOnce, unambiguousEscape } from '../../src/views/router/escape.js';
import { samplePods } from './fake-api.js';
import { keys, renderApp } from './render.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** lets React and the key router run, without any timer firing */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

test('Esc closes the filter line without waiting for a timer; an arrow key in one read is still one key', async () => {
  const app = await renderApp();
  app.api.pods.set(samplePods());
  await app.press();
  takeEscapeAtOnce(app.stdin as unknown as NodeJS.ReadStream);
  await app.press('/');
  await app.type('api');
  expect(app.frame()).toContain('/api');
  // from here no timer fires: Ink's 20 ms flush of a pending ESC never comes
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  app.stdin.write(keys.esc);
  await settle();
  expect(app.frame()).not.toContain('/api');
  expect(app.frame()).toContain('5 of 5');
  // an escape sequence in one read is still one key: the cursor moves down
  const cursorRow = () => app.frame().split('\n').findIndex((l) => l.startsWith('>'));
  const before = cursorRow();
  app.stdin.write(keys.down);
  await settle();
  expect(cursorRow()).toBe(before + 1);
});

test('only a read of exactly one ESC byte is rewritten', () => {
  expect(unambiguousEscape('\u001B')).toBe(KITTY_ESC);
  expect(unambiguousEscape(Buffer.from([0x1b]))).toEqual(Buffer.from(KITTY_ESC));
  for (const other of ['\u001B[A', '\u001Bj', '\u001B\u001B', 'j', '']) expect(unambiguousEscape(other)).toBe(other);
  expect(unambiguousEscape(null)).toBeNull();
});
