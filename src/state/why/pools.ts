// ResourceSlices gathered into pools as the structured allocator does
// (k8s.io/dynamic-resource-allocation structured/internal/stable/pools_stable.go):
// a pool is keyed by driver and spec.pool.name; only slices of its highest
// spec.pool.generation count (older ones are obsolete); it is complete when that
// generation's slice count equals resourceSliceCount; it is invalid when a device
// name or a counter set name repeats across its slices.
import type { KubeObject } from '../../k8s/types.js';
import { arr, rec, str, versionOf } from '../dra.js';
import { quantityValue as quantity } from '../pvs.js';
import { nodeSelectorMatches } from './nodes.js';
import type { CelDevice } from './types.js';

export interface PoolDevice {
  /** driver/pool/device, as allocation results name it */
  id: string;
  name: string;
  slice: string;
  cel: CelDevice;
  taints: { key: string; value: string; effect: string }[];
  allowMultipleAllocations: boolean;
  /** counterSet → counter → amount */
  consumes: { counterSet: string; counters: Record<string, number> }[];
  bindingConditions: string[];
  /** where the device is: its slice's (or its own, per-device) node selection */
  reachable(node: KubeObject | undefined): boolean;
}

export interface Pool {
  driver: string;
  name: string;
  generation: number;
  resourceSliceCount: number;
  slices: number;
  /** slices of older generations, ignored */
  obsoleteSlices: number;
  incomplete: boolean;
  /** "" or why the allocator refuses the pool (e.g. "duplicate device name gpu-0") */
  invalid: string;
  devices: PoolDevice[];
  /** counterSet → counter → amount offered */
  counterSets: Map<string, Record<string, number>>;
}

const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);

function quantities(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, c] of Object.entries(rec(v))) out[k] = quantity(str(rec(c).value));
  return out;
}

function where(spec: Record<string, unknown>): (node: KubeObject | undefined) => boolean {
  if (str(spec.nodeName)) return (node) => !node || node.metadata.name === spec.nodeName;
  if (spec.allNodes === true) return () => true;
  if (spec.nodeSelector) return (node) => !node || nodeSelectorMatches(spec.nodeSelector, node);
  return () => true;
}

function device(d: unknown, driver: string, pool: string, slice: KubeObject, sliceWhere: (n: KubeObject | undefined) => boolean, legacy: boolean): PoolDevice {
  const outer = rec(d);
  const f = legacy || outer.basic ? rec(outer.basic ?? outer) : outer;
  const name = str(outer.name);
  const own = rec(slice.spec).perDeviceNodeSelection === true ? where(f) : sliceWhere;
  return {
    id: `${driver}/${pool}/${name}`,
    name,
    slice: slice.metadata.name,
    cel: { driver, allowMultipleAllocations: f.allowMultipleAllocations === true, attributes: rec(f.attributes), capacity: rec(f.capacity) },
    taints: arr(f.taints).map((t) => ({ key: str(rec(t).key), value: str(rec(t).value), effect: str(rec(t).effect) })),
    allowMultipleAllocations: f.allowMultipleAllocations === true,
    consumes: arr(f.consumesCounters).map((c) => ({ counterSet: str(rec(c).counterSet), counters: quantities(rec(c).counters) })),
    bindingConditions: arr(f.bindingConditions).map(str).filter(Boolean),
    reachable: own,
  };
}

export function gatherPools(sliceObjs: readonly KubeObject[]): Pool[] {
  const byPool = new Map<string, KubeObject[]>();
  for (const s of sliceObjs) {
    const spec = rec(s.spec);
    const key = `${str(spec.driver)}\u0000${str(rec(spec.pool).name)}`;
    byPool.set(key, [...(byPool.get(key) ?? []), s]);
  }
  const pools: Pool[] = [];
  for (const slices of byPool.values()) {
    const gen = (s: KubeObject) => int(rec(rec(s.spec).pool).generation);
    const newest = Math.max(...slices.map(gen));
    const current = slices.filter((s) => gen(s) === newest);
    const spec0 = rec(current[0]!.spec);
    const driver = str(spec0.driver);
    const name = str(rec(spec0.pool).name);
    const expected = int(rec(spec0.pool).resourceSliceCount);
    const devices: PoolDevice[] = [];
    const counterSets = new Map<string, Record<string, number>>();
    let invalid = '';
    const seen = new Set<string>();
    for (const s of current) {
      const spec = rec(s.spec);
      for (const cs of arr(spec.sharedCounters)) {
        const csName = str(rec(cs).name);
        if (counterSets.has(csName) && !invalid) invalid = `duplicate counter set name ${csName}`;
        counterSets.set(csName, quantities(rec(cs).counters));
      }
      const w = where(spec);
      for (const d of arr(spec.devices)) {
        const dev = device(d, driver, name, s, w, versionOf(s) === 'v1beta1' || versionOf(s) === 'v1alpha3');
        if (seen.has(dev.name) && !invalid) invalid = `duplicate device name ${dev.name}`;
        seen.add(dev.name);
        devices.push(dev);
      }
    }
    pools.push({
      driver,
      name,
      generation: newest,
      resourceSliceCount: expected,
      slices: current.length,
      obsoleteSlices: slices.length - current.length,
      incomplete: current.length !== expected,
      invalid,
      devices,
      counterSets,
    });
  }
  return pools.sort((a, b) => (`${a.driver}/${a.name}` < `${b.driver}/${b.name}` ? -1 : 1));
}
