// Memory of the built console (docs/performance.md, "Memory per pod and sync cost"): the
// demo with N extra pods in its own process (bench/churn-server.ts), the console in a pty
// (120×40) with bench/heapprobe.cjs preloaded. Prints the sync time, then RSS after sync,
// after S s idle and after S s of R updates/s, each with the heap before and after a
// forced GC (the probe's SIGUSR2): what is live and what is garbage not yet collected.
// Usage: npx tsx bench/memprobe.ts N [--idle S] [--churn R] [--shape demo|real]
//   --shape real               the pods as kube-apiserver returns a KWOK pod (bench/realpod.ts)
//   KUBEDECK_PROBE_BUILT=FILE  run that bundle (.mjs) or executable instead of dist/kubedeck.mjs
//   KUBEDECK_HEAP_SAMPLE=FILE  the allocations during the churn, as a heap profile
//   KUBEDECK_PROBE_SMAPS=FILE  a copy of the console's /proc/PID/smaps when RSS after sync is read
//   KUBEDECK_GC_FLAVOR=last-resort  the forced GC as V8's memory-reducing one (bench/heapprobe.cjs)
//   --gc                       also every GC from the start to the figures (bench/heapprobe.cjs)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { runBuilt, runInPty } from '../test/e2e/pty/harness.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const idle = Number(flag('--idle') ?? '30');
const churn = Number(flag('--churn') ?? '0');
const shape = flag('--shape') ?? 'demo';
const gcAt = args.indexOf('--gc');
if (gcAt >= 0) args.splice(gcAt, 1);
const n = Number(args[0] ?? '50000');

const server = spawn(process.execPath, ['--import', 'tsx', 'bench/churn-server.ts', String(n), String(churn || 100), '--shape', shape], { stdio: ['ignore', 'pipe', 'inherit'] });
const line = await new Promise<string>((res) => createInterface({ input: server.stdout! }).once('line', res));
process.on('exit', () => server.kill('SIGKILL'));
const { kubeconfig } = JSON.parse(line) as { kubeconfig: string };

const home = mkdtempSync(join(tmpdir(), 'kubedeck-mem-'));
const heapOut = join(home, 'heap.jsonl');
const env = {
  HOME: home,
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_STATE_HOME: join(home, 'state'),
  KUBEDECK_HEAP_OUT: heapOut,
  KUBEDECK_TRACE: join(home, 'trace.jsonl'),
  // KUBEDECK_PROBE_NODE_OPTIONS: more flags for the console (e.g. --cpu-prof --cpu-prof-dir=DIR)
  NODE_OPTIONS: `--require ${resolve('bench/heapprobe.cjs')} ${process.env.KUBEDECK_PROBE_NODE_OPTIONS ?? ''}`,
  ...(gcAt >= 0 ? { KUBEDECK_GC_PROFILE: '1' } : {}),
  ...(process.env.KUBEDECK_HEAP_SAMPLE ? { KUBEDECK_HEAP_SAMPLE: resolve(process.env.KUBEDECK_HEAP_SAMPLE) } : {}),
};
const other = process.env.KUBEDECK_PROBE_BUILT;
const t0 = performance.now();
const app = other
  ? other.endsWith('.mjs')
    ? runInPty(process.execPath, [other, '--kubeconfig', kubeconfig, '-A'], { cols: 120, rows: 40, env })
    : runInPty(other, ['--kubeconfig', kubeconfig, '-A'], { cols: 120, rows: 40, env }) : runBuilt(['--kubeconfig', kubeconfig, '-A'], { cols: 120, rows: 40, env });
const synced = (s: string) => Number(/pods ● ([\d,]+)/.exec(s)?.[1]?.replaceAll(',', '') ?? 0) >= n;
await app.waitFor(synced, 180_000, 20);
const syncS = (performance.now() - t0) / 1000;
// the console's own CPU (user + system) to sync, start-up included: steadier than wall time on a loaded machine
const stat = readFileSync(`/proc/${app.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
const syncCpuS = (Number(stat[11]) + Number(stat[12])) / 100;
const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
const rss = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${app.pid}/status`, 'utf8'))?.[1]) / 1024);
let lines = 0;
async function heap(): Promise<{ before: Record<string, number>; after: Record<string, number>; spacesBefore: Record<string, number[]>; spaces: Record<string, number[]>; gcs?: unknown; gcMs: number } | undefined> {
  process.kill(app.pid, 'SIGUSR2');
  for (let i = 0; i < 200; i++) {
    await sleep(0.05);
    const all = existsSync(heapOut) ? readFileSync(heapOut, 'utf8').trim().split('\n') : [];
    if (all.length > lines) return JSON.parse(all[lines++]!);
  }
  return undefined;
}
await sleep(2);
if (process.env.KUBEDECK_PROBE_SMAPS) writeFileSync(process.env.KUBEDECK_PROBE_SMAPS, readFileSync(`/proc/${app.pid}/smaps`));
const result: Record<string, unknown> = { shape, pods: n, syncS: +syncS.toFixed(2), syncCpuS, rssAfterSync: rss() };
await sleep(idle);
result.rssAfterIdle = rss();
if (churn > 0) {
  if (process.env.KUBEDECK_HEAP_SAMPLE) process.kill(app.pid, 'SIGUSR2');
  server.kill('SIGUSR1');
  const start = rss();
  await sleep(idle);
  server.kill('SIGUSR2');
  result.churn = { rate: churn, seconds: idle, rssBefore: start, rssAfter: rss() };
}
// the forced GC comes last: it changes what RSS the figures above would show
const h = await heap();
if (h) {
  result.heapBeforeGc = h.before;
  result.heapAfterGc = h.after;
  result.spacesBefore = h.spacesBefore;
  result.spaces = h.spaces;
  if (h.gcs) result.gcs = h.gcs;
  result.gcMs = h.gcMs;
}
// from the console's trace: the pods' list (bytes inflated per pod) and the collections kubedeck ran itself
await sleep(0.2);
const events = readFileSync(join(home, 'trace.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const listed = events.find((e) => e.ev === 'listed' && e.resource === 'pods');
if (listed && typeof listed.bytes === 'number') result.listBytesPerPod = Math.round(listed.bytes / Number(listed.items));
const gcs = events.filter((e) => e.ev === 'gc');
if (gcs.length) result.releases = gcs.map(({ t: _t, ev: _e, ...rest }) => rest);
result.load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(JSON.stringify(result));
app.kill('SIGTERM');
await sleep(3);
process.exit(0);
