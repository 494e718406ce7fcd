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
  const cells = [
    sanitizeName(str(pod.metadata?.namespace)),
    sanitizeName(str(pod.metadata?.name)),
    sanitize(reason === 'gated' ? `gated (${gates.length})` : reason),
    sanitize(claimText),
    since === undefined ? '' : humanDuration(now - since),
  ].map(capCell);
  return { key: keyOf(pod), cells, sort: [cells[0], cells[1], cells[2], cells[3], since === undefined ? 0 : now - since], tone: 'warn' };
}

export function waiterRows(pods: readonly KubeObject[], now: number, claims: ReadableStore<KubeObject> | undefined): TableRow[] {
  const rows: TableRow[] = [];
  for (const p of pods) {
    // cheap test first: most pods reference no claim
    if (!Array.isArray(p.spec?.resourceClaims) || p.spec.nodeName) continue;
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
