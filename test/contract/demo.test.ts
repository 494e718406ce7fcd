// The contract suite against the demo cluster; test/e2e/cluster/contract.test.ts runs
// the same suite against a real kube-apiserver.
import { afterAll, beforeAll } from 'vitest';
import { defineContractSuite } from './suite.js';
import { demoTarget } from './demo-target.js';

let started: Awaited<ReturnType<typeof demoTarget>>;
beforeAll(async () => {
  started = await demoTarget();
});
afterAll(async () => {
  await started?.close();
});

defineContractSuite(() => started.target);
