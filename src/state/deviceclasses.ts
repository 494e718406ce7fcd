// DeviceClass rows: what a class selects and configures, and how many claims ask for it.
import type { KubeObject, TableColumn, TableRow } from '../k8s/types.js';
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
  return { key: keyOf(obj), cells, sort: [cells[0], count, cells[2], cells[3], cells[4], -(Date.parse(String(obj.metadata?.creationTimestamp)) || 0)] };
}

export function deviceClassDetails(obj: KubeObject | undefined): string {
  if (!obj) return '';
  const dc = normalizeDeviceClass(obj);
  return sanitize(dc.selectors.map((s) => `cel: ${s}`).join('   '));
}
