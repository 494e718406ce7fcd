// The demo cluster in a process of its own, so the console's memory is measured alone.
// Prints one JSON line {kubeconfig} once serving; exits on SIGTERM.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster } from '../src/demo/index.js';

const pods = Number(process.argv[2] ?? '0');
const cluster = await startDemoCluster({ extraPods: pods });
const dir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-'));
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(kubeconfig, cluster.kubeconfig(), { mode: 0o600 });
process.stdout.write(JSON.stringify({ kubeconfig }) + '\n');
process.on('SIGTERM', () => void cluster.close().then(() => process.exit(0)));
