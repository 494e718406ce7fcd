// Key → screen probe for the render path (docs/performance.md): starts the demo cluster
// with N extra pods in its own process, runs the built console in a pty (120×40) with
// KUBEDECK_TRACE, presses keys one at a time and waits for each to change the screen.
// Usage: npx tsx bench/keyprobe.ts N [presses] [--fps F] [--idle S] [--churn R] [--shape demo|real]
//   --shape real  the pods as kube-apiserver returns a KWOK pod (bench/realpod.ts)
//   --idle S   also measure the console's CPU over S s with nothing changing
//   KUBEDECK_PROBE_BUILT=FILE  run that bundle instead of dist/kubedeck.mjs
//   KUBEDECK_PROBE_NODE_OPTIONS=…  NODE_OPTIONS for the console alone (--cpu-prof)
//   --churn R  press the keys while the server changes R pods per second (and report
//              CPU and RSS across that phase)
//   --keys K   the keys pressed in turn (default jk); `bench`: the benchmark's sequence
//              (bench/keys.ts: j/k, PgDn, G/g, typing into the filter)
// At the end it prints kubedeck's own stdin → frame times from the trace, per key.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runBuilt, runInPty } from '../test/e2e/pty/harness.js';
import { keyName, keySequence } from './keys.js';
import { parseTrace } from './stats.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const fps = flag('--fps');
const keysArg = flag('--keys') ?? 'jk';
const idle = Number(flag('--idle') ?? '0');
const churn = Number(flag('--churn') ?? '0');
const shape = flag('--shape') ?? 'demo';
const n = Number(args[0] ?? '50000');
const presses = Number(args[1] ?? '60');

const server = spawn(process.execPath, ['--import', 'tsx', 'bench/churn-server.ts', String(n), String(churn), '--shape', shape], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  env: {
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    KUBEDECK_TRACE: trace,
    // e.g. KUBEDECK_PROBE_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof": the console's only
    ...(process.env.KUBEDECK_PROBE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.KUBEDECK_PROBE_NODE_OPTIONS } : {}),
  },
});
const synced = (s: string) => Number(/pods ● ([\d,]+)/.exec(s)?.[1]?.replaceAll(',', '') ?? 0) >= n;
await app.waitFor(synced, 180_000, 20);
const total = /pods ● ([\d,]+)/.exec(app.screen())![1];
const cpu = () => {
  const f = readFileSync(`/proc/${app.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, s (USER_HZ 100)
};
// CPU by then: steadier than the wall time on a shared machine
console.log(`synced ${total} in ${((performance.now() - t0) / 1000).toFixed(2)} s, CPU ${cpu().toFixed(2)} s`);
await new Promise((r) => setTimeout(r, 2000));
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
const sequence = keysArg === 'bench' ? keySequence(presses) : [...keysArg];
const traceFrom = traceLength();
// what each press is, for the per-kind figures: letters after `/` until Esc are typed
let typing = false;
const kinds = sequence.map((k) => {
  if (k === '/') typing = true;
  else if (k === '\u001B') typing = false;
  else if (typing) return 'typed';
  return keyName(k);
});

const lat: number[] = [];
for (let i = 0; i < presses; i++) {
  const before = app.screen();
  const key = sequence[i % sequence.length]!;
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
/** the trace's length now: the key phase starts after it */
function traceLength(): number {
  try {
    return readFileSync(trace, 'utf8').length;
  } catch {
    return 0;
  }
}

/** per key pressed: its stdin read → the next frame write (> 8 bytes), and the renders between */
function ownTimes(text: string): void {
  const events = parseTrace(text);
  const own: { key: string; ms: number; render: number; rendered?: boolean; gc: string }[] = [];
  // V8's pauses (the trace's gcpause events) that overlap each key's stdin → frame
  const pauses = events.filter((e) => e.ev === 'gcpause').map((e) => ({ at: Number(e.at), ms: Number(e.ms), kind: String(e.kind) }));
  const gcIn = (from: number, to: number) =>
    pauses
      .filter((p) => p.at < to && p.at + p.ms > from)
      .map((p) => `${p.kind} ${p.ms.toFixed(1)}`)
      .join(' + ');
  let at: number | undefined;
  let render = 0;
  for (const e of events) {
    if (e.ev === 'stdin') {
      at = e.t;
      render = 0;
    } else if (e.ev === 'render') {
      // Ink reports a render after writing its frame
      if (at !== undefined) render += Number(e.ms);
      else if (own.length && !own.at(-1)!.rendered) {
        own.at(-1)!.render += Number(e.ms);
        own.at(-1)!.rendered = true;
      }
    } else if (e.ev === 'frame' && at !== undefined && Number(e.bytes) > 8) {
      own.push({ key: kinds[own.length % kinds.length]!, ms: e.t - at, render, gc: gcIn(at, e.t) });
      at = undefined;
    }
  }
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const p = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))]!.toFixed(1);
    return `p50 ${p(0.5)} p95 ${p(0.95)} p99 ${p(0.99)} max ${p(1)} (${s.length})`;
  };
  console.log(`own stdin → frame ms: ${stats(own.map((o) => o.ms))}; Ink render in it: ${stats(own.map((o) => o.render))}`);
  for (const k of new Set(own.map((o) => o.key))) {
    console.log(`  ${k.padEnd(6)} ${stats(own.filter((o) => o.key === k).map((o) => o.ms))}`);
  }
  const slow = own.map((o, i) => ({ ...o, i })).filter((o) => o.ms > 16);
  if (slow.length) console.log(`  over 16 ms: ${slow.map((o) => `#${o.i} ${o.key} ${o.ms.toFixed(0)} (render ${o.render.toFixed(0)}${o.gc ? `, gc ${o.gc}` : ''})`).join(', ')}`);
  const withGc = own.filter((o) => o.gc).length;
  console.log(`  keys with a GC pause inside: ${withGc} of ${own.length}; pauses in the key phase: ${pauses.length}, over 5 ms: ${pauses.filter((p) => p.ms > 5).map((p) => `${p.kind} ${p.ms.toFixed(0)}`).join(', ') || 'none'}`);
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
await new Promise((r) => setTimeout(r, 300)); // the trace is written every 100 ms
ownTimes(readFileSync(trace, 'utf8').slice(traceFrom));
// q quits: the console exits on its own (a --cpu-prof profile is written at exit)
app.write('q');
await new Promise((r) => setTimeout(r, process.env.KUBEDECK_PROBE_NODE_OPTIONS ? 5000 : 500));
app.kill('SIGTERM');
server.kill('SIGKILL');
process.exit(0);
