// Scenario: "why is it waiting?" on the real control plane. The suite publishes its own
// ResourceSlices for the KWOK node and a tainted KWOK node of its own; the real
// kube-scheduler and kube-controller-manager do the rest. `kubedeck why pod`, `why claim`
// and `gates --ready [--apply]` must name the actual blocking reasons, as data.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../../../src/k8s/kubeconfig.js';
import { createFileAuditSink } from '../../../../src/k8s/audit.js';
import { parseAppConfig } from '../../../../src/config.js';
import type { Target } from '../../../../src/target.js';
import { runWhy } from '../../../../src/why-cli.js';
import { runGates } from '../../../../src/gates-cli.js';
import { openSession } from '../../../../src/k8s/session.js';
import { waitForSync } from '../../../../src/k8s/sync.js';
import { gateStates } from '../../../../src/state/why/gates.js';
import type { Reason } from '../../../../src/state/why/types.js';
import { eventually, kwokNode, pod, scenarioEnv, type ScenarioEnv } from './helpers.js';

let env: ScenarioEnv;
let target: Target;
const RUN = Date.now().toString(36);
const DRIVER = `why-${RUN}.example.com`;
const CLASS = `why-${RUN}`;
const BIG = `why-big-${RUN}`;
const TPU = `why-tpu-${RUN}.example.com`;
const TAINTED = `why-tainted-${RUN}`;
const GATE = 'why.example.com/claims-allocated';
let NODE: string;
let API: string;
const config = parseAppConfig(`gates:\n  rules:\n    - { gate: "why.example.com/*", ready: claimsAllocated }\n`, 'config.yaml');

const container = (claim?: string) => ({ name: 'main', image: 'registry.invalid/why:1', ...(claim ? { resources: { claims: [{ name: claim }] } } : {}) });
const claimObj = (name: string, deviceClassName: string) => ({ apiVersion: API, kind: 'ResourceClaim', metadata: { name, namespace: env.ns }, spec: { devices: { requests: [{ name: 'dev', exactly: { deviceClassName } }] } } });
const claimPod = (name: string, claim: string, extra: Record<string, unknown> = {}) => pod(env, name, { resourceClaims: [{ name: 'dev', resourceClaimName: claim }], containers: [container('dev')], ...extra });

async function why(kind: 'pod' | 'claim', name: string): Promise<any> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runWhy({ target, kind, name: `${env.ns}/${name}`, output: 'json', config, requestTimeoutMs: 15_000, out: (t) => out.push(t), err: (t) => err.push(t) });
  if (code !== 0) throw new Error(`why ${kind} ${name}: exit ${code}: ${err.join('')}`);
  return JSON.parse(out.join(''));
}
const reasons = async (name: string): Promise<Reason[]> => (await why('pod', name)).reasons;

async function unschedulable(name: string) {
  return eventually(`the scheduler to give up on ${name}`, async () => {
    const p = await env.kubectlJson(['-n', env.ns, 'get', 'pod', name]);
    const c = p.status?.conditions?.find((x: any) => x.type === 'PodScheduled');
    return c?.status === 'False' && c?.reason === 'Unschedulable' ? p : undefined;
  }, 90_000);
}

beforeAll(async () => {
  env = await scenarioEnv('why');
  NODE = kwokNode(env);
  API = `resource.k8s.io/${(await env.getRaw('/apis/resource.k8s.io')).preferredVersion.version}`;
  const file = join(env.dir, 'kubeconfig');
  writeFileSync(file, await env.kubectl(['config', 'view', '--raw', '--flatten']), { mode: 0o600 });
  target = { loaded: loadKubeconfig({ kubeconfig: file, env: {} }), namespace: env.ns, demo: false, close: async () => {} };
  const device = (name: string, memory: string) => ({ name, attributes: { model: { string: 'why-e2e' } }, capacity: { memory: { value: memory } } });
  await env.apply(
    { apiVersion: API, kind: 'DeviceClass', metadata: { name: CLASS }, spec: { selectors: [{ cel: { expression: `device.driver == "${DRIVER}"` } }] } },
    { apiVersion: API, kind: 'DeviceClass', metadata: { name: BIG }, spec: { selectors: [{ cel: { expression: `device.driver == "${DRIVER}"` } }, { cel: { expression: `device.capacity["${DRIVER}"].memory.compareTo(quantity("64Gi")) >= 0` } }] } },
    { apiVersion: API, kind: 'DeviceClass', metadata: { name: `why-tpu-${RUN}` }, spec: { selectors: [{ cel: { expression: `device.driver == "${TPU}"` } }] } },
    // one device only: whoever holds it, the next claim waits
    { apiVersion: API, kind: 'ResourceSlice', metadata: { name: `why-${RUN}` }, spec: { driver: DRIVER, nodeName: NODE, pool: { name: NODE, generation: 1, resourceSliceCount: 1 }, devices: [device('dev-0', '16Gi')] } },
    // the pool says two slices; only one is published
    { apiVersion: API, kind: 'ResourceSlice', metadata: { name: `why-tpu-${RUN}-0` }, spec: { driver: TPU, nodeName: NODE, pool: { name: `tpu-${RUN}`, generation: 1, resourceSliceCount: 2 }, devices: [device('tpu-0', '16Gi')] } },
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: TAINTED, annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' }, labels: { type: 'kwok', 'kubernetes.io/hostname': TAINTED, 'why-e2e': RUN } },
      spec: { taints: [{ key: 'example.com/dedicated', value: 'why', effect: 'NoSchedule' }] },
      status: { allocatable: { cpu: '32', memory: '256Gi', pods: '110' }, capacity: { cpu: '32', memory: '256Gi', pods: '110' } },
    },
  );
  await env.apply(claimObj('holder', CLASS), claimObj('waiter', CLASS), claimObj('big', BIG), claimObj('tpu', `why-tpu-${RUN}`));
  await env.apply(claimPod('holder', 'holder', { nodeSelector: { 'kubernetes.io/hostname': NODE } }));
  await eventually('the holder claim allocated', async () => (await env.kubectlJson(['-n', env.ns, 'get', 'resourceclaim', 'holder'])).status?.allocation, 90_000);
  await env.apply(
    claimPod('waiter', 'waiter'),
    claimPod('big', 'big'),
    claimPod('tpu', 'tpu'),
    pod(env, 'tainted', { nodeSelector: { 'why-e2e': RUN }, containers: [container()] }),
    pod(env, 'selector', { nodeSelector: { 'why-e2e': 'nowhere' }, containers: [container()] }),
    claimPod('gated-ready', 'holder', { schedulingGates: [{ name: GATE }] }),
    claimPod('gated-waiting', 'waiter', { schedulingGates: [{ name: GATE }] }),
  );
  for (const p of ['waiter', 'big', 'tpu', 'tainted', 'selector']) await unschedulable(p);
}, 600_000);

afterAll(async () => {
  if (env) {
    for (const [kind, name] of [['node', TAINTED], ['resourceslice', `why-${RUN}`], ['resourceslice', `why-tpu-${RUN}-0`], ['deviceclass', CLASS], ['deviceclass', BIG], ['deviceclass', `why-tpu-${RUN}`]]) {
      await env.kubectl(['delete', kind!, name!, '--ignore-not-found', '--wait=false']).catch(() => undefined);
    }
    await env.teardown();
  }
}, 120_000);

describe('kubedeck why on the real control plane', () => {
  it('a device another claim holds', async () => {
    const r = (await reasons('waiter')).find((x) => x.kind === 'claim-pending')!;
    const alt = (r.data!.alternatives as any[])[0];
    expect(alt.counts).toMatchObject({ matchedFree: 0, allocated: 1 });
    expect(alt.examples.allocated).toEqual([`${DRIVER}/${NODE}/dev-0 (allocated to ${env.ns}/holder)`]);
    expect((await reasons('waiter')).find((x) => x.kind === 'scheduler')!.data).toMatchObject({ reason: 'Unschedulable' });
  });

  it('a class selector no device passes', async () => {
    const a = await why('claim', 'big');
    expect(a.requests[0].alternatives[0].selectors).toContainEqual(expect.objectContaining({ source: `class ${BIG}`, expression: `device.capacity["${DRIVER}"].memory.compareTo(quantity("64Gi")) >= 0` }));
  });

  it('an incomplete pool', async () => {
    const a = await why('claim', 'tpu');
    expect(a.pools).toContainEqual(expect.objectContaining({ driver: TPU, state: 'incomplete', slices: 1, resourceSliceCount: 2 }));
    expect(a.requests[0].alternatives[0].counts.unusablePool).toBe(1);
  });

  it('a taint and a nodeSelector: the scheduler, then the estimate', async () => {
    const t = await reasons('tainted');
    expect(t.find((x) => x.kind === 'scheduler')!.detail).toMatch(/untolerated taint/);
    expect(t.find((x) => x.kind === 'node-fit-estimate')!.data).toMatchObject({ fit: [], counts: expect.objectContaining({ 'taint example.com/dedicated=why:NoSchedule': 1 }) });
    const s = (await reasons('selector')).find((x) => x.kind === 'node-fit-estimate')!;
    expect(s.data).toMatchObject({ fit: [], counts: expect.objectContaining({ 'do not match why-e2e=nowhere': expect.any(Number) }) });
  });

  it('gates: the manager from managedFields, readiness by rule, and gates --ready --apply ungates only the ready pod', async () => {
    const ready = (await reasons('gated-ready'))[0]!;
    expect(ready).toMatchObject({ kind: 'gate', data: { gate: GATE, manager: 'e2e', ready: true } });
    expect((await reasons('gated-waiting'))[0]).toMatchObject({ kind: 'gate', data: { ready: false } });

    // the console's pods pane reads the same readiness from the session's live stores
    const session = await openSession({ ctx: target.loaded.forContext(target.loaded.currentContext), contexts: target.loaded.contexts, namespace: env.ns, readonly: true, config, requestTimeoutMs: 15_000 });
    try {
      const source = session.gateRules();
      expect(await waitForSync(() => session.pods.health, 30_000)).toBeUndefined();
      expect(await waitForSync(() => source.claims!.health, 30_000)).toBeUndefined();
      const states = gateStates(session.pods.list(), source);
      expect([...states].filter(([, s]) => s.ready).map(([k]) => k)).toEqual([`${env.ns}/gated-ready`]);
      expect(states.get(`${env.ns}/gated-waiting`)?.ready).toBe(false);
    } finally {
      session.close();
    }

    const out: string[] = [];
    const err: string[] = [];
    const audit = createFileAuditSink(join(env.dir, 'gates-audit.log'));
    const code = await runGates({ target, output: 'json', apply: true, config, requestTimeoutMs: 15_000, readonly: false, out: (t) => out.push(t), err: (t) => err.push(t), audit });
    expect(code, err.join('')).toBe(0);
    expect(JSON.parse(out[0]!).ready.map((p: any) => p.name)).toEqual(['gated-ready']);
    const after = await env.kubectlJson(['-n', env.ns, 'get', 'pod', 'gated-ready']);
    expect(after.spec.schedulingGates ?? []).toEqual([]);
    const waiting = await env.kubectlJson(['-n', env.ns, 'get', 'pod', 'gated-waiting']);
    expect(waiting.spec.schedulingGates).toEqual([{ name: GATE }]);
  });
});
