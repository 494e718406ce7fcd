// Keys that arrive in one read (fast typing over SSH, a paste) reach Ink as one
// string; kubedeck reads them key by key instead of dropping or misreading them.
import { afterEach, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { samplePods } from './fake-api.js';
import { renderApp, tick, lineOf } from './render.js';

afterEach(() => cleanup());

async function pods() {
  const app = await renderApp();
  app.api.pods.set(samplePods());
  await app.press();
  return app;
}

test('"/train-1" in one read opens the filter with the text in it', async () => {
  const app = await pods();
  app.stdin.write('/train-1');
  await tick(50);
  expect(app.frame()).toContain('/train-1');
  expect(app.frame()).toContain('esc clear'); // still editing
  expect(app.frame()).not.toContain('train-0');
});

test('"/train-1⏎" in one read keeps the filter and closes the line', async () => {
  const app = await pods();
  app.stdin.write('/train-1\r');
  await tick(50);
  expect(app.frame()).not.toContain('esc clear');
  expect(app.frame()).toContain('/train-1');
  expect(app.frame()).not.toContain('train-0');
});

test('":q⏎" in one read quits', async () => {
  const app = await pods();
  app.stdin.write(':q\r');
  await tick(50);
  expect(app.quits()).toBe(1);
});

test('"jjj" in one read moves three rows', async () => {
  const app = await pods();
  const first = app.frame().split('\n').find((l) => l.startsWith('>'));
  app.stdin.write('jjj');
  await tick(50);
  const cursor = app.frame().split('\n').find((l) => l.startsWith('>'));
  expect(cursor).not.toBe(first);
  // the rows are sorted by namespace: batch/train-0, batch/train-1, jobs/migrate-1, web/api-1
  expect(lineOf(app.frame(), 'api-1')).toMatch(/^>/);
});
