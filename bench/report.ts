// The table the benchmark prints (and docs/benchmarks.md keeps): medians over the runs
// per target, size and tool, with kubedeck's ratios to k9s and kubectl.
import { median } from './stats.js';
import type { ToolRun } from './measure.js';

export interface Group {
  target: string;
  size: number;
  runs: ToolRun[];
}

type Getter = (r: ToolRun) => number | undefined;
interface Row {
  label: string;
  get: Getter;
  unit: 's' | 'ms' | 'MiB' | 'MB' | 'B' | 'cpu' | 'rate';
}

export const ROWS: Row[] = [
  { label: 'first pod row', get: (r) => r.firstRowS, unit: 's' },
  { label: 'full count shown', get: (r) => r.fullCountS, unit: 's' },
  { label: 'bytes read to sync', get: (r) => (r.bytesToSync === undefined ? undefined : r.bytesToSync / 1e6), unit: 'MB' },
  { label: 'RSS after sync (kubectl: peak)', get: (r) => r.rssSyncMiB ?? r.peakRssMiB, unit: 'MiB' },
  { label: 'RSS after idle', get: (r) => r.rssIdleMiB, unit: 'MiB' },
  { label: 'RSS after churn', get: (r) => r.rssChurnMiB, unit: 'MiB' },
  { label: 'CPU idle per 30 s', get: (r) => r.cpuIdle30, unit: 'cpu' },
  { label: 'CPU under churn per 30 s', get: (r) => r.cpuChurn30, unit: 'cpu' },
  { label: 'key → screen p50, idle (wall)', get: (r) => r.keysIdle?.wall.p50, unit: 'ms' },
  { label: 'key → screen p95, idle (wall)', get: (r) => r.keysIdle?.wall.p95, unit: 'ms' },
  { label: 'key → screen p99, idle (wall)', get: (r) => r.keysIdle?.wall.p99, unit: 'ms' },
  { label: 'key → screen max, idle (wall)', get: (r) => r.keysIdle?.wall.max, unit: 'ms' },
  { label: 'key → frame p50 / p99 / max, idle (own)', get: (r) => r.keysIdle?.own?.p50, unit: 'ms' },
  { label: 'key → screen p50, churn (wall)', get: (r) => r.keysChurn?.wall.p50, unit: 'ms' },
  { label: 'key → screen p95, churn (wall)', get: (r) => r.keysChurn?.wall.p95, unit: 'ms' },
  { label: 'key → screen p99, churn (wall)', get: (r) => r.keysChurn?.wall.p99, unit: 'ms' },
  { label: 'key → screen max, churn (wall)', get: (r) => r.keysChurn?.wall.max, unit: 'ms' },
  { label: 'key → frame p50 / p99 / max, churn (own)', get: (r) => r.keysChurn?.own?.p50, unit: 'ms' },
  { label: 'bytes per key, idle', get: (r) => r.keysIdle?.bytesPerKey, unit: 'B' },
  { label: 'churn the server took (updates/s)', get: (r) => (r.churnSent && r.churnSeconds ? r.churnSent / r.churnSeconds : undefined), unit: 'rate' },
];

function fmt(v: number, unit: Row['unit']): string {
  if (Number.isNaN(v)) return '—';
  switch (unit) {
    case 's':
      return `${v.toFixed(2)} s`;
    case 'ms':
      return `${v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US')} ms`;
    case 'MiB':
      return `${Math.round(v).toLocaleString('en-US')} MiB`;
    case 'MB':
      return `${v.toFixed(1)} MB`;
    case 'B':
      return `${Math.round(v).toLocaleString('en-US')} B`;
    case 'cpu':
      return `${v.toFixed(2)} s`;
    case 'rate':
      return `${Math.round(v)}`;
  }
}

const ratio = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) || b === 0 ? '—' : `${(a / b).toFixed(2)}×`);

function cell(runs: ToolRun[], row: Row): { v: number; text: string } {
  const ok = runs.filter((r) => !r.error || row.get(r) !== undefined);
  const v = median(ok.map(row.get));
  if (row.label.includes('(own)')) {
    const phase = row.label.includes('churn') ? 'keysChurn' : 'keysIdle';
    const p99 = median(ok.map((r) => r[phase]?.own?.p99));
    const max = median(ok.map((r) => r[phase]?.own?.max));
    return { v, text: Number.isNaN(v) ? '—' : `${fmt(v, 'ms').replace(' ms', '')} / ${fmt(p99, 'ms').replace(' ms', '')} / ${fmt(max, 'ms')}` };
  }
  return { v, text: fmt(v, row.unit) };
}

/** one markdown table per target and size; tools as columns, ratios beside */
export function table(group: Group, floor?: FloorMedian, load?: string): string {
  const tools = ['kubedeck', 'k9s', 'kubectl'].filter((t) => group.runs.some((r) => r.tool === t));
  const withRatios = tools.length > 1;
  const head = ['metric', ...tools, ...(withRatios ? tools.slice(1).map((t) => `kubedeck / ${t}`) : [])];
  const lines = [`### ${group.target}, ${group.size.toLocaleString('en-US')} pods${load ? ` (load average ${load})` : ''}`, '', `| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of ROWS) {
    const cells = tools.map((t) => cell(group.runs.filter((r) => r.tool === t), row));
    if (cells.every((c) => Number.isNaN(c.v))) continue;
    const ratios = withRatios ? cells.slice(1).map((c) => (row.label.includes('(own)') || row.unit === 'rate' ? '' : ratio(cells[0].v, c.v))) : [];
    lines.push(`| ${row.label} | ${cells.map((c) => c.text).join(' | ')}${ratios.length ? ` | ${ratios.join(' | ')}` : ''} |`);
  }
  if (floor) {
    lines.push(
      '',
      `JSON.parse floor (the same LIST, ${(floor.jsonBytes / 1e6).toFixed(1)} MB of JSON, ${(floor.gzipBytes / 1e6).toFixed(1)} MB as gzip): JSON.parse ${Math.round(floor.parseMs)} ms, gunzip + JSON.parse ${Math.round(floor.inflateParseMs)} ms (median of the runs, in the harness on the other core).`,
    );
    const s = floor.server;
    if (s) {
      lines.push(
        '',
        `server floor: LIST pages ${msText(s.listMs)}, watch-list ${msText(s.watchListMs)} (a trivial client on the tools' core receiving the whole initial state by kubedeck's requests, gzip, nothing parsed: the first request → the last page's last byte, and → the end marker; first byte ${msText(s.listFirstByteMs)} and ${msText(s.watchListFirstByteMs)}; median of the runs).` +
          (s.listCpu && s.watchListCpu ? ` CPU over each: LIST ${cpuText(s.listCpu)}; watch-list ${cpuText(s.watchListCpu)}.` : ''),
      );
    }
  }
  const errors = group.runs.filter((r) => r.error);
  for (const e of errors) lines.push('', `- ${e.tool} run ${e.run}: ${e.error!.split('\n')[0]}`);
  return lines.join('\n');
}

export interface FloorMedian {
  parseMs: number;
  inflateParseMs: number;
  jsonBytes: number;
  gzipBytes: number;
  /** the server floor (bench/serverfloor.ts), when it was measured */
  server?: {
    listMs: number;
    watchListMs: number;
    listFirstByteMs: number;
    watchListFirstByteMs: number;
    /** CPU seconds over each part: the trivial client's, and each server process's */
    listCpu?: Record<string, number>;
    watchListCpu?: Record<string, number>;
  };
}

const cpuText = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([n, v]) => `${n} ${v.toFixed(2)} s`)
    .join(', ');
const msText = (v: number) => (Number.isNaN(v) ? '—' : `${v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US')} ms`);

/**
 * What kubedeck's sync could be at best: the slower of the server's floor for the path it
 * took (its trace says which; watch-list when no run says) and the parse floor `fl`.
 */
export function ownableSync(kd: ToolRun[], floor: FloorMedian, fl: number): { path: 'watch-list' | 'LIST pages'; serverMs: number; floorMs: number; startedMs: number; listedMs: number } | undefined {
  if (!floor.server) return undefined;
  const paths = kd.map((r) => r.syncPath).filter((p) => p !== undefined);
  const list = paths.length > 0 && paths.filter((p) => p === 'list').length > paths.length / 2;
  const serverMs = list ? floor.server.listMs : floor.server.watchListMs;
  return {
    path: list ? 'LIST pages' : 'watch-list',
    serverMs,
    floorMs: Math.max(serverMs, fl),
    startedMs: median(kd.map((r) => r.watchStartedMs)),
    listedMs: median(kd.map((r) => r.listedMs)),
  };
}

/** issue #11's targets for kubedeck in one group, each met or not, with the figure */
export function targetChecks(group: Group, floor: FloorMedian): string[] {
  const kd = group.runs.filter((r) => r.tool === 'kubedeck');
  if (kd.length === 0) return [];
  const m = (get: (r: ToolRun) => number | undefined) => median(kd.map(get));
  const out: string[] = [];
  const check = (ok: boolean | undefined, text: string) => out.push(`- ${ok === undefined ? 'not measured' : ok ? '**met**' : '**not met**'}: ${text}`);
  const ms = (v: number) => (Number.isNaN(v) ? '—' : `${v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US')} ms`);
  for (const [phase, label] of [['keysIdle', 'idle'], ['keysChurn', 'under churn']] as const) {
    const p99 = m((r) => r[phase]?.own?.p99);
    const max = m((r) => r[phase]?.own?.max);
    const wallMax = m((r) => r[phase]?.wall.max);
    check(Number.isNaN(p99) ? undefined : p99 <= 16 && max <= 50, `key → frame ${label} p99 ≤ 16 ms, max ≤ 50 ms (own): p99 ${ms(p99)}, max ${ms(max)} (wall max ${ms(wallMax)})`);
  }
  const worst = Math.max(...kd.flatMap((r) => [r.keysIdle?.wall.max ?? 0, r.keysChurn?.wall.max ?? 0]));
  check(worst > 0 ? worst < 1000 : undefined, `no stall (no key over 1 s in any run): the slowest key took ${ms(worst)}`);
  const rss = m((r) => r.rssSyncMiB);
  check(Number.isNaN(rss) ? undefined : rss <= 300, `RSS after sync ≤ 300 MiB (the target is set at 50,000 pods): ${Math.round(rss)} MiB`);
  const idle = m((r) => r.rssBeforeChurnMiB ?? r.rssIdleMiB);
  const churn = m((r) => r.rssChurnMiB);
  check(Number.isNaN(churn) ? undefined : Math.abs(churn / idle - 1) <= 0.1, `RSS flat within ±10 % under churn (from just before the churn to its end, about 30 s, not the target's 10 minutes): ${Math.round(idle)} → ${Math.round(churn)} MiB (${((churn / idle - 1) * 100).toFixed(0)} %)`);
  const sync = m((r) => r.fullCountS) * 1000;
  const bytes = m((r) => r.bytesToSync);
  const gz = bytes < floor.jsonBytes / 2;
  const fl = gz ? floor.inflateParseMs : floor.parseMs;
  check(Number.isNaN(sync) ? undefined : sync <= 1.5 * fl, `full sync ≤ 1.5× the ${gz ? 'gunzip + ' : ''}JSON.parse floor of the same LIST: ${ms(sync)} vs ${ms(fl)} (${(sync / fl).toFixed(1)}×; from spawn, start-up included)`);
  const own = ownableSync(kd, floor, fl);
  if (own) {
    check(
      Number.isNaN(sync) ? undefined : sync <= 1.5 * own.floorMs,
      `beside it, what the client can own: full sync ≤ 1.5× max(the server floor of the path it uses, the parse floor): ${ms(sync)} vs max(${own.path} ${ms(own.serverMs)}, parse ${ms(fl)}) = ${ms(own.floorMs)} (${(sync / own.floorMs).toFixed(1)}×); its pods watch started ${ms(own.startedMs)} after spawn${Number.isNaN(own.listedMs) ? '' : `, its own watch-list stream took ${ms(own.listedMs)} to the end marker`}`,
    );
  }
  const first = m((r) => r.firstRowS);
  check(Number.isNaN(first) ? undefined : first <= 0.5, `first rows ≤ 0.5 s: ${first.toFixed(2)} s`);
  const serverGzips = floor.gzipBytes < floor.jsonBytes / 2;
  check(Number.isNaN(bytes) || !serverGzips ? undefined : bytes <= floor.gzipBytes * 1.25, `bytes on the wire about the gzipped LIST (${(floor.gzipBytes / 1e6).toFixed(1)} MB gzip, ${(floor.jsonBytes / 1e6).toFixed(1)} MB plain): read ${(bytes / 1e6).toFixed(1)} MB to sync${serverGzips ? '' : ' (this server does not gzip)'}`);
  const cpu = m((r) => r.cpuIdle30);
  check(Number.isNaN(cpu) ? undefined : cpu <= 0.3, `idle CPU ≤ 1 % of a core (0.3 s per 30 s): ${cpu.toFixed(2)} s per 30 s`);
  const perKey = m((r) => r.keysIdle?.bytesPerKey);
  out.push(`- bytes per key (no target figure; small is the aim): ${Math.round(perKey)} B median`);
  return out;
}
