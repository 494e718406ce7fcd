import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KubeObject, ReadableStore } from '../../src/k8s/types.js';
import { claimColumns, claimContext, claimDetails, claimRow, claimState, staleReservations } from '../../src/state/claims.js';
import { ClaimWaiters, claimStates, schedulerMessage, waiterRow, waiterRows, waitingReason } from '../../src/state/claimwaiters.js';
import { ClaimsPerClass, claimsPerClass, deviceClassRow } from '../../src/state/deviceclasses.js';
import { normalizeClaim, selectorNodes } from '../../src/state/dra.js';
import { inventory, poolNotes, poolRow } from '../../src/state/slices.js';
import { keyOf, Store } from '../../src/state/store.js';

const fixture = (name: string): KubeObject => JSON.parse(readFileSync(new URL(`../fixtures/dra/${name}`, import.meta.url), 'utf8'));
const NOW = Date.parse('2026-01-01T12:00:00Z');
const col = (id: string) => claimColumns.findIndex((c) => c.id === id);
const pod = (uid: string, name = uid, extra: Partial<KubeObject> = {}): KubeObject => ({ metadata: { name, namespace: 'ml', uid }, spec: {}, ...extra });
const storeOf = (objs: KubeObject[]): ReadableStore<KubeObject> => {
  const m = new Map(objs.map((o) => [keyOf(o), o]));
  return { version: 1, size: m.size, health: { state: 'synced', count: m.size, since: 0 }, get: (k) => m.get(k), list: () => [...m.values()], subscribe: () => () => {} };
};

describe('claim rows', () => {
  it('allocated and reserved: kubectl STATE, class, driver/pool/device, consumer, node from matchFields, owner pod', () => {
    const ctx = claimContext([pod('p-train-0', 'train-0')]);
    const row = claimRow(fixture('claim-v1-reserved.json'), NOW, ctx);
    expect(row.cells).toEqual(['ml', 'train-0-gpu-7xk2q', 'allocated,reserved', 'gpu.example.com', 'gpu.example.com/node-3/gpu-0', 'pod/train-0', 'node-3', '120m', 'pod/train-0']);
    expect(row.tone).toBe('ok');
  });

  it('deleted with a stale reservation: flagged ✗ by uid only, node from a hostname label', () => {
    const ctx = claimContext([pod('p-alive', 'web-0'), pod('p-other', 'old-run-0')]);
    const claim = fixture('claim-v1-deleted-stale.json');
    const row = claimRow(claim, NOW, ctx);
    expect(row.cells[col('state')]).toBe('deleted,allocated,reserved');
    expect(row.cells[col('reservedFor')]).toBe('pod/old-run-0 ✗, pod/web-0');
    expect(row.cells[col('node')]).toBe('node-4');
    expect(row.tone).toBe('error');
    expect(staleReservations(claim, ctx).map((c) => c.uid)).toEqual(['p-gone']);
    expect(claimDetails(claim, ctx)).toContain('stale: pod/old-run-0 (uid p-gone) no longer exists');
  });

  it('flags nothing while the pods are unknown (not synced or forbidden)', () => {
    const row = claimRow(fixture('claim-v1-deleted-stale.json'), NOW, claimContext(null));
    expect(row.cells[col('reservedFor')]).not.toContain('✗');
  });

  it('pending with firstAvailable: every subrequest class, no devices, no node', () => {
    const row = claimRow(fixture('claim-v1-pending-firstavailable.json'), NOW, claimContext([]));
    expect(row.cells.slice(2, 7)).toEqual(['pending', 'gpu.example.com|mig.gpu.example.com', '-', '-', '-']);
    expect(row.cells[col('age')]).toBe('5m');
  });

  it('v1beta1: request fields inline; admin access shown; no node selector means any node', () => {
    const claim = fixture('claim-v1beta1-admin.json');
    expect(normalizeClaim(claim).requests[0]).toMatchObject({ classes: ['gpu.example.com'], adminAccess: true, count: 2 });
    const row = claimRow(claim, NOW, claimContext([]));
    expect(row.cells[col('state')]).toBe('allocated');
    expect(row.cells[col('devices')]).toBe('gpu.example.com/node-3/gpu-0 (admin)');
    expect(row.cells[col('node')]).toBe('(any)');
  });

  it('a template-generated claim without an owner reference finds its pod through resourceClaimStatuses', () => {
    const claim = { ...fixture('claim-v1-pending-firstavailable.json'), metadata: { name: 'render-0-gpu-p9z8d', namespace: 'ml', uid: 'x' } };
    const row = claimRow(claim, NOW, claimContext([fixture('pod-render-unschedulable.json')]));
    expect(row.cells[col('owner')]).toBe('pod/render-0');
  });

  it('STATE follows printers.go: deleted without allocation is just "deleted"', () => {
    const c = fixture('claim-v1-pending-firstavailable.json');
    c.metadata.deletionTimestamp = '2026-01-01T11:59:00Z';
    expect(claimState(c)).toBe('deleted');
  });

  it('shows terminal escapes in names as code points: they cannot act, and the name is marked', () => {
    const c = fixture('claim-v1-reserved.json');
    c.metadata.name = 'evil\u001b]52;c;aGk=\u0007name';
    expect(claimRow(c, NOW, claimContext([])).cells[1]).toBe('evil⟨U+001B⟩]52;c;aGk=⟨U+0007⟩name');
  });

  it('selectorNodes: matchFields, hostname labels, anything else', () => {
    expect(selectorNodes(undefined)).toBe('');
    expect(selectorNodes({ nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] })).toBe('<selector>');
  });
});

describe('slices inventory', () => {
  const slices = ['slice-v1-partitionable.json', 'slice-v1beta1-node3-gen2.json', 'slice-v1beta1-node3-gen1.json', 'slice-v1-fabric-multi.json'].map(fixture);
  const claims = ['claim-v1-reserved.json', 'claim-v1beta1-admin.json'].map(fixture);

  it('counts only the highest pool generation and joins allocation results', () => {
    const pools = inventory(slices, claims);
    const node3 = pools.find((p) => p.pool === 'node-3')!;
    expect(node3).toMatchObject({ node: 'node-3', total: 2, allocated: 1, adminAllocations: 1, tainted: 1, stale: 1, generation: 2 });
    expect(poolRow(node3).cells.slice(0, 4)).toEqual(['node-3', 'gpu.example.com', 'node-3', '1/2']);
    expect(poolNotes(node3)).toEqual(['1 admin-access allocation (not counted)', '1 tainted', '1 older-generation slice ignored']);
  });

  it('flags partitionable pools and multi-allocatable devices where the count would mislead', () => {
    const pools = inventory(slices, []);
    expect(poolNotes(pools.find((p) => p.pool === 'node-4-mig')!)[0]).toMatch(/partitionable/);
    const fabric = pools.find((p) => p.pool === 'fabric')!;
    expect(fabric.node).toBe('(all nodes)');
    expect(poolNotes(fabric)).toEqual(['1 multi-allocatable']);
    expect(poolRow(fabric).tone).toBe('warn');
  });
});

describe('device classes', () => {
  it('counts claims per class, subrequests included', () => {
    const per = claimsPerClass(['claim-v1-reserved.json', 'claim-v1-pending-firstavailable.json'].map(fixture));
    expect(Object.fromEntries(per)).toEqual({ 'gpu.example.com': 2, 'mig.gpu.example.com': 1 });
    const dc: KubeObject = { metadata: { name: 'gpu.example.com', creationTimestamp: '2026-01-01T11:00:00Z' }, spec: { selectors: [{ cel: { expression: 'device.driver == "gpu.example.com"' } }] } };
    expect(deviceClassRow(dc, NOW, per).cells).toEqual(['gpu.example.com', '2', 'device.driver == "gpu.example.com"', '-', '-', '60m']);
    // AGE moves with the clock, as a live cell
    expect(deviceClassRow(dc, NOW, per).live?.(NOW + 3_600_000)[5]).toBe('120m');
  });

  it('keeps the counts per claims event and names the classes whose count changed', async () => {
    const store = new Store({ frameMs: 0 });
    const flush = () => new Promise((r) => setTimeout(r, 5));
    const reserved = fixture('claim-v1-reserved.json');
    const flex = fixture('claim-v1-pending-firstavailable.json');
    store.apply('ADDED', reserved);
    await flush();
    const per = new ClaimsPerClass(store);
    expect([...per.update()]).toEqual(['gpu.example.com']);
    expect(per.update().size).toBe(0);
    store.apply('ADDED', flex);
    await flush();
    expect([...per.update()].sort()).toEqual(['gpu.example.com', 'mig.gpu.example.com']);
    expect(per.counts).toEqual(claimsPerClass([reserved, flex]));
    store.apply('DELETED', reserved);
    await flush();
    expect([...per.update()]).toEqual(['gpu.example.com']);
    expect(per.counts).toEqual(claimsPerClass([flex]));
    store.dispose();
  });
});

describe('pods waiting for a claim', () => {
  const pending = { ...fixture('claim-v1-pending-firstavailable.json'), metadata: { name: 'render-0-gpu-p9z8d', namespace: 'ml', uid: 'c' } };
  it('unschedulable with an unallocated generated claim, and gated with a claim', () => {
    const claims = storeOf([pending, fixture('claim-v1-pending-firstavailable.json')]);
    const pods = [fixture('pod-render-unschedulable.json'), fixture('pod-finetune-gated.json'), pod('running', 'running', { spec: { nodeName: 'n', resourceClaims: [{ name: 'x', resourceClaimName: 'y' }] } })];
    const rows = waiterRows(pods, NOW, claims);
    expect(rows.map((r) => r.cells)).toEqual([
      ['ml', 'render-0', 'unschedulable', 'render-0-gpu-p9z8d pending', '50m'],
      ['ml', 'finetune-0', 'gated (1)', 'flex-gpu pending', '30m'],
    ]);
  });

  it('an unschedulable pod whose claims are all allocated does not wait for a claim', () => {
    const allocated = { ...fixture('claim-v1-reserved.json'), metadata: { name: 'render-0-gpu-p9z8d', namespace: 'ml', uid: 'c' } };
    expect(waitingReason(fixture('pod-render-unschedulable.json'), storeOf([allocated]))).toBeUndefined();
  });

  it('a template claim not generated yet says so', () => {
    const p = fixture('pod-render-unschedulable.json');
    delete p.status.resourceClaimStatuses;
    expect(claimStates(p, storeOf([])).map((s) => s.state)).toEqual(['not generated']);
  });

  it("the scheduler's message comes from the newest FailedScheduling event, else the condition", () => {
    const p = fixture('pod-render-unschedulable.json');
    expect(schedulerMessage(p, undefined)).toBe('0/4 nodes are available: 4 cannot allocate all claims.');
    const ev = { metadata: { name: 'e' }, reason: 'FailedScheduling', message: '0/4 nodes: 1 node(s) had untolerated taint(s) on device\u001b[2J' } as KubeObject;
    expect(schedulerMessage(p, [ev])).toBe('FailedScheduling: 0/4 nodes: 1 node(s) had untolerated taint(s) on device');
  });
});

describe('waiting pods kept per event', () => {
  it('a claim allocated takes its unschedulable pod out of the waiting list; the others stay', async () => {
    const pods = new Store({ frameMs: 0 });
    const claims = new Store({ frameMs: 0 });
    const flush = () => new Promise((r) => setTimeout(r, 5));
    const waiter = (name: string, claim: string): KubeObject => ({
      metadata: { name, namespace: 'ml', uid: name, resourceVersion: '1', creationTimestamp: '2026-01-01T11:00:00Z' },
      spec: { resourceClaims: [{ name: 'gpu', resourceClaimName: claim }] },
      status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: '2026-01-01T11:30:00Z' }] },
    });
    const claim = (name: string, allocated: boolean, rv: string): KubeObject => ({
      metadata: { name, namespace: 'ml', uid: `c-${name}`, resourceVersion: rv },
      spec: {},
      status: allocated ? { allocation: { devices: { results: [] } } } : {},
    });
    pods.apply('ADDED', waiter('a', 'ca'));
    pods.apply('ADDED', waiter('b', 'cb'));
    pods.apply('ADDED', { metadata: { name: 'plain', namespace: 'ml', resourceVersion: '1' }, spec: {} });
    claims.apply('ADDED', claim('ca', false, '1'));
    claims.apply('ADDED', claim('cb', false, '1'));
    await flush();
    const waiters = new ClaimWaiters(pods, claims);
    expect(waiters.update()).toBe('all');
    expect([...waiters.waiting].sort()).toEqual(['ml/a', 'ml/b']);
    claims.apply('MODIFIED', claim('ca', true, '2'));
    await flush();
    expect([...(waiters.update() as Set<string>)]).toEqual(['ml/a']);
    expect([...waiters.waiting]).toEqual(['ml/b']);
    // FOR moves with the clock and does not sort by it
    const row = waiterRow(waiter('b', 'cb'), NOW, claims)!;
    expect(row.cells[4]).toBe('30m');
    expect(row.live?.(NOW + 60_000)[4]).toBe('31m');
    expect(waiterRow(waiter('b', 'cb'), NOW + 60_000, claims)!.sort).toEqual(row.sort);
    pods.dispose();
    claims.dispose();
  });
});
