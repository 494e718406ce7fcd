// The finalizer cleanup flow through a real session against the demo cluster:
// refusals, hooks in order with the volume on stdin, nothing removed on failure,
// only the configured finalizer removed (and at its current index), audit lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { CleanupRefused, isProtectedFinalizer, type CleanupEvent } from '../../src/k8s/pvcleanup.js';
import type { KubeObject } from '../../src/k8s/types.js';
import { demoSession, pvObject, tempDir, tick, until } from './pv-demo-session.js';

const CUSTOM = 'example.com/custom-cleanup';
let demo: DemoCluster;
let dir: string;
let hooks: { backup: string[]; cleanup: string[] };
let failing: { backup: string[]; cleanup: string[] };

beforeAll(async () => {
  demo = await startDemoCluster({ seed: 'empty' });
  dir = tempDir();
  // each hook appends "<hook> <pv name from stdin> <env name> <context>" to a log
  const script = join(dir, 'hook.mjs');
  writeFileSync(
    script,
    `import { appendFileSync } from 'node:fs';
let s = '';
process.stdin.on('data', (c) => (s += c)).on('end', async () => {
  const pv = JSON.parse(s);
  const [log, exit, sleep] = process.argv.slice(2);
  if (sleep) await new Promise((r) => setTimeout(r, Number(sleep)));
  appendFileSync(log, [process.env.KUBEDECK_HOOK, pv.metadata.name, process.env.KUBEDECK_PV_NAME, process.env.KUBEDECK_CONTEXT].join(' ') + '\\n');
  console.log(process.env.KUBEDECK_HOOK + ' done for ' + pv.metadata.name);
  process.exit(Number(exit ?? 0));
});
`,
  );
  const log = join(dir, 'hooks.log');
  hooks = { backup: [process.execPath, script, log, '0'], cleanup: [process.execPath, script, log, '0'] };
  failing = { backup: [process.execPath, script, log, '1'], cleanup: [process.execPath, script, log, '0'] };
});
afterAll(() => demo.close());

const get = (name: string) => demo.control.get('persistentvolumes', undefined, name);
const hookLog = () => (existsSync(join(dir, 'hooks.log')) ? readFileSync(join(dir, 'hooks.log'), 'utf8').trim().split('\n') : []);

/** a volume being deleted that holds the given finalizers */
async function deleting(name: string, finalizers: string[]): Promise<KubeObject> {
  demo.control.create('persistentvolumes', pvObject(name, { finalizers }) as KubeObject);
  demo.control.delete('persistentvolumes', undefined, name);
  // the controller lets pv-protection go from unbound volumes
  await until(() => get(name)?.status?.phase === 'Available' && get(name)?.metadata.deletionTimestamp, `${name} terminating`);
  await tick(300);
  return structuredClone(get(name)!);
}

describe('refusals: nothing runs', () => {
  it.each([
    ['no cleanup hook configured', { hooks: { backup: ['/bin/true'], cleanup: [] } }, /no cleanup hook configured .*defeats its purpose/],
    ['--readonly', { readonly: true }, /read-only mode/],
    ['a protected finalizer configured', { customFinalizer: 'kubernetes.io/pv-protection' }, /belongs to Kubernetes or a provisioner/],
  ])('%s', async (_what, opts, message) => {
    const pv = await deleting(`pv-refuse-${Math.random().toString(36).slice(2, 7)}`, [CUSTOM]);
    const s = await demoSession(demo, dir, { hooks, ...opts });
    try {
      await expect(s.session.volumes.prepareCleanup(pv.metadata.name)).rejects.toThrow(message);
      expect(get(pv.metadata.name)?.metadata.finalizers).toEqual([CUSTOM]);
    } finally {
      await s.close();
    }
  });

  it('a volume that is not being deleted, or lacks the finalizer, or was re-created', async () => {
    demo.control.create('persistentvolumes', pvObject('pv-alive', { finalizers: [CUSTOM] }) as KubeObject);
    const s = await demoSession(demo, dir, { hooks });
    try {
      await expect(s.session.volumes.prepareCleanup('pv-alive')).rejects.toThrow(/not being deleted/);
      await expect(s.session.volumes.prepareCleanup('pv-nope')).rejects.toThrow(/not found/);
      await expect(s.session.volumes.prepareCleanup('pv-alive', 'other-uid')).rejects.toBeInstanceOf(CleanupRefused);
    } finally {
      await s.close();
    }
  });

  it('knows the finalizers it must never touch', () => {
    for (const f of ['kubernetes.io/pv-protection', 'kubernetes.io/pv-controller', 'external-provisioner.volume.kubernetes.io/finalizer', 'provisioner.example.com/cleanup', 'foo.kubernetes.io/x']) {
      expect(isProtectedFinalizer(f)).toBe(true);
    }
    expect(isProtectedFinalizer(CUSTOM)).toBe(false);
  });
});

describe('runs the hooks, then removes exactly the configured finalizer', () => {
  it('both hooks exit 0: backup then cleanup, the volume on stdin, the finalizer removed, the volume gone', async () => {
    const pv = await deleting('pv-clean', [CUSTOM]);
    const s = await demoSession(demo, dir, { hooks });
    try {
      const plan = await s.session.volumes.prepareCleanup('pv-clean', pv.metadata.uid);
      expect(plan.plan.allowed.ok).toBe(true);
      expect(plan.plan.dryRun[0].ok).toBe(true);
      expect(plan.hooks.map((h) => h.name)).toEqual(['backup', 'cleanup']);
      expect(plan.plan.warnings.join(' ')).toMatch(/idempotent/);
      const before = hookLog().length;
      const events: CleanupEvent[] = [];
      const out = await s.session.volumes.runCleanup(plan, { onEvent: (e) => events.push(e) });
      expect(out).toMatchObject({ ok: true, message: `hooks succeeded; removed ${CUSTOM} from pv-clean` });
      expect(hookLog().slice(before)).toEqual(['backup pv-clean pv-clean kubedeck-demo', 'cleanup pv-clean pv-clean kubedeck-demo']);
      expect(events.map((e) => e.kind)).toEqual(['hook-start', 'output', 'hook-end', 'hook-start', 'output', 'hook-end', 'removing']);
      await until(() => !get('pv-clean'), 'pv-clean gone');

      const audit = s.auditLines();
      const hookLines = audit.filter((l) => l.verb === 'HOOK' && l.body.pv === 'pv-clean');
      expect(hookLines.map((l) => [l.body.hook, l.body.exitCode, l.result.ok])).toEqual([['backup', 0, true], ['cleanup', 0, true]]);
      expect(hookLines[0].body.argv).toEqual(hooks.backup);
      expect(typeof hookLines[0].body.durationMs).toBe('number');
      const patches = audit.filter((l) => l.verb === 'PATCH' && l.path.startsWith('/api/v1/persistentvolumes/pv-clean'));
      expect(patches.map((l) => l.dryRun)).toEqual([true, false]);
    } finally {
      await s.close();
    }
  });

  it('a failing backup hook: the cleanup hook never runs and nothing is removed', async () => {
    await deleting('pv-fail', [CUSTOM]);
    const s = await demoSession(demo, dir, { hooks: failing });
    try {
      const plan = await s.session.volumes.prepareCleanup('pv-fail');
      const before = hookLog().length;
      const out = await s.session.volumes.runCleanup(plan);
      expect(out.ok).toBe(false);
      expect(out.message).toMatch(/^backup hook exited 1 after .*; finalizer not removed$/);
      expect(hookLog().slice(before)).toEqual(['backup pv-fail pv-fail kubedeck-demo']);
      expect(get('pv-fail')?.metadata.finalizers).toEqual([CUSTOM]);
      const audit = s.auditLines();
      expect(audit.filter((l) => l.verb === 'HOOK' && l.body.pv === 'pv-fail').map((l) => [l.body.hook, l.body.exitCode, l.result.ok])).toEqual([['backup', 1, false]]);
      expect(audit.filter((l) => l.verb === 'PATCH' && !l.dryRun && l.path.includes('pv-fail'))).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('the finalizer list changes while hooks run: the finalizer is removed where it is now, others stay', async () => {
    await deleting('pv-moving', [CUSTOM]);
    const slow = { backup: [...hooks.backup.slice(0, 3), '0', '500'], cleanup: hooks.cleanup };
    const s = await demoSession(demo, dir, { hooks: slow });
    try {
      const plan = await s.session.volumes.prepareCleanup('pv-moving');
      expect((plan.plan.requests[0].body as { path: string }[])[2].path).toBe('/metadata/finalizers/0');
      const running = s.session.volumes.runCleanup(plan);
      await tick(150);
      demo.control.patch('persistentvolumes', undefined, 'pv-moving', [{ op: 'add', path: '/metadata/finalizers/0', value: 'kubernetes.io/pv-controller' }], 'json');
      const out = await running;
      expect(out.ok).toBe(true);
      expect(get('pv-moving')?.metadata.finalizers).toEqual(['kubernetes.io/pv-controller']);
      const sent = demo.control.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/pv-moving') && !r.query.dryRun);
      expect(sent.at(-1)?.body).toEqual([
        { op: 'test', path: '/metadata/uid', value: plan.pv.metadata.uid },
        { op: 'test', path: '/metadata/finalizers/1', value: CUSTOM },
        { op: 'remove', path: '/metadata/finalizers/1' },
      ]);
    } finally {
      await s.close();
    }
  });
});
