// ResourceClaim rows: kubectl's STATE (printers.go resourceClaimState) plus what an
// admin needs to see beside it: classes, devices, consumers and node.
import type { KubeObject, RowTone, TableColumn, TableRow } from '../k8s/types.js';
import { humanDuration, parseTime } from './format.js';
import { arr, normalizeClaim, rec, selectorNodes, str, type Consumer } from './dra.js';
import { sanitize, sanitizeName } from './sanitize.js';
import { keyOf } from './store.js';
import { capCell } from './table.js';

/** What rows need from outside the claim: which pods exist, which pod made which claim. */
export interface ClaimContext {
  /** uids of pods in the pods store; null while unknown (not synced, forbidden) */
  podUids: ReadonlySet<string> | null;
  /** "ns/claimName" → pod name, from pods' status.resourceClaimStatuses */
  generatedFor: ReadonlyMap<string, string>;
}

export const emptyClaimContext: ClaimContext = { podUids: null, generatedFor: new Map() };

/** Indexes the pods once per pods-store change. */
export function claimContext(pods: readonly KubeObject[] | null): ClaimContext {
  if (!pods) return emptyClaimContext;
  const podUids = new Set<string>();
  const generatedFor = new Map<string, string>();
  for (const p of pods) {
    if (p.metadata?.uid) podUids.add(p.metadata.uid);
    for (const s of arr(p.status?.resourceClaimStatuses)) {
      const claim = str(rec(s).resourceClaimName);
      if (claim) generatedFor.set(`${p.metadata.namespace}/${claim}`, p.metadata.name);
    }
  }
  return { podUids, generatedFor };
}

/** kubectl's STATE: deleted, pending, allocated, reserved, joined with commas. */
export function claimState(obj: KubeObject): string {
  const c = normalizeClaim(obj);
  const states: string[] = [];
  const deleted = !!obj.metadata?.deletionTimestamp;
  if (deleted) states.push('deleted');
  if (!c.allocated) {
    if (!deleted) states.push('pending');
  } else {
    states.push('allocated');
    if (c.reservedFor.length > 0) states.push('reserved');
  }
  return states.join(',');
}

const isPodRef = (c: Consumer) => c.resource === 'pods' && c.apiGroup === '';

/** A reservation for a pod whose uid is not among existing pods (never matched by name). */
export function isStale(c: Consumer, ctx: ClaimContext): boolean {
  return ctx.podUids !== null && isPodRef(c) && c.uid !== '' && !ctx.podUids.has(c.uid);
}

export function staleReservations(obj: KubeObject, ctx: ClaimContext): Consumer[] {
  return normalizeClaim(obj).reservedFor.filter((c) => isStale(c, ctx));
}

export function consumerLabel(c: Consumer): string {
  const kind = isPodRef(c) ? 'pod' : c.apiGroup ? `${c.resource}.${c.apiGroup}` : c.resource;
  return `${kind}/${c.name}`;
}

/** The pod a claim was generated for: controller owner reference, else the pod's status. */
export function claimOwner(obj: KubeObject, ctx: ClaimContext): string {
  const refs: unknown = obj.metadata?.ownerReferences;
  const owner = (Array.isArray(refs) ? (refs as { kind?: unknown; apiVersion?: unknown; name?: unknown; uid?: unknown }[]) : []).find((r) => r?.kind === 'Pod' && r?.apiVersion === 'v1');
  if (owner) return `pod/${String(owner.name)}`;
  const pod = ctx.generatedFor.get(keyOf(obj));
  return pod ? `pod/${pod}` : '';
}

export const claimColumns: TableColumn[] = [
  { id: 'namespace', title: 'NAMESPACE', minWidth: 6, priority: 3 },
  { id: 'name', title: 'NAME', minWidth: 18, priority: 0 },
  // what an admin scans for: never cut "deleted,allocated,reserved"
  { id: 'state', title: 'STATE', minWidth: 26, priority: 0 },
  { id: 'class', title: 'CLASS', minWidth: 8, priority: 3 },
  { id: 'devices', title: 'DEVICES', minWidth: 12, priority: 2 },
  { id: 'reservedFor', title: 'RESERVED FOR', minWidth: 14, priority: 0 },
  { id: 'node', title: 'NODE', minWidth: 6, priority: 1 },
  { id: 'age', title: 'AGE', align: 'right', priority: 3 },
  { id: 'owner', title: 'OWNER', minWidth: 8, priority: 5 },
];

const none = (s: string) => s || '-';

export function claimRow(obj: KubeObject, now: number, ctx: ClaimContext): TableRow {
  const c = normalizeClaim(obj);
  const state = claimState(obj);
  const classes = [...new Set(c.requests.map((r) => r.classes.join('|')).filter(Boolean))].join(',');
  const devices = c.devices.map((d) => `${d.driver}/${d.pool}/${d.device}${d.adminAccess ? ' (admin)' : ''}`).join(', ');
  const stale = c.reservedFor.filter((r) => isStale(r, ctx));
  // stale first, so a narrow column still shows the flag
  const reserved = [...stale.map((r) => `${consumerLabel(r)} ✗`), ...c.reservedFor.filter((r) => !isStale(r, ctx)).map(consumerLabel)].join(', ');
  const created = parseTime(obj.metadata?.creationTimestamp);
  const tone: RowTone = stale.length ? 'error' : obj.metadata?.deletionTimestamp ? 'warn' : c.allocated ? 'ok' : 'warn';
  const cells = [
    sanitizeName(str(obj.metadata?.namespace)),
    sanitizeName(str(obj.metadata?.name)),
    sanitize(state),
    sanitize(none(classes)),
    sanitize(none(devices)),
    sanitize(none(reserved)),
    sanitize(none(c.allocated ? selectorNodes(c.nodeSelector) || '(any)' : '')),
    created === undefined ? '<unknown>' : humanDuration(now - created),
    sanitize(none(claimOwner(obj, ctx))),
  ].map(capCell);
  const sort: (string | number)[] = [...cells];
  sort[7] = created === undefined ? Number.MAX_SAFE_INTEGER : -created;
  return { key: keyOf(obj), cells, sort, tone };
}

/** The selected claim's long fields, for the line under the table. */
export function claimDetails(obj: KubeObject | undefined, ctx: ClaimContext): string {
  if (!obj) return '';
  const c = normalizeClaim(obj);
  const parts: string[] = [];
  const stale = c.reservedFor.filter((r) => isStale(r, ctx));
  if (stale.length) parts.push(`stale: ${stale.map((r) => `${consumerLabel(r)} (uid ${r.uid}) no longer exists`).join(', ')}`);
  const owner = claimOwner(obj, ctx);
  if (owner) parts.push(`generated for ${owner}`);
  const reqs = c.requests.map((r) => `${r.name}: ${r.classes.join(r.alternatives ? ' | ' : ',') || '?'}${r.allocationMode === 'All' ? ' (all)' : r.count > 1 ? ` ×${r.count}` : ''}${r.adminAccess ? ' admin' : ''}`);
  if (reqs.length) parts.push(`requests ${reqs.join('; ')}`);
  if (c.devices.length) parts.push(`devices ${c.devices.map((d) => `${d.request}→${d.driver}/${d.pool}/${d.device}${d.adminAccess ? ' (admin access)' : ''}`).join(', ')}`);
  const finalizers: unknown = obj.metadata?.finalizers;
  if (Array.isArray(finalizers) && finalizers.length) parts.push(`finalizers: ${finalizers.map(String).join(', ')}`);
  return sanitize(parts.join('   '));
}
