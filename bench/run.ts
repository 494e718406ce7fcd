// npm run bench: kubedeck beside k9s and kubectl, on the real control plane (KWOK pods)
// and on the demo cluster (kubedeck alone), interleaved runs, medians, ratios.
//   npm run bench -- [--sizes 10000,50000] [--runs 3] [--targets real,demo] [--quick]
//                    [--json FILE] [--keys 200] [--idle 30] [--idle-every-run] [--churn 100] [--nodes 4]
//                    [--key-budget 120] [--tools kubedeck,k9s,kubectl]
// See docs/benchmarks.md for what each figure means.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureFloor, type Floor } from './floor.js';
import type { ServerCpu, ServerFloor } from './serverfloor.js';
import { kubeconfigVia, kubeFromConfig } from './kube.js';
import { measureKubectl, measurePtyTool, type Churn, type PtyToolSpec, type ToolRun } from './measure.js';
import { cpuSeconds, load, machine, pin } from './proc.js';
import { startProxy } from './proxy.js';
import { churnReal, createPods, startReal, waitRunning, type RealCluster } from './real.js';
import { table, targetChecks, type FloorMedian, type Group } from './report.js';
import { median } from './stats.js';
import { ensureK9s, findKubectl, type Peer } from './tools.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'kubedeck.mjs');

const { values: argv } = parseArgs({
  options: {
    sizes: { type: 'string' },
    runs: { type: 'string' },
    targets: { type: 'string', default: 'real,demo' },
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    keys: { type: 'string' },
    idle: { type: 'string' },
    'idle-every-run': { type: 'boolean', default: false },
    'key-budget': { type: 'string' },
    churn: { type: 'string', default: '100' },
    nodes: { type: 'string', default: '4' },
    tools: { type: 'string', default: 'kubedeck,k9s,kubectl' },
    mjs: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: false,
});
if (argv.help) {
  console.log('npm run bench -- [--sizes 10000,50000] [--runs 3] [--targets real,demo] [--quick] [--json FILE] [--keys 200] [--idle 30] [--idle-every-run] [--key-budget 120] [--churn 100] [--nodes 4] [--tools kubedeck,k9s,kubectl] [--mjs]');
  process.exit(0);
}
const num = (s: string | undefined, d: number, what: string) => {
  const n = s === undefined ? d : Number(s);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`bench: --${what} wants a whole number, not ${JSON.stringify(s)}`);
    process.exit(2);
  }
  return n;
};
const quick = argv.quick;
const sizes = (argv.sizes ?? (quick ? '2000' : '10000,50000')).split(',').map((s) => num(s.trim(), 0, 'sizes')).filter((n) => n > 0).sort((a, b) => a - b);
const runs = num(argv.runs, quick ? 1 : 3, 'runs');
const keys = num(argv.keys, quick ? 40 : 200, 'keys');
const idleSeconds = num(argv.idle, quick ? 5 : 30, 'idle');
// the idle period (RSS after idle, idle CPU) in the first run of each tool only, unless asked
const idleFor = (run: number) => (run === 1 || argv['idle-every-run'] ? idleSeconds : 0);
// a key phase stops pressing after this long (a tool taking seconds per key would hold the run for an hour)
const keyBudgetMs = num(argv['key-budget'], 120, 'key-budget') * 1000;
const churnRate = num(argv.churn, 100, 'churn');
const nodes = Math.max(1, num(argv.nodes, 4, 'nodes'));
const tools = new Set(argv.tools.split(',').map((s) => s.trim()));
const targets = argv.targets.split(',').map((s) => s.trim());
for (const t of targets) {
  if (t !== 'real' && t !== 'demo') {
    console.error(`bench: unknown target ${t} (real, demo)`);
    process.exit(2);
  }
}

const T0 = performance.now();
const elapsed = () => `${((performance.now() - T0) / 1000).toFixed(0)} s`;
const log = (s: string) => console.error(`[bench ${elapsed()}] ${s}`);

// ---- everything started is stopped: on the way out, on an error, on Ctrl-C
const cleanups = new Set<() => void | Promise<void>>();
const track = (fn: () => void | Promise<void>) => {
  cleanups.add(fn);
  return () => void cleanups.delete(fn);
};
let cleaning = false;
async function cleanup() {
  if (cleaning) return;
  cleaning = true;
  for (const fn of [...cleanups].reverse()) await Promise.resolve().then(fn).catch(() => undefined);
  cleanups.clear();
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    log(`${sig}: stopping everything the benchmark started${argv.json ? `; what was measured so far is in ${argv.json}` : ''}`);
    writeJson(true);
    void cleanup().then(() => process.exit(130));
  });
}

// ---- CPU pinning: the tools on core 1, everything else (this harness and its children) on core 0
const cores = machine().cores;
const PIN = cores >= 2;
const tool = (file: string, args: string[]) => (PIN ? { file: 'taskset', args: ['-c', '1', file, ...args] } : { file, args });
if (PIN) pin([process.pid], '0');
else log('one core only: nothing is pinned');

// What is measured is what the README ships for a bastion: the executable of this machine's
// architecture (Node 26 inside, with its code cache and V8 flags); `--mjs` measures the
// bundle run by this Node instead.
const ARCH = process.arch === 'arm64' ? 'arm64' : 'x64';
const EXECUTABLE = join(ROOT, 'dist', `kubedeck-linux-${ARCH}`);
const BUILT = argv.mjs ? BUNDLE : EXECUTABLE;
const kubedeckCommand = (args: string[]) => (argv.mjs ? tool(process.execPath, [BUNDLE, ...args]) : tool(EXECUTABLE, args));

function ensureBuilt() {
  const newest = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'scripts')))) return;
  const args = argv.mjs ? ['scripts/build.mjs', '--bundle-only'] : ['scripts/build.mjs'];
  log(`building ${argv.mjs ? 'dist/kubedeck.mjs' : `dist/kubedeck-linux-${ARCH}`} (node ${args.join(' ')})`);
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(BUILT)) throw new Error('the build failed');
}

function envWith(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('KUBEDECK_')) env[k] = v;
  return { ...env, TERM: 'xterm-256color', COLORTERM: 'truecolor', ...extra };
}

const scratch = mkdtempSync(join(tmpdir(), 'kubedeck-bench-'));
track(() => rmSync(scratch, { recursive: true, force: true }));

function kubedeckSpec(kubeconfig: string, run: string): PtyToolSpec {
  const traceFile = join(scratch, `trace-${run}.jsonl`);
  const t = kubedeckCommand(['--kubeconfig', kubeconfig, '-A']);
  return {
    tool: 'kubedeck',
    ...t,
    env: envWith({ KUBEDECK_TRACE: traceFile, HOME: join(scratch, 'home') }),
    count: (s) => {
      const m = /pods ● ([\d,]+)/.exec(s);
      return m ? Number(m[1].replace(/,/g, '')) : undefined;
    },
    quit: 'q',
    traceFile,
  };
}

function k9sSpec(k9s: string, kubeconfig: string, run: string): PtyToolSpec {
  const dir = join(scratch, `k9s-${run}`);
  const config = join(dir, 'config');
  spawnSync('mkdir', ['-p', config, join(dir, 'state'), join(dir, 'data'), join(dir, 'cache')]);
  // no look-up of k9s's latest release (there is no network but the registries), read-only
  writeFileSync(join(config, 'config.yaml'), 'k9s:\n  skipLatestRevCheck: true\n  readOnly: true\n  refreshRate: 2\n  imageScans:\n    enable: false\n');
  const t = tool(k9s, ['--kubeconfig', kubeconfig, '--all-namespaces', '--command', 'pods', '--readonly', '--logFile', join(dir, 'k9s.log')]);
  return {
    tool: 'k9s',
    ...t,
    env: envWith({ K9S_CONFIG_DIR: config, XDG_STATE_HOME: join(dir, 'state'), XDG_DATA_HOME: join(dir, 'data'), XDG_CACHE_HOME: join(dir, 'cache'), HOME: dir }),
    count: (s) => {
      const m = /pods\(all\)\[([\d,]+)\]/i.exec(s);
      return m ? Number(m[1].replace(/,/g, '')) : undefined;
    },
    quit: '\u0003',
  };
}

interface DemoServer {
  kubeconfig: string;
  /** the demo server's process (taskset execs it in place) */
  pid?: number;
  churn: Churn;
  stop(): Promise<void>;
}

async function startDemo(pods: number): Promise<DemoServer> {
  const cmd = PIN ? { file: 'taskset', args: ['-c', '0', process.execPath] } : { file: process.execPath, args: [] as string[] };
  const child = spawn(cmd.file, [...cmd.args, '--import', 'tsx', join(ROOT, 'bench/demo-server.ts'), String(pods)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const replies: ((l: string) => void)[] = [];
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  const untrack = track(stop);
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo server did not start in 180 s with ${pods} pods`)), 180_000);
    child.once('exit', (code) => reject(new Error(`the demo server exited (${code}) before serving`)));
    lines.once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
  });
  lines.on('line', (l) => replies.shift()?.(l));
  const ask = (cmdLine: string) =>
    new Promise<string>((resolve) => {
      replies.push(resolve);
      child.stdin!.write(cmdLine + '\n');
    });
  let before = 0;
  return {
    kubeconfig: (JSON.parse(first) as { kubeconfig: string }).kubeconfig,
    pid: child.pid,
    churn: {
      start: async () => {
        before = (JSON.parse(await ask('stats')) as { updates: number }).updates;
        await ask(`churn ${churnRate}`);
      },
      stop: async () => {
        await ask('churn 0');
        return { sent: (JSON.parse(await ask('stats')) as { updates: number }).updates - before, dropped: 0 };
      },
    },
    stop: async () => {
      untrack();
      await stop();
    },
  };
}

// ---- the run
const results: { target: string; size: number; floors: Floor[]; serverFloors: ServerFloor[]; createSeconds?: number; runningSeconds?: number; runs: ToolRun[] }[] = [];
const peers: { k9s?: Peer; kubectl?: Peer } = {};

async function main() {
  ensureBuilt();
  log(`sizes ${sizes.join(', ')}; ${runs} run(s); targets ${targets.join(', ')}; ${keys} keys; ${idleSeconds} s idle; churn ${churnRate}/s; ${PIN ? 'tools on core 1, the rest on core 0' : 'unpinned'}`);
  if (targets.includes('real')) {
    peers.kubectl = findKubectl();
    if (tools.has('k9s')) peers.k9s = ensureK9s(log);
    for (const p of [peers.k9s, peers.kubectl]) if (p?.note) log(p.note);
    if (!peers.kubectl.path) {
      log('the real control plane needs kubectl (cluster.sh uses it): skipping target real');
    } else {
      await realTarget();
    }
  }
  if (targets.includes('demo')) await demoTarget();
}

async function realTarget() {
  log(`starting the real control plane with ${nodes} KWOK nodes (test/e2e/cluster/cluster.sh)`);
  const built = spawnSync('bash', ['-c', 'source test/e2e/cluster/lib.sh && test -x "$KUBE_APISERVER_BIN" -a -x "$ETCD_BIN" -a -x "$KWOK_BIN"'], { cwd: ROOT });
  if (built.status !== 0) log('the control plane is not in the cache yet: cluster.sh builds it first (about 15 min cold on 2 cores, once)');
  const cluster: RealCluster = await startReal(nodes, log);
  track(() => cluster.stop());
  track(() => cluster.kube.close());
  const proxy = await startProxy(cluster.kube.server.hostname, Number(cluster.kube.server.port));
  track(() => proxy.close());
  const viaProxy = kubeconfigVia(cluster.kubeconfig, proxy.port, join(scratch, 'real-via-proxy.kubeconfig'));
  let have = 0;
  for (const size of sizes) {
    pin(cluster.pids(), PIN ? '0,1' : '0'); // creating pods may use both cores
    log(`real: creating pods ${have}..${size - 1} (48 concurrent POSTs)`);
    const createSeconds = await createPods(cluster, have, size);
    have = size;
    log(`real: ${size} pods created in ${createSeconds.toFixed(1)} s; waiting for KWOK to make them Running`);
    const runningSeconds = await waitRunning(cluster, 15 * 60_000);
    log(`real: all Running ${runningSeconds.toFixed(1)} s later`);
    if (PIN) pin([...cluster.pids(), ...cluster.pids().flatMap((p) => childPids(p))], '0');
    const entry = { target: 'real', size, floors: [] as Floor[], serverFloors: [] as ServerFloor[], createSeconds, runningSeconds, runs: [] as ToolRun[] };
    results.push(entry);
    const churn: Churn = (() => {
      let c: ReturnType<typeof churnReal> | undefined;
      return {
        start: async () => {
          c = churnReal(cluster, size, churnRate);
        },
        stop: async () => {
          if (!c) return { sent: 0, dropped: 0 };
          await c.stop();
          const r = { sent: c.sent(), dropped: c.failed() };
          c = undefined;
          return r;
        },
      };
    })();
    for (let run = 1; run <= runs; run++) {
      const f = await measureFloor(cluster.kube);
      entry.floors.push(f);
      log(`real ${size} run ${run}: floor ${f.items} pods, ${(f.jsonBytes / 1e6).toFixed(1)} MB JSON (${(f.gzipBytes / 1e6).toFixed(1)} MB gzip): parse ${f.parseMs.toFixed(0)} ms, gunzip+parse ${f.inflateParseMs.toFixed(0)} ms`);
      const serverPids = componentPids(cluster.runDir, ['kube-apiserver', 'etcd']);
      await serverFloor(viaProxy, entry.serverFloors, `real ${size} run ${run}`, f.items, serverPids);
      const o = { expected: f.items, proxy, churn, keys, idleSeconds: idleFor(run), keyBudgetMs, serverPids, log, track };
      if (tools.has('kubedeck')) entry.runs.push(await measurePtyTool(kubedeckSpec(viaProxy, `real-${size}-${run}`), run, o));
      writeJson(false);
      if (peers.k9s?.path) entry.runs.push(await measurePtyTool(k9sSpec(peers.k9s.path, viaProxy, `real-${size}-${run}`), run, o));
      writeJson(false);
      if (peers.kubectl?.path && tools.has('kubectl')) {
        const cache = join(scratch, `kubectl-cache-${size}-${run}`);
        entry.runs.push(await measureKubectl(peers.kubectl.path, ['--kubeconfig', viaProxy, '--cache-dir', cache, 'get', 'pods', '-A'], run, { proxy, log, track }, PIN ? ['taskset', '-c', '1'] : []));
      }
    }
    printGroup(entry);
  }
}

/** the pids of the named components of test/e2e/cluster (its pids/NAME.pid files) */
function componentPids(runDir: string, names: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) {
    try {
      const pid = Number(readFileSync(join(runDir, 'pids', `${n}.pid`), 'utf8').trim());
      if (pid > 0) out[n] = pid;
    } catch {
      // not started by this cluster
    }
  }
  return out;
}

function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return [];
  }
}

async function demoTarget() {
  for (const size of sizes) {
    log(`demo: starting the demo cluster with ${size} extra pods (bench/demo-server.ts, core 0)`);
    const demo = await startDemo(size);
    const kube = kubeFromConfig(demo.kubeconfig);
    const proxy = await startProxy(kube.server.hostname, Number(kube.server.port));
    const untrack = track(() => proxy.close());
    const viaProxy = kubeconfigVia(demo.kubeconfig, proxy.port, join(scratch, `demo-${size}-via-proxy.kubeconfig`));
    const entry = { target: 'demo', size, floors: [] as Floor[], serverFloors: [] as ServerFloor[], runs: [] as ToolRun[] };
    results.push(entry);
    try {
      for (let run = 1; run <= runs; run++) {
        const f = await measureFloor(kube);
        entry.floors.push(f);
        log(`demo ${size} run ${run}: floor ${f.items} pods, ${(f.jsonBytes / 1e6).toFixed(1)} MB JSON (${(f.gzipBytes / 1e6).toFixed(1)} MB gzip): parse ${f.parseMs.toFixed(0)} ms, gunzip+parse ${f.inflateParseMs.toFixed(0)} ms`);
        const serverPids: Record<string, number> = demo.pid ? { demo: demo.pid } : {};
        await serverFloor(viaProxy, entry.serverFloors, `demo ${size} run ${run}`, f.items, serverPids);
        writeJson(false);
        entry.runs.push(await measurePtyTool(kubedeckSpec(viaProxy, `demo-${size}-${run}`), run, { expected: f.items, proxy, churn: demo.churn, keys, idleSeconds: idleFor(run), keyBudgetMs, serverPids, log, track }));
      }
    } finally {
      kube.close();
      await proxy.close();
      untrack();
      await demo.stop();
    }
    printGroup(entry);
  }
}

/**
 * The server floor (bench/serverfloor.ts): each part (the LIST pages, then the watch-list)
 * in a process of its own on the tools' core, through the counting proxy as the tools
 * reach the server, with the CPU the server's processes (`servers`: name → pid) used
 * meanwhile; a failure is logged and the run goes on without it.
 */
async function serverFloor(kubeconfig: string, into: ServerFloor[], label: string, expected: number, servers: Record<string, number>): Promise<void> {
  const part = async (which: 'list' | 'watch-list'): Promise<(Partial<ServerFloor> & { serverCpu: ServerCpu }) | undefined> => {
    const t = tool(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/serverfloor-client.ts'), kubeconfig, which]);
    const child = spawn(t.file, t.args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const untrack = track(() => void child.kill('SIGKILL'));
    // the window includes the client's start (tsx), when the server has nothing to do
    const cpu0 = Object.fromEntries(Object.entries(servers).map(([n, pid]) => [n, cpuSeconds(pid)]));
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const serverCpu = Object.fromEntries(Object.entries(servers).map(([n, pid]) => [n, cpuSeconds(pid) - cpu0[n]]));
    untrack();
    if (code !== 0) {
      log(`${label}: server floor (${which}) failed (exit ${code}): ${err.trim().split('\n').pop() ?? ''}`);
      return undefined;
    }
    try {
      return { ...(JSON.parse(out) as Partial<ServerFloor>), serverCpu };
    } catch {
      log(`${label}: server floor (${which}) printed no result: ${JSON.stringify(out.slice(0, 200))}`);
      return undefined;
    }
  };
  const l = await part('list');
  const wl = await part('watch-list');
  if (!l?.list || !wl?.watchList) return;
  const s: ServerFloor = { list: { ...l.list, serverCpu: l.serverCpu }, watchList: { ...wl.watchList, serverCpu: wl.serverCpu } };
  into.push(s);
  const cpu = (c: ServerCpu | undefined) => Object.entries(c ?? {}).map(([n, v]) => `${n} ${v.toFixed(2)} s`).join(', ');
  const w = s.watchList;
  log(
    `${label}: server floor: LIST pages ${s.list.ms.toFixed(0)} ms (${s.list.pages} pages, first byte ${s.list.firstByteMs.toFixed(0)} ms, ${(s.list.wireBytes / 1e6).toFixed(1)} MB; CPU: client ${(s.list.cpuMs / 1000).toFixed(2)} s, ${cpu(s.list.serverCpu)}), ` +
      `watch-list ${w.ms.toFixed(0)} ms (${w.events} events${w.events === expected ? '' : ` of ${expected}`}, first byte ${w.firstByteMs.toFixed(0)} ms, ${(w.wireBytes / 1e6).toFixed(1)} MB ${w.encoding}, ${(w.bytes / 1e6).toFixed(1)} MB inflated; CPU: client ${(w.cpuMs / 1000).toFixed(2)} s, ${cpu(w.serverCpu)})`,
  );
}

/** the client's and each server process's CPU seconds over one part, medians of the runs */
function cpuMedian(parts: { cpuMs: number; serverCpu?: ServerCpu }[]): Record<string, number> {
  const names = [...new Set(parts.flatMap((p) => Object.keys(p.serverCpu ?? {})))];
  return { client: median(parts.map((p) => p.cpuMs / 1000)), ...Object.fromEntries(names.map((n) => [n, median(parts.map((p) => p.serverCpu?.[n]))])) };
}

function floorMedian(floors: Floor[], servers: ServerFloor[] = []): FloorMedian {
  return {
    parseMs: median(floors.map((f) => f.parseMs)),
    inflateParseMs: median(floors.map((f) => f.inflateParseMs)),
    jsonBytes: median(floors.map((f) => f.jsonBytes)),
    gzipBytes: median(floors.map((f) => f.gzipBytes)),
    server: servers.length
      ? {
          listMs: median(servers.map((s) => s.list.ms)),
          watchListMs: median(servers.map((s) => s.watchList.ms)),
          listFirstByteMs: median(servers.map((s) => s.list.firstByteMs)),
          watchListFirstByteMs: median(servers.map((s) => s.watchList.firstByteMs)),
          listCpu: cpuMedian(servers.map((s) => s.list)),
          watchListCpu: cpuMedian(servers.map((s) => s.watchList)),
        }
      : undefined,
  };
}

function loadText(rs: ToolRun[]): string {
  const l = rs.map((r) => r.loadStart[0]);
  return l.length ? `${Math.min(...l).toFixed(1)}–${Math.max(...l).toFixed(1)}` : '';
}

/** the JSON result so far: after every tool run, at the end, and when interrupted */
function writeJson(interrupted: boolean) {
  if (!argv.json) return;
  const seconds = (performance.now() - T0) / 1000;
  const options = { sizes, runs, keys, idleSeconds, idleEveryRun: argv['idle-every-run'], keyBudgetSeconds: keyBudgetMs / 1000, churnRate, nodes, targets, pinned: PIN, kubedeck: argv.mjs ? 'node dist/kubedeck.mjs' : `dist/kubedeck-linux-${ARCH}` };
  writeFileSync(argv.json, JSON.stringify({ date: new Date().toISOString(), seconds, interrupted, machine: machine(), options, peers, results }, null, 2) + '\n');
}

function printGroup(e: (typeof results)[number], out: (s: string) => void = (s) => process.stderr.write(s)) {
  const group: Group = { target: e.target === 'real' ? 'real control plane' : 'demo', size: e.size, runs: e.runs };
  const floor = floorMedian(e.floors, e.serverFloors);
  const checks = targetChecks(group, floor);
  out('\n' + table(group, floor, loadText(e.runs)) + '\n\n' + (checks.length ? `Issue #11's targets (kubedeck, ${group.target}, ${e.size.toLocaleString('en-US')} pods):\n\n${checks.join('\n')}\n\n` : ''));
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  log(`ERROR: ${(e as Error).message}`);
} finally {
  await cleanup();
}
const seconds = (performance.now() - T0) / 1000;
if (results.length) {
  console.log(`## Summary (${new Date().toISOString()}, ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s, load average now ${load().join(' ')})\n`);
  const m = machine();
  console.log(`Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memGiB} GiB, Linux ${m.kernel}, harness on Node ${m.node}; k9s ${peers.k9s?.version ?? '—'}${peers.k9s?.note ? ` (${peers.k9s.note})` : ''}; kubectl ${peers.kubectl?.version ?? '—'}\n`);
  for (const e of results) {
    if (e.createSeconds !== undefined) console.log(`real ${e.size}: pods created in ${e.createSeconds.toFixed(1)} s (48 concurrent POSTs), Running ${e.runningSeconds?.toFixed(1)} s later`);
    printGroup(e, (t) => process.stdout.write(t));
  }
}
writeJson(false);
if (argv.json) log(`wrote ${argv.json}`);
log(`done in ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`);
process.exit(failed ? 1 : 0);
