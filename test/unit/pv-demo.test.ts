// The demo cluster's PersistentVolumes: API rules (status subresource, phase
// transition times, validation) and its PV controller (bind, release, delete,
// pv-protection), as kubedeck's volumes pane relies on them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { call } from './demo-client.js';

let cluster: DemoCluster;
beforeAll(async () => {
  cluster = await startDemoCluster();
});
afterAll(() => cluster.close());

const JSON_PATCH = 'application/json-patch+json';
const pvPath = (name = '') => `/api/v1/persistentvolumes${name ? `/${name}` : ''}`;
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(fn: () => T | undefined, what: string, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`never: ${what}`);
    await tick(20);
  }
}

const pvBody = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'test', hostPath: { path: `/tmp/${name}` }, ...extra },
});

describe('demo persistent volumes', () => {
  it('serves persistentvolumes and claims in discovery, with their status subresources', async () => {
    const r = await call(cluster, '/api/v1');
    const names = r.body.resources.map((x: { name: string }) => x.name);
    expect(names).toEqual(expect.arrayContaining(['persistentvolumes', 'persistentvolumes/status', 'persistentvolumeclaims', 'persistentvolumeclaims/status']));
    const pv = r.body.resources.find((x: { name: string }) => x.name === 'persistentvolumes');
    expect(pv).toMatchObject({ namespaced: false, kind: 'PersistentVolume', shortNames: ['pv'] });
  });

  it('seeds every phase, long-Released, Terminating and transition-time-less volumes', async () => {
    const items = (await call(cluster, pvPath())).body.items;
    const phase = (n: string) => items.find((p: { metadata: { name: string } }) => p.metadata.name === n);
    expect(new Set(items.map((p: { status: { phase: string } }) => p.status.phase))).toEqual(new Set(['Available', 'Bound', 'Released', 'Failed']));
    expect(phase('pv-data-api-1').status.phase).toBe('Released');
    expect(Date.now() - Date.parse(phase('pv-data-api-1').status.lastPhaseTransitionTime)).toBeGreaterThan(40 * 86400_000);
    expect(phase('pv-cache-redis-0').metadata).toMatchObject({ finalizers: ['kubernetes.io/pv-protection'] });
    expect(phase('pv-cache-redis-0').metadata.deletionTimestamp).toBeTruthy();
    expect(phase('pv-scratch-ml').metadata.finalizers).toEqual(['example.com/custom-cleanup']);
    expect(phase('pv-archive-2019').status.lastPhaseTransitionTime).toBeUndefined();
  });

  it('creates a PV Pending with pv-protection, then the controller makes it Available with a fresh transition time', async () => {
    const r = await call(cluster, pvPath(), { method: 'POST', body: pvBody('pv-new') });
    expect(r.status).toBe(201);
    expect(r.body.status.phase).toBe('Pending');
    expect(r.body.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    const pv = await until(() => {
      const p = cluster.control.get('persistentvolumes', undefined, 'pv-new');
      return p?.status?.phase === 'Available' ? p : undefined;
    }, 'pv-new Available');
    expect(Date.now() - Date.parse(pv.status.lastPhaseTransitionTime)).toBeLessThan(5000);
  });

  it('binds a Pending claim to a matching Available volume; deleting the claim releases a Retain volume', async () => {
    await call(cluster, pvPath(), { method: 'POST', body: pvBody('pv-bindme', { storageClassName: 'bindtest', capacity: { storage: '5Gi' } }) });
    await until(() => cluster.control.get('persistentvolumes', undefined, 'pv-bindme')?.status?.phase === 'Available', 'available');
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'want-5g', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'bindtest', resources: { requests: { storage: '2Gi' } } } };
    expect((await call(cluster, '/api/v1/namespaces/default/persistentvolumeclaims', { method: 'POST', body: claim })).status).toBe(201);
    const bound = await until(() => {
      const p = cluster.control.get('persistentvolumes', undefined, 'pv-bindme');
      return p?.status?.phase === 'Bound' ? p : undefined;
    }, 'bound');
    expect(bound.spec.claimRef).toMatchObject({ namespace: 'default', name: 'want-5g' });
    expect(cluster.control.get('persistentvolumeclaims', 'default', 'want-5g')?.spec.volumeName).toBe('pv-bindme');

    await call(cluster, '/api/v1/namespaces/default/persistentvolumeclaims/want-5g', { method: 'DELETE' });
    const released = await until(() => {
      const p = cluster.control.get('persistentvolumes', undefined, 'pv-bindme');
      return p?.status?.phase === 'Released' ? p : undefined;
    }, 'released');
    expect(released.spec.claimRef.name).toBe('want-5g');

    // Released → Available: remove the claimRef, pinned to its uid
    const patch = [
      { op: 'test', path: '/spec/claimRef/uid', value: released.spec.claimRef.uid },
      { op: 'remove', path: '/spec/claimRef' },
    ];
    const wrong = [{ op: 'test', path: '/spec/claimRef/uid', value: 'someone-else' }, patch[1]];
    expect((await call(cluster, pvPath('pv-bindme'), { method: 'PATCH', body: wrong, contentType: JSON_PATCH })).status).toBe(422);
    expect((await call(cluster, pvPath('pv-bindme'), { method: 'PATCH', body: patch, contentType: JSON_PATCH })).status).toBe(200);
    const available = await until(() => {
      const p = cluster.control.get('persistentvolumes', undefined, 'pv-bindme');
      return p?.status?.phase === 'Available' ? p : undefined;
    }, 'available again');
    expect(Date.now() - Date.parse(available.status.lastPhaseTransitionTime)).toBeLessThan(5000);
  });

  it('deletes a Delete-policy volume when its claim goes; pv-protection lets go once it is not Bound', async () => {
    await call(cluster, pvPath(), { method: 'POST', body: pvBody('pv-deleteme', { storageClassName: 'deltest', persistentVolumeReclaimPolicy: 'Delete' }) });
    await until(() => cluster.control.get('persistentvolumes', undefined, 'pv-deleteme')?.status?.phase === 'Available', 'available');
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'short-lived', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'deltest', resources: { requests: { storage: '1Gi' } } } };
    await call(cluster, '/api/v1/namespaces/default/persistentvolumeclaims', { method: 'POST', body: claim });
    await until(() => cluster.control.get('persistentvolumes', undefined, 'pv-deleteme')?.status?.phase === 'Bound', 'bound');
    await call(cluster, '/api/v1/namespaces/default/persistentvolumeclaims/short-lived', { method: 'DELETE' });
    await until(() => !cluster.control.get('persistentvolumes', undefined, 'pv-deleteme') || undefined, 'pv-deleteme gone');
  });

  it('keeps a bound volume Terminating under pv-protection', async () => {
    await tick(300);
    const pv = cluster.control.get('persistentvolumes', undefined, 'pv-cache-redis-0');
    expect(pv?.metadata.deletionTimestamp).toBeTruthy();
    expect(pv?.metadata.finalizers).toContain('kubernetes.io/pv-protection');
  });

  it('validates the reclaim policy and keeps status out of spec writes', async () => {
    const bad = [{ op: 'replace', path: '/spec/persistentVolumeReclaimPolicy', value: 'Keep' }];
    const r = await call(cluster, pvPath('pv-spare-5g'), { method: 'PATCH', body: bad, contentType: JSON_PATCH });
    expect(r.status).toBe(422);
    expect(r.body.message).toContain('spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep"');
    const sneaky = [{ op: 'replace', path: '/status/phase', value: 'Bound' }];
    const s = await call(cluster, pvPath('pv-spare-5g'), { method: 'PATCH', body: sneaky, contentType: JSON_PATCH });
    expect(s.status).toBe(200);
    expect(s.body.status.phase).toBe('Available');
  });

  it('removing the last finalizer of a Terminating volume deletes it', async () => {
    const pv = cluster.control.get('persistentvolumes', undefined, 'pv-scratch-ml')!;
    const body = [
      { op: 'test', path: '/metadata/finalizers/0', value: 'example.com/custom-cleanup' },
      { op: 'remove', path: '/metadata/finalizers/0' },
    ];
    const dry = await call(cluster, `${pvPath('pv-scratch-ml')}?dryRun=All`, { method: 'PATCH', body, contentType: JSON_PATCH });
    expect(dry.status).toBe(200);
    expect(cluster.control.get('persistentvolumes', undefined, 'pv-scratch-ml')?.metadata.uid).toBe(pv.metadata.uid);
    expect((await call(cluster, pvPath('pv-scratch-ml'), { method: 'PATCH', body, contentType: JSON_PATCH })).status).toBe(200);
    expect(cluster.control.get('persistentvolumes', undefined, 'pv-scratch-ml')).toBeUndefined();
  });
});
