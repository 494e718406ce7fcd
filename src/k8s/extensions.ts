// The kind-specific intentions, each a small extension of the one resource API: it
// builds its exact requests (src/k8s/<kind>.ts) and plans them with resource(gr).planPatch,
// so it gets the same access review, dry run, confirmation and audit as every action.
// Adding one: write its request builder and plan function beside the kind, add it to
// Extensions in types.ts, wire it here.
import { DRA_GROUP } from './claims.js';
import { planRelease } from './claims.js';
import { planUngate } from './pods.js';
import { planMakeAvailable, planReclaimPolicy } from './volumes.js';
import type { Extensions, GroupResource, ResourceApi } from './types.js';

export const PODS: GroupResource = { group: '', resource: 'pods' };
export const PERSISTENT_VOLUMES: GroupResource = { group: '', resource: 'persistentvolumes' };
export const RESOURCE_CLAIMS: GroupResource = { group: DRA_GROUP, resource: 'resourceclaims' };

export function createExtensions(resource: (gr: GroupResource) => ResourceApi): Extensions {
  return {
    pods: { ungate: (pods, gate) => planUngate(resource(PODS), pods, gate) },
    resourceclaims: { release: (claim, uid) => planRelease(resource(RESOURCE_CLAIMS), resource(PODS), claim, uid) },
    persistentvolumes: {
      makeAvailable: (pvs) => planMakeAvailable(resource(PERSISTENT_VOLUMES), pvs),
      reclaimPolicy: (pvs, policy) => planReclaimPolicy(resource(PERSISTENT_VOLUMES), pvs, policy),
    },
  };
}
