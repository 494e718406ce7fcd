// Pod requests: remove scheduling gates, delete (any kind). Each builds exact requests that
// refuse to apply to anything other than what the user looked at.
import { jsonPatchRequest, resourcePath } from './paths.js';
import type { ActionPlan, KubeObject, PlannedRequest, ResourceApi, ResourceType } from './types.js';


interface SchedulingGate {
  name: string;
}

/** "ns/name" for namespaced objects, "name" otherwise: the key stores and results use. */
export function targetOf(obj: KubeObject): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

export function schedulingGatesOf(pod: KubeObject): SchedulingGate[] {
  const gates: unknown = pod.spec?.schedulingGates;
  return Array.isArray(gates) ? (gates as SchedulingGate[]) : [];
}

/**
 * A JSON Patch removing one gate (gate = its name) or all of them (gate = null).
 * The leading "test" ops make the server refuse the patch if the pod was re-created
 * or its gates changed since they were read, so a remove-by-index never hits the
 * wrong gate or the wrong pod.
 * Removing the whole field is valid: the API only forbids adding gates
 * (validateOnlyDeletedSchedulingGates), and no gates equals an empty list.
 */
export function ungateRequest(pod: KubeObject, gate: string | null, podsResource: ResourceType): PlannedRequest {
  const target = targetOf(pod);
  const gates = schedulingGatesOf(pod);
  if (gates.length === 0) throw new Error(`${target} has no scheduling gates`);
  const test = { op: 'test', path: '/spec/schedulingGates', value: structuredClone(gates) };
  // A pod re-created under the same name (StatefulSets do) with the same gates must
  // not lose a gate the user never saw: pin the uid too.
  const uid = pod.metadata.uid;
  const pinUid = uid ? [{ op: 'test', path: '/metadata/uid', value: uid }] : [];
  let remove: { op: 'remove'; path: string };
  if (gate === null) {
    remove = { op: 'remove', path: '/spec/schedulingGates' };
  } else {
    const index = gates.findIndex((g) => g?.name === gate);
    if (index < 0) throw new Error(`${target} has no scheduling gate "${gate}"`);
    remove = { op: 'remove', path: `/spec/schedulingGates/${index}` };
  }
  return jsonPatchRequest(target, resourcePath(podsResource, { namespace: pod.metadata.namespace, name: pod.metadata.name }), [...pinUid, test, remove]);
}

/** pods: the ungate intention, planned as a patch of the pods resource */
export async function planUngate(pods: ResourceApi, list: KubeObject[], gate: string | null): Promise<ActionPlan> {
  const rt = pods.type;
  if (!rt) throw new Error('the server does not serve pods');
  const hasGate = (p: KubeObject) =>
    gate === null ? schedulingGatesOf(p).length > 0 : schedulingGatesOf(p).some((g) => g?.name === gate);
  const chosen = list.filter(hasGate);
  const left = list.filter((p) => !hasGate(p)).map(targetOf);
  const warnings: string[] = [];
  if (left.length > 0) {
    const why = gate === null ? 'no scheduling gates' : `no scheduling gate "${gate}"`;
    warnings.push(`left out, ${why}: ${left.join(', ')}`);
  }
  return pods.planPatch({
    title: gate === null ? 'Remove all scheduling gates' : 'Remove scheduling gate',
    requests: chosen.map((p) => ungateRequest(p, gate, rt)),
    warnings,
  });
}

/**
 * DELETE with a uid precondition: if the object was deleted and re-created
 * under the same name meanwhile, the server answers 409 instead of deleting
 * the newcomer. No resourceVersion: status updates alone should not block a delete.
 */
export function deleteRequest(obj: KubeObject, rt: ResourceType): PlannedRequest {
  const target = targetOf(obj);
  const uid = obj.metadata.uid;
  if (!uid) throw new Error(`${target} has no uid; refusing to delete it blindly`);
  return {
    target,
    method: 'DELETE',
    path: resourcePath(rt, { namespace: obj.metadata.namespace, name: obj.metadata.name }),
    contentType: 'application/json',
    body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid } },
  };
}
