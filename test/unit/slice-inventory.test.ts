// The slices view's inventory kept per claims event shows what a full inventory of
// every slice and claim would, after any sequence of claim and slice changes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { KubeObject } from '../../src/k8s/types.js';
import { inventory, SliceInventory } from '../../src/state/slices.js';
import { Store } from '../../src/state/store.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const FRAME = 10;
const DRIVER = 'gpu.example.com';
let rv = 0;
const slice = (node: string, generation: number, devices: number): KubeObject => ({
  apiVersion: 'resource.k8s.io/v1',
  kind: 'ResourceSlice',
  metadata: { name: `${node}-slice`, resourceVersion: String(++rv) },
  spec: { driver: DRIVER, nodeName: node, pool: { name: node, generation, resourceSliceCount: 1 }, devices: Array.from({ length: devices }, (_, i) => ({ name: `gpu-${i}` })) },
});
const claim = (name: string, node: string, device: number, admin: boolean): KubeObject => ({
  apiVersion: 'resource.k8s.io/v1',
  kind: 'ResourceClaim',
  metadata: { name, namespace: 'ml', resourceVersion: String(++rv) },
  spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu' } }] } },
  status: { allocation: { devices: { results: [{ request: 'gpu', driver: DRIVER, pool: node, device: `gpu-${device}`, ...(admin ? { adminAccess: true } : {}) }] } } },
});
const unallocated = (name: string): KubeObject => ({ ...claim(name, 'n1', 0, false), status: {} });

const node = fc.constantFrom('n1', 'n2', 'n3');
const claimName = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const event = fc.oneof(
  fc.record({ kind: fc.constant('claim' as const), name: claimName, node, device: fc.integer({ min: 0, max: 3 }), admin: fc.boolean() }),
  fc.record({ kind: fc.constant('unallocate' as const), name: claimName }),
  fc.record({ kind: fc.constant('delete' as const), name: claimName }),
  fc.record({ kind: fc.constant('slice' as const), node, generation: fc.integer({ min: 1, max: 3 }), devices: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('frame' as const) }),
);

describe('SliceInventory', () => {
  it('equals a full inventory of the stores after any claim and slice changes', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), (events) => {
        const slices = new Store({ frameMs: FRAME });
        const claims = new Store({ frameMs: FRAME });
        const kept = new SliceInventory(slices, claims);
        for (const e of events) {
          if (e.kind === 'claim') claims.apply('MODIFIED', claim(e.name, e.node, e.device, e.admin));
          else if (e.kind === 'unallocate') claims.apply('MODIFIED', unallocated(e.name));
          else if (e.kind === 'delete') claims.apply('DELETED', unallocated(e.name));
          else if (e.kind === 'slice') slices.apply('MODIFIED', slice(e.node, e.generation, e.devices));
          else vi.advanceTimersByTime(FRAME);
          expect(kept.pools()).toEqual(inventory(slices.list(), claims.list()));
        }
        slices.dispose();
        claims.dispose();
      }),
      { numRuns: 200 },
    );
  });

  it('a claims flush reads the claims it changed, not every claim', () => {
    const slices = new Store({ frameMs: FRAME });
    const claims = new Store({ frameMs: FRAME });
    slices.apply('ADDED', slice('n1', 1, 4));
    for (let i = 0; i < 500; i++) claims.apply('ADDED', i === 1 || i === 3 ? claim(`c${i}`, 'n1', i, false) : unallocated(`c${i}`));
    vi.advanceTimersByTime(FRAME);
    const kept = new SliceInventory(slices, claims);
    expect(kept.pools()[0]).toMatchObject({ node: 'n1', total: 4, allocated: 2 });
    const list = vi.spyOn(claims, 'list');
    const get = vi.spyOn(claims, 'get');
    claims.apply('MODIFIED', unallocated('c1'));
    claims.apply('MODIFIED', unallocated('c3'));
    vi.advanceTimersByTime(FRAME);
    expect(kept.pools()[0]).toMatchObject({ allocated: 0 });
    expect(list).not.toHaveBeenCalled();
    expect(get.mock.calls.length).toBeLessThanOrEqual(2);
    // nothing changed: the same rows
    expect(kept.pools()).toBe(kept.pools());
    slices.dispose();
    claims.dispose();
  });
});
