// `kubedeck --demo`: a real HTTPS Kubernetes API (REST + watch) on 127.0.0.1.
export { startDemoCluster, type DemoCluster, type DemoControl, type DemoOptions, type PatchType } from './cluster.js';
export { startDemoClusterWorker, runDemoWorkerIfRequested } from './worker.js';
export type { DemoUser } from './auth.js';
export type { RequestRecord } from './rest.js';
