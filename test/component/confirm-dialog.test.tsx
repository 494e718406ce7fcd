import { afterEach, expect, test } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { KeyRoot } from '../../src/views/router/react.js';
import type { ActionPlan } from '../../src/k8s/types.js';
import { ConfirmDialog } from '../../src/views/ConfirmDialog.js';
import { FakeConsoleApi, samplePods, ungatePlan } from './fake-api.js';
import { keys, renderApp, tick } from './render.js';

afterEach(() => cleanup());

test('a plan for many pods lists every request within its height, scrolling to the last one', async () => {
  const one = ungatePlan('batch/train-0', 'g');
  const plan: ActionPlan = {
    ...one,
    warnings: ['left out, no scheduling gates: batch/api-1, batch/api-2, batch/api-3, batch/worker-long-name-0, batch/worker-long-name-1, batch/worker-long-name-2'],
    requests: Array.from({ length: 12 }, (_, i) => ({ ...one.requests[0], target: `batch/train-${i}`, path: `/api/v1/namespaces/batch/pods/train-${i}` })),
    dryRun: Array.from({ length: 12 }, (_, i) => (i === 3 ? { ok: false, status: 409, message: 'conflict' } : { ok: true, status: 200, message: '' })),
  };
  let confirmed = 0;
  let cancelled = 0;
  const r = render(<KeyRoot><ConfirmDialog plan={plan} width={80} height={18} onConfirm={() => confirmed++} onCancel={() => cancelled++} /></KeyRoot>);
  await tick(20);
  let frame = r.lastFrame() ?? '';
  expect(frame.split('\n').length).toBeLessThanOrEqual(18);
  expect(frame).toContain('Remove scheduling gate — 12 objects');
  expect(frame).toContain('1 of 12 would fail');
  // the left-out list is wrapped, not cut: every name is there
  const flat = frame.replace(/[\s│]+/g, ' ');
  for (const name of ['api-1', 'api-3', 'worker-long-name-0', 'worker-long-name-2']) expect(flat).toContain(`batch/${name}`);
  expect(frame).toContain('/api/v1/namespaces/batch/pods/train-0');
  expect(frame).toMatch(/lines 1–\d+ of \d+ \(12 requests\)/);
  expect(frame).toContain('⏎ apply');
  r.stdin.write('G');
  await tick(20);
  frame = r.lastFrame() ?? '';
  expect(frame).toContain('/api/v1/namespaces/batch/pods/train-11');
  expect(frame.split('\n').length).toBeLessThanOrEqual(18);
  r.stdin.write(keys.esc);
  await tick(20);
  expect(cancelled).toBe(1);
  expect(confirmed).toBe(0);
});

test('a plan that cannot be made is reported in the footer and the list comes back', async () => {
  const api = new FakeConsoleApi();
  api.planDelete = async () => {
    throw new Error('the server could not be reached');
  };
  const app = await renderApp({ api });
  api.pods.set(samplePods());
  await app.press();
  await app.press(keys.ctrlD);
  await app.waitFor('could not prepare delete');
  expect(app.frame()).toContain('✗ could not prepare delete: the server could not be reached');
  expect(app.frame()).toContain('NAMESPACE');
});

test('initialPane opens that pane first', async () => {
  const app = await renderApp({ pane: 'logs' });
  expect(app.frame()).toContain('[4 Logs]');
  expect(app.frame()).toContain('No pod chosen. Press l on a pod');
});
