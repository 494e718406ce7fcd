// ResourceClaim rows: kubectl's STATE (printers.go resourceClaimState) plus what an
// admin needs to see beside it: classes, devices, consumers and node.
import type { KubeObject, ReadableStore, RowTone, TableColumn, TableRow } from '../k8s/types.js';
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
  const text = [
    sanitizeName(str(obj.metadata?.namespace)),
    sanitizeName(str(obj.metadata?.name)),
    sanitize(state),
    sanitize(none(classes)),
    sanitize(none(devices)),
    sanitize(none(reserved)),
    sanitize(none(c.allocated ? selectorNodes(c.nodeSelector) || '(any)' : '')),
    '',
    sanitize(none(claimOwner(obj, ctx))),
  ].map(capCell);
  // AGE at `clock`, never before the row was built (a coarse clock that ticked before
  // the claim was made must not age it below zero)
  const cells = (clock: number): string[] => {
    const out = [...text];
    out[AGE] = created === undefined ? '<unknown>' : humanDuration(Math.max(clock, now) - created);
    return out;
  };
  const sort: (string | number)[] = [...text];
  sort[AGE] = created === undefined ? Number.MAX_SAFE_INTEGER : -created;
  return { key: keyOf(obj), cells: cells(now), live: cells, sort, tone };
}

const AGE = claimColumns.findIndex((c) => c.id === 'age');

/**
 * The pods' side of the claim rows (which pod uids exist, which pod a claim was generated
 * for), kept per store event: a pods flush costs the pods that changed, and tells which
 * claims' rows it changed (those reserved for a pod that came or went, those a pod's
 * status names), not a pass over every pod and every claim.
 */
export class ClaimContextIndex {
  /** read by claimRow when a row is built; kept up to date by update() */
  readonly ctx: { podUids: Set<string> | null; generatedFor: Map<string, string> } = { podUids: null, generatedFor: new Map() };
  private podsVersion = -1;
  private claimsVersion = -1;
  /** per pod key: its uid and the claim keys its status names */
  private pods = new Map<string, { uid: string; name: string; generated: string[] }>();
  /** claim key → the pods (key → name) whose status names it */
  private generators = new Map<string, Map<string, string>>();
  /** pod uid → the claims reserved for it; per claim key, the uids it reserves */
  private reservers = new Map<string, Set<string>>();
  private reserving = new Map<string, string[]>();

  constructor(
    private readonly podStore: ReadableStore<KubeObject>,
    private readonly claimStore: ReadableStore<KubeObject>,
  ) {}

  /** brings the context up to date: the claim keys whose rows changed with it, or 'all' */
  update(): ReadonlySet<string> | 'all' {
    this.syncClaims();
    const pods = this.podStore;
    // a half-listed store would flag live pods as gone: nothing of the pods counts until synced
    if (pods.health.state !== 'synced') {
      if (this.ctx.podUids === null && this.podsVersion < 0) return EMPTY;
      this.podsVersion = -1;
      this.pods = new Map();
      this.generators = new Map();
      this.ctx.podUids = null;
      this.ctx.generatedFor = new Map();
      return 'all';
    }
    if (this.ctx.podUids === null) {
      this.ctx.podUids = new Set();
      this.podsVersion = -1;
    }
    if (pods.version === this.podsVersion) return EMPTY;
    const changes = this.podsVersion < 0 ? undefined : pods.changesSince?.(this.podsVersion);
    this.podsVersion = pods.version;
    if (!changes) {
      this.pods = new Map();
      this.generators = new Map();
      this.ctx.generatedFor = new Map();
      this.ctx.podUids = new Set();
      for (const p of pods.list()) this.addPod(keyOf(p), p);
      return 'all';
    }
    const touched = new Set<string>();
    for (const key of changes) {
      const old = this.pods.get(key);
      const pod = pods.get(key);
      const next = pod && podFacts(pod);
      if (old && next && old.uid === next.uid && old.name === next.name && same(old.generated, next.generated)) continue;
      if (old) this.removePod(key, old, touched);
      if (pod) this.addPod(key, pod, touched);
    }
    return touched;
  }

  private addPod(key: string, pod: KubeObject, touched?: Set<string>): void {
    const facts = podFacts(pod);
    this.pods.set(key, facts);
    if (facts.uid) this.ctx.podUids?.add(facts.uid);
    for (const c of facts.generated) {
      let by = this.generators.get(c);
      if (!by) this.generators.set(c, (by = new Map()));
      by.set(key, facts.name);
      this.resolveGenerated(c);
    }
    if (touched) this.touch(facts, touched);
  }

  private removePod(key: string, facts: { uid: string; name: string; generated: string[] }, touched: Set<string>): void {
    this.pods.delete(key);
    if (facts.uid) this.ctx.podUids?.delete(facts.uid);
    for (const c of facts.generated) {
      const by = this.generators.get(c);
      by?.delete(key);
      if (by?.size === 0) this.generators.delete(c);
      this.resolveGenerated(c);
    }
    this.touch(facts, touched);
  }

  /** as claimContext: of the pods that name a claim, the last in the store's order */
  private resolveGenerated(claim: string): void {
    const by = this.generators.get(claim);
    if (!by) return void this.ctx.generatedFor.delete(claim);
    let best: { order: number; name: string } | undefined;
    for (const [key, name] of by) {
      const order = this.podStore.orderOf?.(key) ?? 0;
      if (!best || order >= best.order) best = { order, name };
    }
    this.ctx.generatedFor.set(claim, best!.name);
  }

  private touch(facts: { uid: string; generated: string[] }, touched: Set<string>): void {
    for (const c of facts.generated) touched.add(c);
    for (const c of this.reservers.get(facts.uid) ?? []) touched.add(c);
  }

  private syncClaims(): void {
    const store = this.claimStore;
    if (store.version === this.claimsVersion) return;
    const changes = this.claimsVersion < 0 ? undefined : store.changesSince?.(this.claimsVersion);
    this.claimsVersion = store.version;
    const keys = changes ?? new Set([...this.reserving.keys(), ...store.list().map(keyOf)]);
    for (const key of keys) {
      for (const uid of this.reserving.get(key) ?? []) {
        const set = this.reservers.get(uid);
        set?.delete(key);
        if (set?.size === 0) this.reservers.delete(uid);
      }
      this.reserving.delete(key);
      const claim = store.get(key);
      const uids = claim ? normalizeClaim(claim).reservedFor.map((r) => r.uid).filter(Boolean) : [];
      if (uids.length === 0) continue;
      this.reserving.set(key, uids);
      for (const uid of uids) {
        let set = this.reservers.get(uid);
        if (!set) this.reservers.set(uid, (set = new Set()));
        set.add(key);
      }
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function podFacts(p: KubeObject): { uid: string; name: string; generated: string[] } {
  const generated: string[] = [];
  for (const s of arr(p.status?.resourceClaimStatuses)) {
    const claim = str(rec(s).resourceClaimName);
    if (claim) generated.push(`${p.metadata.namespace}/${claim}`);
  }
  return { uid: str(p.metadata?.uid), name: p.metadata.name, generated };
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

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
