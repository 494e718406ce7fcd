// resource.k8s.io/v1 in the demo: the four DRA resources with the API server's rules
// kubedeck relies on (pkg/registry/resource/resourceclaim/strategy.go,
// pkg/apis/resource/validation), and a small stand-in for kube-controller-manager's
// claim finalizer handling.
import type { KubeObject } from '../k8s/types.js';
import type { Ops } from './ops.js';
import type { ResourceDef, ResourceHooks } from './resources.js';
import { invalid, type FieldError } from './status.js';
import type { Change } from './store.js';

export const DRA_GROUP = 'resource.k8s.io';
export const DELETE_PROTECTION = 'resource.kubernetes.io/delete-protection';
/** ResourceClaimReservedForMaxSize upstream */
const RESERVED_FOR_MAX = 256;

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function validateClaimSpec(spec: Json, prefix = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const requests: Json[] = Array.isArray(spec?.devices?.requests) ? spec.devices.requests : [];
  const names = new Set<string>();
  requests.forEach((r, i) => {
    const f = `${prefix}.devices.requests[${i}]`;
    if (!r?.name) errs.push({ type: 'Required', field: `${f}.name`, detail: '' });
    else if (names.has(r.name)) errs.push({ type: 'Duplicate', field: `${f}.name`, detail: '', value: r.name });
    names.add(r?.name);
    if (!!r?.exactly === !!r?.firstAvailable) errs.push({ type: 'Invalid', field: f, detail: 'exactly one of `exactly` or `firstAvailable` is required', value: '' });
    if (r?.exactly && !r.exactly.deviceClassName) errs.push({ type: 'Required', field: `${f}.exactly.deviceClassName`, detail: '' });
  });
  return errs;
}

function validateClaimStatus(claim: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const reserved: Json[] = Array.isArray(claim.status?.reservedFor) ? claim.status.reservedFor : [];
  if (reserved.length > RESERVED_FOR_MAX) errs.push({ type: 'Invalid', field: 'status.reservedFor', detail: `must have at most ${RESERVED_FOR_MAX} items`, value: reserved.length });
  const uids = new Set<string>();
  reserved.forEach((r, i) => {
    if (!r?.uid) errs.push({ type: 'Required', field: `status.reservedFor[${i}].uid`, detail: '' });
    else if (uids.has(r.uid)) errs.push({ type: 'Duplicate', field: `status.reservedFor[${i}].uid`, detail: '', value: r.uid });
    uids.add(r?.uid);
  });
  if (reserved.length && !claim.status?.allocation) errs.push({ type: 'Forbidden', field: 'status.reservedFor', detail: 'may not be set when `allocation` is unset' });
  return errs;
}

const claimHooks: ResourceHooks = {
  prepareCreate(o) {
    o.status = {};
  },
  validateCreate: (o) => validateClaimSpec(o.spec),
  prepareUpdate(next, old, subresource) {
    if (subresource === 'status') {
      next.spec = old.spec;
      next.metadata = { ...old.metadata, resourceVersion: next.metadata?.resourceVersion };
      // the real server validates the status on its own subresource
      const errs = validateClaimStatus(next);
      if (errs.length) throw invalid(DRA_GROUP, 'ResourceClaim', old.metadata.name, errs);
    } else {
      next.status = old.status;
    }
  },
  validateUpdate(next, old) {
    if (JSON.stringify(next.spec) !== JSON.stringify(old.spec)) return [{ type: 'Invalid', field: 'spec', detail: 'field is immutable', value: '' }];
    return [];
  },
};

const templateHooks: ResourceHooks = {
  validateCreate: (o) => validateClaimSpec(o.spec?.spec, 'spec.spec'),
  validateUpdate(next, old) {
    if (JSON.stringify(next.spec) !== JSON.stringify(old.spec)) return [{ type: 'Invalid', field: 'spec', detail: 'field is immutable', value: '' }];
    return [];
  },
};

const sliceHooks: ResourceHooks = {
  validateCreate(o) {
    const errs: FieldError[] = [];
    if (!o.spec?.driver) errs.push({ type: 'Required', field: 'spec.driver', detail: '' });
    if (!o.spec?.pool?.name) errs.push({ type: 'Required', field: 'spec.pool.name', detail: '' });
    const where = ['nodeName', 'nodeSelector', 'allNodes', 'perDeviceNodeSelection'].filter((k) => o.spec?.[k] !== undefined && o.spec?.[k] !== false);
    if (where.length !== 1) errs.push({ type: 'Invalid', field: 'spec', detail: 'exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required', value: '' });
    return errs;
  },
};

const def = (plural: string, kind: string, namespaced: boolean, hooks: ResourceHooks, subresources: string[] = []): ResourceDef => ({
  group: DRA_GROUP,
  version: 'v1',
  plural,
  singular: kind.toLowerCase(),
  kind,
  namespaced,
  verbs: RW,
  subresources,
  hooks,
});

export const DRA_RESOURCES: ResourceDef[] = [
  def('deviceclasses', 'DeviceClass', false, {}),
  def('resourceclaims', 'ResourceClaim', true, claimHooks, ['status']),
  def('resourceclaimtemplates', 'ResourceClaimTemplate', true, templateHooks),
  def('resourceslices', 'ResourceSlice', false, sliceHooks),
];

/**
 * kube-controller-manager's part for deleted claims: once nothing reserves a
 * deleted claim, deallocate it and drop the delete-protection finalizer. It never
 * drops reservations itself here, so a stale one stays until someone releases it.
 */
export class DraController {
  private readonly unsubscribe: () => void;
  private readonly claims = DRA_RESOURCES[1];

  constructor(private readonly ops: Ops) {
    this.unsubscribe = ops.store.subscribe((c) => this.onChange(c));
  }

  stop(): void {
    this.unsubscribe();
  }

  private onChange(c: Change): void {
    if (c.def.plural !== 'resourceclaims' || c.def.group !== DRA_GROUP || c.type === 'DELETED') return;
    const claim = c.object;
    if (!claim.metadata.deletionTimestamp || (claim.status?.reservedFor ?? []).length > 0) return;
    if (!claim.metadata.finalizers?.includes(DELETE_PROTECTION)) return;
    // after the current write has been delivered
    setTimeout(() => this.finish(claim), 0).unref();
  }

  private finish(seen: KubeObject): void {
    const def = this.claims;
    const now = this.ops.store.get(def, seen.metadata.namespace, seen.metadata.name);
    if (!now || now.metadata.uid !== seen.metadata.uid || (now.status?.reservedFor ?? []).length > 0) return;
    const finalizers = (now.metadata.finalizers ?? []).filter((f) => f !== DELETE_PROTECTION);
    if (finalizers.length === 0) {
      this.ops.store.remove(def, now);
      return;
    }
    const next: KubeObject = structuredClone(now);
    next.metadata.finalizers = finalizers;
    delete next.status?.allocation;
    this.ops.store.write(def, 'MODIFIED', next, now);
  }
}
