// The why analysis on a hand-written cluster (test/fixtures/why/cluster.json):
// reasons asserted as data, with the real CEL engine and without one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/k8s/types.js';
import { whyPod, gateManagers } from '../../src/state/why/pod.js';
import { analyzeClaim } from '../../src/state/why/claim.js';
import { gatherPools } from '../../src/state/why/pools.js';
import { nodeVerdicts, summarizeVerdicts } from '../../src/state/why/nodes.js';
import { celSelectorEvaluator } from '../../src/state/why/cel.js';
import { noCelEngine, type WhyInput } from '../../src/state/why/types.js';
import { renderPod } from '../../src/state/why/render.js';

const cluster = JSON.parse(readFileSync(new URL('../fixtures/why/cluster.json', import.meta.url), 'utf8')) as Record<string, KubeObject[]>;
const now = Date.parse('2026-12-01T10:00:00Z');
const input: WhyInput = { now, ...cluster, evaluator: celSelectorEvaluator() };
const pod = (name: string) => cluster.pods.find((p) => p.metadata.name === name)!;
const claim = (name: string) => cluster.claims.find((c) => c.metadata.name === name)!;
const why = (name: string, extra: Partial<WhyInput> = {}) => {
  const p = pod(name);
  return whyPod(p, { ...input, events: cluster.events.filter((e) => (e.involvedObject as { uid: string }).uid === p.metadata.uid), ...extra });
};

describe('pools', () => {
  it('keeps only the newest generation and names incomplete and invalid pools', () => {
    const pools = gatherPools(cluster.slices);
    const byName = Object.fromEntries(pools.map((p) => [`${p.driver}/${p.name}`, p]));
    expect(byName['gpu.example.com/node-a']).toMatchObject({ generation: 2, obsoleteSlices: 1, incomplete: false, invalid: '' });
    expect(byName['gpu.example.com/node-a']!.devices.map((d) => d.name)).toEqual(['gpu-0', 'gpu-1']);
    expect(byName['nic.example.com/fabric']).toMatchObject({ incomplete: true, slices: 1, resourceSliceCount: 2 });
    expect(byName['nic.example.com/dup']).toMatchObject({ incomplete: false, invalid: 'duplicate device name eth-0' });
  });
});

describe('why a claim is not allocated', () => {
  it('names the class selector expression that no device passes', () => {
    const a = analyzeClaim(claim('wants-big'), input);
    const alt = a.requests[0]!.alternatives[0]!;
    expect(alt.satisfiable).toBe(false);
    expect(alt.counts.matchedFree).toBe(0);
    expect(alt.selectors).toContainEqual({ source: 'class big-gpu.example.com', expression: 'device.capacity["gpu.example.com"].memory.compareTo(quantity("100Gi")) >= 0', devices: 3 });
    // NIC pools are no business of a GPU claim
    expect(a.reasons.map((r) => r.detail).join('\n')).not.toMatch(/pool nic\.example\.com/);
  });

  it('counts devices held by other claims, tainted ones and the shortfall', () => {
    const alt = analyzeClaim(claim('wants-three'), input).requests[0]!.alternatives[0]!;
    expect(alt.counts).toMatchObject({ matchedFree: 0, allocated: 2, tainted: 1 });
    expect(alt.examples.allocated).toEqual(['gpu.example.com/node-a/gpu-0 (allocated to ml/holder)', 'gpu.example.com/node-a/gpu-1 (allocated to ml/stale-held)']);
    expect(alt.short).toBe('needs 3, 0 matched and free');
  });

  it('blocks allocationMode All on an incomplete or invalid pool', () => {
    const a = analyzeClaim(claim('all-nics'), input);
    expect(a.requests[0]!.alternatives[0]!.short).toMatch(/^asks for all devices, but pool nic\.example\.com\/(dup|fabric) is/);
    const pools = a.reasons.filter((r) => r.data?.pool).map((r) => (r.data!.pool as { pool: string; state: string }).state);
    expect(pools.sort()).toEqual(['incomplete', 'invalid']);
  });

  it('explains each firstAvailable alternative', () => {
    const r = analyzeClaim(claim('flex'), input).requests[0]!;
    expect(r.alternatives.map((a) => [a.request, a.satisfiable])).toEqual([['accel/big', false], ['accel/any', false]]);
    expect(r.alternatives[1]!.counts.allocated).toBe(2);
  });

  it('says when adminAccess lacks the namespace label', () => {
    const a = analyzeClaim(claim('admin-probe'), input);
    expect(a.requests[0]!.alternatives[0]!.satisfiable).toBe(true); // admin access does not need a free device
    expect(a.reasons.some((r) => r.detail.includes('lacks the label resource.kubernetes.io/admin-access=true'))).toBe(true);
    const ops = { ...claim('admin-probe'), metadata: { ...claim('admin-probe').metadata, namespace: 'ops' } };
    expect(analyzeClaim(ops, input).reasons.some((r) => r.detail.includes('admin-access'))).toBe(false);
  });

  it('finds a matchAttribute constraint no free set satisfies, and one that is', () => {
    const held = analyzeClaim(claim('pair-same-root'), input);
    expect(held.constraints[0]).toMatchObject({ kind: 'matchAttribute', attribute: 'gpu.example.com/pcieRoot', satisfiable: false });
    // with nothing allocated, gpu-0 and gpu-1 share pci0000:00
    const free = analyzeClaim(claim('pair-same-root'), { ...input, claims: [] });
    expect(free.constraints[0]!.satisfiable).toBe(true);
  });

  it('names a missing device class', () => {
    const alt = analyzeClaim(claim('ghost-class'), input).requests[0]!.alternatives[0]!;
    expect(alt).toMatchObject({ classMissing: true, short: 'device class no-such-class does not exist' });
  });

  it('never turns a selector it cannot evaluate into false', () => {
    const alt = analyzeClaim(claim('wants-big'), { ...input, evaluator: noCelEngine }).requests[0]!.alternatives[0]!;
    expect(alt.counts.selectorFailed).toBe(0);
    expect(alt.counts.selectorNotEvaluated).toBeGreaterThan(0);
    expect(alt.selectors[0]!.message).toBe('selector not evaluated: CEL engine missing');
  });

  it('reports a CEL runtime error with its expression', () => {
    const dc = structuredClone(cluster.deviceClasses.find((c) => c.metadata.name === 'gpu.example.com')!);
    dc.spec.selectors = [{ cel: { expression: 'device.attributes["gpu.example.com"].nonexistent == "x"' } }];
    const alt = analyzeClaim(claim('wants-three'), { ...input, deviceClasses: [dc] }).requests[0]!.alternatives[0]!;
    expect(alt.counts.selectorError).toBeGreaterThan(0);
    expect(alt.selectors[0]).toMatchObject({ expression: 'device.attributes["gpu.example.com"].nonexistent == "x"', message: expect.stringMatching(/no such key/i) });
  });
});

describe('why a pod waits', () => {
  it('lists each gate with the manager that added it', () => {
    expect(gateManagers(pod('gated')).get('example.com/quota')).toEqual({ manager: 'quota-webhook', time: '2026-12-01T09:00:00Z' });
    const reasons = why('gated');
    expect(reasons.filter((r) => r.kind === 'gate').map((r) => r.data)).toEqual([
      { gate: 'example.com/quota', manager: 'quota-webhook' },
      { gate: 'example.com/data', manager: 'kubectl-create' },
    ]);
    // a gated pod is not scheduled at all: no node-fit guess
    expect(reasons.some((r) => r.kind === 'node-fit-estimate')).toBe(false);
  });

  it('says a template claim is not yet created, not missing', () => {
    expect(why('from-template')[0]).toMatchObject({ kind: 'claim-not-created', subject: 'claim gpu' });
  });

  it('explains a pending claim through the claim analysis and quotes the scheduler', () => {
    const reasons = why('wants-big-pod');
    expect(reasons.find((r) => r.kind === 'claim-pending')).toMatchObject({ subject: 'claim ml/wants-big', actionKey: 'w' });
    expect(reasons.find((r) => r.kind === 'scheduler')!.data).toMatchObject({ reason: 'Unschedulable' });
  });

  it('names a claim reserved for other pods and one held by a pod that is gone', () => {
    expect(why('shares-holder')[0]).toMatchObject({ kind: 'claim-reserved-for-others', data: { reservedFor: ['trainer'], nodes: 'node-a' } });
    expect(why('on-stale')[0]).toMatchObject({ kind: 'claim-reserved-for-gone-pod', data: { pod: 'old-run-0', uid: 'uid-gone' }, actionKey: 'r' });
  });

  it('PVCs: Pending with a matching PV, missing, bound ones left out', () => {
    const pvc = why('db-0').filter((r) => r.subject.startsWith('pvc'));
    expect(pvc.map((r) => [r.kind, r.subject])).toEqual([['pvc-pending', 'pvc default/data-big'], ['pvc-missing', 'pvc default/nope']]);
    // 10Gi is too small and the RWX volume does not offer ReadWriteOnce
    expect(pvc[0]!.data).toMatchObject({ storageClass: 'fast', matchingPvs: ['pv-100g'] });
  });

  it('WaitForFirstConsumer is said as such, and the node estimate names the selector', () => {
    const reasons = why('local-cache');
    expect(reasons.map((r) => r.kind)).toEqual(['pvc-wait-for-first-consumer', 'scheduler', 'failed-scheduling-event', 'node-fit-estimate']);
    const est = reasons.at(-1)!;
    expect(est.data).toMatchObject({ estimate: true, fit: [], counts: { 'do not match disk=nvme': 2, 'taint gpu=true:NoSchedule': 1, 'unschedulable (cordoned)': 1 } });
    expect(est.detail).toMatch(/^kubedeck's estimate: 0\/4 nodes: 2 do not match disk=nvme/);
    expect(est.detail).toContain('not estimated: topology spread constraints');
  });

  it('estimates resources against allocatable minus what bound pods request', () => {
    // ssd-job asks 2 CPUs: node-d has 1; node-b is tainted; node-a fits
    const v = Object.fromEntries(nodeVerdicts(pod('ssd-job'), cluster.nodes, cluster.pods).map((x) => [x.node, x.reason]));
    expect(v).toEqual({ 'node-a': '', 'node-b': 'taint gpu=true:NoSchedule', 'node-c': 'unschedulable (cordoned)', 'node-d': 'do not match disk=ssd' });
    const busy = cluster.nodes.map((n) => (n.metadata.name === 'node-a' ? { ...n, status: { ...n.status, allocatable: { cpu: '2', memory: '32Gi', pods: '110' } } } : n));
    // trainer, crashy and bad-image already ask 1.5 CPUs of node-a's 2
    expect(nodeVerdicts(pod('ssd-job'), busy, cluster.pods).find((x) => x.node === 'node-a')!.reason).toBe('insufficient cpu');
    expect(summarizeVerdicts(nodeVerdicts(pod('tolerant'), cluster.nodes, cluster.pods)).fit).toEqual(['node-a', 'node-b']);
  });

  it('tells the nominated node', () => {
    expect(why('tolerant')[0]).toMatchObject({ kind: 'nominated-node', data: { node: 'node-b' } });
  });

  it('after binding: crash loop with the last exit reason, image pull errors', () => {
    expect(why('crashy')).toEqual([expect.objectContaining({ kind: 'crash-loop', subject: 'container migrate', data: { restarts: 5, lastReason: 'Error', exitCode: 1 } })]);
    expect(why('bad-image')).toEqual([expect.objectContaining({ kind: 'image-pull', subject: 'container app' })]);
    expect(why('trainer')).toEqual([]);
  });

  it('an init container not done, then a sidecar not started', () => {
    const p = structuredClone(pod('crashy'));
    p.status.initContainerStatuses[0] = { name: 'migrate', ready: false, started: true, restartCount: 0, state: { running: { startedAt: '2026-12-01T09:59:00Z' } } };
    expect(whyPod(p, input)[0]).toMatchObject({ kind: 'init-container', subject: 'container migrate', since: '2026-12-01T09:59:00Z' });
    p.status.initContainerStatuses[0] = { name: 'migrate', ready: false, started: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } };
    expect(whyPod(p, input)[0]).toMatchObject({ kind: 'sidecar', subject: 'container proxy' });
  });

  it('says what it cannot know instead of guessing', () => {
    const reasons = why('local-cache', { nodes: undefined, pvcs: undefined });
    expect(reasons.filter((r) => r.kind === 'unknown').map((r) => r.detail)).toEqual(['PersistentVolumeClaims cannot be listed', 'nodes cannot be listed: no estimate']);
  });

  it('renders numbered reasons with how long and what unblocks them', () => {
    const text = renderPod('default/db-0', why('db-0'), now);
    expect(text).toContain('1. pvc default/data-big (for 60m): Pending (class fast); 1 Available PV would match (pv-100g)');
    expect(text).toContain('   unblock: create PersistentVolumeClaim nope');
  });
});
