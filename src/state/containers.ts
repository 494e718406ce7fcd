// A pod's containers as the logs pane lists them: init containers (native sidecars,
// restartPolicy Always, marked as such), main and ephemeral containers, with state
// and restarts, and the lifecycle order the kubelet follows.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../k8s/types.js';
import { sanitize } from './sanitize.js';
import type { ContainerKind, ContainerState, ContainerInfo } from '../k8s/types.js';
export type { ContainerKind, ContainerState, ContainerInfo } from '../k8s/types.js';




// malformed objects (a null container, a status list that is a number) must not throw
const list = (v: unknown): any[] => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') : []);
const record = (v: unknown): any => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});

function statusOf(statuses: unknown, name: string): any {
  return list(statuses).find((s: any) => s.name === name);
}

function info(name: string, kind: ContainerKind, s: any): ContainerInfo {
  const st = record(s?.state);
  const state: ContainerState = st.running ? 'running' : st.terminated ? 'terminated' : st.waiting ? 'waiting' : 'unknown';
  const reason = st.waiting?.reason ?? st.terminated?.reason;
  return {
    name: sanitize(String(name)),
    kind,
    state,
    reason: reason ? sanitize(String(reason)) : undefined,
    exitCode: typeof st.terminated?.exitCode === 'number' ? st.terminated.exitCode : undefined,
    ready: s?.ready === true,
    started: s?.started === true || (s?.started === undefined && state === 'running'),
    restarts: Number(s?.restartCount ?? 0) || 0,
    containerID: typeof s?.containerID === 'string' && s.containerID ? s.containerID : typeof st.terminated?.containerID === 'string' ? st.terminated.containerID || undefined : undefined,
    hasPrevious: Boolean(s?.lastState?.terminated?.containerID),
  };
}

/**
 * Every container of the pod in `kubectl logs --all-containers` order: init containers
 * (sidecars among them, in spec order), then main, then ephemeral containers.
 */
export function podContainers(pod: KubeObject | undefined): ContainerInfo[] {
  if (!pod) return [];
  const spec = record(pod.spec);
  const status = record(pod.status);
  const out: ContainerInfo[] = [];
  for (const c of list(spec.initContainers)) {
    out.push(info(c.name, c.restartPolicy === 'Always' ? 'sidecar' : 'init', statusOf(status.initContainerStatuses, c.name)));
  }
  for (const c of list(spec.containers)) out.push(info(c.name, 'main', statusOf(status.containerStatuses, c.name)));
  for (const c of list(spec.ephemeralContainers)) out.push(info(c.name, 'ephemeral', statusOf(status.ephemeralContainerStatuses, c.name)));
  return out;
}

/** "▶ ready", "✓", "✗ 1", "… PodInitializing", with "↻3" for restarts */
export function stateText(c: ContainerInfo): string {
  let s: string;
  switch (c.state) {
    case 'running':
      s = c.ready ? '▶ ready' : c.started ? '▶' : '▶ starting';
      break;
    case 'terminated':
      s = c.exitCode === 0 ? '✓' : `✗ ${c.reason && c.reason !== 'Error' ? c.reason : `exit ${c.exitCode ?? '?'}`}`;
      break;
    case 'waiting':
      s = `… ${c.reason ?? 'waiting'}`;
      break;
    default:
      s = '?';
  }
  return c.restarts > 0 ? `${s} ↻${c.restarts}` : s;
}

const GROUPS: { kind: ContainerKind; title: string }[] = [
  { kind: 'init', title: 'init' },
  { kind: 'sidecar', title: 'sidecars' },
  { kind: 'main', title: 'main' },
  { kind: 'ephemeral', title: 'debug' },
];

/** The header line: `init: migrate ✓  sidecars: proxy ▶ ready  main: app ▶ ready` */
export function lifecycleLine(containers: ContainerInfo[]): string {
  return GROUPS.map(({ kind, title }) => {
    const group = containers.filter((c) => c.kind === kind);
    if (group.length === 0) return '';
    return `${title}: ${group.map((c) => `${c.name} ${stateText(c)}`).join(', ')}`;
  })
    .filter(Boolean)
    .join('  ');
}

/**
 * The kubelet's order: init containers one after another, each sidecar started (and
 * started-probed) before the next init container, then main containers; on shutdown
 * main containers stop first, then sidecars in reverse order.
 */
export function lifecycleOrder(containers: ContainerInfo[]): { start: string[]; stop: string[] } {
  const init = containers.filter((c) => c.kind === 'init' || c.kind === 'sidecar');
  const main = containers.filter((c) => c.kind === 'main');
  const sidecars = containers.filter((c) => c.kind === 'sidecar');
  return {
    start: [...init, ...main].map((c) => c.name),
    stop: [...main.map((c) => c.name), ...sidecars.map((c) => c.name).reverse()],
  };
}

/** "start migrate→proxy→app · stop app→proxy" for the header */
export function lifecycleSummary(containers: ContainerInfo[]): string {
  const { start, stop } = lifecycleOrder(containers);
  if (start.length <= 1) return '';
  return `start ${start.join('→')} · stop ${stop.join('→')}`;
}

/** Containers whose logs can be asked for now (the API refuses waiting ones) */
export function hasLogs(c: ContainerInfo): boolean {
  return c.state === 'running' || c.state === 'terminated' || c.hasPrevious;
}
