// The demo's volumes: one of every phase an admin meets, plus the cases the volumes
// pane is for (long-Released volumes, stuck Terminating ones, a site cleanup finalizer).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../k8s/types.js';
import { ago } from './builders.js';

const DAY = 86400;
export const CUSTOM_FINALIZER = 'example.com/custom-cleanup';
const PROTECTION = 'kubernetes.io/pv-protection';

interface PvOpts {
  age: number;
  phase: string;
  /** seconds in the phase; null: the server did not set lastPhaseTransitionTime */
  inPhase: number | null;
  size?: string;
  modes?: string[];
  policy?: string;
  cls?: string;
  claim?: KubeObject | { namespace: string; name: string };
  finalizers?: string[];
  deleting?: number;
  reason?: string;
  message?: string;
}

function pv(name: string, o: PvOpts): KubeObject {
  const claim = o.claim && 'metadata' in o.claim ? o.claim.metadata : o.claim;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      uid: randomUUID(),
      creationTimestamp: ago(o.age),
      finalizers: o.finalizers ?? [PROTECTION],
      ...(o.deleting !== undefined ? { deletionTimestamp: ago(o.deleting), deletionGracePeriodSeconds: 0 } : {}),
      ...(claim ? { annotations: { 'pv.kubernetes.io/provisioned-by': 'csi.example.com' } } : {}),
    },
    spec: {
      capacity: { storage: o.size ?? '100Gi' },
      accessModes: o.modes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: o.policy ?? 'Retain',
      storageClassName: o.cls ?? 'fast',
      volumeMode: 'Filesystem',
      csi: { driver: 'csi.example.com', volumeHandle: `vol-${name}` },
      ...(claim
        ? { claimRef: { kind: 'PersistentVolumeClaim', namespace: claim.namespace, name: claim.name, uid: (claim as any).uid ?? randomUUID(), apiVersion: 'v1' } }
        : {}),
    },
    status: {
      phase: o.phase,
      ...(o.inPhase !== null ? { lastPhaseTransitionTime: ago(o.inPhase) } : {}),
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.message ? { message: o.message } : {}),
    },
  };
}

function pvc(namespace: string, name: string, age: number, size: string, cls = 'fast', modes = ['ReadWriteOnce']): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace, uid: randomUUID(), creationTimestamp: ago(age) },
    spec: { accessModes: modes, resources: { requests: { storage: size } }, storageClassName: cls, volumeMode: 'Filesystem' },
    status: { phase: 'Pending' },
  };
}

function bind(claim: KubeObject, volume: KubeObject): void {
  claim.spec.volumeName = volume.metadata.name;
  claim.metadata.annotations = { 'pv.kubernetes.io/bind-completed': 'yes' };
  claim.status = { phase: 'Bound', accessModes: volume.spec.accessModes, capacity: volume.spec.capacity };
}

export function volumeSeed(): { pvs: KubeObject[]; pvcs: KubeObject[] } {
  const dataApi0 = pvc('web', 'data-api-0', 30 * DAY, '100Gi');
  const models = pvc('ml', 'models', 12 * DAY, '500Gi', 'bulk', ['ReadWriteMany']);
  const cacheClaim = pvc('web', 'cache-redis-0', 9 * DAY, '20Gi');
  // a claim waiting for a volume: the demo's PV controller binds it to pv-spare-20g
  const pending = pvc('batch', 'scratch-etl', 60, '10Gi', 'standard');

  const bound = pv('pv-data-api-0', { age: 30 * DAY, phase: 'Bound', inPhase: 30 * DAY, claim: dataApi0 });
  const modelsPv = pv('pv-models', { age: 12 * DAY, phase: 'Bound', inPhase: 12 * DAY, size: '500Gi', modes: ['ReadWriteMany', 'ReadOnlyMany'], cls: 'bulk', claim: models });
  // deleted while its claim still uses it: pv-protection keeps it Terminating
  const terminating = pv('pv-cache-redis-0', { age: 9 * DAY, phase: 'Bound', inPhase: 9 * DAY, size: '20Gi', claim: cacheClaim, deleting: 3600, policy: 'Delete' });
  bind(dataApi0, bound);
  bind(models, modelsPv);
  bind(cacheClaim, terminating);

  const pvs = [
    bound,
    modelsPv,
    terminating,
    pv('pv-spare-20g', { age: 20 * DAY, phase: 'Available', inPhase: 5 * DAY, size: '20Gi', cls: 'standard' }),
    pv('pv-spare-5g', { age: 2 * DAY, phase: 'Available', inPhase: 2 * DAY, size: '5Gi', cls: 'standard', modes: ['ReadWriteOncePod'] }),
    pv('pv-data-api-1', { age: 60 * DAY, phase: 'Released', inPhase: 41 * DAY, claim: { namespace: 'web', name: 'data-api-1' } }),
    pv('pv-report-cache', { age: 3 * DAY, phase: 'Released', inPhase: 2 * 3600, size: '50Gi', claim: { namespace: 'batch', name: 'report-cache' } }),
    pv('pv-legacy-nfs', {
      age: 90 * DAY,
      phase: 'Failed',
      inPhase: 7 * DAY,
      size: '1Ti',
      modes: ['ReadWriteMany'],
      cls: 'nfs',
      policy: 'Delete',
      claim: { namespace: 'default', name: 'legacy-share' },
      reason: 'VolumeFailedDelete',
      message: 'error deleting volume: rpc error: code = Internal desc = export /srv/legacy busy',
    }),
    pv('pv-scratch-ml', {
      age: 15 * DAY,
      phase: 'Released',
      inPhase: 2 * DAY,
      size: '200Gi',
      claim: { namespace: 'ml', name: 'scratch-trainer-0' },
      finalizers: [CUSTOM_FINALIZER],
      deleting: 1800,
    }),
    // created before the API server set lastPhaseTransitionTime (< 1.29 beta)
    pv('pv-archive-2019', { age: 700 * DAY, phase: 'Released', inPhase: null, size: '2Ti', cls: 'archive', claim: { namespace: 'default', name: 'archive' } }),
  ];
  return { pvs, pvcs: [dataApi0, models, cacheClaim, pending] };
}
