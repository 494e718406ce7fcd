// In-process timing for the benchmark: with KUBEDECK_TRACE=FILE set, kubedeck appends one
// JSON line per event to FILE: {"t": ms since the process started (performance.now()),
// "ev": name, ...fields}. Unset (the default), every call is a no-op costing one branch.
//
// Events written today:
//   stdin  {bytes}            a chunk of terminal input, when the console read it
//   frame  {bytes}            a write of the console to the terminal
//   wire   {method, path, status, ms, encoding, wire, bytes, watch?, error?}
//                             one API response, once read: body bytes as received (wire,
//                             compressed when gzip) and inflated (bytes); src/k8s/encoding.ts
//   listed {resource, watchList, items, pages? | ms, encoding, wire, bytes}
//                             a watch loop's (re)list done; for a watch-list, the stream's
//                             bytes up to its end marker (src/k8s/watch.ts)
//   gc     {reason, ms, rssBefore, rssAfter}
//                             a collection kubedeck ran itself (src/memory.ts), MiB
//   gcpause {kind, at, ms}    a pause of V8's collector (kind: minor, major, incremental,
//                             weakcb), from its start (at, on the same clock as t)
//   phase  {phase}            a step of start-up, once each (docs/performance.md, "Start-up"):
//                             entry, modules loaded, kubeconfig read, discovery sent,
//                             pods watch started, discovery done, views loaded, first pods,
//                             full screen
// Other modules may add their own (e.g. bytes received per request); the bench reads
// the ones it knows and ignores the rest.
import { openSync, writeSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';

type Fields = Record<string, string | number | boolean>;

let fd: number | undefined;
let pending: string[] = [];
let flushTimer: NodeJS.Timeout | undefined;

function open(): number | undefined {
  const file = process.env.KUBEDECK_TRACE;
  if (!file) return undefined;
  fd ??= openSync(file, 'a');
  return fd;
}

export const tracing = Boolean(process.env.KUBEDECK_TRACE);

/** Record one event; buffered, written at most every 100 ms and at exit. */
export function trace(ev: string, fields: Fields = {}): void {
  if (!tracing) return;
  pending.push(JSON.stringify({ t: Math.round(performance.now() * 1000) / 1000, ev, ...fields }));
  flushTimer ??= setTimeout(flushTrace, 100).unref();
}

/** one start-up step reached (see the list above) */
export function phase(name: string): void {
  trace('phase', { phase: name });
}

export function flushTrace(): void {
  flushTimer = undefined;
  if (pending.length === 0) return;
  const out = open();
  if (out === undefined) return;
  const text = pending.join('\n') + '\n';
  pending = [];
  writeSync(out, text);
}

if (tracing) process.on('exit', flushTrace);

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/** With tracing on, every pause of V8's collector, to tell a slow key's cause (bench/keyprobe.ts). */
export function traceGc(): void {
  if (!tracing) return;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1;
      trace('gcpause', { kind: GC_KINDS[kind] ?? String(kind), at: Math.round(e.startTime * 1000) / 1000, ms: Math.round(e.duration * 1000) / 1000 });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}

/**
 * Trace terminal input chunks (as Ink reads them) and output writes. Only wraps the
 * streams when tracing is on.
 */
export function traceTerminal(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): void {
  if (!tracing) return;
  const read = stdin.read.bind(stdin);
  stdin.read = ((size?: number) => {
    const chunk = read(size) as Buffer | string | null;
    if (chunk !== null) trace('stdin', { bytes: typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length });
    return chunk;
  }) as typeof stdin.read;
  const write = stdout.write.bind(stdout) as (...args: unknown[]) => boolean;
  stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk instanceof Uint8Array ? chunk.length : 0;
    trace('frame', { bytes });
    return write(chunk, ...rest);
  }) as typeof stdout.write;
}
