// `kubedeck snapshot` of many pods, the pane's own printer against the server's Table:
// wall time of the built file from start to exit and its peak RSS, per output.
// Usage: npm run build && npx tsx bench/snapshot.ts 10000 50000
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BUILT = fileURLToPath(new URL('../dist/kubedeck.mjs', import.meta.url));
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(10_000, 50_000);

async function demo(pods: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/demo-server.ts', String(pods)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { kubeconfig: (JSON.parse(line) as { kubeconfig: string }).kubeconfig, stop: () => child.kill('SIGTERM') };
}

/** wall time and peak RSS (from /usr/bin/time's %M) of one snapshot run; the output's line count */
function run(kubeconfig: string, args: string[]): Promise<{ ms: number; peakMiB: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, BUILT, '--kubeconfig', kubeconfig, 'snapshot', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (lines += c.toString('utf8').split('\n').length - 1));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`snapshot ${args.join(' ')} exited ${code}: ${err}`));
      resolve({ ms: Math.round(performance.now() - t0), peakMiB: Math.round(Number(err.trim().split('\n').pop()) / 1024), lines });
    });
  });
}

for (const extra of sizes) {
  const cluster = await demo(extra);
  try {
    for (const args of [['pods', '-A'], ['pods', '-A', '-o', 'wide'], ['deploy', '-A']]) {
      const r = await run(cluster.kubeconfig, args);
      console.log(JSON.stringify({ extraPods: extra, snapshot: args.join(' '), ...r }));
    }
  } finally {
    cluster.stop();
  }
}
