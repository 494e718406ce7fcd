// Scenario 3: PersistentVolumes on the real control plane, with the real PV binder
// (kube-controller-manager) and pv-protection controller.
//  - A Retain PV binds a PVC; the PVC is deleted; the PV is Released with the server's
//    lastPhaseTransitionTime (kubedeck's IN PHASE FOR); kubedeck makes it Available
//    (session.volumes, the pinned claimRef removal); a new PVC binds it.
//  - The custom-finalizer cleanup: a PV holding example.com/custom-cleanup is deleted
//    and stays Terminating; kubedeck's cleanup runs the backup and cleanup hooks
//    (tiny scripts in a temp dir) and removes exactly that finalizer.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAppConfig, type AppConfig } from '../../../../src/config.js';
import { inPhaseForMs, pvColumns, pvDetails, pvRow, pvStatus } from '../../../../src/state/pvs.js';
import { eventually, openKubedeck, scenarioEnv, waitInStore, type OpenedSession, type ScenarioEnv } from './helpers.js';

let env: ScenarioEnv;
let kd: OpenedSession;
const RUN = Date.now().toString(36);
// a storage class of this run's own (no provisioner behind it): only our PVs match
const CLASS = `manual-${RUN}`;
const PV = `data-${RUN}`;
const DOOMED = `doomed-${RUN}`;
const FINALIZER = 'example.com/custom-cleanup';
const OTHER = 'example.com/keep-me';

const col = (id: string) => pvColumns.findIndex((c) => c.id === id);
let config: AppConfig;
let hookLog: string;

function hook(name: string, body: string): string {
  const file = join(env.dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

beforeAll(async () => {
  env = await scenarioEnv('volumes');
  hookLog = join(env.dir, 'hooks.log');
  // each hook records its name, the volume named in its environment and on stdin
  const backup = hook('backup.sh', `name=$(cat | sed -n 's/.*"name":"\\([^"]*\\)".*/\\1/p' | head -c 200)\necho "backup $KUBEDECK_PV_NAME $KUBEDECK_FINALIZER stdin-has-name=$([ -n "$name" ] && echo yes)" >> '${join(env.dir, 'hooks.log')}'\necho backing up $KUBEDECK_PV_NAME`);
  const cleanup = hook('cleanup.sh', `echo "cleanup $KUBEDECK_PV_NAME $KUBEDECK_HOOK" >> '${join(env.dir, 'hooks.log')}'\necho wiped >&2`);
  config = {
    ...defaultAppConfig,
    volumes: { ...defaultAppConfig.volumes, customFinalizer: FINALIZER, hooks: { backup: [backup], cleanup: [cleanup] } },
  };
  kd = await openKubedeck(env, { config });
}, 600_000);

afterAll(async () => {
  await kd?.close();
  if (env) {
    for (const name of [PV, DOOMED]) {
      await env.kubectl(['patch', 'pv', name, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']).catch(() => undefined);
      await env.kubectl(['delete', 'pv', name, '--ignore-not-found', '--wait=false']).catch(() => undefined);
    }
    await env.teardown();
  }
}, 120_000);

const pvManifest = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name, ...extra },
  spec: {
    capacity: { storage: '1Gi' },
    accessModes: ['ReadWriteOnce'],
    persistentVolumeReclaimPolicy: 'Retain',
    storageClassName: CLASS,
    hostPath: { path: `/tmp/kubedeck-e2e-${name}` },
  },
});

const pvc = (name: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: env.ns },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: CLASS, resources: { requests: { storage: '1Gi' } } },
});

describe('a Retain volume: bound, released, made Available by kubedeck, bound again', () => {
  it('follows the real PV controller through every phase', async () => {
    const store = kd.s.volumes.store();
    await env.apply(pvManifest(PV), pvc('first'));
    const bound = await waitInStore(store, 'the PV Bound to the first claim', (p) => p.metadata.name === PV && pvStatus(p) === 'Bound');
    expect(bound.spec.claimRef).toMatchObject({ namespace: env.ns, name: 'first' });
    expect(pvRow(bound, Date.now(), kd.s.volumes.settings).cells[col('claim')]).toBe(`${env.ns}/first`);

    const deletedAt = Date.now();
    await env.kubectl(['-n', env.ns, 'delete', 'pvc', 'first', '--wait=true']);
    const released = await waitInStore(store, 'the PV Released', (p) => p.metadata.name === PV && pvStatus(p) === 'Released');
    // the server (not kubedeck) stamps the phase change
    const stamp: string = released.status.lastPhaseTransitionTime;
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(stamp)).toBeGreaterThanOrEqual(Math.floor(deletedAt / 1000) * 1000 - 1000);
    const truth = await env.kubectlJson(['get', 'pv', PV]);
    expect(truth.status).toMatchObject({ phase: 'Released', lastPhaseTransitionTime: stamp });
    // IN PHASE FOR reads that time: 70 s after it, the cell says 70s
    const later = Date.parse(stamp) + 70_000;
    expect(inPhaseForMs(released, later)).toBe(70_000);
    const row = pvRow(released, later, kd.s.volumes.settings);
    expect(row.cells[col('status')]).toBe('Released');
    expect(row.cells[col('inPhaseFor')]).toBe('70s');
    expect(row.cells[col('reclaimPolicy')]).toBe('Retain');
    // kubectl's columns agree on what they share
    const line = (await env.kubectl(['get', 'pv', PV, '--no-headers'])).trim().split(/\s+/);
    expect(line.slice(0, 6)).toEqual(row.cells.slice(0, 6).map((c) => c));

    // make it Available through kubedeck: access check, dry run, pinned patch
    const plan = await kd.s.extensions.persistentvolumes.makeAvailable([released]);
    expect(plan.allowed.ok).toBe(true);
    expect(plan.requests[0]).toMatchObject({
      method: 'PATCH',
      path: `/api/v1/persistentvolumes/${PV}`,
      body: [
        { op: 'test', path: '/spec/claimRef/uid', value: released.spec.claimRef.uid },
        { op: 'remove', path: '/spec/claimRef' },
      ],
    });
    expect(plan.dryRun[0]).toMatchObject({ ok: true });
    expect((await kd.s.resource({ group: '', resource: 'persistentvolumes' }).execute(plan))[0]).toMatchObject({ ok: true, target: PV });
    const available = await waitInStore(store, 'the PV Available', (p) => p.metadata.name === PV && pvStatus(p) === 'Available');
    expect(available.spec.claimRef).toBeUndefined();
    expect(Date.parse(available.status.lastPhaseTransitionTime)).toBeGreaterThanOrEqual(Date.parse(stamp));
    expect(kd.auditLines().filter((l) => l.path.startsWith(`/api/v1/persistentvolumes/${PV}`)).map((l) => l.dryRun)).toEqual([true, false]);

    // a new claim binds the same volume
    await env.apply(pvc('second'));
    const rebound = await waitInStore(store, 'the PV Bound to the second claim', (p) => p.metadata.name === PV && pvStatus(p) === 'Bound');
    expect(rebound.spec.claimRef).toMatchObject({ namespace: env.ns, name: 'second' });
    const claim = await eventually('the second claim Bound', async () => {
      const c = await env.kubectlJson(['-n', env.ns, 'get', 'pvc', 'second']);
      return c.status?.phase === 'Bound' ? c : undefined;
    });
    expect(claim.spec.volumeName).toBe(PV);
  });

  it('a stale make-Available (the volume was re-bound since) is refused and changes nothing', async () => {
    const store = kd.s.volumes.store();
    const bound = await waitInStore(store, 'the PV Bound', (p) => p.metadata.name === PV && pvStatus(p) === 'Bound');
    // pretend the user looked at it while Released with the old claim's uid
    const seen = { ...bound, metadata: { ...bound.metadata }, spec: { ...bound.spec, claimRef: { ...bound.spec.claimRef, uid: '00000000-0000-0000-0000-000000000000' } }, status: { ...bound.status, phase: 'Released' } };
    const plan = await kd.s.extensions.persistentvolumes.makeAvailable([seen]);
    expect(plan.dryRun[0].ok).toBe(false);
    const [result] = await kd.s.resource({ group: '', resource: 'persistentvolumes' }).execute(plan);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/changed since you looked/);
    expect((await env.kubectlJson(['get', 'pv', PV])).spec.claimRef.name).toBe('second');
  });
});

describe('the custom-finalizer cleanup with hooks', () => {
  it('runs both hooks, removes exactly the custom finalizer, and the volume goes away', async () => {
    const store = kd.s.volumes.store();
    await env.apply(pvManifest(DOOMED, { finalizers: [FINALIZER, OTHER] }));
    await waitInStore(store, 'the doomed PV Available', (p) => p.metadata.name === DOOMED && pvStatus(p) === 'Available');
    await env.kubectl(['delete', 'pv', DOOMED, '--wait=false']);
    // pv-protection lets an unbound volume go; the custom finalizers hold it
    const terminating = await waitInStore(
      store,
      'the doomed PV Terminating, held only by the site finalizers',
      (p) => p.metadata.name === DOOMED && pvStatus(p) === 'Terminating' && !(p.metadata.finalizers ?? []).includes('kubernetes.io/pv-protection'),
    );
    expect(terminating.metadata.finalizers).toEqual([FINALIZER, OTHER]);
    const row = pvRow(terminating, Date.now(), kd.s.volumes.settings);
    expect(row.cells[col('status')]).toBe('Terminating');
    expect(row.cells[col('finalizers')]).toBe('custom-cleanup,keep-me');
    expect(pvDetails(terminating, kd.s.volumes.settings)).toContain('c: run the cleanup hooks');

    const prepared = await kd.s.volumes.prepareCleanup(DOOMED, terminating.metadata.uid);
    expect(prepared.hooks.map((h) => h.name)).toEqual(['backup', 'cleanup']);
    expect(prepared.plan.dryRun[0]).toMatchObject({ ok: true });
    expect(prepared.plan.warnings.join('\n')).toContain(`left in place: ${OTHER}`);
    const events: string[] = [];
    const outcome = await kd.s.volumes.runCleanup(prepared, {
      onEvent: (e) => events.push(e.kind === 'output' ? `${e.hook}:${e.line.stream}:${e.line.text}` : `${e.kind}${'hook' in e ? `:${e.hook}` : ''}`),
    });
    expect(outcome).toMatchObject({ ok: true, message: `hooks succeeded; removed ${FINALIZER} from ${DOOMED}` });
    expect(events).toEqual([
      'hook-start:backup',
      `backup:stdout:backing up ${DOOMED}`,
      'hook-end:backup',
      'hook-start:cleanup',
      'cleanup:stderr:wiped',
      'hook-end:cleanup',
      'removing',
    ]);
    expect(readFileSync(hookLog, 'utf8').trim().split('\n')).toEqual([`backup ${DOOMED} ${FINALIZER} stdin-has-name=yes`, `cleanup ${DOOMED} cleanup`]);

    // exactly that finalizer went: the other one still holds the volume
    const held = await waitInStore(store, 'the PV with only the other finalizer', (p) => p.metadata.name === DOOMED && (p.metadata.finalizers ?? []).join() === OTHER);
    expect(pvStatus(held)).toBe('Terminating');
    const audit = kd.auditLines();
    expect(audit.filter((l) => l.verb === 'HOOK').map((l) => [l.path.split(' ')[0], l.result?.ok])).toEqual([
      ['hook:backup', true],
      ['hook:cleanup', true],
    ]);
    const patches = audit.filter((l) => l.verb === 'PATCH' && l.path.startsWith(`/api/v1/persistentvolumes/${DOOMED}`));
    expect(patches.map((l) => l.dryRun)).toEqual([true, false]);
    expect(patches[1].body).toEqual([
      { op: 'test', path: '/metadata/uid', value: terminating.metadata.uid },
      { op: 'test', path: '/metadata/finalizers/0', value: FINALIZER },
      { op: 'remove', path: '/metadata/finalizers/0' },
    ]);

    // the site's other owner removes its own finalizer; the volume is gone
    await env.kubectl(['patch', 'pv', DOOMED, '--type=json', '-p', `[{"op":"test","path":"/metadata/finalizers/0","value":"${OTHER}"},{"op":"remove","path":"/metadata/finalizers/0"}]`]);
    await eventually('the PV gone from kubedeck', () => !store.list().some((p) => p.metadata.name === DOOMED));
    await expect(env.kubectl(['get', 'pv', DOOMED])).rejects.toThrow(/NotFound|not found/);
  });

  it('the cleanup refuses a volume that is not being deleted, and runs no hook', async () => {
    const before = existsSync(hookLog) ? readFileSync(hookLog, 'utf8') : '';
    await expect(kd.s.volumes.prepareCleanup(PV)).rejects.toThrow(/not being deleted/);
    expect(existsSync(hookLog) ? readFileSync(hookLog, 'utf8') : '').toBe(before);
  });
});
