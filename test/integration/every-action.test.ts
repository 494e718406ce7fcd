// Every action of every kind, through a real session against the demo cluster, as the
// one action flow runs it (plan, then execute the same plan): what reached the server
// is the exact request (method, path, content type, body), the access review asked
// for it (verb, group, resource, namespace, subresource), and a dry run (dryRun=All)
// of the same request before the real one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { PERSISTENT_VOLUMES, PODS, RESOURCE_CLAIMS } from '../../src/k8s/extensions.js';
import type { Session } from '../../src/k8s/session.js';
import type { ActionPlan, ActionResult, KubeObject } from '../../src/k8s/types.js';
import type { RequestRecord } from '../../src/demo/rest.js';
import { configWith, demoSession, pvObject, until } from '../unit/pv-demo-session.js';

const JSON_PATCH = 'application/json-patch+json';
const SSAR = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

let demo: DemoCluster;
let dir: string;
let hooks: { backup: string[]; cleanup: string[] };

beforeAll(async () => {
  demo = await startDemoCluster();
  dir = mkdtempSync(join(tmpdir(), 'kubedeck-actions-'));
  const hook = join(dir, 'hook.mjs');
  writeFileSync(hook, "process.stdin.resume(); process.stdin.on('end', () => process.exit(0));\n");
  hooks = { backup: [process.execPath, hook], cleanup: [process.execPath, hook] };
});
afterAll(() => demo.close());

interface Expected {
  method: string;
  path: string;
  contentType: string;
  body: unknown;
  review: { verb: string; group: string; resource: string; namespace?: string; subresource?: string };
}

const isDryRun = (r: RequestRecord) => r.query.dryRun === 'All' || ((r.body as { dryRun?: string[] } | undefined)?.dryRun ?? []).includes('All');
const withoutDryRun = (body: unknown) => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const { dryRun: _dryRun, ...rest } = body as Record<string, unknown>;
  return rest;
};

/** runs an action in a fresh session (no cached access answers) and returns what reached the server meanwhile */
async function recorded(run: (s: Session) => Promise<{ plan: ActionPlan; results: ActionResult[] }>, opts: Parameters<typeof configWith>[0] = {}) {
  const { session, close } = await demoSession(demo, dir, opts);
  try {
    const before = demo.control.requests.length;
    const outcome = await run(session);
    return { ...outcome, sent: demo.control.requests.slice(before) };
  } finally {
    await close();
  }
}

function expectAction(sent: RequestRecord[], plan: ActionPlan, results: ActionResult[], want: Expected) {
  expect(plan.allowed).toEqual({ ok: true });
  expect(results.map((r) => r.ok)).toEqual([true]);
  // the plan shows the exact request the server then gets
  expect(plan.requests).toEqual([{ target: expect.any(String), method: want.method, path: want.path, contentType: want.contentType, body: want.body }]);
  const writes = sent.filter((r) => r.path === want.path && r.method === want.method);
  expect(writes.map(isDryRun)).toEqual([true, false]);
  const [dry, real] = writes;
  for (const r of [dry, real]) {
    expect(r.contentType?.split(';')[0]).toBe(want.contentType);
    expect(withoutDryRun(r.body)).toEqual(want.body);
  }
  const reviews = sent.filter((r) => r.method === 'POST' && r.path === SSAR).map((r) => (r.body as { spec: { resourceAttributes: unknown } }).spec.resourceAttributes);
  expect(reviews).toContainEqual(want.review);
  // the review came before the dry run, the dry run before the change
  const reviewAt = sent.findIndex((r) => r.method === 'POST' && r.path === SSAR && JSON.stringify((r.body as { spec: { resourceAttributes: unknown } }).spec.resourceAttributes) === JSON.stringify(want.review));
  expect(reviewAt).toBeLessThan(sent.indexOf(dry));
  expect(sent.indexOf(dry)).toBeLessThan(sent.indexOf(real));
}

function gatedPod(name: string, gates: string[]): KubeObject {
  return demo.control.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { schedulingGates: gates.map((g) => ({ name: g })), containers: [{ name: 'main', image: 'busybox' }] },
  });
}

const deleteBody = (uid: string | undefined) => ({ kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid } });

describe('every action: exact request, access review, dry run first', () => {
  it('pods: ungate one gate', async () => {
    const pod = gatedPod('act-ungate', ['example.com/a', 'example.com/b']);
    const { plan, results, sent } = await recorded(async (s) => {
      const plan = await s.extensions.pods.ungate([pod], 'example.com/b');
      return { plan, results: await s.resource(PODS).execute(plan) };
    });
    expectAction(sent, plan, results, {
      method: 'PATCH',
      path: '/api/v1/namespaces/default/pods/act-ungate',
      contentType: JSON_PATCH,
      body: [
        { op: 'test', path: '/metadata/uid', value: pod.metadata.uid },
        { op: 'test', path: '/spec/schedulingGates', value: [{ name: 'example.com/a' }, { name: 'example.com/b' }] },
        { op: 'remove', path: '/spec/schedulingGates/1' },
      ],
      review: { verb: 'patch', group: '', resource: 'pods', namespace: 'default' },
    });
    expect(demo.control.get('pods', 'default', 'act-ungate')?.spec.schedulingGates).toEqual([{ name: 'example.com/a' }]);
  });

  it('pods: delete', async () => {
    const pod = gatedPod('act-delete', ['example.com/a']);
    const { plan, results, sent } = await recorded(async (s) => {
      const plan = await s.resource(PODS).planDelete([pod]);
      return { plan, results: await s.resource(PODS).execute(plan) };
    });
    expectAction(sent, plan, results, {
      method: 'DELETE',
      path: '/api/v1/namespaces/default/pods/act-delete',
      contentType: 'application/json',
      body: deleteBody(pod.metadata.uid),
      review: { verb: 'delete', group: '', resource: 'pods', namespace: 'default' },
    });
  });

  it('resourceclaims: release a stale reservation (status subresource)', async () => {
    const claim = structuredClone(demo.control.objects('resourceclaims', 'resource.k8s.io').find((c) => c.metadata.name.startsWith('old-run-gpu'))!);
    const entry = claim.status.reservedFor[0];
    const { plan, results, sent } = await recorded(async (s) => {
      const plan = await s.extensions.resourceclaims.release(claim, entry.uid);
      return { plan, results: await s.resource(RESOURCE_CLAIMS).execute(plan) };
    });
    const path = `/apis/resource.k8s.io/${plan.requests[0].path.split('/')[3]}/namespaces/ml/resourceclaims/${claim.metadata.name}/status`;
    expectAction(sent, plan, results, {
      method: 'PATCH',
      path,
      contentType: JSON_PATCH,
      body: [
        { op: 'test', path: '/metadata/uid', value: claim.metadata.uid },
        { op: 'test', path: '/status/reservedFor/0', value: entry },
        { op: 'remove', path: '/status/reservedFor/0' },
      ],
      review: { verb: 'patch', group: 'resource.k8s.io', resource: 'resourceclaims', namespace: 'ml', subresource: 'status' },
    });
  });

  it('resourceclaims: delete', async () => {
    const claim = structuredClone(demo.control.objects('resourceclaims', 'resource.k8s.io').find((c) => c.metadata.name === 'flex-gpu')!);
    const { plan, results, sent } = await recorded(async (s) => {
      const plan = await s.resource(RESOURCE_CLAIMS).planDelete([claim]);
      return { plan, results: await s.resource(RESOURCE_CLAIMS).execute(plan) };
    });
    expectAction(sent, plan, results, {
      method: 'DELETE',
      path: plan.requests[0].path,
      contentType: 'application/json',
      body: deleteBody(claim.metadata.uid),
      review: { verb: 'delete', group: 'resource.k8s.io', resource: 'resourceclaims', namespace: 'ml' },
    });
    expect(plan.requests[0].path).toMatch(/^\/apis\/resource\.k8s\.io\/v\w+\/namespaces\/ml\/resourceclaims\/flex-gpu$/);
  });

  it('persistentvolumes: make Available', async () => {
    const pv = await released('act-avail');
    const { plan, results, sent } = await recorded(async (s) => {
      const plan = await s.extensions.persistentvolumes.makeAvailable([pv]);
      return { plan, results: await s.resource(PERSISTENT_VOLUMES).execute(plan) };
    });
    expectAction(sent, plan, results, {
      method: 'PATCH',
      path: '/api/v1/persistentvolumes/act-avail',
      contentType: JSON_PATCH,
      body: [
        { op: 'test', path: '/spec/claimRef/uid', value: pv.spec.claimRef.uid },
        { op: 'remove', path: '/spec/claimRef' },
      ],
      review: { verb: 'patch', group: '', resource: 'persistentvolumes' },
    });
  });

  it('persistentvolumes: reclaim policy', async () => {
    demo.control.create('persistentvolumes', pvObject('act-policy') as KubeObject);
    const pv = structuredClone(demo.control.get('persistentvolumes', undefined, 'act-policy')!);
    const { plan, results, sent } = await recorded(async (s) => {
      const plan = await s.extensions.persistentvolumes.reclaimPolicy([pv], 'Delete');
      return { plan, results: await s.resource(PERSISTENT_VOLUMES).execute(plan) };
    });
    expectAction(sent, plan, results, {
      method: 'PATCH',
      path: '/api/v1/persistentvolumes/act-policy',
      contentType: JSON_PATCH,
      body: [
        { op: 'test', path: '/spec/persistentVolumeReclaimPolicy', value: 'Retain' },
        { op: 'replace', path: '/spec/persistentVolumeReclaimPolicy', value: 'Delete' },
      ],
      review: { verb: 'patch', group: '', resource: 'persistentvolumes' },
    });
  });

  it('persistentvolumes: cleanup (hooks, then the custom finalizer removed)', async () => {
    const custom = 'example.com/custom-cleanup';
    demo.control.create('persistentvolumes', pvObject('act-cleanup', { finalizers: [custom] }) as KubeObject);
    demo.control.delete('persistentvolumes', undefined, 'act-cleanup');
    await until(() => demo.control.get('persistentvolumes', undefined, 'act-cleanup')?.metadata.deletionTimestamp, 'act-cleanup terminating');
    const uid = demo.control.get('persistentvolumes', undefined, 'act-cleanup')!.metadata.uid;
    const { plan, results, sent } = await recorded(
      async (s) => {
        const prepared = await s.volumes.prepareCleanup('act-cleanup');
        const outcome = await s.volumes.runCleanup(prepared);
        return { plan: prepared.plan, results: outcome.removal ? [outcome.removal] : [] };
      },
      { hooks, customFinalizer: custom },
    );
    const writes = sent.filter((r) => r.method === 'PATCH');
    // the plan's dry run; after the hooks the volume is read again and, unchanged, the same request is sent
    expect(writes.map(isDryRun)).toEqual([true, false]);
    const body = [
      { op: 'test', path: '/metadata/uid', value: uid },
      { op: 'test', path: '/metadata/finalizers/0', value: custom },
      { op: 'remove', path: '/metadata/finalizers/0' },
    ];
    expect(plan.requests).toEqual([{ target: 'act-cleanup', method: 'PATCH', path: '/api/v1/persistentvolumes/act-cleanup', contentType: JSON_PATCH, body }]);
    expect(writes.map((w) => [w.path, w.contentType?.split(';')[0], w.body])).toEqual(Array(2).fill(['/api/v1/persistentvolumes/act-cleanup', JSON_PATCH, body]));
    expect(results.map((r) => r.ok)).toEqual([true]);
    const reviews = sent.filter((r) => r.method === 'POST' && r.path === SSAR).map((r) => (r.body as { spec: { resourceAttributes: unknown } }).spec.resourceAttributes);
    expect(reviews).toContainEqual({ verb: 'patch', group: '', resource: 'persistentvolumes' });
  });

  it('any resource: delete a deployment (apps/deployments, as pane 6 does)', async () => {
    const deployment = structuredClone(demo.control.objects('deployments', 'apps')[0]);
    const { namespace, name, uid } = deployment.metadata;
    const { plan, results, sent } = await recorded(async (s) => {
      const res = s.resource({ group: 'apps', resource: 'deployments' });
      const plan = await res.planDelete([deployment]);
      return { plan, results: await res.execute(plan) };
    });
    expectAction(sent, plan, results, {
      method: 'DELETE',
      path: `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`,
      contentType: 'application/json',
      body: deleteBody(uid),
      review: { verb: 'delete', group: 'apps', resource: 'deployments', namespace },
    });
  });

  it('--readonly: a plan says no at once and nothing is sent, not even the access review or a dry run', async () => {
    const pod = gatedPod('act-readonly', ['example.com/a']);
    const { plan, results, sent } = await recorded(
      async (s) => {
        const can = await s.resource(PODS).can('patch', { namespace: 'default' });
        expect(can).toEqual({ ok: false, reason: expect.stringMatching(/read-only/) });
        const plan = await s.extensions.pods.ungate([pod], null);
        return { plan, results: await s.resource(PODS).execute(plan) };
      },
      { readonly: true },
    );
    expect(plan.allowed).toEqual({ ok: false, reason: expect.stringMatching(/^no: read-only/) });
    expect(results.map((r) => r.ok)).toEqual([false]);
    expect(sent.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

/** a PersistentVolume whose claim is gone: Released, with its claimRef */
async function released(name: string): Promise<KubeObject> {
  const body = pvObject(name) as KubeObject;
  body.spec.claimRef = { kind: 'PersistentVolumeClaim', namespace: 'default', name: `claim-${name}`, uid: `gone-${name}` };
  demo.control.create('persistentvolumes', body);
  return until(() => {
    const pv = demo.control.get('persistentvolumes', undefined, name);
    return pv?.status?.phase === 'Released' ? structuredClone(pv) : undefined;
  }, `${name} Released`);
}
