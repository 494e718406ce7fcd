// globalSetup of the vitest project "cluster": one real control plane for every file.
// run-e2e.sh starts the cluster itself and passes KUBEDECK_E2E_* in the environment;
// then this reuses it. Otherwise (`npx vitest run --project cluster`) it starts one
// with a short etcd compaction interval (the contract suite waits for a compaction)
// and stops it in teardown. Tests read the cluster with clusterFromEnv() or
// inject('kubedeckE2E').
import type { TestProject } from 'vitest/node';
import { clusterFromEnv, startCluster } from './cluster.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** every KUBEDECK_E2E_* value of the running cluster */
    kubedeckE2E: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const existing = clusterFromEnv();
  if (existing) {
    project.provide('kubedeckE2E', existing.env);
    return undefined;
  }
  const cluster = await startCluster({
    env: { KUBEDECK_E2E_ETCD_COMPACTION_INTERVAL: process.env.KUBEDECK_E2E_ETCD_COMPACTION_INTERVAL ?? '10s' },
  });
  // Workers start after globalSetup and inherit this environment, so clusterFromEnv() works in them.
  Object.assign(process.env, cluster.env);
  project.provide('kubedeckE2E', cluster.env);
  return async () => {
    await cluster.stop();
    for (const key of Object.keys(cluster.env)) delete process.env[key];
  };
}
