// The demo cluster in a process of its own, so the console's memory is measured alone.
// Prints one JSON line {kubeconfig} once serving; exits on SIGTERM or when stdin closes.
// Control lines on stdin: `churn N` sends N pod updates per second (an annotation merge
// patch on the bulk pods, in turn), `churn 0` stops; each is answered by a JSON line
// {churn: N}, and `stats` by {updates} (how many were sent so far).
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startDemoCluster } from '../src/demo/index.js';
import { EXTRA_NAMESPACES } from '../src/demo/seed/extra.js';

const pods = Number(process.argv[2] ?? '0');
const cluster = await startDemoCluster({ extraPods: pods });
const dir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-'));
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(kubeconfig, cluster.kubeconfig(), { mode: 0o600 });

let timer: NodeJS.Timeout | undefined;
let updates = 0;
let next = 0;
function churn(perSecond: number): void {
  clearInterval(timer);
  timer = undefined;
  if (perSecond <= 0) return;
  const targets = cluster.control
    .objects('pods')
    .filter((p) => EXTRA_NAMESPACES.includes(p.metadata?.namespace ?? ''))
    .map((p) => [p.metadata!.namespace!, p.metadata!.name!] as const);
  if (targets.length === 0) return;
  // ten ticks a second, each sending a tenth of the rate
  const perTick = Math.max(1, Math.round(perSecond / 10));
  timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) {
      const [ns, name] = targets[next++ % targets.length];
      cluster.control.patch('pods', ns, name, { metadata: { annotations: { 'bench.kubedeck.dev/churn': String(++updates) } } }, 'merge');
    }
  }, 100);
}

const stop = () => {
  clearInterval(timer);
  rmSync(dir, { recursive: true, force: true });
  void cluster.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
createInterface({ input: process.stdin })
  .on('line', (line) => {
    const [cmd, arg] = line.trim().split(/\s+/);
    if (cmd === 'churn') {
      churn(Number(arg));
      process.stdout.write(JSON.stringify({ churn: Number(arg) }) + '\n');
    } else if (cmd === 'stats') process.stdout.write(JSON.stringify({ updates }) + '\n');
  })
  .on('close', stop);
process.stdout.write(JSON.stringify({ kubeconfig }) + '\n');
