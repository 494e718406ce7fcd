// Node entry to the real-control-plane e2e cluster (see cluster.sh for what runs).
//
//   import { startCluster, stopCluster, clusterFromEnv } from './cluster.mjs';
//   const c = await startCluster();   // builds (cached) and starts; resolves when usable
//   ... c.kubeconfig, c.viewerKubeconfig, c.jwtKubeconfig, c.server, c.env ...
//   await c.stop();                   // or stopCluster(c.runDir)
//
// For a vitest globalSetup: reuse a cluster that run-e2e.sh already started
// (clusterFromEnv() reads KUBEDECK_E2E_* from process.env), else startCluster().
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLUSTER_SH = join(HERE, 'cluster.sh');

/** Parses the KEY=VALUE lines cluster.sh prints (bash printf %q of plain paths). */
export function parseEnv(text) {
  const env = {};
  for (const line of text.split('\n')) {
    const m = /^(KUBEDECK_E2E_[A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let v = m[2];
    if (v.startsWith("'") && v.endsWith("'")) v = v.slice(1, -1);
    else v = v.replace(/\\(.)/g, '$1');
    env[m[1]] = v;
  }
  return env;
}

function run(args, { env = process.env, inheritStderr = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [CLUSTER_SH, ...args], {
      env,
      stdio: ['ignore', 'pipe', inheritStderr ? 'inherit' : 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`cluster.sh ${args.join(' ')} failed (${signal ?? `exit ${code}`})${err ? `\n${err}` : ''}`));
    });
  });
}

function toCluster(env) {
  const runDir = env.KUBEDECK_E2E_RUN_DIR;
  return {
    runDir,
    kubeconfig: env.KUBEDECK_E2E_KUBECONFIG,
    viewerKubeconfig: env.KUBEDECK_E2E_VIEWER_KUBECONFIG,
    jwtKubeconfig: env.KUBEDECK_E2E_JWT_KUBECONFIG,
    server: env.KUBEDECK_E2E_SERVER,
    version: env.KUBEDECK_E2E_K8S_VERSION,
    env,
    stop: () => stopCluster(runDir),
  };
}

/**
 * Builds (cached) and starts etcd, kube-apiserver, kube-scheduler,
 * kube-controller-manager, the JWT issuer and kwok on loopback.
 * @param {{ env?: Record<string, string|undefined> }} [options] extra environment
 *   for cluster.sh (e.g. KUBEDECK_E2E_ETCD_COMPACTION_INTERVAL: '10s').
 * @returns {Promise<{ runDir: string, kubeconfig: string, viewerKubeconfig: string,
 *   jwtKubeconfig: string, server: string, version: string,
 *   env: Record<string, string>, stop(): Promise<void> }>}
 */
export async function startCluster(options = {}) {
  const env = { ...process.env, ...options.env };
  // A fresh run dir unless the caller pins one explicitly in options.env.
  if (!options.env?.KUBEDECK_E2E_RUN_DIR) delete env.KUBEDECK_E2E_RUN_DIR;
  const out = await run(['start'], { env });
  const parsed = parseEnv(out);
  if (!parsed.KUBEDECK_E2E_KUBECONFIG) throw new Error(`cluster.sh start printed no kubeconfig:\n${out}`);
  return toCluster(parsed);
}

/** Stops what a run started and removes its run dir (safe after failures, and twice). */
export async function stopCluster(runDir) {
  const env = { ...process.env };
  await run(runDir ? ['stop', runDir] : ['stop'], { env });
}

/** The cluster that run-e2e.sh (or a globalSetup) started, from KUBEDECK_E2E_* env; or undefined. */
export function clusterFromEnv(env = process.env) {
  if (!env.KUBEDECK_E2E_KUBECONFIG || !env.KUBEDECK_E2E_RUN_DIR) return undefined;
  const picked = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('KUBEDECK_E2E_')));
  return toCluster(picked);
}
