// Spawn → first pod row of the console, for one or more builds interleaved on the same
// demo server (docs/performance.md, "Start-up"). The demo cluster runs in a process of
// its own with N extra pods; each build runs in a 120×40 pty with KUBEDECK_TRACE, R
// times in turn; the median wall time to the first pod row is printed per build with
// the start-up phases its trace recorded (median ms since its process started) and the
// CPU time the process had used when the row was seen (user + system, /proc: steadier
// than wall time on a loaded machine), with its resident set then.
// Usage: npx tsx bench/firstrows.ts N [runs] [FILE ...]   (default FILE: dist/kubedeck.mjs)
//   a FILE ending in .mjs runs on this Node; any other file runs as an executable
//   --settle S      also wait S seconds after the first row and report the resident set then
//                   (after the sync, for a change that could cost memory)
//   --cpu-prof DIR  run the .mjs builds with node --cpu-prof into DIR (quit with q, so the
//                   profile is written: spawn → first row and ~0.3 s after it)
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runInPty } from '../test/e2e/pty/harness.js';

const argv = process.argv.slice(2);
const settleAt = argv.indexOf('--settle');
const settleS = settleAt >= 0 ? Number(argv.splice(settleAt, 2)[1]) : 0;
const profAt = argv.indexOf('--cpu-prof');
const profDir = profAt >= 0 ? argv.splice(profAt, 2)[1] : undefined;
const [nArg, runsArg, ...files] = argv;
const n = Number(nArg ?? '10000');
const runs = Number(runsArg ?? '5');
if (files.length === 0) files.push('dist/kubedeck.mjs');
const ROW = /\b(Running|Pending|SchedulingGated|CrashLoopBackOff|ContainerCreating|Completed)\b/;

const server = spawn(process.execPath, ['--import', 'tsx', 'bench/demo-server.ts', String(n)], { stdio: ['pipe', 'pipe', 'inherit'] });
process.on('exit', () => server.kill('SIGKILL'));
const line = await new Promise<string>((resolve) => createInterface({ input: server.stdout! }).once('line', resolve));
const { kubeconfig } = JSON.parse(line) as { kubeconfig: string };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
const results = new Map<string, { wall: number[]; cpu: number[]; rss: number[]; settled: number[]; phases: Map<string, number[]> }>(files.map((f) => [f, { wall: [], cpu: [], rss: [], settled: [], phases: new Map() }]));
/** user + system CPU seconds of a process so far */
const cpuOf = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime (USER_HZ 100)
};
/** resident set of a process now, MiB */
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
const home = mkdtempSync(join(tmpdir(), 'kubedeck-firstrows-'));
mkdirSync(join(home, 'config'), { recursive: true });

for (let r = 0; r < runs; r++) {
  for (const file of files) {
    const trace = join(home, `trace-${r}.jsonl`);
    rmSync(trace, { force: true });
    const args = ['--kubeconfig', kubeconfig, '-A'];
    const t0 = performance.now();
    const node = profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [];
    const app = file.endsWith('.mjs') ? runInPty(process.execPath, [...node, file, ...args], { cols: 120, rows: 40, env: env(trace) }) : runInPty(file, args, { cols: 120, rows: 40, env: env(trace) });
    await app.waitFor(ROW, 60_000, 5);
    const wall = performance.now() - t0;
    const cpu = cpuOf(app.pid);
    const rss = rssOf(app.pid);
    await new Promise((res) => setTimeout(res, 300)); // the trace is written every 100 ms
    if (settleS > 0) {
      await new Promise((res) => setTimeout(res, settleS * 1000));
      results.get(file)!.settled.push(rssOf(app.pid));
    }
    if (profDir) app.write('q');
    else app.kill('SIGTERM');
    await app.exited;
    const res = results.get(file)!;
    res.wall.push(wall);
    res.cpu.push(cpu);
    res.rss.push(rss);
    if (existsSync(trace)) {
      for (const l of readFileSync(trace, 'utf8').split('\n')) {
        if (!l) continue;
        const e = JSON.parse(l) as { t: number; ev: string; phase?: string };
        const key = e.ev === 'phase' ? e.phase! : e.ev === 'frame' ? 'first frame' : undefined;
        if (!key || res.phases.get(key)?.length === r + 1) continue; // the first of each per run
        res.phases.set(key, [...(res.phases.get(key) ?? []), e.t]);
      }
    }
  }
}
console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ${n} extra pods; ${runs} runs each, interleaved`);
for (const [file, res] of results) {
  console.log(`${file}: first pod row ${(median(res.wall) / 1000).toFixed(3)} s median (${res.wall.map((w) => (w / 1000).toFixed(2)).join(' ')}); CPU by then ${median(res.cpu).toFixed(2)} s median (${res.cpu.map((c) => c.toFixed(2)).join(' ')}); RSS then ${median(res.rss).toFixed(0)} MiB median${res.settled.length ? `, ${settleS} s later ${median(res.settled).toFixed(0)} MiB (${res.settled.map((r) => r.toFixed(0)).join(' ')})` : ''}`);
  const phases = [...res.phases].map(([k, ts]) => [k, median(ts)] as const).sort((a, b) => a[1] - b[1]);
  for (const [k, t] of phases) console.log(`  ${t.toFixed(0).padStart(6)} ms  ${k}`);
}
server.kill('SIGTERM');
process.exit(0);

function env(trace: string): Record<string, string> {
  return { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache'), KUBEDECK_TRACE: trace };
}
