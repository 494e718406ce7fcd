// Under churn most store flushes change pods nobody sees. Such a flush must not draw a
// frame (each is a whole Ink render, and bytes on a slow link); a change that reaches
// the window, moves it, or changes the counts must.
import { afterEach, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { KubeObject } from '../../src/k8s/types.js';
import { makePod, watchedPodsApi } from './fake-api.js';
import { renderApp, tick } from './render.js';

afterEach(() => cleanup());

const name = (i: number) => `pod-${String(i).padStart(3, '0')}`;
let rv = 1;
const pod = (i: number, phase = 'Running'): KubeObject => {
  const p = makePod({ namespace: 'bulk', name: name(i), node: 'node-1', phase });
  return { ...p, metadata: { ...p.metadata, resourceVersion: String(++rv) } };
};

async function churnApp() {
  // the session's pods store: a union of watch scopes over real stores
  const { api, store } = watchedPodsApi();
  const app = await renderApp({ api });
  store.listStart();
  store.listPage(Array.from({ length: 300 }, (_, i) => pod(i)));
  store.listDone('1');
  store.setHealth({ state: 'synced', count: 300, since: Date.now() });
  await app.waitFor('300 of 300');
  /** applies a watch event and waits past the store's frame */
  const event = async (type: 'MODIFIED' | 'DELETED', obj: KubeObject) => {
    store.apply(type, obj);
    await tick(60);
  };
  return { app, event };
}

const row = (frame: string, i: number) => frame.split('\n').find((l) => l.includes(` ${name(i)} `));

test('a change far below the window draws no frame; one on screen draws it', async () => {
  const { app, event } = await churnApp();
  const frames = app.frames.length;
  await event('MODIFIED', pod(250, 'Failed'));
  await event('MODIFIED', pod(251, 'Failed'));
  expect(app.frames.length).toBe(frames);

  await event('MODIFIED', pod(2, 'Failed'));
  expect(row(app.frame(), 2)).toContain('Failed');
  expect(app.frames.length).toBeGreaterThan(frames);
});

test('a change above the window that moves it, and a change of count, are drawn', async () => {
  const { app, event } = await churnApp();
  await app.press('G');
  expect(app.frame().split('\n').find((l) => l.startsWith('>'))).toContain(name(299));
  const frames = app.frames.length;
  // above the window, in place: nothing on screen moves
  await event('MODIFIED', pod(10, 'Failed'));
  expect(app.frames.length).toBe(frames);
  // a pod above the window goes: the count changes and the rows move up by one
  await event('DELETED', pod(20));
  expect(app.frame()).toContain('299 of 299');
  expect(app.frame().split('\n').find((l) => l.startsWith('>'))).toContain(name(299));
  // the change kept back earlier is there once the rows are drawn
  await app.press('g');
  await app.press('/');
  await app.type('pod-010');
  await app.press('\r');
  expect(row(app.frame(), 10)).toContain('Failed');
});
