// Memory of the built console (docs/performance.md, "Memory per pod and sync cost"): the
// demo with N extra pods in its own process (bench/churn-server.ts), the console in a pty
// (120×40) with bench/heapprobe.mjs preloaded. Prints the sync time, then RSS after sync,
// after S s idle and after S s of R updates/s, each with the heap before and after a
// forced GC (the probe's SIGUSR2): what is live and what is garbage not yet collected.
// Usage: npx tsx bench/memprobe.ts N [--idle S] [--churn R]
//   KUBEDECK_PROBE_BUILT=FILE  run that bundle (.mjs) or executable instead of dist/kubedeck.mjs
//   KUBEDECK_HEAP_SAMPLE=FILE  the allocations during the churn, as a heap profile
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
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
const n = Number(args[0] ?? '50000');

const server = spawn(process.execPath, ['--import', 'tsx', 'bench/churn-server.ts', String(n), String(churn || 100)], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  // KUBEDECK_PROBE_NODE_OPTIONS: more flags for the console (e.g. --cpu-prof --cpu-prof-dir=DIR)
  NODE_OPTIONS: `--import ${resolve('bench/heapprobe.mjs')} ${process.env.KUBEDECK_PROBE_NODE_OPTIONS ?? ''}`,
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
async function heap(): Promise<{ before: Record<string, number>; after: Record<string, number>; spaces: Record<string, number> } | undefined> {
  process.kill(app.pid, 'SIGUSR2');
  for (let i = 0; i < 200; i++) {
    await sleep(0.05);
    const all = existsSync(heapOut) ? readFileSync(heapOut, 'utf8').trim().split('\n') : [];
    if (all.length > lines) return JSON.parse(all[lines++]!);
  }
  return undefined;
}
await sleep(2);
const result: Record<string, unknown> = { pods: n, syncS: +syncS.toFixed(2), syncCpuS, rssAfterSync: rss() };
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
// (an executable takes no --import from NODE_OPTIONS: no probe, no heap figures)
const h = await heap();
if (h) {
  result.heapBeforeGc = h.before;
  result.heapAfterGc = h.after;
  result.spaces = h.spaces;
}
result.load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(JSON.stringify(result));
app.kill('SIGTERM');
await sleep(3);
process.exit(0);
