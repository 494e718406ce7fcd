// The demo cluster with N extra pods in a process of its own (like demo-server.ts), that
// on SIGUSR1 starts changing R pods per second (a label patch each, spread over 10 ms
// ticks) and on SIGUSR2 stops. Prints one JSON line {kubeconfig} once serving.
// Usage: npx tsx bench/churn-server.ts N R [--shape demo|real]
//   --shape real: the N pods as kube-apiserver returns bench/real.ts's KWOK pod
//                 (bench/realpod.ts, the pods of bench/heap.ts --shape real)
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster } from '../src/demo/index.js';
import { realLike } from './realpod.js';

const args = process.argv.slice(2);
const at = args.indexOf('--shape');
const shape = at >= 0 ? args.splice(at, 2)[1] : 'demo';
if (shape !== 'demo' && shape !== 'real') throw new Error(`--shape demo|real, not ${shape}`);
const pods = Number(args[0] ?? '0');
const rate = Number(args[1] ?? '100');
const cluster = await startDemoCluster({
  extraPods: pods,
  ...(shape === 'real' ? { extraPodShape: (p, i) => ({ apiVersion: 'v1', kind: 'Pod', ...realLike(p, i) }) } : {}),
});
const dir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-'));
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(kubeconfig, cluster.kubeconfig(), { mode: 0o600 });
const all = cluster.control.objects('pods').map((p) => [p.metadata.namespace, p.metadata.name] as const);
let timer: NodeJS.Timeout | undefined;
let n = 0;
process.on('SIGUSR1', () => {
  timer ??= setInterval(() => {
    for (let i = 0; i < rate / 100; i++) {
      const [ns, name] = all[Math.floor(Math.random() * all.length)]!;
      try {
        cluster.control.patch('pods', ns, name, { metadata: { labels: { churn: String(n++) } } });
      } catch {
        // deleted meanwhile
      }
    }
  }, 10);
});
process.on('SIGUSR2', () => {
  clearInterval(timer);
  timer = undefined;
});
process.stdout.write(JSON.stringify({ kubeconfig }) + '\n');
process.on('SIGTERM', () => process.exit(0));
