// Why a pod waits: everything that holds it, in the order it must be cleared —
// scheduling gates, resource claims, volume claims, node fit, then (once bound) its
// containers. Each reason as data (src/state/why/types.ts).
import type { KubeObject } from '../../k8s/types.js';
import { arr, rec, selectorNodes, str } from '../dra.js';
import { podClaimRefs } from '../claimwaiters.js';
import { keyOf } from '../store.js';
import { analyzeClaim } from './claim.js';
import { nodeVerdicts, NOT_ESTIMATED, summarizeVerdicts } from './nodes.js';
import { pvcNeeds, pvcReasons } from './volumes.js';
import type { Reason, WhyInput } from './types.js';

/** Who added each gate, when managedFields say so (the store drops them: pass a fresh GET). */
export function gateManagers(pod: KubeObject): Map<string, { manager: string; time?: string }> {
  const out = new Map<string, { manager: string; time?: string }>();
  for (const mf of arr(pod.metadata?.managedFields)) {
    const m = rec(mf);
    const gates = rec(rec(rec(m.fieldsV1)['f:spec'])['f:schedulingGates']);
    for (const k of Object.keys(gates)) {
      if (!k.startsWith('k:')) continue;
      try {
        const name = str(rec(JSON.parse(k.slice(2))).name);
        if (name && !out.has(name)) out.set(name, { manager: str(m.manager), ...(str(m.time) ? { time: str(m.time) } : {}) });
      } catch {
        // a key kubedeck cannot read names no gate
      }
    }
  }
  return out;
}

const eventTime = (e: KubeObject) => str(rec(e.series).lastObservedTime) || str(e.lastTimestamp) || str(e.eventTime) || str(e.firstTimestamp) || str(e.metadata?.creationTimestamp);

function condition(pod: KubeObject, type: string): Record<string, unknown> | undefined {
  return arr(pod.status?.conditions).find((c) => rec(c).type === type);
}

function gateReasons(pod: KubeObject, input: WhyInput): Reason[] {
  const managers = gateManagers(pod);
  return arr(pod.spec?.schedulingGates).map((g) => {
    const name = str(rec(g).name);
    const m = managers.get(name);
    const readiness = input.gateReadiness?.(name, pod);
    const by = m ? `added by ${m.manager}${m.time ? ` at ${m.time}` : ''}` : 'set at creation (managedFields not available)';
    const ready = readiness ? (readiness.ready === null ? `; rule: ${readiness.rule} (removed by hand or by its controller)` : readiness.ready ? `; ready by rule ${readiness.rule}: ${readiness.detail}` : `; not ready by rule ${readiness.rule}: ${readiness.detail}`) : '';
    return {
      kind: 'gate' as const,
      subject: `gate ${name}`,
      since: m?.time ?? pod.metadata.creationTimestamp,
      detail: `scheduling gate ${name}, ${by}${ready}`,
      unblock: readiness?.ready ? 'remove the gate: its rule says it is ready' : `the controller owning ${name} removes it when its condition holds`,
      actionKey: 'u',
      data: { gate: name, ...(m ? { manager: m.manager } : {}), ...(readiness ? { ready: readiness.ready, rule: readiness.rule } : {}) },
    };
  });
}

function claimReasons(pod: KubeObject, input: WhyInput, node: KubeObject | undefined): Reason[] {
  const out: Reason[] = [];
  const ns = pod.metadata.namespace ?? '';
  const podUids = input.pods ? new Set(input.pods.map((p) => p.metadata.uid)) : undefined;
  for (const ref of podClaimRefs(pod)) {
    if (!ref.claim) {
      out.push({ kind: 'claim-not-created', subject: `claim ${ref.name}`, since: pod.metadata.creationTimestamp, detail: `the claim from template ${ref.template} is not yet created (status.resourceClaimStatuses has no name for ${ref.name})`, unblock: 'kube-controller-manager creates it; check its resource-claim controller if this lasts' });
      continue;
    }
    const subject = `claim ${ns}/${ref.claim}`;
    if (input.claims === undefined) {
      out.push({ kind: 'unknown', subject, detail: 'ResourceClaims cannot be listed' });
      continue;
    }
    const claim = input.claims.find((c) => c.metadata.namespace === ns && c.metadata.name === ref.claim);
    if (!claim) {
      out.push({ kind: 'claim-missing', subject, detail: `ResourceClaim ${ref.claim} does not exist${ref.template ? ` (generated from ${ref.template})` : ''}`, unblock: ref.template ? 'kube-controller-manager re-creates it' : `create ResourceClaim ${ref.claim}` });
      continue;
    }
    if (claim.metadata.deletionTimestamp) out.push({ kind: 'claim-deleted', subject, since: claim.metadata.deletionTimestamp, detail: 'the claim is being deleted' });
    const status = rec(claim.status);
    if (!status.allocation) {
      const a = analyzeClaim(claim, { slices: input.slices, deviceClasses: input.deviceClasses, claims: input.claims, namespaces: input.namespaces, node, evaluator: input.evaluator });
      out.push(...a.reasons.map((r) => ({ ...r, subject, actionKey: 'w' })));
      continue;
    }
    const reserved = arr(status.reservedFor).map(rec);
    const gone = podUids ? reserved.filter((r) => r.resource === 'pods' && !podUids.has(str(r.uid))) : [];
    const others = reserved.filter((r) => str(r.uid) !== pod.metadata.uid && !gone.includes(r));
    for (const g of gone) {
      out.push({ kind: 'claim-reserved-for-gone-pod', subject, detail: `reserved for pod ${str(g.name)} (uid ${str(g.uid)}), which no longer exists`, unblock: 'kube-controller-manager drops the reservation; break-glass: release it in the claims pane', actionKey: 'r', data: { pod: str(g.name), uid: str(g.uid) } });
    }
    if (others.length && !reserved.some((r) => str(r.uid) === pod.metadata.uid)) {
      const nodes = selectorNodes(rec(status.allocation).nodeSelector);
      out.push({ kind: 'claim-reserved-for-others', subject, detail: `allocated and reserved for ${others.map((r) => `${str(r.resource) === 'pods' ? 'pod' : str(r.resource)}/${str(r.name)}`).join(', ')}${nodes ? `; this pod can only share it on ${nodes}` : ''}`, unblock: 'wait until they finish, or give this pod its own claim', data: { reservedFor: others.map((r) => str(r.name)), nodes } });
    }
    const waiting = bindingWaits(claim);
    if (waiting.length) out.push({ kind: 'claim-binding-conditions', subject, detail: `binding conditions not yet met: ${waiting.join(', ')}`, unblock: 'the device driver sets them when the device is ready' });
  }
  return out;
}

function bindingWaits(claim: KubeObject): string[] {
  const status = rec(claim.status);
  const devStatus = arr(status.devices).map(rec);
  const out: string[] = [];
  for (const r of arr(rec(rec(status.allocation).devices).results).map(rec)) {
    const conds = arr(r.bindingConditions).map(str);
    if (!conds.length) continue;
    const ds = devStatus.find((d) => d.driver === r.driver && d.pool === r.pool && d.device === r.device);
    for (const c of conds) {
      const met = arr(ds?.conditions).some((x) => rec(x).type === c && rec(x).status === 'True');
      if (!met) out.push(`${str(r.device)}: ${c}`);
    }
  }
  return out;
}

function nodeFitReasons(pod: KubeObject, input: WhyInput): Reason[] {
  const out: Reason[] = [];
  const sched = condition(pod, 'PodScheduled');
  if (sched && sched.status === 'False' && sched.reason !== 'SchedulingGated') {
    out.push({ kind: 'scheduler', subject: 'node fit', since: str(sched.lastTransitionTime) || undefined, detail: `${str(sched.reason)}: ${str(sched.message)}`, data: { reason: str(sched.reason), message: str(sched.message) } });
  }
  const nominated = str(pod.status?.nominatedNodeName);
  if (nominated) out.push({ kind: 'nominated-node', subject: 'node fit', detail: `nominated for node ${nominated} (preemption in progress: lower-priority pods there are being evicted)`, data: { node: nominated } });
  const failed = [...(input.events ?? [])].filter((e) => e.reason === 'FailedScheduling').sort((a, b) => (eventTime(a) < eventTime(b) ? 1 : -1))[0];
  if (failed) out.push({ kind: 'failed-scheduling-event', subject: 'node fit', since: eventTime(failed) || undefined, detail: `FailedScheduling: ${str(failed.message ?? failed.note)}`, data: { count: rec(failed.series).count ?? failed.count ?? 1 } });
  if (input.nodes === undefined) {
    out.push({ kind: 'unknown', subject: 'node fit', detail: 'nodes cannot be listed: no estimate' });
  } else {
    const verdicts = nodeVerdicts(pod, input.nodes, input.pods);
    const sum = summarizeVerdicts(verdicts);
    out.push({
      kind: 'node-fit-estimate',
      subject: 'node fit',
      detail: `kubedeck's estimate: ${sum.text}${sum.fit.length ? ` (fits: ${sum.fit.slice(0, 5).join(', ')}${sum.fit.length > 5 ? ', …' : ''})` : ''}; not estimated: ${NOT_ESTIMATED.join(', ')}${input.pods === undefined ? ', requests of pods already on nodes (pods not listed)' : ''}`,
      data: { estimate: true, fit: sum.fit, counts: sum.counts, nodes: verdicts, notEstimated: NOT_ESTIMATED },
    });
  }
  return out;
}

const PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);

function containerReasons(pod: KubeObject): Reason[] {
  const out: Reason[] = [];
  const status = rec(pod.status);
  const specs = new Map(arr(pod.spec?.initContainers).map((c) => [str(rec(c).name), rec(c)]));
  const check = (cs: Record<string, unknown>, init: boolean) => {
    const name = str(cs.name);
    const waiting = rec(rec(cs.state).waiting);
    const reason = str(waiting.reason);
    const subject = `container ${name}`;
    const last = rec(rec(cs.lastState).terminated);
    if (PULL.has(reason)) {
      out.push({ kind: 'image-pull', subject, detail: `${reason}: ${str(waiting.message) || str(cs.image)}`, unblock: 'fix the image name or the pull secret', actionKey: 'l' });
      return true;
    }
    if (reason === 'CrashLoopBackOff') {
      const exit = last.exitCode !== undefined ? `last exit ${str(last.reason) || 'code'} ${String(last.exitCode)}` : 'no last exit recorded';
      out.push({ kind: 'crash-loop', subject, since: str(last.finishedAt) || undefined, detail: `CrashLoopBackOff after ${String(cs.restartCount ?? 0)} restarts, ${exit}`, unblock: 'read its previous logs', actionKey: 'l', data: { restarts: cs.restartCount ?? 0, lastReason: str(last.reason), exitCode: last.exitCode } });
      return true;
    }
    if (init) {
      const sidecar = specs.get(name)?.restartPolicy === 'Always';
      const done = rec(rec(cs.state).terminated).exitCode === 0;
      if (sidecar && !(cs.started === true)) {
        out.push({ kind: 'sidecar', subject, detail: `native sidecar ${name} not started yet${reason ? ` (${reason})` : ''}: later init containers and the main containers wait for it`, actionKey: 'l' });
        return true;
      }
      if (!sidecar && !done) {
        const running = rec(cs.state).running !== undefined;
        out.push({ kind: 'init-container', subject, since: str(rec(rec(cs.state).running).startedAt) || undefined, detail: `init container ${name} ${running ? 'is running' : `has not completed${reason ? ` (${reason})` : ''}`}`, actionKey: 'l' });
        return true;
      }
    }
    return false;
  };
  for (const cs of arr(status.initContainerStatuses).map(rec)) if (check(cs, true)) return out; // init containers run in order
  for (const cs of arr(status.containerStatuses).map(rec)) check(cs, false);
  return out;
}

/** Every reason the pod waits, in order. [] when nothing holds it. */
export function whyPod(pod: KubeObject, input: WhyInput): Reason[] {
  const reasons: Reason[] = [];
  if (pod.metadata.deletionTimestamp) reasons.push({ kind: 'unknown', subject: 'pod', since: pod.metadata.deletionTimestamp, detail: 'the pod is being deleted' });
  const bound = !!str(pod.spec?.nodeName);
  const node = bound || str(pod.status?.nominatedNodeName) ? input.nodes?.find((n) => n.metadata.name === (str(pod.spec?.nodeName) || str(pod.status?.nominatedNodeName))) : undefined;
  if (!bound) {
    reasons.push(...gateReasons(pod, input));
    reasons.push(...claimReasons(pod, input, node));
    reasons.push(...pvcReasons(pvcNeeds(pod), pod, input));
    if (!arr(pod.spec?.schedulingGates).length) reasons.push(...nodeFitReasons(pod, input));
    return reasons;
  }
  if (['Succeeded', 'Failed'].includes(str(pod.status?.phase))) return reasons;
  reasons.push(...claimReasons(pod, input, node).filter((r) => r.kind !== 'claim-pending'));
  reasons.push(...containerReasons(pod));
  return reasons;
}

export const podKey = keyOf;
