// Over many pods a filter change draws the rows on screen first and finds the rest in
// slices between keys (RowIndex partial, usePodRows). What a user sees must not depend on
// that: the rows and the count end as a full filter's, the count is never a number that
// is not the count yet, and a watch event during the pass shows up.
import { afterEach, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { KubeObject } from '../../src/k8s/types.js';
import { podRow } from '../../src/state/pods.js';
import { filterRows, sortRows } from '../../src/state/table.js';
import { UnionStore } from '../../src/state/union.js';
import { makePod, watchedPodsApi } from './fake-api.js';
import { keys, renderApp } from './render.js';

afterEach(() => cleanup());

const N = 30_000;
const APPS = ['worker', 'api', 'cache', 'ingest'];
let rv = 1;
const pod = (namespace: string, name: string): KubeObject => {
  const p = makePod({ namespace, name, node: `node-${name.length % 7}` });
  return { ...p, metadata: { ...p.metadata, resourceVersion: String(++rv) } };
};

async function bigApp() {
  // the session's pods store: a union of watch scopes over real stores
  const { api, store, pods } = watchedPodsApi();
  const app = await renderApp({ api });
  store.listStart();
  for (let i = 0; i < N; i += 500) store.listPage(Array.from({ length: Math.min(500, N - i) }, (_, k) => pod(`team-${(i + k) % 13}`, `${APPS[(i + k) % 4]}-${i + k}`)));
  store.listDone('1');
  store.setHealth({ state: 'synced', count: N, since: Date.now() });
  await app.waitFor(`${N.toLocaleString('en-US')} of ${N.toLocaleString('en-US')}`);
  return { app, store, pods };
}

/** what a full filter and sort of every pod shows: the names in order */
function fullFilter(pods: UnionStore, filter: string): string[] {
  const now = Date.now();
  return sortRows(filterRows(pods.list().map((p) => podRow(p, now)), filter), 0).map((r) => r.cells[1]!);
}

/** the names in the table's body, top to bottom */
const names = (frame: string) =>
  frame
    .split('\n')
    .map((l) => /^[> ][* ] \S+\s+(\S+)/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined && n !== 'NAME');

const counter = (frame: string, filter: string) => new RegExp(`/${filter}  (\\S+) of [\\d,]+`).exec(frame)?.[1];

test('typed fast over 30,000 pods, then Enter: the rows and count end as a full filter, and the count is never a number before it is the count', async () => {
  const { app, pods } = await bigApp();
  await app.press('/');
  // one read: the letters go into the line together, each a filter change
  app.stdin.write('ker-1');
  await app.press(keys.enter);
  const from = app.frames.length;
  const want = fullFilter(pods, 'ker-1');
  expect(want.length).toBeGreaterThan(1000);
  // the count comes when the pass ends (no frame is drawn for matches found below the window)
  await app.waitFor(`/ker-1  ${want.length.toLocaleString('en-US')} of`, 10_000);
  const frame = app.frame();
  expect(names(frame)).toEqual(want.slice(0, names(frame).length));
  expect(names(frame).length).toBeGreaterThan(10);
  // every frame after Enter said "counting…" or the count itself
  for (const f of app.frames.slice(from - 1)) {
    const said = counter(f, 'ker-1');
    if (said !== undefined) expect([want.length.toLocaleString('en-US'), 'counting…']).toContain(said);
  }

  // G goes to the last match, the count so far or not
  await app.press('G');
  expect(app.frame().split('\n').find((l) => l.startsWith('>'))).toContain(` ${want.at(-1)} `);
});

test('a watch event while the filter is being found shows up: a new match at the end and at the start, a deleted one gone', async () => {
  const { app, store, pods } = await bigApp();
  await app.press('/');
  app.stdin.write('ker-2');
  await app.press(keys.enter);
  // at once, before the slices end: a match that sorts last, one that sorts first, one gone
  store.apply('ADDED', pod('zz-last', 'worker-29999x'));
  store.apply('ADDED', pod('aa-first', 'worker-2first'));
  store.apply('DELETED', pod('team-2', 'worker-2'));
  await app.settle();
  const want = fullFilter(pods, 'ker-2');
  await app.waitFor(`/ker-2  ${want.length.toLocaleString('en-US')} of`, 10_000);
  const frame = app.frame();
  expect(want[0]).toBe('worker-2first');
  expect(want).not.toContain('worker-2');
  expect(counter(frame, 'ker-2')).toBe(want.length.toLocaleString('en-US'));
  expect(names(frame)).toEqual(want.slice(0, names(frame).length));
  await app.press('G');
  expect(app.frame().split('\n').find((l) => l.startsWith('>'))).toContain(' worker-29999x ');
});

test('Esc after typing: every pod again, the cursor on the row it was on', async () => {
  const { app } = await bigApp();
  await app.press('j', 'j', 'j');
  const cursorName = (frame: string) => names(frame.split('\n').filter((l) => l.startsWith('>')).join('\n'))[0];
  const selected = cursorName(app.frame());
  expect(selected).toBeDefined();
  await app.press('/');
  app.stdin.write('zzz-no-such-pod');
  await app.press(keys.esc);
  const frame = await app.settle();
  expect(frame).toContain('30,000 of 30,000');
  expect(cursorName(frame)).toBe(selected);
});
