// DeviceClass rows: what a class selects and configures, and how many claims ask for it.
import type { KubeObject, ReadableStore, TableColumn, TableRow } from '../k8s/types.js';
import { age } from './format.js';
import { normalizeClaim, normalizeDeviceClass } from './dra.js';
import { sanitize, sanitizeName } from './sanitize.js';
import { keyOf } from './store.js';
import { capCell } from './table.js';

export const deviceClassColumns: TableColumn[] = [
  { id: 'name', title: 'NAME', minWidth: 14, priority: 0 },
  { id: 'claims', title: 'CLAIMS', align: 'right', priority: 0 },
  { id: 'selectors', title: 'SELECTORS', minWidth: 12, priority: 1 },
  { id: 'config', title: 'CONFIG', minWidth: 8, priority: 2 },
  { id: 'extended', title: 'EXTENDED RESOURCE', minWidth: 8, priority: 3 },
  { id: 'age', title: 'AGE', align: 'right', priority: 2 },
];

/** class name → number of claims with a request (or subrequest) for it */
export function claimsPerClass(claims: readonly KubeObject[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of claims) {
    const names = new Set(normalizeClaim(c).requests.flatMap((r) => r.classes));
    for (const n of names) out.set(n, (out.get(n) ?? 0) + 1);
  }
  return out;
}

/**
 * claimsPerClass kept per claims-store event: a flush costs the claims that changed, and
 * tells which classes' counts changed (their rows are built again), not a pass over all.
 */
export class ClaimsPerClass {
  /** class name → number of claims asking for it; read by deviceClassRow */
  readonly counts = new Map<string, number>();
  private version = -1;
  private byClaim = new Map<string, readonly string[]>();

  constructor(private readonly claims: ReadableStore<KubeObject> | undefined) {}

  /** brings the counts up to date: the names of the classes whose count changed */
  update(): ReadonlySet<string> {
    const store = this.claims;
    const changed = new Set<string>();
    if (!store || store.version === this.version) return changed;
    const changes = this.version < 0 ? undefined : store.changesSince?.(this.version);
    this.version = store.version;
    const keys = changes ?? new Set([...this.byClaim.keys(), ...store.list().map(keyOf)]);
    for (const key of keys) {
      const old = this.byClaim.get(key) ?? [];
      const claim = store.get(key);
      const next = claim ? [...new Set(normalizeClaim(claim).requests.flatMap((r) => r.classes))] : [];
      if (old.length === next.length && old.every((c, i) => c === next[i])) continue;
      for (const c of old) {
        const n = (this.counts.get(c) ?? 0) - 1;
        if (n > 0) this.counts.set(c, n);
        else this.counts.delete(c);
        changed.add(c);
      }
      for (const c of next) {
        this.counts.set(c, (this.counts.get(c) ?? 0) + 1);
        changed.add(c);
      }
      if (next.length) this.byClaim.set(key, next);
      else this.byClaim.delete(key);
    }
    return changed;
  }
}

export function deviceClassRow(obj: KubeObject, now: number, perClass: ReadonlyMap<string, number>): TableRow {
  const dc = normalizeDeviceClass(obj);
  const name = String(obj.metadata?.name ?? '');
  const count = perClass.get(name) ?? 0;
  const selectors = dc.selectors.length === 0 ? '-' : dc.selectors.length === 1 ? dc.selectors[0] : `${dc.selectors.length} CEL: ${dc.selectors[0]}`;
  const cells = [
    sanitizeName(name),
    String(count),
    sanitize(selectors),
    sanitize(dc.configDrivers.join(',') || '-'),
    sanitize(dc.extendedResourceName || '-'),
    age(obj.metadata?.creationTimestamp, now),
  ].map(capCell);
  // AGE at `clock`, never before the row was built
  const live = (clock: number): string[] => [...cells.slice(0, 5), age(obj.metadata?.creationTimestamp, Math.max(clock, now))];
  return { key: keyOf(obj), cells, live, sort: [cells[0], count, cells[2], cells[3], cells[4], -(Date.parse(String(obj.metadata?.creationTimestamp)) || 0)] };
}

export function deviceClassDetails(obj: KubeObject | undefined): string {
  if (!obj) return '';
  const dc = normalizeDeviceClass(obj);
  return sanitize(dc.selectors.map((s) => `cel: ${s}`).join('   '));
}
