// PersistentVolumes and claims in the demo: the API server's rules
// (pkg/registry/core/persistentvolume/strategy.go: status via its subresource,
// lastPhaseTransitionTime on every phase change, pv-protection added on create)
// and a small PV controller (binds, releases, deletes, pv-protection).
// Runtime imports stay out of ./resources.js: it imports these definitions.
import type { KubeObject } from '../k8s/types.js';
import type { Ops } from './ops.js';
import type { ResourceDef, ResourceHooks } from './resources.js';
import type { Change } from './store.js';
import type { FieldError } from './status.js';
import { Planned } from './timers.js';

export const PV_PROTECTION = 'kubernetes.io/pv-protection';
const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const POLICIES = ['Delete', 'Recycle', 'Retain'];
// fields ValidatePersistentVolumeUpdate lets change; the volume source may not
const MUTABLE_SPEC = ['capacity', 'claimRef', 'persistentVolumeReclaimPolicy', 'storageClassName', 'mountOptions', 'accessModes', 'nodeAffinity', 'volumeAttributesClassName'];

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** status.phase, with lastPhaseTransitionTime reset when the phase changes. */
export function withPhase(status: Record<string, unknown> | undefined, phase: string): Record<string, unknown> {
  const s = { ...status };
  if (s.phase !== phase) s.lastPhaseTransitionTime = now();
  s.phase = phase;
  return s;
}

function statusOnly(next: KubeObject, old: KubeObject): void {
  next.spec = old.spec;
  next.metadata = { ...old.metadata, resourceVersion: next.metadata?.resourceVersion };
}

const pvHooks: ResourceHooks = {
  prepareCreate(pv) {
    pv.status = { phase: 'Pending', lastPhaseTransitionTime: now() };
    // the StorageObjectInUseProtection admission plugin
    if (!pv.metadata.finalizers?.includes(PV_PROTECTION)) pv.metadata.finalizers = [...(pv.metadata.finalizers ?? []), PV_PROTECTION];
  },
  validateCreate(pv) {
    return validatePv(pv);
  },
  prepareUpdate(next, old, subresource) {
    if (subresource !== 'status') {
      next.status = old.status;
      return;
    }
    statusOnly(next, old);
    const before = old.status ?? {};
    const after = (next.status ??= {});
    if (before.phase === after.phase && !after.lastPhaseTransitionTime) after.lastPhaseTransitionTime = before.lastPhaseTransitionTime;
    else if (before.phase !== after.phase && (!after.lastPhaseTransitionTime || after.lastPhaseTransitionTime === before.lastPhaseTransitionTime)) after.lastPhaseTransitionTime = now();
  },
  validateUpdate(next, old) {
    const errs = validatePv(next);
    const source = (pv: KubeObject) => JSON.stringify(Object.fromEntries(Object.entries(pv.spec ?? {}).filter(([k]) => !MUTABLE_SPEC.includes(k))));
    if (source(next) !== source(old)) errs.push({ type: 'Forbidden', field: 'spec.persistentvolumesource', detail: 'spec.persistentvolumesource is immutable after creation' });
    return errs;
  },
};

function validatePv(pv: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = pv.spec ?? {};
  if (!spec.capacity?.storage) errs.push({ type: 'Required', field: 'spec.capacity', detail: '' });
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) errs.push({ type: 'Required', field: 'spec.accessModes', detail: '' });
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy !== undefined && !POLICIES.includes(policy)) {
    errs.push({ type: 'NotSupported', field: 'spec.persistentVolumeReclaimPolicy', value: policy, detail: `supported values: ${POLICIES.map((p) => `"${p}"`).join(', ')}` });
  }
  return errs;
}

const pvcHooks: ResourceHooks = {
  prepareCreate(pvc) {
    pvc.status = { phase: 'Pending' };
  },
  prepareUpdate(next, old, subresource) {
    if (subresource === 'status') statusOnly(next, old);
    else next.status = old.status;
  },
};

export const pvResource: ResourceDef = {
  group: '',
  version: 'v1',
  plural: 'persistentvolumes',
  singular: 'persistentvolume',
  kind: 'PersistentVolume',
  namespaced: false,
  verbs: RW,
  subresources: ['status'],
  shortNames: ['pv'],
  fieldLabels: { 'status.phase': (o) => o.status?.phase },
  hooks: pvHooks,
};

export const pvcResource: ResourceDef = {
  group: '',
  version: 'v1',
  plural: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  kind: 'PersistentVolumeClaim',
  namespaced: true,
  verbs: RW,
  subresources: ['status'],
  shortNames: ['pvc'],
  categories: ['all'],
  hooks: pvcHooks,
};

/** storage.k8s.io StorageClasses: read by `why` (volumeBindingMode); no provisioning in the demo. */
export const storageClassResource: ResourceDef = {
  group: 'storage.k8s.io',
  version: 'v1',
  plural: 'storageclasses',
  singular: 'storageclass',
  kind: 'StorageClass',
  namespaced: false,
  verbs: RW,
  subresources: [],
  shortNames: ['sc'],
};

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
function bytes(q: unknown): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(q ?? ''));
  if (!m) return NaN;
  const unit = m[2] ?? '';
  return Number(m[1]) * (BINARY[unit] ?? DECIMAL[unit]);
}

const BIND_DELAY_MS = 200;

/** kube-controller-manager's PV binder and pv-protection controller, in miniature. */
export class VolumeController {
  private readonly planned = new Planned();
  private readonly unsubscribe: () => void;

  constructor(private readonly ops: Ops) {
    this.unsubscribe = ops.store.subscribe((c) => this.onChange(c));
    // the initial sync a controller does on start: seeded objects need work too
    this.planned.later('resync', 50, () => this.resync());
  }

  stop(): void {
    this.unsubscribe();
    this.planned.stop();
  }


  private all(def: ResourceDef): KubeObject[] {
    const t = this.ops.store.table(def);
    return t.keys.map((k) => t.byKey.get(k)!);
  }

  private resync(): void {
    for (const pv of this.all(pvResource)) this.syncVolume(pv.metadata.name);
    for (const pvc of this.all(pvcResource)) this.syncClaim(pvc);
  }

  private onChange(c: Change): void {
    if (c.def === pvcResource) {
      if (c.type === 'DELETED') this.planned.later(`${c.object.metadata.uid}:released`, BIND_DELAY_MS, () => this.claimGone(c.object));
      else this.syncClaim(c.object);
    } else if (c.def === pvResource && c.type !== 'DELETED') {
      const name = c.object.metadata.name;
      this.planned.later(`pv:${name}`, BIND_DELAY_MS, () => this.syncVolume(name));
    }
  }

  private syncClaim(pvc: KubeObject): void {
    if (pvc.metadata.deletionTimestamp || pvc.spec?.volumeName || pvc.status?.phase !== 'Pending') return;
    this.planned.later(`${pvc.metadata.uid}:bind`, BIND_DELAY_MS, () => this.bind(pvc));
  }

  private write(def: ResourceDef, next: KubeObject, current: KubeObject): KubeObject {
    return this.ops.store.write(def, 'MODIFIED', next, current);
  }

  private claimOf(pv: KubeObject): KubeObject | undefined {
    const ref = pv.spec?.claimRef;
    if (!ref?.name) return undefined;
    const pvc = this.ops.store.get(pvcResource, ref.namespace, ref.name);
    return pvc && (!ref.uid || pvc.metadata.uid === ref.uid) ? pvc : undefined;
  }

  /** syncVolume: no claim → Available; claim gone → Released; pv-protection once unused. */
  private syncVolume(name: string): void {
    const pv = this.ops.store.get(pvResource, undefined, name);
    if (!pv) return;
    const phase = pv.status?.phase;
    let next: string | undefined;
    if (!pv.spec?.claimRef) next = 'Available';
    else if (pv.spec.claimRef.uid && !this.claimOf(pv) && phase !== 'Failed') next = 'Released';
    if (next && next !== phase) {
      const updated = this.write(pvResource, { ...structuredClone(pv), status: withPhase(pv.status, next) }, pv);
      return this.syncVolume(updated.metadata.name);
    }
    if (pv.metadata.deletionTimestamp && phase !== 'Bound' && pv.metadata.finalizers?.includes(PV_PROTECTION)) {
      const copy = structuredClone(pv);
      copy.metadata.finalizers = copy.metadata.finalizers!.filter((f: string) => f !== PV_PROTECTION);
      if (copy.metadata.finalizers!.length === 0) this.ops.store.remove(pvResource, pv);
      else this.write(pvResource, copy, pv);
    }
  }

  private bind(seen: KubeObject): void {
    const pvc = this.ops.store.get(pvcResource, seen.metadata.namespace, seen.metadata.name);
    if (!pvc || pvc.metadata.uid !== seen.metadata.uid || pvc.spec?.volumeName || pvc.metadata.deletionTimestamp) return;
    const want = bytes(pvc.spec?.resources?.requests?.storage);
    const modes: string[] = pvc.spec?.accessModes ?? [];
    const cls = pvc.spec?.storageClassName ?? '';
    const candidates = this.all(pvResource)
      .filter((pv) => !pv.spec?.claimRef && !pv.metadata.deletionTimestamp && pv.status?.phase === 'Available')
      .filter((pv) => (pv.spec?.storageClassName ?? '') === cls && modes.every((m) => pv.spec?.accessModes?.includes(m)))
      .filter((pv) => !(bytes(pv.spec?.capacity?.storage) < want))
      .sort((a, b) => bytes(a.spec?.capacity?.storage) - bytes(b.spec?.capacity?.storage));
    const pv = candidates[0];
    if (!pv) return;
    const boundPv = structuredClone(pv);
    boundPv.spec.claimRef = { kind: 'PersistentVolumeClaim', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid, apiVersion: 'v1', resourceVersion: pvc.metadata.resourceVersion };
    boundPv.metadata.annotations = { ...boundPv.metadata.annotations, 'pv.kubernetes.io/bound-by-controller': 'yes' };
    boundPv.status = withPhase(pv.status, 'Bound');
    this.write(pvResource, boundPv, pv);
    const boundPvc = structuredClone(pvc);
    boundPvc.spec.volumeName = pv.metadata.name;
    boundPvc.metadata.annotations = { ...boundPvc.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' };
    boundPvc.status = { phase: 'Bound', accessModes: pv.spec.accessModes, capacity: pv.spec.capacity };
    this.write(pvcResource, boundPvc, pvc);
  }

  /** The claim is gone: Retain keeps the volume Released, Delete deletes it. */
  private claimGone(pvc: KubeObject): void {
    for (const pv of this.all(pvResource)) {
      if (pv.spec?.claimRef?.uid !== pvc.metadata.uid) continue;
      const released = pv.status?.phase === 'Released' ? pv : this.write(pvResource, { ...structuredClone(pv), status: withPhase(pv.status, 'Released') }, pv);
      if (pv.spec?.persistentVolumeReclaimPolicy === 'Delete' && !released.metadata.deletionTimestamp) {
        this.ops.delete(pvResource, undefined, pv.metadata.name);
      }
      this.syncVolume(pv.metadata.name);
    }
  }
}
