// One API for every resource, keyed by group and plural: store, get, events, access
// and plans. Every plan goes through the one action pipeline (access review, server
// dry run of each exact request); a kind adds only what is its own (delete warnings
// here, intentions in src/k8s/extensions.ts).
import type { AccessChecker } from './access.js';
import type { ActionInput, ActionPipeline } from './actions.js';
import type { DiscoveryRegistry } from './discovery.js';
import { fetchEvents } from './events.js';
import { resourcePath } from './paths.js';
import { deleteRequest, targetOf } from './pods.js';
import { explainPinnedPatch } from './pvcleanup.js';
import { DRA_VERSIONS } from './claims.js';
import type {
  AccessAnswer,
  ActionPlan,
  ActionResult,
  GroupResource,
  KubeObject,
  PatchInput,
  ReadableStore,
  ResourceApi,
  ResourceType,
  Transport,
  WatchedResource,
} from './types.js';

/** verbs that only read: allowed under --readonly */
export const READ_VERBS = new Set(['get', 'list', 'watch']);

export interface ResourceDeps {
  transport: Transport;
  discovery: DiscoveryRegistry;
  access: AccessChecker;
  pipeline: ActionPipeline;
  readonly: boolean;
  /** the session's watched store of the resource (undefined: not watchable) */
  watched(group: string, resource: string, preferredVersions?: string[]): WatchedResource | undefined;
}

/** What a kind adds to the generic API: versions to prefer, warnings before a delete. */
export interface KindTraits {
  versions?: string[];
  deleteWarnings?(objects: KubeObject[]): string[];
}

/** "deployments.apps" as kubectl writes it, or a plural of the core group */
export function parseGroupResource(name: string): GroupResource {
  const dot = name.indexOf('.');
  return dot < 0 ? { group: '', resource: name } : { group: name.slice(dot + 1), resource: name.slice(0, dot) };
}

export const grName = (gr: GroupResource) => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);

const finalizerWarnings = (objects: KubeObject[]) =>
  objects
    .filter((o) => (o.metadata.finalizers ?? []).length > 0)
    .map((o) => `${targetOf(o)} will stay Terminating until its finalizers are removed: ${o.metadata.finalizers!.join(', ')}`);

interface ConsumerRef {
  resource?: string;
  name?: string;
}

/** per group/resource; everything else gets the finalizer warning */
export const KIND_TRAITS: Record<string, KindTraits> = {
  pods: { versions: ['v1'] },
  persistentvolumes: {
    versions: ['v1'],
    deleteWarnings(pvs) {
      const bound = pvs.filter((p) => p.status?.phase === 'Bound').map((p) => `${p.metadata.name} (${p.spec?.claimRef?.namespace}/${p.spec?.claimRef?.name})`);
      return [...finalizerWarnings(pvs), ...(bound.length ? [`still bound: stays Terminating until its claim is gone (pv-protection): ${bound.join(', ')}`] : [])];
    },
  },
  'resourceclaimtemplates.resource.k8s.io': { versions: DRA_VERSIONS },
  'resourceslices.resource.k8s.io': { versions: DRA_VERSIONS },
  'deviceclasses.resource.k8s.io': { versions: DRA_VERSIONS },
  'resourceclaims.resource.k8s.io': {
    versions: DRA_VERSIONS,
    deleteWarnings(claims) {
      const warnings: string[] = [];
      for (const c of claims) {
        const consumers: ConsumerRef[] = Array.isArray(c.status?.reservedFor) ? c.status.reservedFor : [];
        if (consumers.length) {
          warnings.push(`${targetOf(c)} is reserved for ${consumers.map((r) => `${r.resource === 'pods' ? 'pod' : r.resource}/${r.name}`).join(', ')}: it stays (deleted,allocated) until they are gone`);
        } else if ((c.metadata.finalizers ?? []).length) {
          warnings.push(`${targetOf(c)} stays until its finalizers are removed: ${c.metadata.finalizers!.join(', ')}`);
        }
      }
      return warnings;
    },
  },
};

const notServed = (gr: GroupResource) => `the server does not serve ${grName(gr)}`;

export function createResourceApi(deps: ResourceDeps, gr: GroupResource): ResourceApi {
  const traits = KIND_TRAITS[grName(gr)] ?? {};
  const typeNow = (): ResourceType | undefined => deps.discovery.resolve(gr.group, gr.resource, traits.versions);
  const type = (): ResourceType => {
    const rt = typeNow();
    if (!rt) throw new Error(notServed(gr));
    return rt;
  };
  // the server's dry-run and real answers in the same words: a failed `test` is a concurrent change
  const explain = (plan: ActionPlan): ActionPlan => ({
    ...plan,
    dryRun: plan.dryRun.map((d, i) => {
      const { ok, status, message } = explainPinnedPatch(plan.requests[i], { target: plan.requests[i].target, ...d });
      return { ok, status, message };
    }),
  });
  const READONLY = 'no: read-only (kubedeck was started with --readonly)';
  // under --readonly a plan says no at once: no access review, no dry run is sent
  const plan = async (input: ActionInput): Promise<ActionPlan> => {
    if (deps.readonly) {
      const dryRun = input.requests.map(() => ({ ok: false, status: 0, message: 'not sent: read-only mode (started with --readonly)' }));
      return { title: input.title, requests: input.requests, allowed: { ok: false, reason: READONLY }, dryRun, warnings: [...(input.warnings ?? [])] };
    }
    return explain(await deps.pipeline.plan(input));
  };
  const can = async (verb: string, where: { namespace?: string; subresource?: string; name?: string } = {}): Promise<AccessAnswer> => {
    if (deps.readonly && !READ_VERBS.has(verb)) return { ok: false, reason: READONLY };
    const rt = typeNow();
    if (!rt) return { ok: false, reason: notServed(gr) };
    // discovery says which verbs a resource serves at all; RBAC says whether you may
    if (!where.subresource && !deps.discovery.allows(rt, verb)) return { ok: false, reason: `the server does not offer ${verb} for ${grName(gr)}` };
    return deps.access.canI({ verb, group: rt.group, resource: rt.resource, ...where });
  };
  return {
    gr,
    get type() {
      return typeNow();
    },
    store(): ReadableStore<KubeObject> | undefined {
      return deps.watched(gr.group, gr.resource, traits.versions)?.store;
    },
    get(object) {
      return deps.transport.request<KubeObject>(resourcePath(type(), { namespace: object.metadata.namespace, name: object.metadata.name }));
    },
    events: (object) => fetchEvents(deps.transport, object),
    can,
    async planDelete(objects) {
      const rt = type();
      const warnings = traits.deleteWarnings ? traits.deleteWarnings(objects) : finalizerWarnings(objects);
      return plan({
        title: objects.length === 1 ? `Delete ${rt.kind}` : `Delete ${objects.length} ${rt.resource}`,
        access: { verb: 'delete', group: rt.group, resource: rt.resource },
        requests: objects.map((o) => deleteRequest(o, rt)),
        warnings,
      });
    },
    async planPatch(input: PatchInput) {
      const rt = type();
      return plan({
        title: input.title,
        access: { verb: 'patch', group: rt.group, resource: rt.resource, ...(input.subresource ? { subresource: input.subresource } : {}) },
        requests: input.requests,
        warnings: input.warnings,
      });
    },
    async execute(plan): Promise<ActionResult[]> {
      return (await deps.pipeline.execute(plan)).map((r, i) => explainPinnedPatch(plan.requests[i], r));
    },
  };
}
