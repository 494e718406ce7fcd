// The demo cluster in a worker thread, so a busy console never stalls the API
// server it talks to (and the other way round).
import { isMainThread, parentPort, Worker, workerData, type WorkerOptions } from 'node:worker_threads';
import { getAsset, isSea } from 'node:sea';
import type { DemoUser } from './auth.js';
import { startDemoCluster, type DemoCluster, type DemoOptions } from './cluster.js';

/**
 * What the worker runs: the CLI's own module. Under `npm start` that is TypeScript, and
 * a worker's entry loads before any --import hook, so the worker registers tsx first.
 * Inside a single executable `import.meta.url` is the executable itself, so the worker
 * runs the copy of the bundle that the build embedded as an asset.
 */
function workerSource(entry: URL): [string | URL, WorkerOptions] {
  if (isSea()) return [getAsset('kubedeck.mjs', 'utf8'), { eval: true }];
  if (/\.tsx?$/.test(entry.pathname)) {
    return [`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true }];
  }
  return [entry, {}];
}

type Ready = { type: 'ready'; url: string; caPem: string; kubeconfigs: Record<DemoUser, string> };
type Failed = { type: 'error'; message: string };

/**
 * Starts `entry` (the CLI's own module, which calls runDemoWorkerIfRequested()
 * first) as a worker that serves the demo cluster.
 */
export function startDemoClusterWorker(entry: URL, opts: DemoOptions = {}): Promise<Omit<DemoCluster, 'control'>> {
  const workerData = { kubedeckDemo: opts };
  const [source, options] = workerSource(entry);
  const worker = new Worker(source, { ...options, workerData });
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      void worker.terminate();
      reject(err);
    };
    worker.once('error', fail);
    worker.once('exit', (code) => reject(new Error(`demo cluster worker exited (code ${code}) before it was ready`)));
    worker.once('message', (msg: Ready | Failed) => {
      if (msg.type === 'error') return fail(new Error(`demo cluster failed to start: ${msg.message}`));
      worker.removeAllListeners('exit');
      worker.removeAllListeners('error');
      // A crash of the demo later on must not take the console down with an unhandled 'error'.
      worker.on('error', () => {});
      resolve({
        url: msg.url,
        caPem: msg.caPem,
        kubeconfig: (user = 'demo-admin') => msg.kubeconfigs[user],
        close: async () => {
          await worker.terminate();
        },
      });
    });
  });
}

/** Call first thing in the CLI entry: true when this thread is the demo worker (then do nothing else). */
export function runDemoWorkerIfRequested(): boolean {
  const data = workerData as { kubedeckDemo?: DemoOptions } | undefined;
  if (isMainThread || !data?.kubedeckDemo || !parentPort) return false;
  const port = parentPort;
  startDemoCluster(data.kubedeckDemo).then(
    (cluster) => {
      const msg: Ready = {
        type: 'ready',
        url: cluster.url,
        caPem: cluster.caPem,
        kubeconfigs: { 'demo-admin': cluster.kubeconfig('demo-admin'), 'demo-viewer': cluster.kubeconfig('demo-viewer') },
      };
      port.postMessage(msg);
    },
    (err: unknown) => port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies Failed),
  );
  return true;
}
