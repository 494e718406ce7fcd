// What the contract suite needs to know about the server it runs against. The same
// suite (suite.ts) runs against the demo cluster (demo-target.ts, in `npm test`) and
// against a real kube-apiserver (test/e2e/cluster/contract.test.ts, in `npm run test:e2e`).

export interface ContractUser {
  /** path of a kubeconfig file for this user */
  kubeconfig: string;
  /** what SelfSubjectReview must answer */
  username: string;
  /** groups SelfSubjectReview must list (others may be there too) */
  groups: string[];
}

export interface ContractTarget {
  name: string;
  admin: ContractUser;
  /** may get/list/watch pods in viewerNamespace only */
  viewer: ContractUser & { namespace: string };
  controls: ContractControls;
}

/** What differs between the servers: how to cause compaction, restarts, log output. */
export interface ContractControls {
  /**
   * Called once the suite created its namespace (through the API): resolves when pods
   * can be created in it (a real cluster needs the default service account first).
   */
  namespaceReady(namespace: string): Promise<void>;
  /**
   * etcd compaction past resourceVersion rv: continue tokens issued at or before rv
   * expire. Demo: compact(). Real: writes, then waits for the API server's
   * --etcd-compaction-interval to compact past rv.
   */
  compactPast(rv: string): Promise<void>;
  /**
   * The API server restarts: every open connection breaks and the new server's watch
   * cache starts at the current revision, so watches from older resourceVersions get 410.
   * Demo: compact() + restart(). Real: kill and start kube-apiserver again.
   */
  restartApiServer(): Promise<void>;
  /**
   * Makes a running container print a line, if the target can (real: KWOK's shared log
   * file); the demo's containers print on their own every 0.5 to 1 s.
   */
  printLogLine?(text: string): Promise<void>;
}
