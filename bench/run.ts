// kubedeck's console against a demo cluster with many pods, in a real pty:
// start → first rows, start → full sync, RSS after sync, keypress → frame.
// Usage: npm run bench -- 10000 50000   (needs `npm run build` first)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { runBuilt } from '../test/e2e/pty/harness.js';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(10_000, 50_000);

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function demo(pods: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/demo-server.ts', String(pods)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { kubeconfig: (JSON.parse(line) as { kubeconfig: string }).kubeconfig, stop: () => child.kill('SIGTERM') };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

for (const extra of sizes) {
  const cluster = await demo(extra);
  const t0 = performance.now();
  const app = runBuilt(['--kubeconfig', cluster.kubeconfig, '-A'], { cols: 120, rows: 40 });
  await app.waitFor(/Running|SchedulingGated|Pending/, 120_000);
  const firstRows = performance.now() - t0;
  await app.waitFor((s) => /pods ● [\d,]+/.test(s), 300_000);
  const synced = performance.now() - t0;
  const total = /pods ● ([\d,]+)/.exec(app.screen())![1];
  await new Promise((r) => setTimeout(r, 2000)); // let the first full frame settle
  const rss = rssMiB(app.pid);

  // keypress → frame: the time until the screen shows the cursor on the next row
  const samples: number[] = [];
  for (let i = 0; i < 40; i++) {
    const before = app.screen();
    const t = performance.now();
    app.write(i % 2 === 0 ? 'j' : 'k');
    await app.waitFor((s) => s !== before, 10_000, 1);
    samples.push(performance.now() - t);
  }
  app.write('q');
  await app.exited;
  cluster.stop();
  console.log(
    JSON.stringify({
      pods: total,
      firstRowsMs: Math.round(firstRows),
      fullSyncMs: Math.round(synced),
      rssMiB: Math.round(rss),
      keyToFrameMs: { p50: Math.round(pct(samples, 50)), p95: Math.round(pct(samples, 95)), max: Math.round(Math.max(...samples)) },
    }),
  );
}
