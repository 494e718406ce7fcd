// One open log tail: a stream per container (stern's target is pod + container +
// containerID), each into its own bounded ring buffer. A followed container that
// restarts (a new containerID in the watched pods store) gets a fresh stream and a
// visible gap marker; a stream that breaks resumes where it left off without
// duplicates (the server always sends timestamps).
import type { KubeObject, ReadableStore, Transport } from './types.js';
import { ApiError } from './types.js';
import { errorMessage, isAborted, type OpenAwareStreamOptions } from './transport.js';
import { RingBuffer } from '../state/logbuffer.js';
import { hasLogs, podContainers } from '../state/containers.js';
import type { LogTail, LogTarget, StreamState, TailOptions, TailSnapshot } from './logtypes.js';
import { mergeByTime, toEntry, type LogEntry } from '../state/loglines.js';

export type { LogTail, LogTarget, StreamState, TailOptions, TailSnapshot } from './logtypes.js';

export interface TailDeps {
  transport: Transport;
  pods?: ReadableStore<KubeObject>;
  bufferLines: number;
  keepSgr: boolean;
  connectTimeoutMs: number;
  /** a quiet container is normal: only a very long silence reconnects */
  idleTimeoutMs?: number;
  /** how long a restarted container's old stream may take to end by itself */
  restartGraceMs?: number;
  frameMs?: number;
}

interface Follower {
  name: string;
  buffer: RingBuffer<LogEntry>;
  state: StreamState;
  abort?: AbortController;
  /** the containerID being (or last) streamed */
  instance?: string;
  lastAt: number;
  /** raw lines received at lastAt, to drop the overlap when resuming */
  seenAtLast: string[];
  attempt: number;
  timer?: NodeJS.Timeout;
}

const MAX_BACKOFF_MS = 30_000;

export function restartMarker(restarts: number): string {
  return `— container restarted (restart ${restarts}) —`;
}

export function createLogTail(deps: TailDeps, target: LogTarget, options: TailOptions): LogTail {
  const key = `${target.namespace}/${target.pod}`;
  const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/log`;
  const followers = new Map<string, Follower>();
  const listeners = new Set<() => void>();
  const following = options.follow && !options.previous;
  let pod: KubeObject | undefined = deps.pods?.get(key);
  let containers = podContainers(pod);
  let tailed: string[] = [];
  let problem: string | undefined;
  let version = 0;
  let received = 0;
  let closed = false;
  let notifyTimer: NodeJS.Timeout | undefined;
  let memo: { version: number; snap: TailSnapshot } | undefined;

  const changed = () => {
    version++;
    if (notifyTimer || closed) return;
    notifyTimer = setTimeout(() => {
      notifyTimer = undefined;
      for (const l of [...listeners]) l();
    }, deps.frameMs ?? 50);
  };
  const setState = (f: Follower, state: StreamState) => {
    f.state = state;
    changed();
  };
  const info = (name: string) => containers.find((c) => c.name === name);

  function push(f: Follower, entry: LogEntry): void {
    f.buffer.push(entry);
    changed();
  }

  function start(f: Follower, mode: 'initial' | 'resume' | 'restart'): void {
    if (closed) return;
    clearTimeout(f.timer);
    f.abort?.abort();
    const c = info(f.name);
    // a resume that finds a new instance is a restart: its lines start fresh, after a marker
    if (mode === 'resume' && c?.containerID && f.instance && c.containerID !== f.instance) mode = 'restart';
    if (c && !options.previous && !hasLogs(c)) return setState(f, { state: 'waiting', message: `waiting to start${c.reason ? `: ${c.reason}` : ''}` });
    if (mode === 'restart') {
      push(f, { container: f.name, ts: '', at: Number.isFinite(f.lastAt) ? f.lastAt : 0, text: restartMarker(c?.restarts ?? 0), kind: 'marker' });
      f.lastAt = -Infinity;
      f.seenAtLast = [];
    }
    f.instance = c?.containerID;
    const abort = new AbortController();
    f.abort = abort;
    const resumeSince = mode === 'resume' && Number.isFinite(f.lastAt) ? Math.max(1, Math.ceil((Date.now() - f.lastAt) / 1000) + 1) : undefined;
    const query = {
      container: f.name,
      follow: following || undefined,
      previous: options.previous || undefined,
      timestamps: true,
      tailLines: mode === 'initial' ? options.tailLines : undefined,
      sinceSeconds: mode === 'initial' ? options.sinceSeconds : mode === 'resume' ? resumeSince : undefined,
    };
    let overlap = mode === 'resume' && Number.isFinite(f.lastAt) ? { at: f.lastAt, seen: [...f.seenAtLast] } : undefined;
    setState(f, { state: 'connecting' });
    const opened = () => {
      if (f.state.state === 'streaming' || f.abort !== abort) return;
      f.attempt = 0;
      setState(f, { state: 'streaming' });
    };
    const so: OpenAwareStreamOptions = {
      query,
      signal: abort.signal,
      connectTimeoutMs: deps.connectTimeoutMs,
      idleTimeoutMs: deps.idleTimeoutMs ?? 0,
      onOpen: opened,
      onLine: (raw) => {
        opened();
        const entry = toEntry(raw, f.name, deps.keepSgr, Date.now());
        if (overlap) {
          // a resume asks from a whole second back: drop what was already shown
          const i = entry.at === overlap.at ? overlap.seen.indexOf(raw) : -1;
          if (entry.at < overlap.at || i >= 0) {
            if (i >= 0) overlap.seen.splice(i, 1);
            return;
          }
          if (entry.at > overlap.at) overlap = undefined;
        }
        if (entry.at !== f.lastAt) f.seenAtLast = [];
        f.lastAt = entry.at;
        f.seenAtLast.push(raw);
        received++;
        push(f, entry);
      },
    };
    deps.transport
      .stream(path, so)
      .then(
        () => {
          if (abort.signal.aborted || closed) return;
          f.abort = undefined;
          if (!following) return setState(f, { state: 'ended' });
          afterEnd(f);
        },
        (err: unknown) => {
          if (isAborted(err) || abort.signal.aborted || closed) return;
          f.abort = undefined;
          const status = err instanceof ApiError ? err.status : 0;
          if (status === 0 || status >= 500 || status === 429) return retry(f, errorMessage(err));
          // 4xx: the server's sentence, until the pod changes
          setState(f, { state: 'error', message: errorMessage(err), status });
        },
      );
  }

  /** A followed stream ended: the container exited, restarted, or the server hung up. */
  function afterEnd(f: Follower): void {
    const c = info(f.name);
    if (c?.containerID && f.instance && c.containerID !== f.instance) return start(f, 'restart');
    if (!c || c.state === 'running') return retry(f, 'the server ended the stream', 1000);
    setState(f, { state: 'ended', message: c.state === 'terminated' ? `exited${c.exitCode !== undefined ? ` (${c.exitCode})` : ''}` : undefined });
  }

  function retry(f: Follower, message: string, delay?: number): void {
    f.attempt++;
    const ms = delay ?? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (f.attempt - 1));
    setState(f, { state: 'reconnecting', message, attempt: f.attempt });
    clearTimeout(f.timer);
    f.timer = setTimeout(() => start(f, 'resume'), ms);
    f.timer.unref?.();
  }

  /** The pods store changed: a new instance, a container that became ready to log, or the pod went away. */
  function onPods(): void {
    const next = deps.pods?.get(key);
    if (next === pod) return;
    // a store still (re)listing may simply not have reached the pod yet (watch-list batches)
    if (!next && deps.pods?.health.state !== 'synced') return;
    const had = pod !== undefined;
    pod = next;
    if (!pod) {
      if (had) {
        problem = `pod ${target.namespace}/${target.pod} was deleted`;
        changed();
      }
      return;
    }
    containers = podContainers(pod);
    if (tailed.length === 0) return begin();
    changed();
    if (!following) return;
    for (const f of followers.values()) {
      const c = info(f.name);
      if (!c || !hasLogs(c)) continue;
      const newInstance = Boolean(c.containerID && f.instance && c.containerID !== f.instance);
      if (f.abort && newInstance) {
        // the kubelet ends the old stream when the container exits; give its last lines time to arrive
        clearTimeout(f.timer);
        f.timer = setTimeout(() => f.instance !== c.containerID && start(f, 'restart'), deps.restartGraceMs ?? 1000);
        f.timer.unref?.();
      } else if (!f.abort && (f.state.state === 'error' || f.state.state === 'waiting' || f.state.state === 'ended')) {
        if (newInstance) start(f, 'restart');
        else if (!f.instance && c.containerID) start(f, 'initial');
      }
    }
  }

  function begin(): void {
    const names = options.container !== null ? [options.container] : containers.map((c) => c.name);
    tailed = names;
    for (const name of names) {
      const f: Follower = { name, buffer: new RingBuffer(deps.bufferLines), state: { state: 'connecting' }, lastAt: -Infinity, seenAtLast: [], attempt: 0 };
      followers.set(name, f);
      start(f, 'initial');
    }
    changed();
  }

  const unsubscribe = deps.pods?.subscribe(onPods);
  let lookingUp = !pod;
  if (pod || options.container !== null) begin();
  if (!pod) {
    // not in this session's scope (or not listed yet): ask once for its containers
    deps.transport
      .request<KubeObject>(`/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}`)
      .then(
        (p) => {
          lookingUp = false;
          if (closed || pod) return changed();
          pod = p;
          containers = podContainers(pod);
          if (tailed.length) changed();
          else begin();
        },
        (err) => {
          lookingUp = false;
          if (closed || tailed.length) return changed();
          problem = errorMessage(err);
          changed();
        },
      );
  }

  return {
    target,
    options,
    get version() {
      return version;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot() {
      if (memo?.version === version) return memo.snap;
      const lists = tailed.map((n) => followers.get(n)?.buffer.toArray() ?? []);
      const snap: TailSnapshot = {
        pod,
        containers,
        tailed,
        entries: mergeByTime(lists),
        streams: Object.fromEntries([...followers.values()].map((f) => [f.name, f.state])),
        received,
        dropped: [...followers.values()].reduce((n, f) => n + f.buffer.dropped, 0),
        problem,
        podPending: lookingUp && !pod,
      };
      memo = { version, snap };
      return snap;
    },
    close() {
      if (closed) return;
      closed = true;
      unsubscribe?.();
      clearTimeout(notifyTimer);
      for (const f of followers.values()) {
        clearTimeout(f.timer);
        f.abort?.abort();
      }
      listeners.clear();
    },
  };
}
