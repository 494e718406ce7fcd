// Pure helpers of the benchmark: percentiles and sample summaries, the trace file's
// key → frame pairing. No I/O here, so test/unit/bench.test.ts can check them.

/** nearest-rank percentile (p in 0..100) of the samples; NaN when there are none */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: samples.length ? Math.max(...samples) : NaN,
  };
}

/** the median of numbers, ignoring missing ones (NaN/undefined); NaN when none */
export function median(values: readonly (number | undefined)[]): number {
  const xs = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

export interface TraceEvent {
  t: number;
  ev: string;
  bytes?: number;
  [k: string]: unknown;
}

/** the JSON lines of a KUBEDECK_TRACE file; lines that are not JSON (a torn last write) are skipped */
export function parseTrace(text: string): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as TraceEvent;
      if (typeof e.t === 'number' && typeof e.ev === 'string') out.push(e);
    } catch {
      // a partial line
    }
  }
  return out;
}

/**
 * kubedeck's own key → frame times: for each `stdin` event between `from` and `to` (ms, the
 * process's clock), the time to the first `frame` write after it. Keys read before an
 * earlier key's frame was written are answered by that same frame, each counted from its
 * own read. A key with no frame after it is left out.
 */
export function keyLatencies(events: readonly TraceEvent[], from = -Infinity, to = Infinity): number[] {
  const out: number[] = [];
  let waiting: number[] = [];
  for (const e of events) {
    if (e.t < from || e.t > to) continue;
    if (e.ev === 'stdin') waiting.push(e.t);
    else if (e.ev === 'frame' && waiting.length) {
      for (const t of waiting) out.push(e.t - t);
      waiting = [];
    }
  }
  return out;
}

/** a numeric field (default `bytes`) of the events named `ev` (e.g. `wire`), summed */
export function sumBytes(events: readonly TraceEvent[], ev: string, field = 'bytes'): number {
  let n = 0;
  for (const e of events) {
    const v = e[field];
    if (e.ev === ev && typeof v === 'number') n += v;
  }
  return n;
}
