// A LogsApi whose tails the test feeds by hand: lines, stream states, the pod.
import type { KubeObject } from '../../src/k8s/types.js';
import type { LogsApi, LogTail, LogTarget, StreamState, TailOptions, TailSnapshot } from '../../src/k8s/logs.js';
import { podContainers } from '../../src/state/containers.js';
import { mergeByTime, toEntry, type LogEntry } from '../../src/state/loglines.js';

export class FakeLogTail implements LogTail {
  version = 0;
  closed = false;
  received = 0;
  private lists = new Map<string, LogEntry[]>();
  private listeners = new Set<() => void>();
  streams: Record<string, StreamState> = {};
  problem?: string;
  private memo?: { v: number; s: TailSnapshot };

  constructor(
    readonly target: LogTarget,
    readonly options: TailOptions,
    public pod: KubeObject | undefined,
    private readonly keepSgr = true,
  ) {
    for (const name of this.tailed()) this.streams[name] = { state: 'streaming' };
  }
  tailed(): string[] {
    return this.options.container !== null ? [this.options.container] : podContainers(this.pod).map((c) => c.name);
  }
  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  changed(): void {
    this.version++;
    for (const l of [...this.listeners]) l();
  }
  /** a raw line as the server sends it (with its timestamp) */
  line(container: string, raw: string): void {
    const list = this.lists.get(container) ?? [];
    list.push(toEntry(raw, container, this.keepSgr, Date.now()));
    this.lists.set(container, list);
    this.received++;
    this.changed();
  }
  marker(container: string, text: string): void {
    const list = this.lists.get(container) ?? [];
    list.push({ container, ts: '', at: list.at(-1)?.at ?? 0, text, kind: 'marker' });
    this.lists.set(container, list);
    this.changed();
  }
  setStream(container: string, s: StreamState): void {
    this.streams = { ...this.streams, [container]: s };
    this.changed();
  }
  snapshot(): TailSnapshot {
    if (this.memo?.v === this.version) return this.memo.s;
    const tailed = this.tailed();
    const s: TailSnapshot = {
      pod: this.pod,
      containers: podContainers(this.pod),
      tailed,
      entries: mergeByTime(tailed.map((n) => this.lists.get(n) ?? [])),
      streams: this.streams,
      received: this.received,
      dropped: 0,
      problem: this.problem,
    };
    this.memo = { v: this.version, s };
    return s;
  }
  close(): void {
    this.closed = true;
  }
}

export class FakeLogsApi implements LogsApi {
  readonly tails: FakeLogTail[] = [];
  readonly saved: LogTail[] = [];
  /** the pod each new tail sees */
  pod: KubeObject | undefined;
  saveAnswer: () => Promise<string> = async () => '/home/u/.local/state/kubedeck/logs/web_orders_all.log';

  open(target: LogTarget, options: TailOptions): LogTail {
    const t = new FakeLogTail(target, options, this.pod);
    this.tails.push(t);
    return t;
  }
  save(tail: LogTail): Promise<string> {
    this.saved.push(tail);
    return this.saveAnswer();
  }
  /** the tail open now */
  get last(): FakeLogTail {
    const t = this.tails.at(-1);
    if (!t) throw new Error('no tail was opened');
    return t;
  }
}
