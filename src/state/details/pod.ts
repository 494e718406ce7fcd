// A pod as `kubectl describe` tells what matters: each container (init, native sidecar
// = init container with restartPolicy Always, main, ephemeral) with image, state,
// readiness, restarts and last termination; conditions; volumes and claims; node, IPs,
// QoS; and, while it is not scheduled, what decides where it may go.
import type { KubeObject } from '../../k8s/types.js';
import { ago } from '../format.js';
import { podStatus } from '../pods.js';
import { arr, conditionsSection, line, metadataSection, pairs, rec, str, text, when } from './common.js';
import { section, type DetailLine, type DetailSection } from './types.js';

type Kind = 'init' | 'sidecar' | 'main' | 'ephemeral';

function stateLine(state: Record<string, unknown>, now: number): DetailLine {
  const s = rec(state);
  if (s.running) return { label: 'State', value: `Running, started ${ago(rec(s.running).startedAt, now) || 'at an unknown time'}`, tone: 'ok' };
  if (s.waiting) {
    const w = rec(s.waiting);
    const reason = text(w.reason) || 'Waiting';
    const bad = /BackOff|Err|Invalid|Fail/.test(reason);
    return { label: 'State', value: `Waiting: ${reason}${text(w.message) ? ` — ${text(w.message)}` : ''}`, tone: bad ? 'error' : 'warn' };
  }
  if (s.terminated) return { label: 'State', value: termination(rec(s.terminated), now), tone: rec(s.terminated).exitCode === 0 ? 'dim' : 'error' };
  return { label: 'State', value: 'not reported yet', tone: 'dim' };
}

function termination(t: Record<string, unknown>, now: number): string {
  const code = typeof t.exitCode === 'number' ? `exit code ${t.exitCode}` : 'exit code unknown';
  const signal = typeof t.signal === 'number' ? `, signal ${t.signal}` : '';
  const at = ago(t.finishedAt, now);
  return `Terminated: ${text(t.reason) || 'Unknown'} (${code}${signal})${at ? `, ${at}` : ''}${text(t.message) ? ` — ${text(t.message)}` : ''}`;
}

function resources(c: Record<string, unknown>): string {
  const r = rec(c.resources);
  const req = pairs(r.requests);
  const lim = pairs(r.limits);
  return [req && `requests ${req}`, lim && `limits ${lim}`].filter(Boolean).join('; ');
}

function containerLines(c: Record<string, unknown>, kind: Kind, status: Record<string, unknown> | undefined, now: number): DetailLine[] {
  const s = status ?? {};
  const kindText = { init: 'init container', sidecar: 'sidecar (init, restartPolicy Always)', main: 'container', ephemeral: 'ephemeral (debug) container' }[kind];
  const restarts = typeof s.restartCount === 'number' ? s.restartCount : 0;
  const last = rec(rec(s.lastState).terminated);
  const lines: (DetailLine | undefined)[] = [
    { label: text(c.name) || '<unnamed>', value: kindText, depth: 0 },
    line('Image', text(c.image)),
    status ? stateLine(rec(s.state), now) : { label: 'State', value: 'no status yet', tone: 'dim' },
    kind === 'init' ? undefined : line('Ready', status ? String(s.ready === true) : '', { tone: s.ready === true ? 'ok' : 'warn' }),
    kind === 'sidecar' ? line('Started', status ? String(s.started === true) : '') : undefined,
    line('Restarts', restarts > 0 ? String(restarts) : '', { tone: 'warn' }),
    Object.keys(last).length ? { label: 'Last termination', value: termination(last, now), tone: last.exitCode === 0 ? 'dim' : 'warn' } : undefined,
    line('Resources', resources(c)),
    line('Ports', arr(c.ports).map((p) => `${text(rec(p).containerPort)}/${text(rec(p).protocol) || 'TCP'}${str(rec(p).name) ? ` (${text(rec(p).name)})` : ''}`).join(', ')),
  ];
  return lines.filter((l): l is DetailLine => !!l).map((l, i) => (i === 0 ? l : { ...l, depth: 1 }));
}

function containersSection(pod: KubeObject, now: number): DetailSection[] {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const find = (list: unknown, name: unknown) => arr(list).map(rec).find((x) => x.name === name);
  const lines: DetailLine[] = [];
  for (const c of arr(spec.initContainers).map(rec)) {
    lines.push(...containerLines(c, c.restartPolicy === 'Always' ? 'sidecar' : 'init', find(status.initContainerStatuses, c.name), now));
  }
  for (const c of arr(spec.containers).map(rec)) lines.push(...containerLines(c, 'main', find(status.containerStatuses, c.name), now));
  for (const c of arr(spec.ephemeralContainers).map(rec)) lines.push(...containerLines(c, 'ephemeral', find(status.ephemeralContainerStatuses, c.name), now));
  return section('Containers', lines);
}

/** what a volume is, in a few words: "PVC data-0", "ConfigMap app-config", "emptyDir" */
function volumeSource(v: Record<string, unknown>): string {
  const src = Object.entries(v).find(([k]) => k !== 'name');
  if (!src) return 'unknown source';
  const [type, raw] = src;
  const s = rec(raw);
  switch (type) {
    case 'persistentVolumeClaim':
      return `PVC ${text(s.claimName)}${s.readOnly === true ? ' (read-only)' : ''}`;
    case 'configMap':
      return `ConfigMap ${text(s.name)}`;
    case 'secret':
      return `Secret ${text(s.secretName)}`;
    case 'hostPath':
      return `hostPath ${text(s.path)}`;
    case 'emptyDir':
      return `emptyDir${text(s.medium) ? ` (${text(s.medium)})` : ''}`;
    case 'csi':
      return `CSI ${text(s.driver)}`;
    case 'ephemeral':
      return 'generic ephemeral volume (a PVC per pod)';
    case 'projected':
      return `projected (${arr(s.sources).map((x) => Object.keys(rec(x))[0] ?? '').filter(Boolean).join(', ')})`;
    default:
      return text(type);
  }
}

function volumesSection(pod: KubeObject): DetailSection[] {
  const spec = rec(pod.spec);
  const generated = new Map(arr(rec(pod.status).resourceClaimStatuses).map((s) => [str(rec(s).name), text(rec(s).resourceClaimName)] as const));
  return [
    ...section(
      'Volumes',
      arr(spec.volumes)
        .map(rec)
        .map((v) => ({ label: text(v.name) || '<unnamed>', value: volumeSource(v) })),
    ),
    ...section(
      'Resource claims',
      arr(spec.resourceClaims)
        .map(rec)
        .map((c) => {
          const name = str(c.name);
          if (str(c.resourceClaimName)) return { label: text(name), value: `ResourceClaim ${text(c.resourceClaimName)}` };
          const made = generated.get(name);
          return {
            label: text(name),
            value: `from template ${text(c.resourceClaimTemplateName)}: ${made ? `ResourceClaim ${made}` : 'claim not created yet'}`,
            tone: made ? undefined : ('warn' as const),
          };
        }),
    ),
  ];
}

function schedulingSection(pod: KubeObject): DetailSection[] {
  const spec = rec(pod.spec);
  // where a pod may go matters while it has no node
  if (str(spec.nodeName)) return [];
  const tolerations = arr(spec.tolerations)
    .map(rec)
    .map((t) => `${text(t.key) || '*'}${t.operator === 'Exists' ? '' : `=${text(t.value)}`}:${text(t.effect) || '*'}${typeof t.tolerationSeconds === 'number' ? ` for ${t.tolerationSeconds}s` : ''}`);
  const affinity = rec(spec.affinity);
  return section('Scheduling', [
    line('Scheduling gates', arr(spec.schedulingGates).map((g) => text(rec(g).name)).filter(Boolean).join(', '), { tone: 'warn' }),
    line('Node selector', pairs(spec.nodeSelector)),
    line('Affinity', Object.keys(affinity).join(', ')),
    line('Tolerations', tolerations.join(', ')),
    line('Nominated node', text(rec(pod.status).nominatedNodeName)),
    line('Scheduler', str(spec.schedulerName) && spec.schedulerName !== 'default-scheduler' ? text(spec.schedulerName) : ''),
    line('Priority class', text(spec.priorityClassName)),
  ]);
}

export function describePod(pod: KubeObject, now: number): DetailSection[] {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const ips = arr(status.podIPs).map((p) => text(rec(p).ip)).filter(Boolean);
  const controller = arr(rec(pod.metadata).ownerReferences).map(rec).find((r) => r.controller === true);
  let shown: string;
  try {
    shown = podStatus(pod);
  } catch {
    shown = text(status.phase) || 'Unknown';
  }
  const overview = section('Pod', [
    { label: 'Status', value: shown, tone: /Running|Completed|Succeeded/.test(shown) ? 'ok' : 'warn' },
    line('Reason', text(status.reason)),
    line('Message', text(status.message)),
    line('Node', text(spec.nodeName) ? `${text(spec.nodeName)}${text(status.hostIP) ? ` (${text(status.hostIP)})` : ''}` : '', {}),
    !str(spec.nodeName) ? { label: 'Node', value: 'not scheduled', tone: 'warn' } : undefined,
    line('IPs', ips.length ? ips.join(', ') : text(status.podIP)),
    line('QoS class', text(status.qosClass)),
    line('Service account', text(spec.serviceAccountName)),
    line('Controlled by', controller ? `${text(controller.kind)}/${text(controller.name)}` : ''),
    line('Started', when(status.startTime, now)),
  ]);
  return [...overview, ...containersSection(pod, now), ...conditionsSection(pod, now), ...volumesSection(pod), ...schedulingSection(pod), ...metadataSection(pod, now)];
}
