// Volume actions: the exact requests, and what the user gets back when the volume
// changed meanwhile (409/422), when access is denied (403) and in --readonly mode,
// through a real session against the demo cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { makeAvailableRequest, reclaimPolicyRequest } from '../../src/k8s/volumes.js';
import { removeFinalizerRequest } from '../../src/k8s/pvcleanup.js';
import type { KubeObject, ResourceType } from '../../src/k8s/types.js';
import { demoSession, pvObject, tempDir, until } from './pv-demo-session.js';

const rt: ResourceType = { group: '', version: 'v1', resource: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false, verbs: ['get', 'list', 'watch', 'patch', 'delete'], subresources: ['status'] };
const JSON_PATCH = 'application/json-patch+json';

function pv(name: string, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    metadata: { name, uid: `uid-${name}`, resourceVersion: '3', finalizers: ['kubernetes.io/pv-protection'] },
    spec: { persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'web', name: 'data-0', uid: 'claim-uid-1' } },
    status: { phase: 'Released' },
    ...extra,
  };
}

describe('exact requests', () => {
  it('make Available: test the claim uid as read, then remove the claimRef', () => {
    expect(makeAvailableRequest(pv('pv-a'), rt)).toEqual({
      target: 'pv-a',
      method: 'PATCH',
      path: '/api/v1/persistentvolumes/pv-a',
      contentType: JSON_PATCH,
      body: [
        { op: 'test', path: '/spec/claimRef/uid', value: 'claim-uid-1' },
        { op: 'remove', path: '/spec/claimRef' },
      ],
    });
  });

  it('refuses to clear a claimRef without a uid (pre-bound) or a missing one', () => {
    expect(() => makeAvailableRequest(pv('pv-a', { spec: { claimRef: { name: 'x' } } }), rt)).toThrow(/no uid/);
    expect(() => makeAvailableRequest(pv('pv-a', { spec: {} }), rt)).toThrow(/no claimRef/);
  });

  it('reclaim policy: test the current value, then replace it', () => {
    expect(reclaimPolicyRequest(pv('pv-a'), 'Delete', rt).body).toEqual([
      { op: 'test', path: '/spec/persistentVolumeReclaimPolicy', value: 'Retain' },
      { op: 'replace', path: '/spec/persistentVolumeReclaimPolicy', value: 'Delete' },
    ]);
  });

  it('finalizer removal: pins the uid and the finalizer at its index', () => {
    const p = pv('pv-a', { metadata: { name: 'pv-a', uid: 'u-1', finalizers: ['kubernetes.io/pv-protection', 'example.com/custom-cleanup', 'x.example.com/other'] } });
    expect(removeFinalizerRequest(p, 'example.com/custom-cleanup', rt)).toEqual({
      target: 'pv-a',
      method: 'PATCH',
      path: '/api/v1/persistentvolumes/pv-a',
      contentType: JSON_PATCH,
      body: [
        { op: 'test', path: '/metadata/uid', value: 'u-1' },
        { op: 'test', path: '/metadata/finalizers/1', value: 'example.com/custom-cleanup' },
        { op: 'remove', path: '/metadata/finalizers/1' },
      ],
    });
  });
});

describe('against the demo cluster', () => {
  let demo: DemoCluster;
  let dir: string;
  beforeAll(async () => {
    demo = await startDemoCluster({ seed: 'empty' });
    dir = tempDir();
  });
  afterAll(() => demo.close());

  const get = (name: string) => demo.control.get('persistentvolumes', undefined, name);
  async function released(name: string): Promise<KubeObject> {
    const body = pvObject(name) as KubeObject;
    body.spec.claimRef = { kind: 'PersistentVolumeClaim', namespace: 'default', name: `claim-${name}`, uid: `gone-${name}` };
    demo.control.create('persistentvolumes', body);
    return until(() => (get(name)?.status?.phase === 'Released' ? structuredClone(get(name)!) : undefined), `${name} Released`);
  }

  it('make Available: dry run, then the change; the controller moves the volume to Available', async () => {
    const { session, close, auditLines } = await demoSession(demo, dir);
    try {
      const seen = await released('pv-ok');
      const plan = await session.extensions.persistentvolumes.makeAvailable([seen]);
      expect(plan.allowed).toEqual({ ok: true });
      expect(plan.dryRun).toEqual([{ ok: true, status: 200, message: 'would be changed' }]);
      expect(get('pv-ok')?.spec.claimRef).toBeDefined();
      const [r] = await session.resource({ group: '', resource: 'persistentvolumes' }).execute(plan);
      expect(r).toMatchObject({ target: 'pv-ok', ok: true });
      await until(() => get('pv-ok')?.status?.phase === 'Available', 'Available');
      const writes = auditLines().filter((l) => l.path.startsWith('/api/v1/persistentvolumes/pv-ok'));
      expect(writes.map((l) => [l.verb, l.dryRun])).toEqual([['PATCH', true], ['PATCH', false]]);
    } finally {
      await close();
    }
  });

  it('422: the volume was bound to another claim meanwhile: nothing changes, the user is told', async () => {
    const { session, close } = await demoSession(demo, dir);
    try {
      const seen = await released('pv-raced');
      const plan = await session.extensions.persistentvolumes.makeAvailable([seen]);
      demo.control.patch('persistentvolumes', undefined, 'pv-raced', { spec: { claimRef: { uid: 'someone-else' } } });
      const [r] = await session.resource({ group: '', resource: 'persistentvolumes' }).execute(plan);
      expect(r.ok).toBe(false);
      expect(r.status).toBe(422);
      expect(r.message).toMatch(/^changed since you looked/);
      expect(get('pv-raced')?.spec.claimRef.uid).toBe('someone-else');
    } finally {
      await close();
    }
  });

  it('422: someone else changed the reclaim policy first: it is not overwritten', async () => {
    const { session, close } = await demoSession(demo, dir);
    try {
      const seen = await released('pv-policy');
      const plan = await session.extensions.persistentvolumes.reclaimPolicy([seen], 'Delete');
      expect(plan.requests).toHaveLength(1);
      demo.control.patch('persistentvolumes', undefined, 'pv-policy', { spec: { persistentVolumeReclaimPolicy: 'Recycle' } });
      const [r] = await session.resource({ group: '', resource: 'persistentvolumes' }).execute(plan);
      expect(r).toMatchObject({ ok: false, status: 422 });
      expect(get('pv-policy')?.spec.persistentVolumeReclaimPolicy).toBe('Recycle');
      // a volume already at the policy is left out, and the plan says so
      const again = await session.extensions.persistentvolumes.reclaimPolicy([structuredClone(get('pv-policy')!)], 'Recycle' as 'Retain');
      expect(again.requests).toHaveLength(0);
      expect(again.warnings[0]).toMatch(/already Recycle/);
    } finally {
      await close();
    }
  });

  it('409: deleted and re-created under the same name: the delete refuses the newcomer', async () => {
    const { session, close } = await demoSession(demo, dir);
    try {
      const old = await released('pv-reborn');
      const plan = await session.resource({ group: '', resource: 'persistentvolumes' }).planDelete([old]);
      expect(plan.requests[0].body).toEqual({ kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: old.metadata.uid } });
      expect(plan.warnings.join(' ')).toContain('finalizers');
      // the first delete leaves it Terminating until the controller lets pv-protection go
      demo.control.delete('persistentvolumes', undefined, 'pv-reborn');
      await until(() => !get('pv-reborn'), 'pv-reborn gone');
      demo.control.create('persistentvolumes', pvObject('pv-reborn') as KubeObject);
      const [r] = await session.resource({ group: '', resource: 'persistentvolumes' }).execute(plan);
      expect(r).toMatchObject({ ok: false, status: 409 });
      expect(get('pv-reborn')?.metadata.deletionTimestamp).toBeUndefined();
    } finally {
      await close();
    }
  });

  it('403: a user without rights sees the access check and dry run refuse, before anything is sent', async () => {
    const { session, close } = await demoSession(demo, dir, { user: 'demo-viewer' });
    try {
      const seen = await released('pv-forbidden');
      const plan = await session.extensions.persistentvolumes.makeAvailable([seen]);
      expect(plan.allowed.ok).toBe(false);
      expect(plan.dryRun[0]).toMatchObject({ ok: false, status: 403 });
      expect(plan.dryRun[0].message).toMatch(/^forbidden: .*cannot patch resource "persistentvolumes"/);
      expect(get('pv-forbidden')?.spec.claimRef).toBeDefined();
    } finally {
      await close();
    }
  });

  it('--readonly: planning refuses before anything is sent', async () => {
    const { session, close } = await demoSession(demo, dir, { readonly: true });
    try {
      const seen = await released('pv-ro');
      const before = demo.control.requests.length;
      const plan = await session.extensions.persistentvolumes.makeAvailable([seen]);
      expect(plan.dryRun[0]).toMatchObject({ ok: false, status: 0 });
      expect(plan.dryRun[0].message).toMatch(/read-only mode/);
      const [r] = await session.resource({ group: '', resource: 'persistentvolumes' }).execute(plan);
      expect(r).toMatchObject({ ok: false, status: 0 });
      const writes = demo.control.requests.slice(before).filter((q) => q.method === 'PATCH');
      expect(writes).toEqual([]);
    } finally {
      await close();
    }
  });
});
