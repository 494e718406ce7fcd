// `kubedeck pv cleanup NAME [--yes]` against the demo cluster: the same plan, hooks,
// request and audit trail as the pane, with exit codes and one-line reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { loadKubeconfig } from '../../src/k8s/kubeconfig.js';
import { createFileAuditSink } from '../../src/k8s/audit.js';
import { runPvCleanup } from '../../src/pvcleanup-cli.js';
import type { Target } from '../../src/target.js';
import type { KubeObject } from '../../src/k8s/types.js';
import { configWith, pvObject, tempDir, tick, until } from './pv-demo-session.js';

const CUSTOM = 'example.com/custom-cleanup';
let demo: DemoCluster;
let dir: string;
let target: Target;

beforeAll(async () => {
  demo = await startDemoCluster({ seed: 'empty' });
  dir = tempDir();
  const file = join(dir, 'kubeconfig');
  writeFileSync(file, demo.kubeconfig(), { mode: 0o600 });
  target = { loaded: loadKubeconfig({ kubeconfig: file, env: {} }), namespace: null, demo: true, close: async () => {} };
});
afterAll(() => demo.close());

const get = (name: string) => demo.control.get('persistentvolumes', undefined, name);
const ok = [process.execPath, '-e', 'console.log("hook ran for " + process.env.KUBEDECK_PV_NAME)'];
const bad = [process.execPath, '-e', 'console.error("disk full"); process.exit(4)'];

async function terminating(name: string) {
  demo.control.create('persistentvolumes', pvObject(name, { finalizers: [CUSTOM] }) as KubeObject);
  demo.control.delete('persistentvolumes', undefined, name);
  await until(() => get(name)?.metadata.finalizers?.length === 1 && get(name)?.metadata.deletionTimestamp, `${name} terminating`);
}

async function run(name: string, opts: { yes?: boolean; hooks?: { backup: string[]; cleanup: string[] }; readonly?: boolean; ask?: (q: string) => Promise<boolean> }) {
  const out: string[] = [];
  const err: string[] = [];
  const audit = createFileAuditSink(join(dir, 'audit.log'));
  const code = await runPvCleanup({
    target,
    name,
    yes: opts.yes ?? false,
    config: configWith({ hooks: opts.hooks ?? { backup: ok, cleanup: ok } }),
    requestTimeoutMs: 10_000,
    readonly: opts.readonly ?? false,
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    audit,
    ask: opts.ask,
  });
  return { code, out: out.join(''), err: err.join(''), audit: () => readFileSync(audit.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.phase === 'result') };
}

describe('kubedeck pv cleanup', () => {
  it('--yes: prints the plan and the hook output, removes the finalizer, exits 0, audits the hooks', async () => {
    await terminating('pv-cli-ok');
    const r = await run('pv-cli-ok', { yes: true });
    expect(r.code).toBe(0);
    expect(r.out).toContain('PATCH /api/v1/persistentvolumes/pv-cli-ok  application/json-patch+json');
    expect(r.out).toContain('✓ dry run: would succeed');
    expect(r.out).toContain('⚠ hooks must be idempotent');
    expect(r.out).toContain('[backup] hook ran for pv-cli-ok');
    expect(r.out).toContain('[cleanup] ✓ exited 0');
    expect(r.out).toMatch(/✓ hooks succeeded; removed example.com\/custom-cleanup from pv-cli-ok\n$/);
    await until(() => !get('pv-cli-ok'), 'gone');
    const lines = r.audit().filter((l) => l.path.includes('pv-cli-ok'));
    expect(lines.map((l) => `${l.verb}${l.dryRun ? ' dry' : ''}${l.body?.hook ? ` ${l.body.hook}` : ''}`)).toEqual(['PATCH dry', 'HOOK backup', 'HOOK cleanup', 'PATCH']);
  });

  it('asks before running; "no" exits 2 and nothing runs', async () => {
    await terminating('pv-cli-no');
    const questions: string[] = [];
    const r = await run('pv-cli-no', { ask: async (q) => (questions.push(q), false) });
    expect(questions).toEqual([`Run the hooks and remove ${CUSTOM} from pv-cli-no? [y/N] `]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('kubedeck: not confirmed: nothing was run\n');
    expect(r.out).not.toContain('[backup]');
    expect(get('pv-cli-no')?.metadata.finalizers).toEqual([CUSTOM]);
  });

  it('without --yes and without a terminal it refuses', async () => {
    await terminating('pv-cli-notty');
    const r = await run('pv-cli-notty', {});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/add --yes/);
  });

  it('a failing hook: exit 1 with a one-line reason; the finalizer stays', async () => {
    await terminating('pv-cli-bad');
    const r = await run('pv-cli-bad', { yes: true, hooks: { backup: ok, cleanup: bad } });
    expect(r.code).toBe(1);
    expect(r.err).toContain('[cleanup] disk full\n');
    expect(r.err.trim().split('\n').at(-1)).toMatch(/^kubedeck: cleanup hook exited 4 after .*; finalizer not removed$/);
    await tick(100);
    expect(get('pv-cli-bad')?.metadata.finalizers).toEqual([CUSTOM]);
    expect(r.audit().filter((l) => l.path.includes('pv-cli-bad') && l.verb === 'PATCH' && !l.dryRun)).toEqual([]);
  });

  it('refusals exit 2 before anything runs: --readonly, no hooks, unknown volume', async () => {
    await terminating('pv-cli-ro');
    expect((await run('pv-cli-ro', { yes: true, readonly: true })).err).toMatch(/cleanup refused: read-only mode/);
    const none = await run('pv-cli-ro', { yes: true, hooks: { backup: [], cleanup: [] } });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no cleanup hook configured/);
    expect((await run('pv-nowhere', { yes: true })).err).toBe('kubedeck: cleanup refused: persistentvolume pv-nowhere not found\n');
    expect(get('pv-cli-ro')?.metadata.finalizers).toEqual([CUSTOM]);
  });
});
