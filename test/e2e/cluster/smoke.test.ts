// Smoke test of the real-control-plane e2e cluster, with kubectl as the oracle.
// run-e2e.sh starts the cluster and passes KUBEDECK_E2E_*; run alone
// (`npx vitest run --project cluster`) this file starts and stops its own cluster.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterFromEnv, startCluster, type E2ECluster } from './cluster.mjs';
import { eventually as poll } from './scenarios/helpers.js';

const exec = promisify(execFile);
const KUBECTL = process.env.KUBECTL ?? 'kubectl';
// A namespace of its own per run, so reruns against one long-lived cluster never meet a
// namespace that is still terminating.
const NS = `e2e-smoke-${Date.now().toString(36)}`;

let cluster: E2ECluster;
let ownCluster = false;

async function kubectl(kubeconfig: string, args: string[], input?: string): Promise<string> {
  const child = exec(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { maxBuffer: 16 << 20 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  const { stdout } = await child;
  return stdout;
}

const admin = (args: string[], input?: string) => kubectl(cluster.kubeconfig, args, input);

async function adminJson<T = any>(args: string[]): Promise<T> {
  return JSON.parse(await admin([...args, '-o', 'json'])) as T;
}

/** Polls fn every 500 ms until it returns a truthy value (the scenarios' eventually). */
const eventually = <T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> => poll(what, fn, timeoutMs, 500);

function podManifest(name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS }, spec });
}

beforeAll(async () => {
  const fromEnv = clusterFromEnv();
  if (fromEnv) {
    cluster = fromEnv;
  } else {
    cluster = await startCluster();
    ownCluster = true;
  }
  await admin(['create', 'namespace', NS]);
  await eventually('service account default in the test namespace', () =>
    admin(['-n', NS, 'get', 'serviceaccount', 'default', '-o', 'name']),
  );
}, 3_600_000);

afterAll(async () => {
  if (!cluster) return;
  await admin(['delete', 'namespace', NS, '--wait=false']).catch(() => undefined);
  if (ownCluster) await cluster.stop();
}, 120_000);

describe('real control plane smoke', () => {
  it('serves the Kubernetes version that was built', async () => {
    const v = JSON.parse(await admin(['version', '-o', 'json']));
    const expected = cluster.version ?? process.env.KUBEDECK_E2E_K8S_VERSION;
    expect(expected).toMatch(/^v1\.\d+\.\d+/);
    expect(v.serverVersion.gitVersion).toBe(expected);
  });

  it('has a Ready KWOK node', async () => {
    const node = await adminJson(['get', 'node', 'kwok-node-0']);
    expect(node.metadata.annotations['kwok.x-k8s.io/node']).toBe('fake');
    const ready = node.status.conditions.find((c: any) => c.type === 'Ready');
    expect(ready?.status).toBe('True');
  });

  it('keeps a gated pod SchedulingGated, then schedules and runs it once the gate is removed', async () => {
    await admin(
      ['apply', '-f', '-'],
      podManifest('gated', {
        schedulingGates: [{ name: 'kubedeck.e2e/hold' }],
        containers: [{ name: 'main', image: 'registry.invalid/app:1' }],
      }),
    );
    const gated = await eventually('PodScheduled=False/SchedulingGated', async () => {
      const pod = await adminJson(['-n', NS, 'get', 'pod', 'gated']);
      const c = pod.status?.conditions?.find((x: any) => x.type === 'PodScheduled');
      return c?.status === 'False' && c?.reason === 'SchedulingGated' ? pod : undefined;
    });
    expect(gated.spec.nodeName).toBeUndefined();
    // kubectl prints the gated pod's STATUS as SchedulingGated.
    expect(await admin(['-n', NS, 'get', 'pod', 'gated', '--no-headers'])).toMatch(/SchedulingGated/);

    await admin(['-n', NS, 'patch', 'pod', 'gated', '--type=json', '-p', '[{"op":"remove","path":"/spec/schedulingGates"}]']);
    const running = await eventually('the ungated pod Running on the KWOK node', async () => {
      const pod = await adminJson(['-n', NS, 'get', 'pod', 'gated']);
      return pod.status?.phase === 'Running' ? pod : undefined;
    });
    expect(running.spec.nodeName).toBe('kwok-node-0');
    const scheduled = running.status.conditions.find((c: any) => c.type === 'PodScheduled');
    expect(scheduled?.status).toBe('True');
  });

  it('reports a native sidecar started and running, a plain init container Completed', async () => {
    await admin(
      ['apply', '-f', '-'],
      podManifest('with-sidecar', {
        initContainers: [
          { name: 'sidecar', image: 'registry.invalid/proxy:1', restartPolicy: 'Always' },
          { name: 'setup', image: 'registry.invalid/setup:1' },
        ],
        containers: [{ name: 'main', image: 'registry.invalid/app:1' }],
      }),
    );
    const pod = await eventually('the sidecar pod Running', async () => {
      const p = await adminJson(['-n', NS, 'get', 'pod', 'with-sidecar']);
      return p.status?.phase === 'Running' ? p : undefined;
    });
    const byName = Object.fromEntries(pod.status.initContainerStatuses.map((s: any) => [s.name, s]));
    expect(byName.sidecar.started).toBe(true);
    expect(byName.sidecar.state.running).toBeDefined();
    expect(byName.setup.state.terminated?.reason).toBe('Completed');
    expect(pod.status.containerStatuses[0].state.running).toBeDefined();
    // READY counts the sidecar: 2/2.
    expect(await admin(['-n', NS, 'get', 'pod', 'with-sidecar', '--no-headers'])).toMatch(/\s2\/2\s+Running\s/);
  });

  it('streams container logs through the API server', async () => {
    await admin(
      ['apply', '-f', '-'],
      podManifest('logger', { containers: [{ name: 'main', image: 'registry.invalid/app:1' }] }),
    );
    await eventually('the logger pod Running', async () => {
      const p = await adminJson(['-n', NS, 'get', 'pod', 'logger']);
      return p.status?.phase === 'Running';
    });
    const out = await eventually('kubectl logs output', async () => {
      const text = await admin(['-n', NS, 'logs', 'logger', '--tail=5']);
      return text.trim() ? text : undefined;
    });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(5);
    // every container's log is the run's one ClusterLogs file: it starts with the
    // generator's 20 lines, and other tests append to it while this one runs, so the tail
    // read above is a run of lines of the whole log read after it
    const all = (await admin(['-n', NS, 'logs', 'logger'])).trimEnd().split('\n');
    expect(all.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => `kubedeck-e2e log line ${i + 1}`));
    expect(all.join('\n')).toContain(lines.join('\n'));
  });

  it('maps the JWT claims to the username and groups (kubectl auth whoami)', async () => {
    const review = JSON.parse(await kubectl(cluster.jwtKubeconfig, ['auth', 'whoami', '-o', 'json']));
    const user = review.status.userInfo;
    expect(user.username).toBe(cluster.env.KUBEDECK_E2E_JWT_USERNAME ?? 'jwt:alice');
    expect(user.username).toBe('jwt:alice');
    expect(user.groups).toContain('jwt:kubedeck-e2e-users');
    expect(user.groups).toContain('system:authenticated');
    expect(user.uid).toBe('e2e-jwt-subject-0001');
  });

  it('lets the viewer read its namespace but forbids listing pods cluster-wide', async () => {
    const ns = cluster.env.KUBEDECK_E2E_VIEWER_NAMESPACE ?? 'e2e-view';
    await kubectl(cluster.viewerKubeconfig, ['-n', ns, 'get', 'pods']);
    const err = await kubectl(cluster.viewerKubeconfig, ['get', 'pods', '--all-namespaces']).then(
      () => undefined,
      (e: { stderr?: string }) => e,
    );
    expect(err, 'viewer must not list pods cluster-wide').toBeDefined();
    expect(err?.stderr).toMatch(/Forbidden|forbidden/);
    expect(err?.stderr).toMatch(/kubedeck-viewer/);
  });
});
