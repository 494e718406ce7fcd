// One run of one tool: start it in a pty on its core, time the first pod row and the full
// count, then RSS and CPU after sync, after idle, 200 keys idle, 200 keys under churn.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpuQuiet, cpuSeconds, load, rssMiB } from './proc.js';
import { startInPty, type PtyTool } from './pty.js';
import type { CountingProxy } from './proxy.js';
import { keyLatencies, median, parseTrace, summarize, sumBytes, type Summary, type TraceEvent } from './stats.js';
import { ESC, keyName, keySequence } from './keys.js';

export interface KeyPhase {
  /** key written to the pty → screen (cells and colours) changed */
  wall: Summary;
  /** kubedeck's own: stdin read → first frame write after it (KUBEDECK_TRACE) */
  own?: Summary;
  /** pty output bytes per key (median; and the total over the phase) */
  bytesPerKey: number;
  bytesTotal: number;
  /** keys whose screen did not change within the per-key limit */
  timeouts: number;
  /** keys pressed before the phase's time budget ran out (all, unless it did) */
  pressed: number;
  /** every key: its name, wall ms, pty bytes (for the JSON) */
  samples: [string, number, number][];
}

export interface ToolRun {
  tool: string;
  run: number;
  loadStart: [number, number, number];
  loadEnd?: [number, number, number];
  firstRowS?: number;
  fullCountS?: number;
  countShown?: number;
  bytesToSync?: number;
  bytesTotal?: number;
  /** response bodies as kubedeck received them (its `wire` trace events), over the run */
  wireBytes?: number;
  /** the same responses inflated */
  inflatedBytes?: number;
  /** kubedeck (its trace): how the pods' initial state came, by watch-list or paginated LIST */
  syncPath?: 'watch-list' | 'list';
  /** kubedeck (its trace): the process's start → its pods watch started (the first request goes out then) */
  watchStartedMs?: number;
  /** kubedeck (its trace, watch-list only): its own request → the end marker read */
  listedMs?: number;
  /** CPU seconds the server's processes (PhaseOptions.serverPids) used from the spawn to the full count */
  serverCpuSync?: Record<string, number>;
  rssSyncMiB?: number;
  rssIdleMiB?: number;
  /** RSS just before the churn starts, after the idle keys */
  rssBeforeChurnMiB?: number;
  rssChurnMiB?: number;
  /** CPU seconds per 30 s */
  cpuIdle30?: number;
  cpuChurn30?: number;
  keysIdle?: KeyPhase;
  keysChurn?: KeyPhase;
  churnSent?: number;
  /** seconds the churn ran (sent / seconds is the rate the server took) */
  churnSeconds?: number;
  churnDropped?: number;
  /** kubectl: its peak RSS */
  peakRssMiB?: number;
  rows?: number;
  error?: string;
}

export interface Churn {
  start(): Promise<void>;
  stop(): Promise<{ sent: number; dropped: number }>;
}

export interface PtyToolSpec {
  tool: string;
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** the count the tool shows for its pod list, from its screen */
  count(screen: string): number | undefined;
  /** the key that quits */
  quit: string;
  traceFile?: string;
}

export interface PhaseOptions {
  expected: number;
  proxy: CountingProxy;
  churn: Churn;
  keys: number;
  idleSeconds: number;
  /** ms one key phase may take before it stops pressing */
  keyBudgetMs: number;
  words?: string[];
  /** the server's processes (name → pid), whose CPU over the sync is recorded */
  serverPids?: Record<string, number>;
  log(s: string): void;
  /** every process started is registered here, to be killed on Ctrl-C */
  track(kill: () => void): () => void;
}

const ROW = /\b(Running|Pending|SchedulingGated|CrashLoopBackOff|ContainerCreating|Completed)\b/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function traceFrom(file: string | undefined, offset: number) {
  if (!file || !existsSync(file)) return [];
  return parseTrace(readFileSync(file).subarray(offset).toString('utf8'));
}
const traceSize = (file?: string) => (file && existsSync(file) ? statSync(file).size : 0);

async function pressAll(app: PtyTool, keys: string[], traceFile: string | undefined, log: (s: string) => void, label: string, budgetMs: number): Promise<KeyPhase> {
  await sleep(150); // the trace is written every 100 ms
  const offset = traceSize(traceFile);
  const wall: number[] = [];
  const perKey: number[] = [];
  const samples: [string, number, number][] = [];
  let timeouts = 0;
  let total = 0;
  const end = performance.now() + budgetMs;
  let cut = false;
  for (const key of keys) {
    if (performance.now() > end) {
      cut = true;
      break;
    }
    const b0 = app.bytesOut;
    const r = await app.press(key, 15_000);
    if (r.timedOut) timeouts++;
    wall.push(r.ms);
    await app.quiet(15, 1000);
    perKey.push(app.bytesOut - b0);
    samples.push([keyName(key), Math.round(r.ms * 10) / 10, app.bytesOut - b0]);
    total += app.bytesOut - b0;
  }
  await sleep(250);
  const own = traceFile ? keyLatencies(traceFrom(traceFile, offset).filter((e) => e.ev === 'stdin' || e.ev === 'frame')) : [];
  const phase: KeyPhase = { wall: summarize(wall), own: own.length ? summarize(own) : undefined, bytesPerKey: median(perKey), bytesTotal: total, timeouts, pressed: wall.length, samples };
  if (cut) log(`    ${label}: stopped after ${wall.length} of ${keys.length} keys, when the phase's ${Math.round(budgetMs / 1000)} s budget ran out (--key-budget)`);
  log(`    ${label}: wall p50 ${phase.wall.p50.toFixed(1)} p99 ${phase.wall.p99.toFixed(1)} max ${phase.wall.max.toFixed(0)} ms${phase.own ? `; own p50 ${phase.own.p50.toFixed(1)} p99 ${phase.own.p99.toFixed(1)} max ${phase.own.max.toFixed(0)} ms` : ''}${timeouts ? `; ${timeouts} keys changed nothing in 15 s` : ''}`);
  return phase;
}

/** from kubedeck's trace (src/trace.ts): the path of the pods' first (re)list, and when its watch started */
export function syncFromTrace(events: readonly TraceEvent[]): Pick<ToolRun, 'syncPath' | 'watchStartedMs' | 'listedMs'> {
  const started = events.find((e) => e.ev === 'phase' && e.phase === 'pods watch started');
  const listed = events.find((e) => e.ev === 'listed' && e.resource === 'pods');
  return {
    watchStartedMs: started?.t,
    syncPath: listed ? (listed.watchList === true ? 'watch-list' : 'list') : undefined,
    listedMs: typeof listed?.ms === 'number' ? listed.ms : undefined,
  };
}

/** one run of kubedeck or k9s */
export async function measurePtyTool(spec: PtyToolSpec, run: number, o: PhaseOptions): Promise<ToolRun> {
  const r: ToolRun = { tool: spec.tool, run, loadStart: load() };
  o.proxy.reset();
  const servers = Object.entries(o.serverPids ?? {});
  const serverCpu0 = servers.map(([, pid]) => cpuSeconds(pid));
  const t0 = performance.now();
  const app = startInPty(spec.file, spec.args, { cols: 120, rows: 40, env: spec.env, cwd: spec.cwd });
  const untrack = o.track(() => app.kill('SIGKILL'));
  try {
    r.firstRowS = ((await app.waitForText(ROW, 120_000, `${spec.tool}: the first pod row`)) - t0) / 1000;
    try {
      const at = await app.waitForText((s) => (spec.count(s) ?? 0) >= o.expected, 300_000, `${spec.tool}: the full count (${o.expected})`);
      r.fullCountS = (at - t0) / 1000;
      if (servers.length) r.serverCpuSync = Object.fromEntries(servers.map(([n, pid], i) => [n, cpuSeconds(pid) - serverCpu0[i]]));
    } catch (e) {
      o.log(`    ${(e as Error).message.split('\n')[0]}`);
    }
    r.countShown = spec.count(app.text());
    r.bytesToSync = o.proxy.down;
    await app.quiet(200, 3000);
    // and its CPU: "after sync" and "idle" start when the sync's own work has ended (at
    // most 3 s more; a tool that never rests, like k9s's polling, gets the 3 s)
    await cpuQuiet(app.pid, 200, 3000);
    r.rssSyncMiB = rssMiB(app.pid);
    const serverCpu = Object.entries(r.serverCpuSync ?? {}).map(([n, v]) => `${n} ${v.toFixed(2)} s`);
    o.log(`    ${spec.tool}: first row ${r.firstRowS.toFixed(2)} s, count ${r.countShown} at ${r.fullCountS?.toFixed(2) ?? '—'} s, ${(r.bytesToSync / 1e6).toFixed(1)} MB read, RSS ${r.rssSyncMiB.toFixed(0)} MiB${serverCpu.length ? `; server CPU over the sync: ${serverCpu.join(', ')}` : ''}`);

    if (o.idleSeconds > 0) {
      const c0 = cpuSeconds(app.pid);
      await sleep(o.idleSeconds * 1000);
      r.cpuIdle30 = ((cpuSeconds(app.pid) - c0) * 30) / o.idleSeconds;
      r.rssIdleMiB = rssMiB(app.pid);
    }

    const keys = keySequence(o.keys, o.words);
    r.keysIdle = await pressAll(app, keys, spec.traceFile, o.log, 'keys idle', o.keyBudgetMs);
    app.write(ESC);
    await app.quiet(100, 2000);

    r.rssBeforeChurnMiB = rssMiB(app.pid);
    await o.churn.start();
    const churnFrom = performance.now();
    await sleep(1000);
    const c1 = cpuSeconds(app.pid);
    const tc = performance.now();
    r.keysChurn = await pressAll(app, keys, spec.traceFile, o.log, 'keys under churn', o.keyBudgetMs);
    r.cpuChurn30 = ((cpuSeconds(app.pid) - c1) * 30000) / (performance.now() - tc);
    const sent = await o.churn.stop();
    r.churnSent = sent.sent;
    r.churnSeconds = (performance.now() - churnFrom) / 1000;
    r.churnDropped = sent.dropped;
    r.rssChurnMiB = rssMiB(app.pid);
    r.bytesTotal = o.proxy.down;
    if (spec.traceFile) {
      // src/k8s/encoding.ts: `wire` is the body as received (gzip when compressed), `bytes` inflated
      const events = traceFrom(spec.traceFile, 0);
      Object.assign(r, syncFromTrace(events));
      if (r.syncPath) o.log(`    ${spec.tool}: pods by ${r.syncPath}; its watch started ${r.watchStartedMs?.toFixed(0) ?? '—'} ms after the process did${r.listedMs !== undefined ? `, its stream to the end marker ${r.listedMs.toFixed(0)} ms` : ''}`);
      const wire = sumBytes(events, 'wire', 'wire');
      if (wire) {
        r.wireBytes = wire;
        r.inflatedBytes = sumBytes(events, 'wire', 'bytes');
      }
    }
    o.log(`    ${spec.tool}: CPU idle ${r.cpuIdle30?.toFixed(2) ?? '(not this run)'} s/30 s, churn ${r.cpuChurn30.toFixed(2)} s/30 s (${sent.sent} updates, ${(sent.sent / r.churnSeconds).toFixed(0)}/s${sent.dropped ? `, ${sent.dropped} not sent: the server fell behind` : ''}); RSS idle ${r.rssIdleMiB?.toFixed(0) ?? '—'}, after churn ${r.rssChurnMiB.toFixed(0)} MiB`);
  } catch (e) {
    r.error = (e as Error).message;
    o.log(`    ${spec.tool}: ERROR ${r.error.split('\n')[0]}`);
    await o.churn.stop().catch(() => undefined);
  } finally {
    app.write(spec.quit);
    const gone = await Promise.race([app.exited.then(() => true), sleep(3000).then(() => false)]);
    if (!gone) {
      app.kill('SIGKILL');
      await Promise.race([app.exited, sleep(2000)]);
    }
    untrack();
    r.loadEnd = load();
  }
  return r;
}

/** one run of `kubectl get pods -A`: first row and complete output, peak RSS, bytes */
export async function measureKubectl(file: string, args: string[], run: number, o: Pick<PhaseOptions, 'proxy' | 'log' | 'track'>, pinned: string[]): Promise<ToolRun> {
  const r: ToolRun = { tool: 'kubectl', run, loadStart: load() };
  o.proxy.reset();
  const t0 = performance.now();
  const child = spawn(pinned[0] ?? '/usr/bin/time', [...pinned.slice(1), ...(pinned.length ? ['/usr/bin/time'] : []), '-f', '%M', file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const untrack = o.track(() => child.kill('SIGKILL'));
  let lines = 0;
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    for (const b of d) if (b === 10) lines++;
    if (lines >= 2 && r.firstRowS === undefined) r.firstRowS = (performance.now() - t0) / 1000;
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  untrack();
  r.fullCountS = (performance.now() - t0) / 1000;
  r.rows = Math.max(0, lines - 1);
  r.countShown = r.rows;
  r.bytesToSync = r.bytesTotal = o.proxy.down;
  r.peakRssMiB = Number(err.trim().split('\n').pop()) / 1024;
  r.loadEnd = load();
  if (code !== 0) r.error = `kubectl exited ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`;
  o.log(`    kubectl: first row ${r.firstRowS?.toFixed(2)} s, complete ${r.fullCountS.toFixed(2)} s, ${r.rows} rows, ${(r.bytesToSync / 1e6).toFixed(1)} MB read, peak RSS ${r.peakRssMiB.toFixed(0)} MiB${r.error ? `; ${r.error}` : ''}`);
  return r;
}
