// Keys that arrive in one read (fast typing over SSH, a paste) reach Ink as one
// string; kubedeck reads them key by key instead of dropping or misreading them.
import { readFileSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { KubeObject } from '../../src/k8s/types.js';
import { FakeConsoleApi, makePod, samplePods } from './fake-api.js';
import { renderApp, lineOf } from './render.js';
import { samplePvs } from './volumes-fake.js';

const draFixture = (name: string): KubeObject => JSON.parse(readFileSync(new URL(`../fixtures/dra/${name}`, import.meta.url), 'utf8'));

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
  await app.settle();
  expect(app.frame()).toContain('/train-1');
  expect(app.frame()).toContain('esc clear'); // still editing
  expect(app.frame()).not.toContain('train-0');
});

test('"/train-1⏎" in one read keeps the filter and closes the line', async () => {
  const app = await pods();
  app.stdin.write('/train-1\r');
  await app.settle();
  expect(app.frame()).not.toContain('esc clear');
  expect(app.frame()).toContain('/train-1');
  expect(app.frame()).not.toContain('train-0');
});

test('":q⏎" in one read quits', async () => {
  const app = await pods();
  app.stdin.write(':q\r');
  await app.settle();
  expect(app.quits()).toBe(1);
});

test('"jjj" in one read moves three rows', async () => {
  const app = await pods();
  const first = app.frame().split('\n').find((l) => l.startsWith('>'));
  app.stdin.write('jjj');
  await app.settle();
  const cursor = app.frame().split('\n').find((l) => l.startsWith('>'));
  expect(cursor).not.toBe(first);
  // the rows are sorted by namespace: batch/train-0, batch/train-1, jobs/migrate-1, web/api-1
  expect(lineOf(app.frame(), 'api-1')).toMatch(/^>/);
});

test('"/text" in one read filters the volumes and the claims lists too', async () => {
  const api = new FakeConsoleApi();
  api.volumes.pvs.set(samplePvs());
  api.claims.served = true;
  api.claims.stores.resourceclaims.set(['claim-v1-reserved.json', 'claim-v1-deleted-stale.json', 'claim-v1-pending-firstavailable.json'].map(draFixture));
  const app = await renderApp({ api, pane: 'volumes' });
  await app.waitFor('pv-available');
  app.stdin.write('/pv-bound\r');
  await app.settle();
  expect(app.frame()).not.toContain('esc clear'); // ⏎ in the read closed the line
  expect(app.frame()).toContain('/pv-bound');
  expect(lineOf(app.frame(), 'pv-bound')).toBeDefined();
  expect(app.frame()).not.toContain('pv-available');

  await app.press('2');
  await app.waitFor('flex-gpu');
  app.stdin.write('/old-run');
  await app.settle();
  expect(app.frame()).toContain('/old-run');
  expect(app.frame()).toContain('esc clear'); // still editing
  expect(lineOf(app.frame(), 'old-run-gpu')).toBeDefined();
  expect(app.frame()).not.toContain('flex-gpu');
});

test('"/error⏎" in one read in the logs pane searches and jumps to the newest match', async () => {
  const app = await renderApp();
  const pod = makePod({ namespace: 'web', name: 'orders-1', node: 'node-2' });
  app.api.pods.set([pod]);
  app.api.logs.pod = pod;
  await app.waitFor('orders-1');
  await app.press('l');
  for (let i = 0; i < 30; i++) app.api.logs.last.line('main', `2025-06-01T10:00:${String(i).padStart(2, '0')}Z ${i % 10 === 0 ? `ERROR number ${i}` : `fine ${i}`}`);
  await app.waitFor('fine 29');
  app.stdin.write('/error\r');
  await app.waitFor('/error 3/3');
  expect(app.frame()).not.toContain('⏎ find');
});
