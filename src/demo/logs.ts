// The demo's pods/{name}/log: plausible lines per container, deterministic per
// container and timestamped, following like the kubelet (a follow stream ends when
// its container instance ends), with the API server's and kubelet's exact refusals.
// One container per annotated pod also prints escape sequences, to prove sanitizing,
// and annotated pods restart their containers on a timer (LogRestarter).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../k8s/types.js';
import type { ResourceDef } from './resources.js';
import type { ObjectStore } from './store.js';
import { badRequest, invalid, notFound } from './status.js';

/** container names (comma separated) whose logs include terminal escape sequences */
export const ESCAPES_ANNOTATION = 'demo.kubedeck.io/log-escapes';
/** e.g. "20s": the listed containers restart this often */
export const RESTART_EVERY_ANNOTATION = 'demo.kubedeck.io/restart-every';
export const RESTART_CONTAINERS_ANNOTATION = 'demo.kubedeck.io/restart-containers';

/** older lines were "rotated away" by the kubelet */
const MAX_HISTORY = 1000;

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** each container has its own pace, 0.5 to 1 s per line */
export function periodMs(pod: string, container: string): number {
  return 500 + (hash(`${pod}/${container}`) % 500);
}

/** RFC3339Nano as the kubelet writes it (trailing zeros of the fraction dropped) */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  const frac = `${iso.slice(20, 23)}${String(Math.round((ms % 1) * 1e6)).padStart(6, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}

// OSC 52 would put "echo pwned" on the clipboard; OSC 0 retitles the window.
const NASTY = [
  '\x1b[32mINFO\x1b[0m colored status: \x1b[1;33mwarming cache\x1b[0m',
  'progress \x1b[2J\x1b[H\x1b[1A\rcursor games and a cleared screen',
  'set title \x1b]0;pwned by a log line\x07 done',
  'clipboard \x1b]52;c;ZWNobyBwd25lZA==\x07 written',
  'link \x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\ and \x1b[?1049h alt screen',
];

const PATHS = ['/orders', '/orders/1042', '/cart', '/healthz', '/api/v1/items?page=2', '/checkout', '/login'];

function lineText(pod: string, container: string, kind: string, i: number, escapes: boolean): string {
  const r = hash(`${pod}/${container}/${i}`);
  if (escapes && i % 6 === 3) return NASTY[Math.floor(i / 6) % NASTY.length]!;
  const path = PATHS[r % PATHS.length]!;
  const ms = 2 + (r % 180);
  const code = r % 23 === 0 ? 503 : r % 11 === 0 ? 404 : 200;
  if (kind === 'init') return [`applying migration ${String(i + 1).padStart(4, '0')}_step`, `checked schema version ${i + 1}`, `copied ${r % 900} rows`][i % 3]!;
  if (/proxy|envoy/.test(container)) return `[${container}] "GET ${path} HTTP/1.1" ${code} - 0 ${200 + (r % 4000)} ${ms} "10.244.${r % 8}.${r % 250}"`;
  if (/ship|log/.test(container)) return `[info] [output:forward] flushed ${r % 300} records to collector:24224`;
  const level = code === 503 ? 'error' : code === 404 ? 'warn' : 'info';
  return `level=${level} msg="GET ${path} ${code} ${ms}ms" trace=${(r >>> 4).toString(16).padStart(7, '0')}`;
}

interface Instance {
  start: number;
  end?: number;
  id: string;
}

function findContainer(pod: KubeObject, name: string): { kind: string; status: any } | undefined {
  const groups: [string, any[] | undefined, any[] | undefined][] = [
    ['init', pod.spec?.initContainers, pod.status?.initContainerStatuses],
    ['main', pod.spec?.containers, pod.status?.containerStatuses],
    ['ephemeral', pod.spec?.ephemeralContainers, pod.status?.ephemeralContainerStatuses],
  ];
  for (const [kind, specs, statuses] of groups) {
    const c = (specs ?? []).find((x: any) => x.name === name);
    if (c) return { kind: kind === 'init' && c.restartPolicy === 'Always' ? 'sidecar' : kind, status: (statuses ?? []).find((s: any) => s.name === name) };
  }
  return undefined;
}

function allNames(pod: KubeObject): string[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c: any) => c.name);
}

/** The instance to read, or the kubelet's refusal. */
function instanceOf(pod: KubeObject, container: string, status: any, previous: boolean): Instance {
  const name = pod.metadata.name;
  if (!status) throw badRequest(`container "${container}" in pod "${name}" is not available`);
  const ms = (t: string | undefined) => (t ? Date.parse(t) : Date.now());
  if (previous) {
    const last = status.lastState?.terminated;
    if (!last?.containerID) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    return { start: ms(last.startedAt), end: ms(last.finishedAt), id: last.containerID };
  }
  const st = status.state ?? {};
  if (st.running) return { start: ms(st.running.startedAt), id: status.containerID ?? '' };
  if (st.terminated) return { start: ms(st.terminated.startedAt), end: ms(st.terminated.finishedAt), id: status.containerID ?? st.terminated.containerID ?? '' };
  throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${st.waiting?.reason ?? 'ContainerCreating'}`);
}

function intParam(query: URLSearchParams, key: string, min: number, name: string): number | undefined {
  const raw = query.get(key);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw badRequest(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
  if (n < min) throw invalid('', 'PodLogOptions', name, [{ type: 'Invalid', field: key, value: n, detail: min === 0 ? 'must be greater than or equal to 0' : 'must be greater than 0' }]);
  return n;
}

const flag = (query: URLSearchParams, key: string) => /^(true|1)$/.test(query.get(key) ?? '');

export function serveLog(store: ObjectStore, podDef: ResourceDef, ns: string, name: string, query: URLSearchParams, res: ServerResponse): void {
  const pod = store.get(podDef, ns, name);
  if (!pod) throw notFound('', 'pods', name);
  const tailLines = intParam(query, 'tailLines', 0, name);
  const sinceSeconds = intParam(query, 'sinceSeconds', 1, name);
  const previous = flag(query, 'previous');
  const timestamps = flag(query, 'timestamps');
  let container = query.get('container') ?? '';
  if (!container) {
    const mains = (pod.spec?.containers ?? []).map((c: any) => c.name);
    if (mains.length !== 1) throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${allNames(pod).join(' ')}]`);
    container = mains[0];
  }
  const found = findContainer(pod, container);
  if (!found) throw badRequest(`container ${container} is not valid for pod ${name}`);
  if (!pod.spec?.nodeName) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end();
    return;
  }
  const inst = instanceOf(pod, container, found.status, previous);
  if (inst.end !== undefined && inst.end <= inst.start) inst.end = inst.start + 1000; // seconds-rounded times
  const escapes = String(pod.metadata.annotations?.[ESCAPES_ANNOTATION] ?? '').split(',').includes(container);
  // a short-lived instance (an init container) still leaves a few lines
  const period = inst.end === undefined ? periodMs(name, container) : Math.min(periodMs(name, container), Math.max(1, (inst.end - inst.start) / 8));
  const at = (i: number) => inst.start + (i + 1) * period;
  const text = (i: number) => {
    const line = lineText(name, container, found.kind, i, escapes);
    return `${timestamps ? `${rfc3339Nano(at(i))} ` : ''}${line}\n`;
  };
  const now = Date.now();
  const until = Math.min(inst.end ?? now, now);
  let next = Math.max(0, Math.floor((until - inst.start) / period)); // first line not yet written
  let first = Math.max(0, next - MAX_HISTORY);
  if (sinceSeconds !== undefined) while (first < next && at(first) < now - sinceSeconds * 1000) first++;
  if (tailLines !== undefined) first = Math.max(first, next - tailLines);

  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  let history = '';
  for (let i = first; i < next; i++) history += text(i);
  res.write(history);
  const live = flag(query, 'follow') && !previous && inst.end === undefined;
  if (!live) {
    res.end();
    return;
  }
  // Like the kubelet: the stream lasts as long as this container instance.
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearInterval(timer);
    unsubscribe();
    res.end();
  };
  const timer = setInterval(() => {
    while (!done && at(next) <= Date.now()) res.write(text(next++));
  }, period);
  timer.unref();
  const unsubscribe = store.subscribe((c) => {
    if (c.def !== podDef || c.object.metadata.namespace !== ns || c.object.metadata.name !== name) return;
    if (c.type === 'DELETED' || c.object.metadata.uid !== pod.metadata.uid) return finish();
    const s = findContainer(c.object, container)?.status;
    if (!s?.state?.running || s.containerID !== inst.id) finish();
  });
  res.on('close', finish);
}

/** A new status for the pod where the named containers restarted just now. */
export function restartContainers(pod: KubeObject, names: string[], exitCode = 137): KubeObject {
  const next: KubeObject = structuredClone(pod);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  for (const list of [next.status?.initContainerStatuses, next.status?.containerStatuses]) {
    for (const s of list ?? []) {
      if (!names.includes(s.name) || !s.state?.running) continue;
      s.lastState = { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: s.state.running.startedAt, finishedAt: now, containerID: s.containerID } };
      s.state = { running: { startedAt: now } };
      s.containerID = `containerd://${randomUUID().replace(/-/g, '')}`;
      s.restartCount = (s.restartCount ?? 0) + 1;
    }
  }
  return next;
}

/** Restarts the containers of annotated pods on their timer, as a crash-looping app would. */
export class LogRestarter {
  private readonly timer: NodeJS.Timeout;
  private readonly last = new Map<string, number>();

  constructor(
    private readonly store: ObjectStore,
    private readonly podDef: ResourceDef,
    tickMs = 1000,
  ) {
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const t = this.store.table(this.podDef);
    const now = Date.now();
    for (const key of t.keys) {
      const pod = t.byKey.get(key);
      const every = /^(\d+)s$/.exec(String(pod?.metadata.annotations?.[RESTART_EVERY_ANNOTATION] ?? ''));
      if (!pod || !every || pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running') continue;
      const uid = pod.metadata.uid!;
      if (!this.last.has(uid)) this.last.set(uid, now);
      if (now - this.last.get(uid)! < Number(every[1]) * 1000) continue;
      this.last.set(uid, now);
      const names = String(pod.metadata.annotations?.[RESTART_CONTAINERS_ANNOTATION] ?? '').split(',').filter(Boolean);
      this.store.write(this.podDef, 'MODIFIED', restartContainers(pod, names), pod);
    }
  }
}
