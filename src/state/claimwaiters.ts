// Pods waiting for a device claim: gated pods that reference claims, and pods the
// scheduler could not place while one of their claims is unallocated (or not yet
// generated from its template). The scheduler's words come from the pod's events,
// fetched on demand for the selected pod only.
import type { KubeObject, ReadableStore, TableColumn, TableRow } from '../k8s/types.js';
import { humanDuration, parseTime } from './format.js';
import { arr, normalizeClaim, rec, str } from './dra.js';
import { podGates } from './pods.js';
import { sanitize, sanitizeName } from './sanitize.js';
import { keyOf } from './store.js';
import { capCell } from './table.js';

export interface PodClaimRef {
  /** the pod's own name for the claim */
  name: string;
  /** the ResourceClaim's name; "" when a template's claim is not generated yet */
  claim: string;
  template: string;
}

/** spec.resourceClaims resolved through status.resourceClaimStatuses for templates. */
export function podClaimRefs(pod: KubeObject): PodClaimRef[] {
  const generated = new Map(arr(pod.status?.resourceClaimStatuses).map((s) => [str(rec(s).name), str(rec(s).resourceClaimName)]));
  return arr(pod.spec?.resourceClaims).map((rc) => {
    const r = rec(rc);
    const template = str(r.resourceClaimTemplateName);
    return { name: str(r.name), claim: str(r.resourceClaimName) || (template ? (generated.get(str(r.name)) ?? '') : ''), template };
  });
}

function scheduledCondition(pod: KubeObject): Record<string, unknown> | undefined {
  return arr(pod.status?.conditions).find((c) => rec(c).type === 'PodScheduled' && rec(c).status === 'False');
}

/** "pending" / "allocated" / "missing" / "not generated" for each claim of the pod */
export function claimStates(pod: KubeObject, claims: ReadableStore<KubeObject> | undefined): { ref: PodClaimRef; state: string }[] {
  return podClaimRefs(pod).map((ref) => {
    if (!ref.claim) return { ref, state: 'not generated' };
    const claim = claims?.get(`${pod.metadata.namespace}/${ref.claim}`);
    if (!claim) return { ref, state: 'missing' };
    return { ref, state: normalizeClaim(claim).allocated ? 'allocated' : 'pending' };
  });
}

/** Why the pod waits, or undefined when it does not wait for a claim. */
export function waitingReason(pod: KubeObject, claims: ReadableStore<KubeObject> | undefined): string | undefined {
  if (pod.spec?.nodeName || pod.metadata?.deletionTimestamp) return undefined;
  const states = claimStates(pod, claims);
  if (states.length === 0) return undefined;
  if (podGates(pod).length > 0) return 'gated';
  const cond = scheduledCondition(pod);
  if (cond?.reason === 'Unschedulable' && states.some((s) => s.state !== 'allocated')) return 'unschedulable';
  return undefined;
}

export const waiterColumns: TableColumn[] = [
  { id: 'namespace', title: 'NAMESPACE', minWidth: 6, priority: 2 },
  { id: 'name', title: 'POD', minWidth: 14, priority: 0 },
  { id: 'reason', title: 'WAITING', minWidth: 13, priority: 0 },
  { id: 'claims', title: 'CLAIMS', minWidth: 14, priority: 0 },
  { id: 'for', title: 'FOR', align: 'right', priority: 1 },
];

export function waiterRow(pod: KubeObject, now: number, claims: ReadableStore<KubeObject> | undefined): TableRow | undefined {
  const reason = waitingReason(pod, claims);
  if (!reason) return undefined;
  const gates = podGates(pod);
  const since = parseTime(scheduledCondition(pod)?.lastTransitionTime) ?? parseTime(pod.metadata?.creationTimestamp);
  const claimText = claimStates(pod, claims)
    .map(({ ref, state }) => `${ref.claim || `${ref.template}→?`} ${state}`)
    .join(', ');
  const text = [
    sanitizeName(str(pod.metadata?.namespace)),
    sanitizeName(str(pod.metadata?.name)),
    sanitize(reason === 'gated' ? `gated (${gates.length})` : reason),
    sanitize(claimText),
  ].map(capCell);
  // FOR at `clock`, never before the row was built
  const cells = (clock: number): string[] => [...text, since === undefined ? '' : humanDuration(Math.max(clock, now) - since)];
  // none of the sort keys depend on the time: longest waiting last when ascending, as FOR's numbers
  return { key: keyOf(pod), cells: cells(now), live: cells, sort: [text[0]!, text[1]!, text[2]!, text[3]!, since === undefined ? -Number.MAX_VALUE : -since], tone: 'warn' };
}

/** the cheap test first: most pods reference no claim, or are placed */
const mayWait = (pod: KubeObject) => Array.isArray(pod.spec?.resourceClaims) && !pod.spec.nodeName;

/** whether the pod waits for a claim (the waiting view's scope) */
export function waitsForClaim(pod: KubeObject, claims: ReadableStore<KubeObject> | undefined): boolean {
  return mayWait(pod) && waitingReason(pod, claims) !== undefined;
}

/**
 * Which pods reference which claims, kept per store event, so that a claims flush names
 * the pods whose waiting rows it changed (a claim allocated, generated, deleted) and a
 * pods flush costs the pods that changed; and how many pods wait, whatever the filter.
 */
export class ClaimWaiters {
  private podsVersion = -1;
  private claimsVersion = -1;
  private refs = new Map<string, string[]>();
  private byClaim = new Map<string, Set<string>>();
  /** the keys of the pods that wait for a claim */
  readonly waiting = new Set<string>();

  constructor(
    private readonly pods: ReadableStore<KubeObject>,
    private readonly claims: ReadableStore<KubeObject> | undefined,
  ) {}

  /** brings it up to date: the keys of the pods whose rows changed with the claims, or 'all' */
  update(): ReadonlySet<string> | 'all' {
    const { pods, claims } = this;
    let all = false;
    if (pods.version !== this.podsVersion) {
      const changes = this.podsVersion < 0 ? undefined : pods.changesSince?.(this.podsVersion);
      this.podsVersion = pods.version;
      if (!changes) {
        this.refs = new Map();
        this.byClaim = new Map();
        this.waiting.clear();
        for (const p of pods.list()) this.setPod(keyOf(p), p);
        all = true;
      } else for (const key of changes) this.setPod(key, pods.get(key));
    }
    const touched = new Set<string>();
    if (claims && claims.version !== this.claimsVersion) {
      const changes = this.claimsVersion < 0 ? undefined : claims.changesSince?.(this.claimsVersion);
      const first = this.claimsVersion < 0;
      this.claimsVersion = claims.version;
      if (!changes) {
        if (!first) all = true;
        for (const key of [...this.refs.keys()]) this.setPod(key, pods.get(key));
      } else
        for (const c of changes)
          // a copy: setPod takes the pod out of the set and puts it back
          for (const key of [...(this.byClaim.get(c) ?? [])]) {
            touched.add(key);
            this.setPod(key, pods.get(key));
          }
    }
    return all ? 'all' : touched;
  }

  private setPod(key: string, pod: KubeObject | undefined): void {
    for (const c of this.refs.get(key) ?? []) {
      const set = this.byClaim.get(c);
      set?.delete(key);
      if (set?.size === 0) this.byClaim.delete(c);
    }
    this.refs.delete(key);
    this.waiting.delete(key);
    if (!pod || !mayWait(pod)) return;
    const claims = podClaimRefs(pod)
      .filter((r) => r.claim)
      .map((r) => `${pod.metadata.namespace}/${r.claim}`);
    this.refs.set(key, claims);
    for (const c of claims) {
      let set = this.byClaim.get(c);
      if (!set) this.byClaim.set(c, (set = new Set()));
      set.add(key);
    }
    if (waitingReason(pod, this.claims) !== undefined) this.waiting.add(key);
  }
}

export function waiterRows(pods: readonly KubeObject[], now: number, claims: ReadableStore<KubeObject> | undefined): TableRow[] {
  const rows: TableRow[] = [];
  for (const p of pods) {
    if (!mayWait(p)) continue;
    const row = waiterRow(p, now, claims);
    if (row) rows.push(row);
  }
  return rows;
}

/** The scheduler's last word from the pod's events (newest first), else the condition's message. */
export function schedulerMessage(pod: KubeObject, events: readonly KubeObject[] | undefined): string {
  const ev = (events ?? []).find((e) => e.reason === 'FailedScheduling' || e.reason === 'Scheduled');
  if (ev) return sanitize(`${String(ev.reason)}: ${String(ev.message ?? ev.note ?? '')}`);
  const cond = scheduledCondition(pod);
  if (cond?.message) return sanitize(String(cond.message));
  const gates = podGates(pod);
  return gates.length ? sanitize(`gates: ${gates.join(', ')}`) : '';
}
