// The churn soak (issue #11: "RSS flat within ±10 % after 10 minutes of 100 updates/s"):
// the built console in a pty (120×40) against the demo (N extra pods, its own process) or
// the real control plane (N KWOK pods), synced, then R updates per second for M minutes.
// Every S seconds it samples the console's RSS and CPU and presses a key (j or k) to
// check that the console still answers; it prints each sample and a summary, and writes
// every sample with `--json FILE`.
// Usage: npx tsx bench/soak.ts [--target demo|real] [--pods 50000] [--churn 100]
//          [--minutes 10] [--every 15] [--settle 60] [--json FILE]
// (after `npm run build`; the real target starts test/e2e/cluster's control plane)
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { runBuilt } from '../test/e2e/pty/harness.js';
import { cpuSeconds, load, machine, pin, rssMiB } from './proc.js';
import { churnReal, createPods, startReal, waitRunning, type RealCluster } from './real.js';

const { values: argv } = parseArgs({
  options: {
    target: { type: 'string', default: 'demo' },
    pods: { type: 'string', default: '50000' },
    churn: { type: 'string', default: '100' },
    minutes: { type: 'string', default: '10' },
    every: { type: 'string', default: '15' },
    settle: { type: 'string', default: '60' },
    json: { type: 'string' },
  },
});
const target = argv.target === 'real' ? 'real' : 'demo';
const pods = Number(argv.pods);
const rate = Number(argv.churn);
const minutes = Number(argv.minutes);
const every = Number(argv.every);
const settle = Number(argv.settle);
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Sample {
  /** seconds since the churn started (negative: before it) */
  t: number;
  rssMiB: number;
  /** CPU seconds of the console since the previous sample */
  cpu: number;
  /** key → screen change through the pty, ms */
  keyMs: number;
  load: number;
}

let stopAll: () => Promise<void> = async () => {};
let kubeconfig: string;
let churn: { start(): void; stop(): Promise<void>; sent(): number };
let cluster: RealCluster | undefined;
if (target === 'demo') {
  const server = spawn(process.execPath, ['--import', 'tsx', 'bench/churn-server.ts', String(pods), String(rate)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: server.stdout! }).once('line', resolve));
  kubeconfig = (JSON.parse(line) as { kubeconfig: string }).kubeconfig;
  pin([server.pid!], '0');
  const started = { at: 0 };
  churn = {
    start: () => {
      started.at = performance.now();
      server.kill('SIGUSR1');
    },
    stop: async () => void server.kill('SIGUSR2'),
    sent: () => Math.round(((performance.now() - started.at) / 1000) * rate), // the demo patches in-process at the set rate
  };
  stopAll = async () => void server.kill('SIGKILL');
} else {
  cluster = await startReal(4, log);
  const c = cluster;
  stopAll = () => c.stop();
  pin(c.pids(), '0');
  log(`creating ${pods} pods …`);
  log(`created in ${(await createPods(c, 0, pods)).toFixed(1)} s; Running ${(await waitRunning(c, 30 * 60_000)).toFixed(1)} s later`);
  kubeconfig = c.kubeconfig;
  let running: ReturnType<typeof churnReal> | undefined;
  churn = {
    start: () => (running = churnReal(c, pods, rate)),
    stop: async () => running?.stop(),
    sent: () => running?.sent() ?? 0,
  };
}
process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

const home = mkdtempSync(join(tmpdir(), 'kubedeck-soak-'));
mkdirSync(join(home, 'config'), { recursive: true });
const app = runBuilt(['--kubeconfig', kubeconfig, '-A'], {
  cols: 120,
  rows: 40,
  env: { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state') },
});
pin([app.pid], '1');
const t0 = performance.now();
const count = (s: string) => Number(/pods ● ([\d,]+)/.exec(s)?.[1]?.replaceAll(',', '') ?? 0);
await app.waitFor((s) => count(s) >= pods, 10 * 60_000, 20);
log(`synced ${count(app.screen())} pods in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

let key = 0;
async function press(): Promise<number> {
  const before = app.screen();
  const at = performance.now();
  app.write(key++ % 2 ? 'k' : 'j');
  await app.waitFor((s) => s !== before, 15_000, 1).catch(() => undefined);
  return performance.now() - at;
}
const samples: Sample[] = [];
let lastCpu = cpuSeconds(app.pid);
let churnAt = 0;
async function sample(): Promise<void> {
  const keyMs = await press();
  const now = cpuSeconds(app.pid);
  const s: Sample = { t: Math.round((performance.now() - churnAt) / 1000), rssMiB: Math.round(rssMiB(app.pid)), cpu: Math.round((now - lastCpu) * 100) / 100, keyMs: Math.round(keyMs), load: load()[0] };
  lastCpu = now;
  samples.push(s);
  log(`t ${String(s.t).padStart(4)} s  RSS ${String(s.rssMiB).padStart(4)} MiB  CPU ${s.cpu.toFixed(2)} s  key ${s.keyMs} ms  load ${s.load}`);
}
const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

// settle after the sync (the collection after it), sampling
churnAt = performance.now() + settle * 1000;
for (let i = 0; i < settle / every; i++) {
  await sleep(every);
  await sample();
}
churnAt = performance.now();
churn.start();
log(`churn ${rate}/s for ${minutes} min`);
while (performance.now() - churnAt < minutes * 60_000) {
  await sleep(every);
  await sample();
}
await churn.stop();
const sent = churn.sent();
const screen = app.screen();
app.kill('SIGTERM');
await stopAll();

const before = samples.filter((s) => s.t <= 0).at(-1)!;
const during = samples.filter((s) => s.t > 0);
const last = during.at(-1)!;
const lastMinute = during.filter((s) => s.t >= last.t - 60);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const keys = sorted(during.map((s) => s.keyMs));
const rss = during.map((s) => s.rssMiB);
const summary = {
  target,
  pods,
  rate,
  minutes,
  sent,
  rssBefore: before.rssMiB,
  rssEnd: last.rssMiB,
  rssMin: Math.min(...rss),
  rssMax: Math.max(...rss),
  rssLastMinuteMedian: sorted(lastMinute.map((s) => s.rssMiB))[Math.floor(lastMinute.length / 2)],
  change: Math.round(((last.rssMiB - before.rssMiB) / before.rssMiB) * 1000) / 10,
  cpuPerMinute: Math.round((during.reduce((a, s) => a + s.cpu, 0) / (last.t / 60)) * 100) / 100,
  keyP50: keys[Math.floor(keys.length / 2)],
  keyMax: keys.at(-1),
  stillShowing: count(screen),
};
console.log(
  `${target}, ${pods} pods, ${rate} updates/s for ${minutes} min (${sent} sent): RSS ${summary.rssBefore} MiB before the churn → ${summary.rssEnd} MiB at its end ` +
    `(${summary.change >= 0 ? '+' : ''}${summary.change} %; min ${summary.rssMin}, max ${summary.rssMax}, last minute's median ${summary.rssLastMinuteMedian}); ` +
    `CPU ${summary.cpuPerMinute} s per minute; a key every ${every} s: p50 ${summary.keyP50} ms, max ${summary.keyMax} ms; ${summary.stillShowing} pods shown at the end`,
);
if (argv.json) writeFileSync(argv.json, JSON.stringify({ machine: machine(), summary, samples }, null, 2));
process.exit(0);
