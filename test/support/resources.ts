// resource(gr) over a given transport, access checker and pipeline, with discovery
// answered from a list of resource types: the unit tests' way to plan through the
// one resource API without a server.
import type { AccessChecker } from '../../src/k8s/access.js';
import type { ActionPipeline } from '../../src/k8s/actions.js';
import type { DiscoveryRegistry } from '../../src/k8s/discovery.js';
import { createResourceApi } from '../../src/k8s/resource.js';
import type { GroupResource, ResourceApi, ResourceType, Transport } from '../../src/k8s/types.js';

export function discoveryOf(types: ResourceType[]): DiscoveryRegistry {
  const find = (group: string, resource: string) => types.find((t) => t.group === group && t.resource === resource);
  return {
    aggregated: true,
    failures: [],
    has: (g, r) => !!find(g, r),
    resolve: (g, r) => find(g, r),
    versions: (g, r) => (find(g, r) ? [find(g, r)!.version] : []),
    allows: (rt, verb) => rt.verbs.includes(verb),
    all: () => types,
    lookup: (name) => types.find((t) => t.resource === name || `${t.resource}.${t.group}` === name),
    named: () => types.map((t) => ({ ...t, singular: '', shortNames: [] })),
    find: () => ({ ok: false, message: 'not in this test' }),
    refresh: () => Promise.resolve(),
  };
}

export function resourcesOver(deps: { transport: Transport; access: AccessChecker; pipeline: ActionPipeline; readonly?: boolean }, types: ResourceType[]): (gr: GroupResource) => ResourceApi {
  const discovery = discoveryOf(types);
  return (gr) => createResourceApi({ ...deps, discovery, readonly: deps.readonly ?? false, watched: () => undefined }, gr);
}
