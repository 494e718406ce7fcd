// Key → screen probe for the render path (docs/performance.md): starts the demo cluster
// with N extra pods in its own process, runs the built console in a pty (120×40) with
// KUBEDECK_TRACE, presses keys one at a time and waits for each to change the screen.
// Usage: npx tsx bench/keyprobe.ts N [presses] [--fps F] [--idle S] [--churn R]
//   --idle S   also measure the console's CPU over S s with nothing changing
//   KUBEDECK_PROBE_BUILT=FILE  run that bundle instead of dist/kubedeck.mjs
//   --churn R  press the keys while the server changes R pods per second (and report
//              CPU and RSS across that phase)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runBuilt, runInPty } from '../test/e2e/pty/harness.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const fps = flag('--fps');
const keysArg = flag('--keys') ?? 'jk';
const idle = Number(flag('--idle') ?? '0');
const churn = Number(flag('--churn') ?? '0');
const n = Number(args[0] ?? '50000');
const presses = Number(args[1] ?? '60');

const server = spawn(process.execPath, ['--import', 'tsx', 'bench/churn-server.ts', String(n), String(churn)], { stdio: ['ignore', 'pipe', 'inherit'] });
const line = await new Promise<string>((resolve) => createInterface({ input: server.stdout! }).once('line', resolve));
process.on('exit', () => server.kill('SIGKILL'));
const { kubeconfig } = JSON.parse(line) as { kubeconfig: string };

const home = mkdtempSync(join(tmpdir(), 'kubedeck-probe-'));
mkdirSync(join(home, 'config', 'kubedeck'), { recursive: true });
if (fps) writeFileSync(join(home, 'config', 'kubedeck', 'config.yaml'), `ui:\n  refreshFps: ${fps}\n`);
const trace = join(home, 'trace.jsonl');
const t0 = performance.now();
// KUBEDECK_PROBE_BUILT=FILE runs another build (e.g. of an older commit) the same way
const other = process.env.KUBEDECK_PROBE_BUILT;
const run = (args: string[], opts: Parameters<typeof runBuilt>[1]) => (other ? runInPty(process.execPath, [other, ...args], opts) : runBuilt(args, opts));
const app = run(['--kubeconfig', kubeconfig, '-A'], {
  cols: 120,
  rows: 40,
  env: { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), KUBEDECK_TRACE: trace },
});
const synced = (s: string) => Number(/pods ● ([\d,]+)/.exec(s)?.[1]?.replaceAll(',', '') ?? 0) >= n;
await app.waitFor(synced, 180_000, 20);
const total = /pods ● ([\d,]+)/.exec(app.screen())![1];
console.log(`synced ${total} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
await new Promise((r) => setTimeout(r, 2000));
const cpu = () => {
  const f = readFileSync(`/proc/${app.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, s (USER_HZ 100)
};
const rssMiB = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${app.pid}/status`, 'utf8'))?.[1]) / 1024);
console.log(`RSS after sync ${rssMiB()} MiB`);
if (idle > 0) {
  const c0 = cpu();
  await new Promise((r) => setTimeout(r, idle * 1000));
  const used = cpu() - c0;
  console.log(`idle CPU ${used.toFixed(2)} s in ${idle} s (${((100 * used) / idle).toFixed(1)} % of a core); RSS ${rssMiB()} MiB`);
}
let churnStart = 0;
if (churn > 0) {
  server.kill('SIGUSR1');
  churnStart = cpu();
  console.log(`churn ${churn}/s on`);
}
const keysStarted = performance.now();

const lat: number[] = [];
for (let i = 0; i < presses; i++) {
  const before = app.screen();
  const key = keysArg[i % keysArg.length]!;
  const at = performance.now();
  app.write(key);
  try {
    await app.waitFor((s) => s !== before, 15_000, 1);
  } catch {
    console.log(`press ${i} (${key}): no change in 15 s`);
  }
  const ms = performance.now() - at;
  lat.push(ms);
  if (ms > 500) console.log(`press ${i} (${key}): ${ms.toFixed(0)} ms at ${((at - t0) / 1000).toFixed(1)} s`);
  await new Promise((r) => setTimeout(r, 30 + Math.random() * 70));
}
const sorted = [...lat].sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
console.log(`key → screen ms: p50 ${q(0.5)} p95 ${q(0.95)} p99 ${q(0.99)} max ${q(1)} (${presses} presses)`);
if (churn > 0) {
  const secs = (performance.now() - keysStarted) / 1000;
  console.log(`under churn: CPU ${(cpu() - churnStart).toFixed(2)} s in ${secs.toFixed(1)} s`);
  server.kill('SIGUSR2');
}
console.log(`RSS ${rssMiB()} MiB; trace ${trace}`);
app.kill('SIGTERM');
server.kill('SIGKILL');
process.exit(0);
