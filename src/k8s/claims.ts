// Claims pane API (Dynamic Resource Allocation, resource.k8s.io): watch-backed
// stores at the version discovery chose per resource, and the claim actions.
// Built per session from SessionCore; views never call the API directly.
import { jsonPatchRequest, resourcePath } from './paths.js';
import { targetOf } from './pods.js';
import type { SessionCore } from './session.js';
import { ApiError, type ActionPlan, type KubeObject, type PlannedRequest, type ResourceApi, type ResourceType } from './types.js';
import type { DraKind, ClaimsApi } from './types.js';
export type { DraKind, ClaimsApi } from './types.js';

export const DRA_GROUP = 'resource.k8s.io';
/** newest first; chosen per resource, not per group */
export const DRA_VERSIONS = ['v1', 'v1beta2', 'v1beta1', 'v1alpha3'];
export const DELETE_PROTECTION = 'resource.kubernetes.io/delete-protection';



export const RELEASE_WARNINGS = [
  'break-glass: kube-controller-manager normally removes reservations of pods that are gone; prefer waiting for it',
  'if the pod (or a device driver) still uses the device, it may be allocated twice',
];

interface ConsumerRef {
  apiGroup?: string;
  resource?: string;
  name?: string;
  uid?: string;
}

function reservedFor(claim: KubeObject): ConsumerRef[] {
  const r: unknown = claim.status?.reservedFor;
  return Array.isArray(r) ? (r as ConsumerRef[]) : [];
}

/**
 * JSON Patch on the status subresource removing one reservedFor entry. The test ops
 * pin the claim's uid and the exact entry (uid included) at that index, so a list
 * that changed meanwhile makes the server refuse instead of dropping someone else.
 */
export function releaseRequest(claim: KubeObject, consumerUid: string, rt: ResourceType): PlannedRequest {
  const target = targetOf(claim);
  const uid = claim.metadata.uid;
  if (!uid) throw new Error(`${target} has no uid; refusing to change it blindly`);
  const list = reservedFor(claim);
  const index = list.findIndex((c) => c?.uid === consumerUid && c?.resource === 'pods' && !c?.apiGroup);
  if (index < 0) throw new Error(`${target} has no reservation for a pod with uid ${consumerUid}`);
  const path = `/status/reservedFor/${index}`;
  return jsonPatchRequest(target, resourcePath(rt, { namespace: claim.metadata.namespace, name: claim.metadata.name, subresource: 'status' }), [
    { op: 'test', path: '/metadata/uid', value: uid },
    { op: 'test', path, value: structuredClone(list[index]) },
    { op: 'remove', path },
  ]);
}

/** Is the pod really gone? A fresh GET by name; a pod of that name with another uid is a newcomer. */
export async function podGone(pods: ResourceApi, namespace: string, name: string, uid: string): Promise<boolean> {
  try {
    const pod = await pods.get({ metadata: { namespace, name } });
    return pod?.metadata?.uid !== uid;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return true;
    throw err;
  }
}

/** resourceclaims: the release intention, planned as a patch of the claim's status */
export async function planRelease(claims: ResourceApi, pods: ResourceApi, claim: KubeObject, consumerUid: string): Promise<ActionPlan> {
  const rt = claims.type;
  if (!rt) throw new Error(`the server does not serve resourceclaims.${DRA_GROUP}`);
  const request = releaseRequest(claim, consumerUid, rt);
  const entry = reservedFor(claim).find((c) => c.uid === consumerUid)!;
  const gone = await podGone(pods, claim.metadata.namespace ?? '', entry.name ?? '', consumerUid);
  if (!gone) throw new Error(`pod ${claim.metadata.namespace}/${entry.name} (uid ${consumerUid}) still exists: its reservation is not stale`);
  return claims.planPatch({
    title: `Release stale reservation of pod/${entry.name ?? ''}`,
    subresource: 'status',
    requests: [request],
    warnings: [...RELEASE_WARNINGS],
  });
}

export function createClaimsApi(core: SessionCore): ClaimsApi {
  const watched = (kind: DraKind) => core.watched(DRA_GROUP, kind, DRA_VERSIONS);
  return {
    watched,
    store: (kind) => watched(kind)?.store,
  };
}
