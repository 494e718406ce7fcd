// The contract suite (test/contract/suite.ts) against a real kube-apiserver: the same
// assertions the demo cluster passes in `npm test`. The cluster comes from
// global-setup.ts (or run-e2e.sh); compaction waits for the API server's own
// --etcd-compaction-interval, restarts kill and start kube-apiserver (cluster.sh
// restart-apiserver), and container logs come from KWOK's shared log file.
import { execFile } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { defineContractSuite, transportFor } from '../../contract/suite.js';
import type { ContractTarget } from '../../contract/target.js';
import { ApiError } from '../../../src/k8s/types.js';

const exec = promisify(execFile);
const CLUSTER_SH = join(dirname(fileURLToPath(import.meta.url)), 'cluster.sh');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function seconds(duration: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(duration);
  if (!m) return 300;
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'];
}

/** true once etcd has compacted away revision rv (its gRPC gateway says so) */
async function etcdCompacted(endpoint: string, rv: string): Promise<boolean> {
  const res = await fetch(`${endpoint}/v3/kv/range`, {
    method: 'POST',
    body: JSON.stringify({ key: Buffer.from('/registry/').toString('base64'), revision: rv, limit: 1, keys_only: true }),
  });
  const body = (await res.json()) as { message?: string; error?: string };
  return /required revision has been compacted/.test(body.message ?? body.error ?? '');
}

function realTarget(): ContractTarget {
  const env = inject('kubedeckE2E');
  const admin = transportFor(env.KUBEDECK_E2E_KUBECONFIG);
  const interval = seconds(env.KUBEDECK_E2E_ETCD_COMPACTION_INTERVAL ?? '5m');
  return {
    name: 'real',
    admin: { kubeconfig: env.KUBEDECK_E2E_KUBECONFIG, username: 'kubedeck-admin', groups: ['system:masters'] },
    viewer: {
      kubeconfig: env.KUBEDECK_E2E_VIEWER_KUBECONFIG,
      username: env.KUBEDECK_E2E_VIEWER_USER,
      groups: [],
      namespace: env.KUBEDECK_E2E_VIEWER_NAMESPACE,
    },
    controls: {
      async namespaceReady(ns) {
        const deadline = Date.now() + 60_000;
        for (;;) {
          try {
            await admin.request(`/api/v1/namespaces/${ns}/serviceaccounts/default`);
            return;
          } catch (err) {
            if (!(err instanceof ApiError && err.status === 404) || Date.now() > deadline) throw err;
          }
          await sleep(250);
        }
      },
      async compactPast(rv) {
        // kube-apiserver compacts every interval to the revision it saw one interval before.
        const deadline = Date.now() + (3 * interval + 15) * 1000;
        const tick = await admin.request<{ metadata: { name: string } }>('/api/v1/namespaces/default/configmaps', {
          method: 'POST',
          body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'contract-tick-' } },
        });
        try {
          while (!(await etcdCompacted(env.KUBEDECK_E2E_ETCD_ENDPOINT, rv))) {
            if (Date.now() > deadline) throw new Error(`etcd did not compact past ${rv} (compaction interval ${interval}s)`);
            await sleep(500);
          }
          // The watch cache serves continue tokens from its snapshots until its compactor,
          // which polls etcd's compaction revision every 15 s (cacher/compactor.go), drops them.
          await sleep(16_000);
        } finally {
          await admin.request(`/api/v1/namespaces/default/configmaps/${tick.metadata.name}`, { method: 'DELETE' }).catch(() => undefined);
        }
      },
      async restartApiServer() {
        await exec('bash', [CLUSTER_SH, 'restart-apiserver', env.KUBEDECK_E2E_RUN_DIR], { env: { ...process.env, ...env } });
      },
      async printLogLine(text) {
        // KWOK serves this CRI-format file as every container's log and follows it.
        await appendFile(env.KUBEDECK_E2E_POD_LOG, `${new Date().toISOString()} stdout F ${text}\n`);
      },
    },
  };
}

defineContractSuite(realTarget);
