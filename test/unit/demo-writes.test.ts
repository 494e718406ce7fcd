// Writes as kubedeck's actions send them, and the answers of the real API server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { call, watch } from './demo-client.js';

let cluster: DemoCluster;
beforeAll(async () => {
  cluster = await startDemoCluster();
});
afterAll(() => cluster.close());

const JSON_PATCH = 'application/json-patch+json';
const MERGE = 'application/merge-patch+json';

function gated(name: string, gates: string[], extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...extra },
    spec: { containers: [{ name: 'main', image: 'busybox' }], initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }, { name: 'setup', image: 'busybox' }], schedulingGates: gates.map((g) => ({ name: g })) },
  };
}

const podPath = (name: string) => `/api/v1/namespaces/default/pods/${name}`;

describe('scheduling gates', () => {
  it('creates gated pods with the SchedulingGated condition', async () => {
    const r = await call(cluster, '/api/v1/namespaces/default/pods', { method: 'POST', body: gated('g-create', ['example.com/quota']) });
    expect(r.status).toBe(201);
    expect(r.body.metadata.uid).toBeTruthy();
    expect(r.body.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(r.body.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' }),
    );
  });

  it('refuses a gated pod with spec.nodeName', async () => {
    const body = gated('g-node', ['example.com/quota']);
    (body.spec as Record<string, unknown>).nodeName = 'node-1';
    const r = await call(cluster, '/api/v1/namespaces/default/pods', { method: 'POST', body });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('Pod "g-node" is invalid: spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared');
  });

  it('removing the last gate with a JSON patch (guarded by test) gets the pod scheduled, then Running', async () => {
    const created = cluster.control.create('pods', gated('g-release', ['example.com/quota']));
    const w = await watch(cluster, `/api/v1/namespaces/default/pods?watch=1&fieldSelector=metadata.name%3Dg-release&resourceVersion=${created.metadata.resourceVersion}`);
    const r = await call(cluster, podPath('g-release'), {
      method: 'PATCH',
      contentType: JSON_PATCH,
      body: [
        { op: 'test', path: '/spec/schedulingGates/0/name', value: 'example.com/quota' },
        { op: 'remove', path: '/spec/schedulingGates/0' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.spec.schedulingGates).toEqual([]);
    const bound = await w.next((e) => e.type === 'MODIFIED' && e.object.spec.nodeName);
    expect(bound.object.status.conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    const running = await w.next((e) => e.object.status?.phase === 'Running');
    expect(running.object.status.containerStatuses[0]).toMatchObject({ name: 'main', ready: true, started: true });
    const [sidecar, setup] = running.object.status.initContainerStatuses;
    expect(sidecar).toMatchObject({ name: 'proxy', started: true, ready: true });
    expect(setup.state.terminated).toMatchObject({ reason: 'Completed', exitCode: 0 });
    w.close();
    const events = await call(cluster, `/api/v1/namespaces/default/events?fieldSelector=involvedObject.uid%3D${created.metadata.uid}`);
    expect(events.body.items.map((e: { reason: string }) => e.reason)).toContain('Scheduled');
  });

  it('keeps a pod with gates left unscheduled', async () => {
    cluster.control.create('pods', gated('g-two', ['a.example.com/x', 'b.example.com/y']));
    cluster.control.patch('pods', 'default', 'g-two', [{ op: 'remove', path: '/spec/schedulingGates/0' }], 'json');
    await new Promise((r) => setTimeout(r, 500));
    expect(cluster.control.get('pods', 'default', 'g-two')!.spec.nodeName).toBeUndefined();
  });

  it('refuses adding a gate with 422 and the validation message', async () => {
    cluster.control.create('pods', gated('g-add', ['example.com/quota']));
    const r = await call(cluster, podPath('g-add'), {
      method: 'PATCH',
      contentType: JSON_PATCH,
      body: [{ op: 'add', path: '/spec/schedulingGates/-', value: { name: 'example.com/extra' } }],
    });
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe('Invalid');
    expect(r.body.message).toBe(
      "Pod \"g-add\" is invalid: spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/extra'",
    );
    expect(r.body.details.causes[0]).toEqual({
      reason: 'FieldValueForbidden',
      message: "Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/extra'",
      field: 'spec.schedulingGates[1].name',
    });
  });

  it('answers a failed test operation as upstream patch.go does: 422 without detail', async () => {
    cluster.control.create('pods', gated('g-test', ['example.com/quota']));
    const r = await call(cluster, podPath('g-test'), {
      method: 'PATCH',
      contentType: JSON_PATCH,
      body: [
        { op: 'test', path: '/spec/schedulingGates/0/name', value: 'example.com/other' },
        { op: 'remove', path: '/spec/schedulingGates/0' },
      ],
    });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ reason: 'Invalid', message: 'the server rejected our request due to an error in our request' });
    expect(cluster.control.get('pods', 'default', 'g-test')!.spec.schedulingGates).toHaveLength(1);
  });
});

describe('concurrency and dry runs', () => {
  it('answers 409 Conflict to a patch or PUT carrying a stale resourceVersion', async () => {
    const pod = cluster.control.create('pods', gated('stale', ['example.com/quota']));
    const stale = pod.metadata.resourceVersion;
    cluster.control.patch('pods', 'default', 'stale', { metadata: { labels: { touched: 'yes' } } });
    const message = 'Operation cannot be fulfilled on pods "stale": the object has been modified; please apply your changes to the latest version and try again';
    const patch = await call(cluster, podPath('stale'), { method: 'PATCH', contentType: MERGE, body: { metadata: { resourceVersion: stale, labels: { a: 'b' } } } });
    expect(patch.status).toBe(409);
    expect(patch.body).toMatchObject({ reason: 'Conflict', message });
    const put = await call(cluster, podPath('stale'), { method: 'PUT', body: { ...pod, metadata: { ...pod.metadata, resourceVersion: stale } } });
    expect(put.status).toBe(409);
    expect(put.body.message).toBe(message);
  });

  it('dryRun=All returns the would-be object but stores nothing and emits no event', async () => {
    const pod = cluster.control.create('pods', gated('dry', ['example.com/quota']));
    const w = await watch(cluster, `/api/v1/namespaces/default/pods?watch=1&resourceVersion=${pod.metadata.resourceVersion}`);
    const rv = cluster.control.resourceVersion;
    const patched = await call(cluster, `${podPath('dry')}?dryRun=All`, { method: 'PATCH', contentType: JSON_PATCH, body: [{ op: 'remove', path: '/spec/schedulingGates' }] });
    expect(patched.status).toBe(200);
    expect(patched.body.spec.schedulingGates).toBeUndefined();
    const deleted = await call(cluster, `${podPath('dry')}?dryRun=All`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    const created = await call(cluster, '/api/v1/namespaces/default/pods?dryRun=All', { method: 'POST', body: gated('dry-new', ['x.example.com/y']) });
    expect(created.status).toBe(201);
    await new Promise((r) => setTimeout(r, 400));
    expect(cluster.control.resourceVersion).toBe(rv);
    expect(cluster.control.get('pods', 'default', 'dry')!.spec.schedulingGates).toHaveLength(1);
    expect(cluster.control.get('pods', 'default', 'dry-new')).toBeUndefined();
    expect(w.events).toEqual([]);
    w.close();
  });

  it('logs each request with method, path, query, content type and body', async () => {
    await call(cluster, `${podPath('dry')}?dryRun=All&fieldManager=kubedeck`, { method: 'PATCH', contentType: MERGE, body: { metadata: { labels: { k: 'v' } } } });
    const last = cluster.control.requests.at(-1)!;
    expect(last).toMatchObject({
      method: 'PATCH',
      path: podPath('dry'),
      query: { dryRun: 'All', fieldManager: 'kubedeck' },
      contentType: MERGE,
      body: { metadata: { labels: { k: 'v' } } },
      user: 'demo-admin',
    });
  });

  it('applies strategic merge patches by merge key', async () => {
    cluster.control.create('pods', gated('smp', ['a.example.com/x', 'b.example.com/y']));
    const r = await call(cluster, podPath('smp'), {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: { metadata: { labels: { team: 'ml' } }, spec: { schedulingGates: [{ name: 'a.example.com/x', $patch: 'delete' }] } },
    });
    expect(r.status).toBe(200);
    expect(r.body.spec.schedulingGates).toEqual([{ name: 'b.example.com/y' }]);
    expect(r.body.metadata.labels.team).toBe('ml');
  });
});

describe('deletion', () => {
  it('keeps an object with finalizers Terminating until the last finalizer goes', async () => {
    const pod = cluster.control.create('pods', gated('held', ['example.com/quota'], { finalizers: ['example.com/keep'] }));
    const w = await watch(cluster, `/api/v1/namespaces/default/pods?watch=1&fieldSelector=metadata.name%3Dheld&resourceVersion=${pod.metadata.resourceVersion}`);
    const del = await call(cluster, podPath('held'), { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    const marked = await w.next((e) => e.type === 'MODIFIED');
    expect(marked.object.metadata.deletionTimestamp).toBeTruthy();
    expect((await call(cluster, podPath('held'))).status).toBe(200);
    await call(cluster, podPath('held'), { method: 'PATCH', contentType: MERGE, body: { metadata: { finalizers: null } } });
    await w.next((e) => e.type === 'DELETED');
    expect((await call(cluster, podPath('held'))).status).toBe(404);
    w.close();
  });

  it('gives pods on a node a graceful termination unless gracePeriodSeconds=0', async () => {
    const running = cluster.control.objects('pods').filter((p) => p.metadata.namespace === 'kube-system' && p.metadata.name.startsWith('coredns'));
    const [slow, fast] = running;
    const w = await watch(cluster, `/api/v1/namespaces/kube-system/pods?watch=1&resourceVersion=${cluster.control.resourceVersion}`);
    const graceful = await call(cluster, `/api/v1/namespaces/kube-system/pods/${slow.metadata.name}`, { method: 'DELETE' });
    expect(graceful.body.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(cluster.control.get('pods', 'kube-system', slow.metadata.name)).toBeDefined();
    const now = await call(cluster, `/api/v1/namespaces/kube-system/pods/${fast.metadata.name}?gracePeriodSeconds=0`, { method: 'DELETE' });
    expect(now.status).toBe(200);
    expect(cluster.control.get('pods', 'kube-system', fast.metadata.name)).toBeUndefined();
    await w.next((e) => e.type === 'DELETED' && e.object.metadata.name === slow.metadata.name, 4000);
    w.close();
  });

  it('answers a stale delete precondition with 409', async () => {
    cluster.control.create('pods', gated('precond', ['example.com/quota']));
    const r = await call(cluster, podPath('precond'), { method: 'DELETE', body: { preconditions: { resourceVersion: '1' } } });
    expect(r.status).toBe(409);
    expect(r.body.message).toMatch(/^Operation cannot be fulfilled on Pod "precond": the ResourceVersion in the precondition \(1\) does not match the ResourceVersion in record \(\d+\)\. The object might have been modified$/);
  });
});
