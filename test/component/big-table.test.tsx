import { afterEach, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { FakeConsoleApi, makePod } from './fake-api.js';
import { keys, renderApp } from './render.js';

afterEach(() => cleanup());

const N = 50_000;

test('50,000 pods: only the visible window is rendered and keys do no per-row work', async () => {
  const api = new FakeConsoleApi();
  const pods = Array.from({ length: N }, (_, i) => makePod({ namespace: 'bulk', name: `pod-${String(i).padStart(5, '0')}`, node: 'node-1' }));
  let listCalls = 0;
  const list = api.pods.list.bind(api.pods);
  api.pods.list = () => {
    listCalls++;
    return list();
  };
  const app = await renderApp({ api });
  api.pods.set(pods);
  await app.press();

  const bodyRows = (frame: string) => frame.split('\n').filter((l) => / pod-\d{5} /.test(l));
  let frame = app.frame();
  expect(frame).toContain('50,000 of 50,000');
  expect(frame.split('\n').length).toBeLessThanOrEqual(23);
  expect(bodyRows(frame).length).toBeGreaterThan(10);
  expect(bodyRows(frame).length).toBeLessThanOrEqual(18);

  const before = listCalls;
  const started = Date.now();
  await app.press('j', keys.pageDown, 'G');
  const elapsed = Date.now() - started;
  frame = app.frame();
  expect(frame.split('\n').find((l) => l.startsWith('>'))).toContain('pod-49999');
  expect(bodyRows(frame).at(-1)).toContain('pod-49999');
  expect(bodyRows(frame).length).toBeLessThanOrEqual(18);
  expect(frame.split('\n').length).toBeLessThanOrEqual(23);
  // moving the cursor never re-reads the store (no rows rebuilt, no re-filter, no re-sort)
  expect(listCalls).toBe(before);
  // three keys, generous for a loaded 2-core machine; an O(n) render per key takes far longer
  expect(elapsed).toBeLessThan(2000);

  await app.press('k');
  expect(app.frame().split('\n').find((l) => l.startsWith('>'))).toContain('pod-49998');

  // a filter is the one thing that works through every row, once: the rows on screen
  // first, the rest (and so the count) in slices after the keys
  await app.press('/');
  await app.type('pod-4999');
  await app.press(keys.enter);
  expect(app.frame()).toMatch(/\/pod-4999 {2}(counting…|10) of 50,000/);
  await app.waitFor('/pod-4999  10 of 50,000');
});
