// Pod rules of the real API server that kubedeck relies on
// (pkg/registry/core/pod/strategy.go, pkg/apis/core/validation).
import type { KubeObject } from '../k8s/types.js';
import type { FieldError } from './status.js';
import type { DeleteOptions, ResourceHooks } from './resources.js';

export const GATED_REASON = 'SchedulingGated';
export const GATED_MESSAGE = 'Scheduling is blocked due to non-empty scheduling gates';

// Upstream's wording when a pod update touches an immutable spec field.
const SPEC_IMMUTABLE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
  '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

export const podFieldLabels: Record<string, (o: KubeObject) => string | undefined> = {
  'spec.nodeName': (o) => o.spec?.nodeName ?? '',
  'spec.restartPolicy': (o) => o.spec?.restartPolicy,
  'spec.schedulerName': (o) => o.spec?.schedulerName,
  'spec.serviceAccountName': (o) => o.spec?.serviceAccountName,
  'spec.hostNetwork': (o) => String(o.spec?.hostNetwork ?? false),
  'status.phase': (o) => o.status?.phase,
  'status.podIP': (o) => o.status?.podIP ?? '',
  'status.nominatedNodeName': (o) => o.status?.nominatedNodeName ?? '',
};

export function gateNames(pod: KubeObject): string[] {
  const gates = pod.spec?.schedulingGates;
  return Array.isArray(gates) ? gates.map((g: { name?: string }) => String(g?.name)) : [];
}

export function setCondition(pod: KubeObject, cond: Record<string, unknown>): void {
  const status = (pod.status ??= {});
  const list: Record<string, unknown>[] = (status.conditions ??= []);
  const i = list.findIndex((c) => c.type === cond.type);
  const prev = i >= 0 ? list[i] : undefined;
  const changed = !prev || prev.status !== cond.status;
  const next = {
    ...cond,
    lastProbeTime: null,
    lastTransitionTime: changed ? new Date().toISOString() : prev.lastTransitionTime,
  };
  if (i >= 0) list[i] = next;
  else list.push(next);
}

function validateCreate(pod: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(pod.spec?.containers) || pod.spec.containers.length === 0) {
    errs.push({ type: 'Required', field: 'spec.containers', detail: '' });
  }
  if (gateNames(pod).length > 0 && pod.spec?.nodeName) {
    errs.push({ type: 'Forbidden', field: 'spec.nodeName', detail: 'cannot be set until all schedulingGates have been cleared' });
  }
  return errs;
}

// Fields a client may change on a pod: images, deadlines, tolerations, gates (removal),
// and while gated, placement (nodeSelector, affinity).
function comparableSpec(spec: Record<string, unknown>, gated: boolean): string {
  const strip = (cs: unknown) => (Array.isArray(cs) ? cs.map((c) => ({ ...c, image: undefined })) : cs);
  const s = {
    ...spec,
    containers: strip(spec.containers),
    initContainers: strip(spec.initContainers),
    activeDeadlineSeconds: undefined,
    tolerations: undefined,
    schedulingGates: undefined,
    terminationGracePeriodSeconds: undefined,
    nodeSelector: gated ? undefined : spec.nodeSelector,
    affinity: gated ? undefined : spec.affinity,
  };
  return JSON.stringify(s);
}

function validateUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const before = new Set(gateNames(old));
  gateNames(next).forEach((name, i) => {
    if (!before.has(name)) {
      errs.push({
        type: 'Forbidden',
        field: `spec.schedulingGates[${i}].name`,
        detail: `only deletion is allowed, but found new scheduling gate '${name}'`,
      });
    }
  });
  if (errs.length === 0 && comparableSpec(next.spec ?? {}, before.size > 0) !== comparableSpec(old.spec ?? {}, before.size > 0)) {
    errs.push({ type: 'Forbidden', field: 'spec', detail: SPEC_IMMUTABLE });
  }
  return errs;
}

export const podHooks: ResourceHooks = {
  prepareCreate(pod) {
    const spec = (pod.spec ??= {});
    spec.restartPolicy ??= 'Always';
    spec.terminationGracePeriodSeconds ??= 30;
    spec.dnsPolicy ??= 'ClusterFirst';
    spec.schedulerName ??= 'default-scheduler';
    spec.serviceAccountName ??= 'default';
    pod.status ??= {};
    pod.status.phase ??= 'Pending';
    pod.status.qosClass ??= 'BestEffort';
    const gated = pod.status.conditions?.find(
      (c: { type: string; reason?: string }) => c.type === 'PodScheduled' && c.reason === GATED_REASON,
    );
    // PrepareForCreate: a gated pod says why it waits (seeded pods keep their own transition time).
    if (gateNames(pod).length > 0 && !gated) {
      setCondition(pod, { type: 'PodScheduled', status: 'False', reason: GATED_REASON, message: GATED_MESSAGE });
    }
  },
  validateCreate,
  prepareUpdate(next, old, subresource) {
    if (subresource === 'status') {
      next.spec = old.spec;
      next.metadata = { ...old.metadata, resourceVersion: next.metadata?.resourceVersion };
    } else {
      next.status = old.status;
    }
  },
  validateUpdate,
  gracePeriod(pod: KubeObject, opts: DeleteOptions): number {
    // Unbound and finished pods have nothing to stop: deleted at once.
    if (!pod.spec?.nodeName) return 0;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
    if (opts.gracePeriodSeconds !== undefined) return Math.max(0, opts.gracePeriodSeconds);
    return pod.spec?.terminationGracePeriodSeconds ?? 30;
  },
};
