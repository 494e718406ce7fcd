// Gate readiness rules (config gates.rules): which rule governs a gate, and whether
// it says the gate may be removed now. First matching rule wins; no rule = manual.
import type { KubeObject, ReadableStore } from '../../k8s/types.js';
import { keyOf } from '../store.js';
import { arr, rec, str } from '../dra.js';
import { podClaimRefs } from '../claimwaiters.js';
import { pvcNeeds } from './volumes.js';
import type { GateReadiness, GateRule, RuleEvaluator } from './types.js';
import type { GateRulesSource } from '../../k8s/types.js';
export type { GateRulesSource } from '../../k8s/types.js';

export function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export function ruleFor(gate: string, rules: readonly GateRule[]): GateRule | undefined {
  return rules.find((r) => globToRegExp(r.gate).test(gate));
}

export const ruleText = (r: GateRule | undefined): string => (!r ? 'manual (no rule)' : typeof r.ready === 'string' ? r.ready : `cel: ${r.ready.expression}`);

export interface GateContext {
  claims: readonly KubeObject[] | undefined;
  pvcs: readonly KubeObject[] | undefined;
  evaluator: RuleEvaluator;
}

function podClaims(pod: KubeObject, claims: readonly KubeObject[]): (KubeObject | undefined)[] {
  return podClaimRefs(pod).map((ref) => (ref.claim ? claims.find((c) => c.metadata.namespace === pod.metadata.namespace && c.metadata.name === ref.claim) : undefined));
}

function podPvcs(pod: KubeObject, pvcs: readonly KubeObject[]): (KubeObject | undefined)[] {
  return pvcNeeds(pod).map((n) => pvcs.find((p) => p.metadata.namespace === pod.metadata.namespace && p.metadata.name === n.claim));
}

export function gateReadiness(gate: string, pod: KubeObject, rules: readonly GateRule[], ctx: GateContext): GateReadiness {
  const rule = ruleFor(gate, rules);
  const text = ruleText(rule);
  if (!rule || rule.ready === 'manual') return { ready: null, rule: text, detail: 'removed by hand or by its controller' };
  if (rule.ready === 'claimsAllocated') {
    if (!ctx.claims) return { ready: false, rule: text, detail: 'ResourceClaims cannot be listed' };
    const claims = podClaims(pod, ctx.claims);
    const missing = claims.filter((c) => !c).length;
    const pending = claims.filter((c) => c && !rec(c.status).allocation).map((c) => c!.metadata.name);
    if (missing || pending.length) return { ready: false, rule: text, detail: [missing ? `${missing} claim(s) not created yet` : '', pending.length ? `pending: ${pending.join(', ')}` : ''].filter(Boolean).join('; ') };
    return { ready: true, rule: text, detail: claims.length ? `all ${claims.length} claim(s) allocated` : 'the pod references no claim' };
  }
  if (rule.ready === 'pvcsBound') {
    if (!ctx.pvcs) return { ready: false, rule: text, detail: 'PersistentVolumeClaims cannot be listed' };
    const pvcs = podPvcs(pod, ctx.pvcs);
    const names = pvcNeeds(pod).map((n) => n.claim);
    const unbound = pvcs.map((p, i) => (p && str(rec(p.status).phase) === 'Bound' ? '' : `${names[i]} ${p ? str(rec(p.status).phase) || 'Pending' : 'missing'}`)).filter(Boolean);
    if (unbound.length) return { ready: false, rule: text, detail: `not bound: ${unbound.join(', ')}` };
    return { ready: true, rule: text, detail: pvcs.length ? `all ${pvcs.length} PVC(s) bound` : 'the pod uses no PVC' };
  }
  const vars = {
    pod,
    claims: ctx.claims ? podClaims(pod, ctx.claims).filter(Boolean) : [],
    pvcs: ctx.pvcs ? podPvcs(pod, ctx.pvcs).filter(Boolean) : [],
  };
  const r = ctx.evaluator.evaluate(rule.ready.expression, vars);
  if (r === true) return { ready: true, rule: text, detail: 'the expression is true' };
  if (r === false) return { ready: false, rule: text, detail: 'the expression is false' };
  return { ready: false, rule: text, detail: 'error' in r ? `error: ${r.error}` : r.cannot };
}

/** Gated pods all of whose gates are ready by rule. */
export function readyToUngate(pods: readonly KubeObject[], rules: readonly GateRule[], ctx: GateContext): { pod: KubeObject; gates: { gate: string; readiness: GateReadiness }[] }[] {
  const out: { pod: KubeObject; gates: { gate: string; readiness: GateReadiness }[] }[] = [];
  for (const pod of pods) {
    const gates = arr(pod.spec?.schedulingGates).map((g) => str(rec(g).name));
    if (!gates.length || pod.metadata.deletionTimestamp) continue;
    const list = gates.map((gate) => ({ gate, readiness: gateReadiness(gate, pod, rules, ctx) }));
    if (list.every((g) => g.readiness.ready === true)) out.push({ pod, gates: list });
  }
  return out;
}


export interface PodGateState {
  /** every gate ready by rule: the pod may be ungated now */
  ready: boolean;
  gates: { gate: string; readiness: GateReadiness }[];
}

/** a store's objects once it has synced (or reconnects with data); undefined while it cannot tell */
function listed(store: ReadableStore<KubeObject> | undefined): readonly KubeObject[] | undefined {
  if (!store) return undefined;
  const s = store.health.state;
  return s === 'synced' || s === 'reconnecting' ? store.list() : undefined;
}

/**
 * Each gated pod's gates with their readiness, keyed like the pods store ("ns/name").
 * Empty when no rule is configured: every gate is then manual, nothing to mark.
 */
export function gateStates(pods: readonly KubeObject[], source: GateRulesSource): Map<string, PodGateState> {
  const out = new Map<string, PodGateState>();
  if (source.rules.length === 0) return out;
  const ctx: GateContext = { claims: listed(source.claims), pvcs: listed(source.pvcs), evaluator: source.evaluator };
  for (const pod of pods) {
    const specGates = pod.spec?.schedulingGates;
    if (!Array.isArray(specGates) || specGates.length === 0) continue;
    const gates = arr(specGates).map((g) => str(rec(g).name)).map((gate) => ({ gate, readiness: gateReadiness(gate, pod, source.rules, ctx) }));
    out.set(keyOf(pod), { ready: !pod.metadata.deletionTimestamp && gates.every((g) => g.readiness.ready === true), gates });
  }
  return out;
}
