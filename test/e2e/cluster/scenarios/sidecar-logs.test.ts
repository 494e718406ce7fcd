// Scenario 4: a pod with a native sidecar (an init container with restartPolicy
// Always) and a main container, run by KWOK on its node. kubedeck's logs API
// (session.logs) tails both containers through the real API server, which proxies to
// KWOK's kubelet API; KWOK serves the run's ClusterLogs file (KUBEDECK_E2E_POD_LOG,
// CRI format) for every container. Lines from both streams arrive, and a line
// appended to the file later arrives on both followed streams.
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogTail } from '../../../../src/k8s/logs.js';
import { podReady, podStatus } from '../../../../src/state/pods.js';
import { eventually, kwokNode, openKubedeck, pod, scenarioEnv, waitInStore, type OpenedSession, type ScenarioEnv } from './helpers.js';

let env: ScenarioEnv;
let kd: OpenedSession;
const tails: LogTail[] = [];

beforeAll(async () => {
  env = await scenarioEnv('logs');
  kd = await openKubedeck(env);
  await env.apply(
    pod(env, 'web', {
      initContainers: [
        { name: 'proxy', image: 'registry.invalid/proxy:1', restartPolicy: 'Always' },
        { name: 'migrate', image: 'registry.invalid/migrate:1' },
      ],
      containers: [{ name: 'app', image: 'registry.invalid/app:1' }],
    }),
  );
  await waitInStore(kd.s.pods, 'the web pod Running', (p) => p.metadata.name === 'web' && podStatus(p) === 'Running', 90_000);
}, 600_000);

afterAll(async () => {
  for (const t of tails) t.close();
  await kd?.close();
  await env?.teardown();
}, 120_000);

const lines = (t: LogTail, container: string) => t.snapshot().entries.filter((e) => e.kind === 'line' && e.container === container);

describe('tail a pod with a native sidecar through kubedeck', () => {
  it('the pod runs with its sidecar started: READY 2/2', async () => {
    const web = kd.s.pods.list().find((p) => p.metadata.name === 'web')!;
    expect(web.spec.nodeName).toBe(kwokNode(env));
    expect(podReady(web)).toBe('2/2');
    expect((await env.kubectl(['-n', env.ns, 'get', 'pod', 'web', '--no-headers'])).split(/\s+/).slice(1, 3)).toEqual(['2/2', 'Running']);
  });

  it('all containers: lines from the sidecar and the main container arrive, then new lines on both', async () => {
    const tail = kd.s.logs.open({ namespace: env.ns, pod: 'web' }, { container: null, follow: true, previous: false, tailLines: 5 });
    tails.push(tail);
    // the sidecar and the main container are tailed; the finished init container has
    // logs too (kubectl logs --all-containers includes it)
    const snap = await eventually('both streams with their tail', () => {
      const s = tail.snapshot();
      return lines(tail, 'proxy').length === 5 && lines(tail, 'app').length === 5 ? s : undefined;
    }, 30_000);
    expect(snap.tailed).toEqual(expect.arrayContaining(['proxy', 'app']));
    expect(snap.problem).toBeUndefined();
    expect(snap.streams.proxy).toEqual({ state: 'streaming' });
    expect(snap.streams.app).toEqual({ state: 'streaming' });
    // the last five lines of the log file (other tests append to it too), with the
    // server's timestamps parsed; kubectl, the oracle, shows the same for each container
    for (const c of ['proxy', 'app']) {
      const got = lines(tail, c);
      expect(got.every((e) => e.ts !== '' && Number.isFinite(e.at))).toBe(true);
      const kubectlTail = (await env.kubectl(['-n', env.ns, 'logs', 'web', '-c', c, '--tail=5'])).trim().split('\n');
      expect(got.map((e) => e.text)).toEqual(kubectlTail);
    }

    // follow: a line written now reaches both followed streams
    const marker = `kubedeck-scenario sidecar-logs ${Date.now().toString(36)}`;
    appendFileSync(env.cluster.env.KUBEDECK_E2E_POD_LOG!, `${new Date().toISOString()} stdout F ${marker}\n`);
    await eventually('the new line on both streams', () =>
      lines(tail, 'proxy').some((e) => e.text === marker) && lines(tail, 'app').some((e) => e.text === marker), 30_000);
    expect(tail.snapshot().received).toBeGreaterThanOrEqual(12);
    // merged in time order
    const ats = tail.snapshot().entries.map((e) => e.at);
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
  });

  it('one container: only the sidecar is tailed', async () => {
    const tail = kd.s.logs.open({ namespace: env.ns, pod: 'web' }, { container: 'proxy', follow: false, previous: false, tailLines: 3 });
    tails.push(tail);
    await eventually('the sidecar stream to end', () => tail.snapshot().streams.proxy?.state === 'ended', 30_000);
    const snap = tail.snapshot();
    expect(snap.tailed).toEqual(['proxy']);
    expect(snap.entries.map((e) => e.container)).toEqual(['proxy', 'proxy', 'proxy']);
  });

  it('a container the pod does not have: the server says so, in plain words', async () => {
    const tail = kd.s.logs.open({ namespace: env.ns, pod: 'web' }, { container: 'nope', follow: false, previous: false, tailLines: 3 });
    tails.push(tail);
    const state = await eventually('the error', () => {
      const s = tail.snapshot().streams.nope;
      return s?.state === 'error' ? s : undefined;
    }, 30_000);
    expect(state).toMatchObject({ status: 400 });
    expect((state as { message: string }).message).toMatch(/nope/);
  });
});
