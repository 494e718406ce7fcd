// A PersistentVolume: what it is (capacity, modes, reclaim policy, class, source, node
// affinity), whom it is bound to, and how long it has been in its phase
// (status.lastPhaseTransitionTime, GA in 1.31).
import type { KubeObject } from '../../k8s/types.js';
import { humanDuration, parseTime } from '../format.js';
import { accessModesCell } from '../pvs.js';
import { arr, line, metadataSection, pairs, rec, str, text, when } from './common.js';
import { section, type DetailSection } from './types.js';

const KNOWN_FIELDS = new Set(['capacity', 'accessModes', 'persistentVolumeReclaimPolicy', 'storageClassName', 'claimRef', 'volumeMode', 'nodeAffinity', 'mountOptions', 'volumeAttributesClassName']);

/** the volume source: the one spec field that is none of the common ones */
function source(spec: Record<string, unknown>): string {
  const entry = Object.entries(spec).find(([k]) => !KNOWN_FIELDS.has(k));
  if (!entry) return '';
  const [type, raw] = entry;
  const s = rec(raw);
  switch (type) {
    case 'csi':
      return `CSI ${text(s.driver)}, handle ${text(s.volumeHandle)}${s.readOnly === true ? ', read-only' : ''}`;
    case 'nfs':
      return `NFS ${text(s.server)}:${text(s.path)}`;
    case 'hostPath':
      return `hostPath ${text(s.path)}`;
    case 'local':
      return `local ${text(s.path)}`;
    case 'iscsi':
      return `iSCSI ${text(s.targetPortal)} ${text(s.iqn)} lun ${text(s.lun)}`;
    default:
      return text(type);
  }
}

/** required node affinity terms as "key In (a,b)" */
function nodeAffinity(spec: Record<string, unknown>): string {
  return arr(rec(rec(spec.nodeAffinity).required).nodeSelectorTerms)
    .map((t) =>
      [...arr(rec(t).matchExpressions), ...arr(rec(t).matchFields)]
        .map(rec)
        .map((e) => `${text(e.key)} ${text(e.operator)}${arr(e.values).length ? ` (${arr(e.values).map(text).join(',')})` : ''}`)
        .join(' and '),
    )
    .filter(Boolean)
    .join(' or ');
}

export function describePv(pv: KubeObject, now: number): DetailSection[] {
  const spec = rec(pv.spec);
  const status = rec(pv.status);
  const claim = rec(spec.claimRef);
  const phase = text(status.phase) || 'Unknown';
  const since = parseTime(status.lastPhaseTransitionTime);
  return [
    ...section('Volume', [
      { label: 'Phase', value: phase, tone: phase === 'Bound' ? 'ok' : phase === 'Available' ? 'ok' : phase === 'Released' ? 'warn' : phase === 'Failed' ? 'error' : undefined },
      {
        label: 'In phase for',
        value: since === undefined ? 'not reported (lastPhaseTransitionTime needs Kubernetes 1.31+)' : `${humanDuration(now - since)} (since ${text(status.lastPhaseTransitionTime)})`,
        tone: since === undefined ? 'dim' : undefined,
      },
      line('Reason', text(status.reason)),
      line('Message', text(status.message)),
      line('Capacity', text(rec(spec.capacity).storage) || pairs(spec.capacity)),
      line('Access modes', accessModesCell(spec.accessModes)),
      line('Reclaim policy', text(spec.persistentVolumeReclaimPolicy), { tone: spec.persistentVolumeReclaimPolicy === 'Delete' ? 'warn' : undefined }),
      line('Storage class', text(spec.storageClassName) || '<none>'),
      line('Volume mode', text(spec.volumeMode)),
      line('Claim', str(claim.name) ? `${text(claim.namespace)}/${text(claim.name)}${str(claim.uid) ? ` (uid ${text(claim.uid)})` : ''}` : ''),
      line('Source', source(spec)),
      line('Node affinity', nodeAffinity(spec)),
      line('Mount options', arr(spec.mountOptions).map(text).join(', ')),
      line('Created', when(rec(pv.metadata).creationTimestamp, now)),
    ]),
    ...metadataSection(pv, now),
  ];
}
