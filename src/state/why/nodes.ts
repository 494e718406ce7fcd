// kubedeck's estimate of where a pod could run, over the nodes it may list. It
// follows the scheduler's filter order (NodeUnschedulable, TaintToleration,
// NodeAffinity, NodeResourcesFit) and names the first filter each node fails. It is
// an estimate: topology spread, pod (anti-)affinity, volume node affinity, host
// ports and DRA are not part of it (the scheduler's own words come first).
import type { KubeObject } from '../../k8s/types.js';
import { arr, rec, str } from '../dra.js';
import { quantityValue } from '../pvs.js';

export const NOT_ESTIMATED = ['topology spread constraints', 'pod (anti-)affinity', 'volume node affinity', 'host ports', 'devices of resource claims (see the claims)'];

interface Taint {
  key: string;
  value: string;
  effect: string;
}

/** v1 Toleration vs Taint, as k8s.io/api/core/v1 Toleration.ToleratesTaint. */
export function toleratesTaint(toleration: unknown, taint: Taint): boolean {
  const t = rec(toleration);
  if (str(t.effect) && str(t.effect) !== taint.effect) return false;
  if (str(t.key) && str(t.key) !== taint.key) return false;
  const op = str(t.operator) || 'Equal';
  if (op === 'Exists') return true;
  return op === 'Equal' && str(t.value) === taint.value;
}

const taintText = (t: Taint) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

function requirementMatches(req: unknown, value: string | undefined): boolean {
  const r = rec(req);
  const values = arr(r.values).map(str);
  switch (str(r.operator)) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const n = Number.parseInt(value ?? '', 10);
      const bound = Number.parseInt(values[0] ?? '', 10);
      if (!Number.isFinite(n) || !Number.isFinite(bound)) return false;
      return str(r.operator) === 'Gt' ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

/** A core NodeSelector (terms ORed, requirements ANDed) against a node. */
export function nodeSelectorMatches(selector: unknown, node: KubeObject): boolean {
  const labels = node.metadata?.labels ?? {};
  const terms = arr(rec(selector).nodeSelectorTerms);
  return terms.some((term) => {
    const t = rec(term);
    const exprs = arr(t.matchExpressions);
    const fields = arr(t.matchFields);
    if (exprs.length === 0 && fields.length === 0) return false; // an empty term matches nothing
    return (
      exprs.every((e) => requirementMatches(e, Object.hasOwn(labels, str(rec(e).key)) ? labels[str(rec(e).key)] : undefined)) &&
      fields.every((f) => requirementMatches(f, str(rec(f).key) === 'metadata.name' ? node.metadata.name : undefined))
    );
  });
}

/** What the pod asks of a node: init containers run one at a time, sidecars stay. */
export function podRequests(pod: KubeObject): Map<string, number> {
  const spec = rec(pod.spec);
  const sum = new Map<string, number>();
  const add = (into: Map<string, number>, reqs: unknown) => {
    for (const [k, v] of Object.entries(rec(reqs))) {
      const q = quantityValue(str(v));
      if (Number.isFinite(q)) into.set(k, (into.get(k) ?? 0) + q);
    }
  };
  for (const c of arr(spec.containers)) add(sum, rec(rec(c).resources).requests);
  const sidecars = new Map<string, number>();
  const peak = new Map<string, number>();
  for (const c of arr(spec.initContainers)) {
    const reqs = rec(rec(c).resources).requests;
    if (rec(c).restartPolicy === 'Always') {
      add(sidecars, reqs);
      continue;
    }
    // a regular init container runs beside the sidecars started before it
    const now = new Map(sidecars);
    add(now, reqs);
    for (const [k, v] of now) peak.set(k, Math.max(peak.get(k) ?? 0, v));
  }
  for (const [k, v] of sidecars) sum.set(k, (sum.get(k) ?? 0) + v);
  for (const [k, v] of peak) sum.set(k, Math.max(sum.get(k) ?? 0, v));
  add(sum, spec.overhead);
  return sum;
}

export interface NodeVerdict {
  node: string;
  /** "" when kubedeck sees nothing against the node */
  reason: string;
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

/** Why the pod would not fit each node, by the first failing filter. */
export function nodeVerdicts(pod: KubeObject, nodes: readonly KubeObject[], pods: readonly KubeObject[] | undefined): NodeVerdict[] {
  const spec = rec(pod.spec);
  const tolerations = arr(spec.tolerations);
  const wants = podRequests(pod);
  const used = new Map<string, Map<string, number>>();
  const podCount = new Map<string, number>();
  for (const p of pods ?? []) {
    const node = str(p.spec?.nodeName);
    if (!node || TERMINAL.has(str(p.status?.phase)) || p.metadata.uid === pod.metadata.uid) continue;
    const u = used.get(node) ?? new Map<string, number>();
    for (const [k, v] of podRequests(p)) u.set(k, (u.get(k) ?? 0) + v);
    used.set(node, u);
    podCount.set(node, (podCount.get(node) ?? 0) + 1);
  }
  const selector = rec(spec.nodeSelector);
  const required = rec(rec(rec(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution);
  return nodes.map((node) => {
    const name = node.metadata.name;
    const nodeSpec = rec(node.spec);
    const unschedulable: Taint = { key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' };
    if (nodeSpec.unschedulable === true && !tolerations.some((t) => toleratesTaint(t, unschedulable))) return { node: name, reason: 'unschedulable (cordoned)' };
    const taints: Taint[] = arr(nodeSpec.taints).map((t) => ({ key: str(rec(t).key), value: str(rec(t).value), effect: str(rec(t).effect) }));
    const untolerated = taints.find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerations.some((tol) => toleratesTaint(tol, t)));
    if (untolerated) return { node: name, reason: `taint ${taintText(untolerated)}` };
    const labels = node.metadata.labels ?? {};
    const mismatch = Object.entries(selector).find(([k, v]) => labels[k] !== v);
    if (mismatch) return { node: name, reason: `do not match ${mismatch[0]}=${str(mismatch[1])}` };
    if (arr(required.nodeSelectorTerms).length > 0 && !nodeSelectorMatches(required, node)) return { node: name, reason: 'do not match required node affinity' };
    const allocatable = rec(rec(node.status).allocatable);
    const u = used.get(name) ?? new Map<string, number>();
    const maxPods = quantityValue(str(allocatable.pods));
    if (Number.isFinite(maxPods) && (podCount.get(name) ?? 0) + 1 > maxPods) return { node: name, reason: 'too many pods' };
    for (const [res, want] of wants) {
      if (want <= 0) continue;
      const cap = Object.hasOwn(allocatable, res) ? quantityValue(str(allocatable[res])) : 0;
      if (!Number.isFinite(cap) || want > cap - (u.get(res) ?? 0)) return { node: name, reason: `insufficient ${res}` };
    }
    return { node: name, reason: '' };
  });
}

/** "0/5 nodes: 3 taint gpu=true:NoSchedule, 2 do not match disk=ssd" */
export function summarizeVerdicts(verdicts: readonly NodeVerdict[]): { text: string; fit: string[]; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  const fit: string[] = [];
  for (const v of verdicts) {
    if (!v.reason) fit.push(v.node);
    else counts[v.reason] = (counts[v.reason] ?? 0) + 1;
  }
  const parts = Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([r, n]) => `${n} ${r}`);
  const text = `${fit.length}/${verdicts.length} nodes${parts.length ? `: ${parts.join(', ')}` : ''}`;
  return { text, fit, counts };
}
