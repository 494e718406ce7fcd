// Types for cluster.mjs (the Node entry to the real-control-plane e2e cluster).
export interface E2ECluster {
  /** The run dir holding pki/, kubeconfig/, logs/, config/ and env. */
  runDir: string;
  /** Admin (system:masters, client certificate). */
  kubeconfig: string;
  /** User kubedeck-viewer: read-only (ClusterRole view) in namespace e2e-view only. */
  viewerKubeconfig: string;
  /** A JWT from the run's own issuer, mapped by the AuthenticationConfiguration. */
  jwtKubeconfig: string;
  /** https://127.0.0.1:PORT */
  server: string;
  /** The Kubernetes version that was built, e.g. v1.37.2. */
  version: string;
  /** Every KUBEDECK_E2E_* value cluster.sh printed. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export function parseEnv(text: string): Record<string, string>;
export function startCluster(options?: { env?: Record<string, string | undefined> }): Promise<E2ECluster>;
export function stopCluster(runDir?: string): Promise<void>;
export function clusterFromEnv(env?: Record<string, string | undefined>): E2ECluster | undefined;
