// The real control plane of test/e2e/cluster (etcd, kube-apiserver, scheduler,
// controller-manager, KWOK) for the benchmark, and its pods: created by concurrent POSTs,
// bound to KWOK nodes by spec.nodeName (the scheduler has nothing to do), made Running
// by KWOK's pod-ready stage.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from '../test/e2e/cluster/cluster.mjs';
import { kubeFromConfig, type Kube } from './kube.js';
import { readdirSync, readFileSync } from 'node:fs';

const CLUSTER_SH = fileURLToPath(new URL('../test/e2e/cluster/cluster.sh', import.meta.url));
export const NAMESPACES = ['load-a', 'load-b', 'load-c', 'load-d'];
const APPS = ['worker', 'api', 'indexer', 'renderer', 'scraper', 'ingest', 'cache', 'notifier'];

export interface RealCluster {
  runDir: string;
  kubeconfig: string;
  nodes: string[];
  kube: Kube;
  /** pids of etcd, kube-apiserver, ... (to pin them to a core) */
  pids(): number[];
  stop(): Promise<void>;
}

function sh(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [CLUSTER_SH, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`${what}: no result in ${timeoutMs / 1000} s\n${err.split('\n').slice(-15).join('\n')}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${what} failed (exit ${code}):\n${err.split('\n').slice(-25).join('\n')}`));
    });
  });
}

/** starts the control plane with `nodes` KWOK nodes; builds nothing (cluster.sh builds when the cache is cold) */
export async function startReal(nodes: number, log: (s: string) => void): Promise<RealCluster> {
  const runDir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-e2e.'));
  const env = { ...process.env, KUBEDECK_E2E_RUN_DIR: runDir, KUBEDECK_E2E_NODES: String(nodes), KUBEDECK_E2E_V: '0' };
  const stop = async () => {
    await sh(['stop', runDir], env, 60_000, 'cluster.sh stop').catch((e: Error) => log(`WARNING: ${e.message}`));
  };
  try {
    // a cold cache builds the control plane first (about 15 min on 2 cores)
    const out = await sh(['start'], env, 60 * 60_000, 'cluster.sh start (the real control plane)');
    const parsed = parseEnv(out);
    const kubeconfig = parsed.KUBEDECK_E2E_KUBECONFIG;
    if (!kubeconfig) throw new Error(`cluster.sh start printed no kubeconfig:\n${out}`);
    return {
      runDir,
      kubeconfig,
      nodes: (parsed.KUBEDECK_E2E_KWOK_NODES ?? 'kwok-node-0').split(' '),
      kube: kubeFromConfig(kubeconfig, 64),
      pids: () =>
        readdirSync(join(runDir, 'pids')).flatMap((f) => {
          const n = Number(readFileSync(join(runDir, 'pids', f), 'utf8').trim());
          return n > 0 ? [n] : [];
        }),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

function podName(i: number): string {
  return `${APPS[i % APPS.length]}-${String(i).padStart(6, '0')}`;
}

function podBody(i: number, node: string) {
  const app = APPS[i % APPS.length];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: podName(i), namespace: NAMESPACES[i % NAMESPACES.length], labels: { app, 'bench.kubedeck.dev/pod': 'true' } },
    spec: {
      nodeName: node,
      automountServiceAccountToken: false,
      containers: [{ name: app, image: `registry.example.com/${app}:3.${i % 7}.0`, resources: { requests: { cpu: '50m', memory: '64Mi' } } }],
      tolerations: [{ operator: 'Exists' }],
    },
  };
}

async function ensureNamespaces(kube: Kube): Promise<void> {
  for (const ns of NAMESPACES) {
    const r = await kube.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    if (r.status !== 201 && r.status !== 409) throw new Error(`creating namespace ${ns}: HTTP ${r.status} ${r.body.toString().slice(0, 200)}`);
  }
  // pods need the namespace's default service account (the controller-manager makes it)
  for (const ns of NAMESPACES) {
    const deadline = Date.now() + 60_000;
    while ((await kube.request('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`namespace ${ns} has no default service account after 60 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** creates pods from..to-1 with `concurrency` POSTs in flight; resolves with the seconds it took */
export async function createPods(cluster: RealCluster, from: number, to: number, concurrency = 48): Promise<number> {
  const t0 = performance.now();
  await ensureNamespaces(cluster.kube);
  let next = from;
  let failure: Error | undefined;
  const worker = async () => {
    while (next < to && !failure) {
      const i = next++;
      const body = podBody(i, cluster.nodes[i % cluster.nodes.length]);
      for (let attempt = 0; ; attempt++) {
        const r = await cluster.kube.request('POST', `/api/v1/namespaces/${body.metadata.namespace}/pods`, { body }).catch((e: Error) => ({ status: 0, body: Buffer.from(e.message) }));
        if (r.status === 201 || r.status === 409) break;
        if (attempt >= 5 || (r.status !== 0 && r.status !== 429 && r.status < 500)) {
          failure = new Error(`creating pod ${body.metadata.name}: HTTP ${r.status} ${r.body.toString().slice(0, 300)}`);
          return;
        }
        await new Promise((res) => setTimeout(res, 200 * (attempt + 1)));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure) throw failure;
  return (performance.now() - t0) / 1000;
}

/** waits until no pod is left that is not Running (KWOK's pod-ready stage); resolves with the seconds it took */
export async function waitRunning(cluster: RealCluster, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const r = await cluster.kube.request('GET', '/api/v1/pods?fieldSelector=status.phase!%3DRunning&limit=1');
    const items = (JSON.parse(r.body.toString()) as { items?: unknown[] }).items ?? [];
    if (r.status === 200 && items.length === 0) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > timeoutMs) throw new Error(`pods not all Running after ${timeoutMs / 1000} s (KWOK too slow?)`);
    await new Promise((res) => setTimeout(res, 1000));
  }
}

/** 100 updates/s (or `perSecond`): an annotation merge patch on the bench pods in turn; returns a stop function and a counter */
export function churnReal(cluster: RealCluster, total: number, perSecond: number): { stop(): Promise<void>; sent(): number; failed(): number } {
  let sent = 0;
  let failed = 0;
  let i = 0;
  let inFlight = 0;
  const inflight = new Set<Promise<unknown>>();
  const perTick = Math.max(1, Math.round(perSecond / 10));
  const timer = setInterval(() => {
    for (let k = 0; k < perTick; k++) {
      if (inFlight >= 64) {
        failed++; // the server fell behind: count the update as not sent
        continue;
      }
      const n = i++ % total;
      inFlight++;
      const p = cluster.kube
        .request('PATCH', `/api/v1/namespaces/${NAMESPACES[n % NAMESPACES.length]}/pods/${podName(n)}`, {
          body: { metadata: { annotations: { 'bench.kubedeck.dev/churn': String(i) } } },
          contentType: 'application/merge-patch+json',
          timeoutMs: 10_000,
        })
        .then((r) => (r.status === 200 ? sent++ : failed++), () => failed++)
        .finally(() => {
          inFlight--;
          inflight.delete(p);
        });
      inflight.add(p);
    }
  }, 100);
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.allSettled([...inflight]);
    },
    sent: () => sent,
    failed: () => failed,
  };
}
