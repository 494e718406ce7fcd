// Why a pod's PersistentVolumeClaims hold it: missing, Pending, WaitForFirstConsumer,
// and which Available PVs would match by class, size and access modes (the PV
// controller's findMatchingVolume, without label selectors' node affinity).
import type { KubeObject } from '../../k8s/types.js';
import { arr, rec, str } from '../dra.js';
import { pvStorageClass, quantityValue } from '../pvs.js';
import type { Reason, WhyInput } from './types.js';

export interface PvcNeed {
  volume: string;
  claim: string;
  /** generic ephemeral volume: the PVC is made by the ephemeral volume controller */
  ephemeral: boolean;
}

export function pvcNeeds(pod: KubeObject): PvcNeed[] {
  return arr(pod.spec?.volumes).flatMap((v): PvcNeed[] => {
    const vol = rec(v);
    const name = str(vol.name);
    if (vol.persistentVolumeClaim) return [{ volume: name, claim: str(rec(vol.persistentVolumeClaim).claimName), ephemeral: false }];
    if (vol.ephemeral) return [{ volume: name, claim: `${pod.metadata.name}-${name}`, ephemeral: true }];
    return [];
  });
}

const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';

function pvcClass(pvc: KubeObject, classes: readonly KubeObject[] | undefined): string {
  const beta = pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  const cls = rec(pvc.spec).storageClassName;
  if (typeof cls === 'string') return cls;
  return classes?.find((c) => c.metadata.annotations?.[DEFAULT_CLASS] === 'true')?.metadata.name ?? '';
}

/** Available PVs of the claim's class, at least its size, offering every mode it asks. */
export function matchingPvs(pvc: KubeObject, pvs: readonly KubeObject[], className: string): KubeObject[] {
  const spec = rec(pvc.spec);
  const want = quantityValue(str(rec(rec(spec.resources).requests).storage));
  const modes = arr(spec.accessModes).map(str);
  const volumeMode = str(spec.volumeMode) || 'Filesystem';
  return pvs.filter((pv) => {
    const s = rec(pv.spec);
    if (str(rec(pv.status).phase) !== 'Available' || s.claimRef) return false;
    if (pvStorageClass(pv) !== className) return false;
    if ((str(s.volumeMode) || 'Filesystem') !== volumeMode) return false;
    const size = quantityValue(str(rec(s.capacity).storage));
    if (Number.isFinite(want) && !(size >= want)) return false;
    const offered = arr(s.accessModes).map(str);
    return modes.every((m) => offered.includes(m));
  });
}

export function pvcReasons(needs: PvcNeed[], pod: KubeObject, input: WhyInput): Reason[] {
  const out: Reason[] = [];
  const ns = pod.metadata.namespace ?? '';
  for (const need of needs) {
    const subject = `pvc ${ns}/${need.claim}`;
    if (input.pvcs === undefined) {
      out.push({ kind: 'unknown', subject, detail: 'PersistentVolumeClaims cannot be listed' });
      continue;
    }
    const pvc = input.pvcs.find((p) => p.metadata.namespace === ns && p.metadata.name === need.claim);
    if (!pvc) {
      out.push({ kind: 'pvc-missing', subject, detail: `PersistentVolumeClaim ${need.claim} (volume ${need.volume}) does not exist`, unblock: need.ephemeral ? 'the ephemeral volume controller creates it' : `create PersistentVolumeClaim ${need.claim}` });
      continue;
    }
    const phase = str(rec(pvc.status).phase);
    if (phase === 'Bound') continue;
    const className = pvcClass(pvc, input.storageClasses);
    const cls = input.storageClasses?.find((c) => c.metadata.name === className);
    const wffc = str(cls?.volumeBindingMode) === 'WaitForFirstConsumer';
    const matches = input.pvs ? matchingPvs(pvc, input.pvs, className) : undefined;
    const matchText = matches === undefined ? 'PVs cannot be listed' : matches.length ? `${matches.length} Available PV${matches.length > 1 ? 's' : ''} would match (${matches.slice(0, 3).map((m) => m.metadata.name).join(', ')})` : 'no Available PV matches its class, size and access modes';
    const since = pvc.metadata.creationTimestamp;
    if (wffc && !str(pod.spec?.nodeName)) {
      const selected = pvc.metadata.annotations?.['volume.kubernetes.io/selected-node'];
      out.push({
        kind: 'pvc-wait-for-first-consumer',
        subject,
        since,
        detail: `${phase || 'Pending'}: storage class ${className} binds WaitForFirstConsumer — the volume is bound or provisioned once the pod is scheduled${selected ? ` (node ${selected} selected, provisioning)` : ''}; ${matchText}`,
        unblock: 'the pod must first fit a node (see node fit)',
        data: { storageClass: className, matchingPvs: matches?.map((m) => m.metadata.name) },
      });
      continue;
    }
    const provisioner = cls ? str(cls.provisioner) : '';
    out.push({
      kind: 'pvc-pending',
      subject,
      since,
      detail: `${phase || 'Pending'}${className ? ` (class ${className}${cls ? '' : ', which does not exist'})` : ' (no class)'}; ${matchText}${provisioner ? `; provisioner ${provisioner}` : ''}`,
      unblock: matches?.length ? 'the PV controller binds a matching PV' : provisioner ? `check provisioner ${provisioner}` : 'create a matching PV',
      data: { storageClass: className, matchingPvs: matches?.map((m) => m.metadata.name) },
    });
  }
  return out;
}
