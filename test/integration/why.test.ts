// `kubedeck why` and `kubedeck gates --ready` against the demo cluster's why story
// (src/demo/seed/why.ts): each scenario's actual blocking reasons, asserted as data.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { loadKubeconfig } from '../../src/k8s/kubeconfig.js';
import { createFileAuditSink } from '../../src/k8s/audit.js';
import { defaultAppConfig, parseAppConfig, type AppConfig } from '../../src/config.js';
import type { Target } from '../../src/target.js';
import { runWhy } from '../../src/why-cli.js';
import { runGates } from '../../src/gates-cli.js';
import type { Reason } from '../../src/state/why/types.js';
import { openSession } from '../../src/k8s/session.js';
import { waitForSync } from '../../src/k8s/sync.js';
import { gateStates } from '../../src/state/why/gates.js';

let demo: DemoCluster;
let dir: string;
let target: Target;
// the gate rule docs/config.md shows for the demo
const config: AppConfig = parseAppConfig('gates:\n  rules:\n    - { gate: "why.example.com/*", ready: claimsAllocated }\n', 'config.yaml');

beforeAll(async () => {
  demo = await startDemoCluster();
  dir = mkdtempSync(join(tmpdir(), 'kubedeck-why-'));
  const file = join(dir, 'kubeconfig');
  writeFileSync(file, demo.kubeconfig(), { mode: 0o600 });
  target = { loaded: loadKubeconfig({ kubeconfig: file, env: {} }), namespace: null, demo: true, close: async () => {} };
});
afterAll(() => demo.close());

async function why(kind: string, name: string, output = 'json', cfg = config) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runWhy({ target, kind, name, output, config: cfg, requestTimeoutMs: 10_000, out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

async function reasons(pod: string): Promise<Reason[]> {
  const r = await why('pod', pod);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out).reasons;
}

describe('kubedeck why pod', () => {
  it('a claim failing a class selector: the expression and the devices it failed', async () => {
    const claim = (await reasons('why/big-model-0')).find((r) => r.kind === 'claim-pending')!;
    expect(claim.subject).toBe('claim why/needs-big-gpu');
    const alt = (claim.data!.alternatives as { selectors: { source: string; expression: string; devices: number }[]; counts: Record<string, number> }[])[0]!;
    expect(alt.counts.matchedFree).toBe(0);
    expect(alt.selectors).toContainEqual(expect.objectContaining({ source: 'class big-gpu.example.com', expression: 'device.capacity["gpu.example.com"].memory.compareTo(quantity("160Gi")) >= 0' }));
  });

  it('a device another claim holds: which claim', async () => {
    const claim = (await reasons('why/fpga-job-0')).find((r) => r.kind === 'claim-pending')!;
    const alt = (claim.data!.alternatives as { counts: Record<string, number>; examples: Record<string, string[]> }[])[0]!;
    expect(alt.counts).toMatchObject({ matchedFree: 0, allocated: 1 });
    expect(alt.examples.allocated).toEqual(['fpga.example.com/why-fpga/fpga-0 (allocated to why/fpga-holder)']);
  });

  it('an incomplete pool', async () => {
    const pool = (await reasons('why/tpu-job-0')).find((r) => r.data?.pool);
    expect(pool?.data?.pool).toMatchObject({ driver: 'tpu.example.com', pool: 'why-tpu', state: 'incomplete', slices: 1, resourceSliceCount: 2 });
  });

  it('an unbound WaitForFirstConsumer PVC', async () => {
    const r = await reasons('why/local-cache-0');
    expect(r[0]).toMatchObject({ kind: 'pvc-wait-for-first-consumer', subject: 'pvc why/scratch-local', data: { storageClass: 'local-wffc', matchingPvs: [] } });
  });

  it('a taint: the scheduler first, then the labelled estimate', async () => {
    const r = await reasons('why/gpu-burner-0');
    expect(r.map((x) => x.kind)).toEqual(['scheduler', 'failed-scheduling-event', 'node-fit-estimate']);
    expect(r[0]!.detail).toContain('untolerated taint {example.com/dedicated: gpu}');
    expect(r[2]!.data).toMatchObject({ estimate: true, fit: [], counts: { 'taint example.com/dedicated=gpu:NoSchedule': 1, 'do not match example.com/pool=gpu': 4 } });
  });

  it('a nodeSelector no node matches', async () => {
    const est = (await reasons('default/fast-storage-probe')).find((r) => r.kind === 'node-fit-estimate')!;
    expect(est.data).toMatchObject({ fit: [], counts: { 'do not match disktype=nvme': 4, 'taint example.com/dedicated=gpu:NoSchedule': 1 } });
  });

  it('gates with their readiness by rule', async () => {
    expect((await reasons('why/gated-ready-0'))[0]).toMatchObject({ kind: 'gate', data: { gate: 'why.example.com/claims-allocated', ready: true, rule: 'claimsAllocated' } });
    expect((await reasons('why/gated-waiting-0'))[0]).toMatchObject({ kind: 'gate', data: { ready: false } });
    // without a rule the gate is manual
    const manual = await why('pod', 'why/gated-ready-0', 'json', defaultAppConfig);
    expect(JSON.parse(manual.out).reasons[0].data).toMatchObject({ ready: null, rule: 'manual (no rule)' });
  });

  it('text output, a missing pod and bad usage', async () => {
    const text = await why('pod', 'why/fpga-job-0', 'table');
    expect(text.out).toMatch(/^pod why\/fpga-job-0\n1\. claim why\/fpga-waiter \(for \d+m\): request dev: needs 1, 0 matched and free/);
    expect(await why('pod', 'why/nope')).toMatchObject({ code: 1, err: 'kubedeck: pod why/nope not found\n' });
    expect((await why('node', 'x/y')).code).toBe(2);
    expect((await why('pod', 'no-slash')).code).toBe(2);
  });
});

describe('kubedeck why claim', () => {
  it('pools, requests and counts as JSON', async () => {
    const r = await why('claim', 'why/needs-tpu');
    expect(r.code, r.err).toBe(0);
    const a = JSON.parse(r.out);
    expect(a.allocated).toBe(false);
    expect(a.pools).toContainEqual(expect.objectContaining({ driver: 'tpu.example.com', state: 'incomplete' }));
    expect(a.requests[0].alternatives[0].counts.unusablePool).toBe(2);
  });
});

describe('the console: the pods pane reads the same readiness through session.gateRules()', () => {
  it('marks exactly the pods gates --ready lists, once the claims the rule reads have synced', async () => {
    const session = await openSession({ ctx: target.loaded.forContext(target.loaded.currentContext), contexts: target.loaded.contexts, namespace: null, readonly: true, config, requestTimeoutMs: 10_000 });
    try {
      const source = session.gateRules();
      expect(source.claims, 'a claimsAllocated rule watches claims').toBeDefined();
      expect(source.pvcs, 'no rule reads PVCs: none watched').toBeUndefined();
      expect(await waitForSync(() => session.pods.health, 10_000)).toBeUndefined();
      expect(await waitForSync(() => source.claims!.health, 10_000)).toBeUndefined();
      const states = gateStates(session.pods.list(), source);
      expect([...states].filter(([, s]) => s.ready).map(([k]) => k)).toEqual(['why/gated-ready-0']);
      expect(states.get('why/gated-waiting-0')).toMatchObject({ ready: false, gates: [{ gate: 'why.example.com/claims-allocated', readiness: { ready: false } }] });
    } finally {
      session.close();
    }
  });
});

describe('kubedeck gates --ready', () => {
  async function gates(apply: boolean, output = 'json') {
    const out: string[] = [];
    const err: string[] = [];
    const audit = createFileAuditSink(join(dir, 'audit.log'));
    const code = await runGates({ target, output, apply, config, requestTimeoutMs: 10_000, readonly: false, out: (t) => out.push(t), err: (t) => err.push(t), audit });
    return { code, out: out.join(''), err: err.join('') };
  }

  it('lists exactly the pods whose gates are ready, and --apply ungates only those, audited', async () => {
    const listed = await gates(false);
    expect(listed.code, listed.err).toBe(0);
    expect(JSON.parse(listed.out).ready.map((p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`)).toEqual(['why/gated-ready-0']);
    expect(await gates(false, 'table')).toMatchObject({ out: expect.stringContaining('why         gated-ready-0   why.example.com/claims-allocated (claimsAllocated: all 1 claim(s) allocated)') });

    const applied = await gates(true);
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toContain('✓ why/gated-ready-0');
    expect(demo.control.get('pods', 'why', 'gated-ready-0')!.spec.schedulingGates ?? []).toEqual([]);
    expect(demo.control.get('pods', 'why', 'gated-waiting-0')!.spec.schedulingGates).toEqual([{ name: 'why.example.com/claims-allocated' }]);
    const audit = readFileSync(join(dir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const writes = audit.filter((l) => l.verb === 'PATCH' && l.phase === 'result');
    expect(writes.map((l) => [l.path.includes('/namespaces/why/pods/gated-ready-0'), l.dryRun])).toEqual([[true, true], [true, false]]);
    // the patch pins the gates as read
    expect(demo.control.requests.filter((q) => q.method === 'PATCH' && q.path.endsWith('/pods/gated-ready-0')).at(-1)?.body).toContainEqual({ op: 'test', path: '/spec/schedulingGates', value: [{ name: 'why.example.com/claims-allocated' }] });
  });
});
