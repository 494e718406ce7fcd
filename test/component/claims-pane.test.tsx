import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ActionPlan, KubeObject } from '../../src/k8s/types.js';
import { FakeConsoleApi } from './fake-api.js';
import { keys, lineOf, renderApp, tick } from './render.js';
import { Store } from '../../src/state/store.js';

const fixture = (name: string): KubeObject => JSON.parse(readFileSync(new URL(`../fixtures/dra/${name}`, import.meta.url), 'utf8'));
const livePod = (uid: string, name: string): KubeObject => ({ metadata: { name, namespace: 'ml', uid, creationTimestamp: new Date().toISOString() }, spec: { containers: [{ name: 'c', image: 'i' }] }, status: { phase: 'Running' } });

function api(opts: { served?: boolean } = {}) {
  const a = new FakeConsoleApi();
  a.claims.served = opts.served ?? true;
  a.pods.set([livePod('p-train-0', 'train-0'), livePod('p-alive', 'web-0'), fixture('pod-render-unschedulable.json')]);
  a.claims.stores.resourceclaims.set(['claim-v1-reserved.json', 'claim-v1-deleted-stale.json', 'claim-v1-pending-firstavailable.json'].map(fixture));
  a.claims.stores.resourceslices.set(['slice-v1-partitionable.json', 'slice-v1beta1-node3-gen2.json', 'slice-v1beta1-node3-gen1.json'].map(fixture));
  a.claims.stores.deviceclasses.set([{ metadata: { name: 'gpu.example.com', uid: 'd1' }, spec: { selectors: [{ cel: { expression: 'device.driver == "gpu.example.com"' } }] } }]);
  return a;
}

const releasePlan: ActionPlan = {
  title: 'Release stale reservation of pod/old-run-0',
  requests: [
    {
      target: 'ml/old-run-gpu',
      method: 'PATCH',
      path: '/apis/resource.k8s.io/v1/namespaces/ml/resourceclaims/old-run-gpu/status',
      contentType: 'application/json-patch+json',
      body: [
        { op: 'test', path: '/metadata/uid', value: 'c-2' },
        { op: 'test', path: '/status/reservedFor/1', value: { resource: 'pods', name: 'old-run-0', uid: 'p-gone' } },
        { op: 'remove', path: '/status/reservedFor/1' },
      ],
    },
  ],
  allowed: { ok: true },
  dryRun: [{ ok: true, status: 200, message: 'would be changed' }],
  warnings: ['break-glass: kube-controller-manager normally removes reservations of pods that are gone; prefer waiting for it', 'if the pod (or a device driver) still uses the device, it may be allocated twice'],
};

describe('claims pane', () => {
  it('at 80x24 shows claims with state and the stale flag, within rows-1 lines', async () => {
    const ui = await renderApp({ api: api(), pane: 'claims' });
    Object.defineProperty(ui.stdout, 'columns', { get: () => 80 });
    ui.stdout.emit('resize');
    await tick(50);
    const frame = ui.frame();
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    expect(frame.split('\n').every((l) => l.length <= 80)).toBe(true);
    expect(lineOf(frame, 'train-0-gpu-7xk2q')).toContain('allocated,reserved');
    expect(lineOf(frame, 'old-run-gpu')).toContain('✗');
    expect(lineOf(frame, 'flex-gpu')).toContain('pending');
    expect(frame).toContain('[C claims]');
    ui.unmount();
  });

  it('x on a claim with a stale reservation: plans the release for that pod uid, shows the request and warnings, applies', async () => {
    const a = api();
    a.claims.plan = releasePlan;
    a.results = [{ target: 'ml/old-run-gpu', ok: true, status: 200, message: 'changed' }];
    const ui = await renderApp({ api: a, pane: 'claims' });
    await ui.type('/old-run');
    await ui.press(keys.enter, 'x');
    await ui.waitFor('application/json-patch+json');
    const [call] = a.claims.calls.filter((c) => c.method === 'planRelease');
    expect((call.args[0] as KubeObject).metadata.name).toBe('old-run-gpu');
    expect(call.args[1]).toBe('p-gone');
    expect(ui.frame()).toContain('PATCH /apis/resource.k8s.io/v1/namespaces/ml/resourceclaims/old-run-gpu/status');
    expect(ui.frame()).toContain('kube-controller-manager');
    expect(ui.frame()).toContain('allocated twice');
    await ui.press(keys.enter);
    await ui.waitFor('✓ released ml/old-run-gpu');
    expect(a.callsTo('execute')).toHaveLength(1);
    // the filter survived the dialog
    expect(ui.frame()).toContain('/old-run');
    ui.unmount();
  });

  it('a 422 from the server (reservations changed meanwhile) is shown, nothing else happens', async () => {
    const a = api();
    a.claims.plan = releasePlan;
    a.results = [{ target: 'ml/old-run-gpu', ok: false, status: 422, message: 'changed since you looked: test failed; nothing was applied, look again and retry' }];
    const ui = await renderApp({ api: a, pane: 'claims' });
    await ui.type('/old-run');
    await ui.press(keys.enter, 'x');
    await ui.waitFor('application/json-patch+json');
    await ui.press(keys.enter);
    await ui.waitFor('✗ ml/old-run-gpu: changed since you looked');
    ui.unmount();
  });

  it('when the cluster says no, x and ^d say who may not do what, and nothing is planned', async () => {
    const a = api();
    a.access = { patch: false, delete: false };
    const ui = await renderApp({ api: a, pane: 'claims' });
    await ui.waitFor('old-run-gpu');
    // the access review asked is patch on resourceclaims/status and delete on resourceclaims
    const asked = a.callsTo('canI').map((c) => c.args);
    expect(asked).toEqual(expect.arrayContaining([['patch', 'resourceclaims.resource.k8s.io', undefined, 'status'], ['delete', 'resourceclaims.resource.k8s.io', undefined, undefined]]));
    await ui.type('/old-run');
    await ui.press(keys.enter, 'x');
    await ui.waitFor('may not patch resourceclaims/status');
    await ui.press(keys.ctrlD);
    await ui.waitFor('may not delete resourceclaims');
    expect(a.claims.calls).toHaveLength(0);
    ui.unmount();
  });

  it('x on a claim whose consumers all exist does not plan anything', async () => {
    const a = api();
    const ui = await renderApp({ api: a, pane: 'claims' });
    await ui.type('/train-0');
    await ui.press(keys.enter, 'x');
    await ui.waitFor('no stale reservation');
    expect(a.claims.calls).toHaveLength(0);
    ui.unmount();
  });

  it('--readonly: no release or delete in help or hints, and the keys say why', async () => {
    const a = api();
    const ui = await renderApp({ api: a, pane: 'claims', readonly: true });
    expect(ui.frame()).not.toContain('x release');
    await ui.type('/old-run');
    await ui.press(keys.enter, 'x');
    await ui.waitFor('--readonly');
    expect(a.claims.calls).toHaveLength(0);
    await ui.press('?');
    await ui.waitFor('Claims');
    expect(ui.frame()).toContain('ResourceSlices');
    expect(ui.frame()).not.toContain('release a stale reservation');
    ui.unmount();
  });

  it('? lists the claims keys, release included', async () => {
    const ui = await renderApp({ api: api(), pane: 'claims' });
    await ui.press('?');
    await ui.waitFor('Keys');
    const help = ui.frame();
    expect(help).toContain('release a stale reservation');
    expect(help).toContain('pods waiting for a claim');
    ui.unmount();
  });

  it('S shows the slice inventory (newest generation), D the classes, W the waiting pods, Tab cycles', async () => {
    const ui = await renderApp({ api: api(), pane: 'claims' });
    await ui.press('S');
    await ui.waitFor('[S slices]');
    expect(lineOf(ui.frame(), 'gpu.example.com')).toMatch(/1\/2/);
    expect(lineOf(ui.frame(), 'node-4-mig')).toContain('partitionable');
    await ui.press('D');
    await ui.waitFor('[D device classes]');
    expect(lineOf(ui.frame(), 'gpu.example.com')).toContain('device.driver');
    await ui.press('W');
    await ui.waitFor('render-0');
    expect(lineOf(ui.frame(), 'render-0')).toContain('unschedulable');
    await ui.press('\t');
    await ui.waitFor('[C claims]');
    ui.unmount();
  });

  it('says so plainly when the cluster serves no resource.k8s.io', async () => {
    const ui = await renderApp({ api: api({ served: false }), pane: 'claims' });
    expect(ui.frame()).toContain('Dynamic Resource Allocation is not available on this cluster');
    ui.unmount();
  });

  it('a claim name with escape sequences reaches the terminal as visible code points', async () => {
    const a = api();
    const evil = fixture('claim-v1-reserved.json');
    evil.metadata.name = 'x\u001b]0;pwned\u0007y';
    a.claims.stores.resourceclaims.set([evil]);
    const ui = await renderApp({ api: a, pane: 'claims' });
    await tick(20);
    expect(ui.frame()).toContain('x⟨U+001B⟩]0;pwned'); // cut to the column, still not "xy"
    expect(ui.frame()).not.toContain('\u001b]');
    ui.unmount();
  });

  it('a watch event on one claim updates its row in place, a pod that goes flags its claim; the cursor stays on its claim', async () => {
    const a = api();
    // the stores the watch loop feeds: the pane reads them per change (changesSince)
    const claims = new Store({ frameMs: 1 });
    const pods = new Store({ frameMs: 1 });
    Object.defineProperty(a.claims.stores, 'resourceclaims', { value: claims });
    Object.defineProperty(a, 'pods', { value: pods });
    const fill = (store: Store, objects: KubeObject[]) => {
      store.listStart();
      store.listPage(objects);
      store.listDone('1');
      store.setHealth({ state: 'synced', count: objects.length, since: Date.now() });
    };
    fill(pods, [livePod('p-train-0', 'train-0'), livePod('p-alive', 'web-0')]);
    fill(claims, ['claim-v1-reserved.json', 'claim-v1-deleted-stale.json', 'claim-v1-pending-firstavailable.json'].map(fixture));
    const ui = await renderApp({ api: a, pane: 'claims' });
    await ui.waitFor('train-0-gpu-7xk2q');
    for (let i = 0; i < 5 && !lineOf(ui.frame(), 'train-0-gpu-7xk2q')?.startsWith('>'); i++) await ui.press('j');
    expect(lineOf(ui.frame(), 'train-0-gpu-7xk2q')).toMatch(/^>.*allocated,reserved/);
    expect(lineOf(ui.frame(), 'train-0-gpu-7xk2q')).not.toContain('✗');
    const at = ui.frame().split('\n').findIndex((l) => l.startsWith('>'));
    const flex = lineOf(ui.frame(), 'flex-gpu');
    // its pod goes: the claim's reservation is stale now, on the same line, still selected
    pods.apply('DELETED', livePod('p-train-0', 'train-0'));
    await ui.settle();
    expect(ui.frame().split('\n')[at]).toMatch(/^>.*train-0-gpu-7xk2q.*✗/);
    expect(lineOf(ui.frame(), 'flex-gpu')).toBe(flex);
    // the claim itself changes: deleted, same line, still selected
    const reserved = fixture('claim-v1-reserved.json');
    claims.apply('MODIFIED', { ...reserved, metadata: { ...reserved.metadata, resourceVersion: '999', deletionTimestamp: new Date().toISOString() } });
    await ui.settle();
    expect(ui.frame().split('\n')[at]).toMatch(/^>.*train-0-gpu-7xk2q.*deleted,allocated,reserved/);
    expect(lineOf(ui.frame(), 'flex-gpu')).toBe(flex);
    ui.unmount();
    claims.dispose();
    pods.dispose();
  });
});
