// ResourceSlices as an inventory: one row per node / driver / pool with allocated
// over total devices. Only a pool's highest generation counts (older slices are
// leftovers a driver has not yet deleted). Where "allocated/total" does not tell the
// truth, the row says why: partitions sharing counters, devices that allow several
// allocations, admin-access allocations (they do not make a device busy), taints.
import type { KubeObject, ReadableStore, TableColumn, TableRow } from '../k8s/types.js';
import { normalizeClaim, normalizeSlice, sliceNode, type Slice } from './dra.js';
import { keyOf } from './store.js';
import { sanitize } from './sanitize.js';
import { capCell } from './table.js';

export interface PoolRow {
  node: string;
  driver: string;
  pool: string;
  generation: number;
  /** slices seen at this generation vs. resourceSliceCount */
  slices: number;
  expectedSlices: number;
  total: number;
  allocated: number;
  adminAllocations: number;
  sharedCounters: boolean;
  multiAllocatable: number;
  tainted: number;
  /** slices of this pool ignored as older generations */
  stale: number;
}

export const sliceColumns: TableColumn[] = [
  { id: 'node', title: 'NODE', minWidth: 8, priority: 0 },
  { id: 'driver', title: 'DRIVER', minWidth: 10, priority: 1 },
  { id: 'pool', title: 'POOL', minWidth: 8, priority: 2 },
  { id: 'allocated', title: 'ALLOCATED', align: 'right', priority: 0 },
  { id: 'generation', title: 'GEN', align: 'right', priority: 4 },
  { id: 'slices', title: 'SLICES', align: 'right', priority: 3 },
  { id: 'flags', title: 'NOTES', minWidth: 12, priority: 0 },
];

const poolKey = (driver: string, pool: string) => `${driver}\u0000${pool}`;
const deviceKey = (driver: string, pool: string, device: string) => `${driver}\u0000${pool}\u0000${device}`;

type Use = { normal: number; admin: number };

/** a claim's allocated devices, counted into `used` (sign +1) or out of it (-1) */
function count(used: Map<string, Use>, claim: KubeObject, sign: 1 | -1): void {
  for (const d of normalizeClaim(claim).devices) {
    const k = deviceKey(d.driver, d.pool, d.device);
    const u = used.get(k) ?? { normal: 0, admin: 0 };
    if (d.adminAccess) u.admin += sign;
    else u.normal += sign;
    if (u.normal === 0 && u.admin === 0) used.delete(k);
    else used.set(k, u);
  }
}

/** Pools at their newest generation, joined with the claims' allocation results. */
export function inventory(sliceObjs: readonly KubeObject[], claimObjs: readonly KubeObject[]): PoolRow[] {
  const used = new Map<string, Use>();
  for (const c of claimObjs) count(used, c, 1);
  return pools(sliceObjs, used);
}

/**
 * The inventory kept per claims event: which devices are allocated, updated from the
 * claims that changed (`changesSince`), so a claims flush costs the claims it changed,
 * not a pass over every claim; the pools themselves are built again from the slices
 * (a few per node) when anything changed. Equals inventory(slices, claims).
 */
export class SliceInventory {
  private used = new Map<string, Use>();
  /** each claim as it was counted */
  private counted = new Map<string, KubeObject>();
  private claimsVersion = -1;
  private slicesVersion = -1;
  private rows: PoolRow[] = [];

  constructor(
    private readonly slices: ReadableStore<KubeObject>,
    private readonly claims: ReadableStore<KubeObject> | undefined,
  ) {}

  /** the pools now: the same array while neither store changed */
  pools(): PoolRow[] {
    const claimsChanged = this.syncClaims();
    if (!claimsChanged && this.slices.version === this.slicesVersion) return this.rows;
    this.slicesVersion = this.slices.version;
    this.rows = pools(this.slices.list(), this.used);
    return this.rows;
  }

  private syncClaims(): boolean {
    const store = this.claims;
    if (!store || store.version === this.claimsVersion) return false;
    const changes = this.claimsVersion < 0 ? undefined : store.changesSince?.(this.claimsVersion);
    this.claimsVersion = store.version;
    const keys = changes ?? new Set([...this.counted.keys(), ...store.list().map(keyOf)]);
    for (const key of keys) {
      const old = this.counted.get(key);
      const claim = store.get(key);
      if (old === claim) continue;
      if (old) count(this.used, old, -1);
      if (claim) {
        count(this.used, claim, 1);
        this.counted.set(key, claim);
      } else this.counted.delete(key);
    }
    return true;
  }
}

function pools(sliceObjs: readonly KubeObject[], used: ReadonlyMap<string, Use>): PoolRow[] {
  const all = sliceObjs.map(normalizeSlice);
  const newest = new Map<string, number>();
  for (const s of all) newest.set(poolKey(s.driver, s.pool), Math.max(newest.get(poolKey(s.driver, s.pool)) ?? -1, s.generation));

  const rows = new Map<string, PoolRow>();
  const staleCount = new Map<string, number>();
  for (const s of all) {
    const pk = poolKey(s.driver, s.pool);
    if (s.generation < newest.get(pk)!) {
      staleCount.set(pk, (staleCount.get(pk) ?? 0) + 1);
      continue;
    }
    for (const [node, devices] of byNode(s)) {
      const key = `${node}\u0000${pk}`;
      let row = rows.get(key);
      if (!row) {
        row = { node, driver: s.driver, pool: s.pool, generation: s.generation, slices: 0, expectedSlices: s.resourceSliceCount, total: 0, allocated: 0, adminAllocations: 0, sharedCounters: false, multiAllocatable: 0, tainted: 0, stale: 0 };
        rows.set(key, row);
      }
      row.sharedCounters ||= s.sharedCounters > 0;
      for (const d of devices) {
        row.total++;
        const u = used.get(deviceKey(s.driver, s.pool, d.name));
        if (u?.normal) row.allocated++;
        if (u?.admin) row.adminAllocations += u.admin;
        if (d.consumesCounters) row.sharedCounters = true;
        if (d.allowMultipleAllocations) row.multiAllocatable++;
        if (d.taints.length) row.tainted++;
      }
    }
  }
  // count each slice once per row it contributed to
  for (const s of all) {
    if (s.generation < newest.get(poolKey(s.driver, s.pool))!) continue;
    for (const node of byNode(s).keys()) {
      const row = rows.get(`${node}\u0000${poolKey(s.driver, s.pool)}`);
      if (row) row.slices++;
    }
  }
  for (const row of rows.values()) row.stale = staleCount.get(poolKey(row.driver, row.pool)) ?? 0;
  return [...rows.values()].sort((a, b) => (a.node + a.driver + a.pool < b.node + b.driver + b.pool ? -1 : 1));
}

/** A slice's devices by where they are; per-device node selection splits them. */
function byNode(s: Slice): Map<string, Slice['devices']> {
  const out = new Map<string, Slice['devices']>();
  const add = (node: string, d: Slice['devices'][number]) => out.set(node, [...(out.get(node) ?? []), d]);
  if (!s.perDeviceNodeSelection || s.nodeName || s.allNodes) {
    out.set(sliceNode(s), s.devices);
    return out;
  }
  for (const d of s.devices) add(d.nodeName || (d.allNodes ? '(all nodes)' : '(node selector)'), d);
  if (s.devices.length === 0) out.set(sliceNode(s), []);
  return out;
}

/** Why allocated/total alone would mislead, in words. */
export function poolNotes(r: PoolRow): string[] {
  const notes: string[] = [];
  if (r.sharedCounters) notes.push('partitionable: devices share counters, free ≠ total-allocated');
  if (r.multiAllocatable) notes.push(`${r.multiAllocatable} multi-allocatable`);
  if (r.adminAllocations) notes.push(`${r.adminAllocations} admin-access allocation${r.adminAllocations > 1 ? 's' : ''} (not counted)`);
  if (r.tainted) notes.push(`${r.tainted} tainted`);
  if (r.expectedSlices > 0 && r.slices < r.expectedSlices && !r.node.startsWith('(')) notes.push(`incomplete pool: ${r.slices} of ${r.expectedSlices} slices`);
  if (r.stale) notes.push(`${r.stale} older-generation slice${r.stale > 1 ? 's' : ''} ignored`);
  return notes;
}

export function poolRow(r: PoolRow): TableRow {
  const notes = poolNotes(r);
  const cells = [
    sanitize(r.node || '-'),
    sanitize(r.driver),
    sanitize(r.pool),
    `${r.allocated}/${r.total}`,
    String(r.generation),
    r.expectedSlices ? `${r.slices}/${r.expectedSlices}` : String(r.slices),
    sanitize(notes.map((n) => n.replace(/:.*$/, '')).join(', ') || '-'),
  ].map(capCell);
  return {
    key: `${r.node}/${r.driver}/${r.pool}`,
    cells,
    sort: [cells[0], cells[1], cells[2], r.total ? r.allocated / r.total : 0, r.generation, r.slices, cells[6]],
    tone: r.tainted || r.sharedCounters || r.multiAllocatable || r.adminAllocations ? 'warn' : r.allocated >= r.total && r.total > 0 ? 'dim' : 'normal',
  };
}

export function poolDetails(r: PoolRow | undefined): string {
  return r ? sanitize(poolNotes(r).join('; ')) : '';
}
