import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { ActionPlan, KubeObject } from '../../src/k8s/types.js';
import { makePod, samplePods, ungatePlan } from './fake-api.js';
import { keys, renderApp } from './render.js';

afterEach(() => cleanup());

const invalid = { ok: false, status: 422, message: 'Pod "train-0" is invalid: spec.schedulingGates: Forbidden: only deletion is allowed' };

async function podsApp(opts: { readonly?: boolean } = {}) {
  const app = await renderApp(opts);
  app.api.pods.set(samplePods());
  app.api.plan = (pods: KubeObject[], gate: string | null) => ungatePlan(`${pods[0].metadata.namespace}/${pods[0].metadata.name}`, gate ?? 'all', invalid);
  await app.press();
  return app;
}

const footer = (frame: string) => frame.split('\n').at(-1) ?? '';

describe('ungate flow', () => {
  test('u → gate picker → plan shown with the exact request and the dry-run 422 → Enter executes → footer shows the result', async () => {
    const app = await podsApp();
    app.api.results = [{ target: 'batch/train-0', ok: true, status: 200, message: '' }];
    await app.press('u');
    await app.waitFor('all gates');
    let frame = app.frame();
    expect(frame).toContain('Remove scheduling gate: batch/train-0');
    expect(frame).toContain('(•) example.com/quota');
    expect(frame).toContain('( ) example.com/data');
    expect(frame).toContain('all gates (2)');
    expect(app.api.callsTo('planUngate')).toHaveLength(0);

    await app.press('j', keys.enter);
    await app.waitFor('PATCH');
    const [plan] = app.api.callsTo('planUngate');
    expect((plan.args[0] as KubeObject[]).map((p) => p.metadata.name)).toEqual(['train-0']);
    expect(plan.args[1]).toBe('example.com/data');

    frame = app.frame();
    expect(frame).toContain('PATCH /api/v1/namespaces/batch/pods/train-0');
    expect(frame).toContain('application/json-patch+json');
    expect(frame).toContain('{"op":"remove","path":"/spec/schedulingGates/0"}]');
    expect(frame).toContain('✓ access check: allowed');
    expect(frame).toContain('the server would refuse it as invalid (422): Pod "train-0" is invalid');
    expect(frame).toContain('⏎ apply anyway');
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    expect(app.api.callsTo('execute')).toHaveLength(0);

    await app.press(keys.enter);
    expect(app.api.callsTo('execute')).toHaveLength(1);
    expect(app.api.callsTo('execute')[0].args[0]).toMatchObject({ title: 'Remove scheduling gate' });
    await app.waitFor('✓ ungated batch/train-0');
    expect(footer(app.frame())).toContain('✓ ungated batch/train-0');
    // back to the list
    expect(app.frame()).toContain('NAMESPACE');
  });

  test('Esc in the confirmation cancels without executing, and does not quit', async () => {
    const app = await podsApp();
    await app.press('u');
    await app.waitFor('all gates');
    await app.press(keys.enter);
    await app.waitFor('PATCH /api/v1/namespaces/batch/pods/train-0');
    await app.press(keys.esc);
    expect(app.api.callsTo('execute')).toHaveLength(0);
    expect(app.quits()).toBe(0);
    expect(footer(app.frame())).toContain('nothing was sent');
    expect(app.frame()).not.toContain('PATCH');
  });

  test('q typed in a dialog neither quits nor types anywhere else', async () => {
    const app = await podsApp();
    await app.press('u');
    await app.waitFor('all gates');
    await app.press('q', keys.esc);
    expect(app.quits()).toBe(0);
    expect(app.api.callsTo('planUngate')).toHaveLength(0);
  });

  test('a failed object is reported in plain words in the footer', async () => {
    const app = await podsApp();
    app.api.results = [{ target: 'batch/train-0', ok: false, status: 409, message: 'the object has been modified' }];
    await app.press('u');
    await app.waitFor('all gates');
    await app.press(keys.enter);
    await app.waitFor('PATCH');
    await app.press(keys.enter);
    await app.waitFor('✗ batch/train-0: changed since you looked: the object has been modified');
    expect(footer(app.frame())).toContain('✗ batch/train-0: changed since you looked: the object has been modified');
  });

  test('marked pods are ungated together, with the gates of all of them offered', async () => {
    const app = await podsApp();
    await app.press(' ', ' '); // marks train-0 and train-1
    await app.press('u');
    await app.waitFor('Remove scheduling gate: 2 pods');
    await app.press('j', 'j', keys.enter); // "all gates"
    await app.waitFor('PATCH');
    const [plan] = app.api.callsTo('planUngate');
    expect((plan.args[0] as KubeObject[]).map((p) => p.metadata.name)).toEqual(['train-0', 'train-1']);
    expect(plan.args[1]).toBeNull();
  });

  test('marked pods without gates are left out of an ungate, and the confirmation names them with the reason', async () => {
    const app = await podsApp();
    await app.press(' ', ' ', ' '); // marks train-0, train-1 and the running migrate-1
    await app.press('u');
    await app.waitFor('Remove scheduling gate: 2 pods');
    await app.press('j', 'j', keys.enter); // "all gates"
    await app.waitFor('PATCH');
    const [plan] = app.api.callsTo('planUngate');
    expect((plan.args[0] as KubeObject[]).map((p) => p.metadata.name)).toEqual(['train-0', 'train-1']);
    expect(app.frame()).toContain('left out, no scheduling gates: jobs/migrate-1');
  });

  test('a pod without gates gets an explanation instead of a dialog', async () => {
    const app = await podsApp();
    await app.press('G', 'u');
    expect(footer(app.frame())).toContain('no scheduling gates');
    expect(app.frame()).not.toContain('Remove scheduling gate');
  });

  test('a plan the access check refuses cannot be applied', async () => {
    const app = await podsApp();
    const denied: ActionPlan = { ...ungatePlan('batch/train-0', 'g'), allowed: { ok: false, reason: 'alice may not patch pods in batch' } };
    app.api.plan = denied;
    await app.press('u');
    await app.waitFor('all gates');
    await app.press(keys.enter);
    await app.waitFor('access check');
    expect(app.frame()).toContain('✗ access check: not allowed: alice may not patch pods in batch');
    expect(app.frame()).toContain('not allowed: nothing to apply');
    await app.press(keys.enter);
    expect(app.api.callsTo('execute')).toHaveLength(0);
  });
});

describe('delete flow', () => {
  test('ctrl-d plans a delete of the selected pod, confirms and executes', async () => {
    const app = await podsApp();
    app.api.plan = {
      title: 'Delete',
      requests: [{ target: 'batch/train-0', method: 'DELETE', path: '/api/v1/namespaces/batch/pods/train-0', contentType: 'application/json', body: { preconditions: { uid: 'uid-batch-train-0' } } }],
      allowed: { ok: true },
      dryRun: [{ ok: true, status: 200, message: '' }],
      warnings: ['finalizer example.com/cleanup will hold it in Terminating'],
    };
    app.api.results = [{ target: 'batch/train-0', ok: true, status: 200, message: '' }];
    await app.press(keys.ctrlD);
    await app.waitFor('DELETE');
    expect(app.api.callsTo('planDelete')[0].args[1]).toBe('pods');
    expect(app.frame()).toContain('DELETE /api/v1/namespaces/batch/pods/train-0');
    expect(app.frame()).toContain('{"preconditions":{"uid":"uid-batch-train-0"}}');
    expect(app.frame()).toContain('⚠ finalizer example.com/cleanup');
    expect(app.frame()).toContain('✓ dry run: would succeed');
    await app.press(keys.enter);
    await app.waitFor('✓ deleted batch/train-0');
    expect(footer(app.frame())).toContain('✓ deleted batch/train-0');
  });
});

describe('actions that are not offered', () => {
  test('--readonly: u and ctrl-d explain instead of opening a dialog, and help leaves them out', async () => {
    const app = await podsApp({ readonly: true });
    expect(app.frame()).toContain('[READONLY]');
    expect(footer(app.frame())).not.toContain('u ungate');
    await app.press('u');
    expect(footer(app.frame())).toContain('ungate is off: kubedeck was started with --readonly');
    expect(app.frame()).not.toContain('Remove scheduling gate');
    await app.press(keys.ctrlD);
    expect(footer(app.frame())).toContain('delete is off');
    expect(app.api.callsTo('planUngate')).toHaveLength(0);
    expect(app.api.callsTo('planDelete')).toHaveLength(0);
    await app.press('?');
    expect(app.frame()).toContain('only gated pods');
    expect(app.frame()).not.toContain('remove scheduling gates');
    expect(app.frame()).not.toContain('delete pods');
  });

  test('when canI says no, u explains who may not do what', async () => {
    const api = (await import('./fake-api.js')).FakeConsoleApi;
    const fake = new api();
    fake.access = { patch: false };
    const app = await renderApp({ api: fake });
    fake.pods.set([makePod({ namespace: 'batch', name: 'train-0', gates: ['g'] })]);
    await app.press();
    expect(fake.callsTo('canI').map((c) => c.args[0])).toEqual(expect.arrayContaining(['patch', 'delete']));
    await app.press('u');
    expect(footer(app.frame())).toContain('ungate is not offered: the cluster says you may not patch pods');
    expect(fake.callsTo('planUngate')).toHaveLength(0);
  });
});
