// Scenario 1: a gated pod on the real control plane. kubedeck removes its last gate
// through its own pipeline (access check, server-side dry run, audit), the real
// kube-scheduler binds it to the KWOK node, KWOK runs it, and kubedeck's watched pods
// store row says Running — the same STATUS the API server prints.
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podReady, podRow, podStatus } from '../../../../src/state/pods.js';
import { byName, eventually, kwokNode, openKubedeck, pod, scenarioEnv, waitInStore, type OpenedSession, type ScenarioEnv } from './helpers.js';

let env: ScenarioEnv;
let kd: OpenedSession;

beforeAll(async () => {
  env = await scenarioEnv('ungate');
  kd = await openKubedeck(env);
}, 600_000);

afterAll(async () => {
  await kd?.close();
  await env?.teardown();
}, 120_000);

describe('remove the last scheduling gate through kubedeck', () => {
  it('the pod is scheduled by the real scheduler onto the KWOK node and its row shows Running', async () => {
    await env.apply(
      pod(env, 'held', {
        schedulingGates: [{ name: 'example.com/quota' }, { name: 'example.com/approval' }],
        containers: [{ name: 'main', image: 'registry.invalid/app:1' }],
      }),
    );
    const gated = await waitInStore(kd.s.pods, 'the gated pod, SchedulingGated, in the store', (p) => p.metadata.name === 'held' && podStatus(p) === 'SchedulingGated');
    expect(podRow(gated, Date.now()).cells[7]).toBe('quota,approval');

    // first one gate: the pod stays gated (the scheduler must not touch it)
    const one = await kd.s.planUngate([gated], 'example.com/quota');
    expect(one.allowed.ok).toBe(true);
    expect(one.dryRun).toEqual([expect.objectContaining({ ok: true })]);
    expect((await kd.s.execute(one))[0]).toMatchObject({ ok: true, target: `${env.ns}/held` });
    const stillGated = await waitInStore(kd.s.pods, 'one gate left', (p) => p.metadata.name === 'held' && (p.spec?.schedulingGates ?? []).length === 1);
    expect(stillGated.spec.nodeName).toBeUndefined();
    expect(podStatus(stillGated)).toBe('SchedulingGated');

    // then the last one, through the same pipeline
    const last = await kd.s.planUngate([stillGated], 'example.com/approval');
    expect(last.requests[0]).toMatchObject({
      method: 'PATCH',
      path: `/api/v1/namespaces/${env.ns}/pods/held`,
      contentType: 'application/json-patch+json',
    });
    // the gates as read are pinned by a test op before the remove (other pins may precede it)
    const ops = last.requests[0].body as { op: string; path: string; value?: unknown }[];
    expect(ops).toContainEqual({ op: 'test', path: '/spec/schedulingGates', value: [{ name: 'example.com/approval' }] });
    expect(ops.at(-1)).toEqual({ op: 'remove', path: '/spec/schedulingGates/0' });
    expect(ops.slice(0, -1).every((o) => o.op === 'test')).toBe(true);
    expect(last.dryRun[0]).toMatchObject({ ok: true });
    // the dry run changed nothing
    expect((await env.kubectlJson(['-n', env.ns, 'get', 'pod', 'held'])).spec.schedulingGates).toEqual([{ name: 'example.com/approval' }]);
    const [result] = await kd.s.execute(last);
    expect(result).toMatchObject({ ok: true });

    const running = await waitInStore(kd.s.pods, 'the pod Running in the store', (p) => p.metadata.name === 'held' && podStatus(p) === 'Running', 60_000);
    expect(running.spec.nodeName).toBe(kwokNode(env));
    expect(running.spec.schedulingGates ?? []).toEqual([]);
    expect(podReady(running)).toBe('1/1');
    const row = podRow(running, Date.now());
    expect(row.cells.slice(2, 4)).toEqual(['1/1', 'Running']);
    expect(row.cells[6]).toBe(kwokNode(env));
    expect(row.cells[7]).toBe('');
    // the scheduler, not kubedeck, bound it
    const scheduled = running.status.conditions.find((c: any) => c.type === 'PodScheduled');
    expect(scheduled).toMatchObject({ status: 'True' });
    const kubectlLine = await env.kubectl(['-n', env.ns, 'get', 'pod', 'held', '--no-headers']);
    expect(kubectlLine).toMatch(/^held\s+1\/1\s+Running\s+0\s/);

    // the audit log: per gate a dry run then the real request, mode 0600
    const writes = await eventually('audit lines', () => {
      const w = kd.auditLines().filter((l) => l.verb === 'PATCH' && l.path.startsWith(`/api/v1/namespaces/${env.ns}/pods/held`));
      return w.length === 4 ? w : undefined;
    });
    expect(writes.map((w) => w.dryRun)).toEqual([true, false, true, false]);
    expect(writes.every((w) => w.result?.ok && w.contentType === 'application/json-patch+json')).toBe(true);
    expect(writes[3]).toMatchObject({ server: env.cluster.server, user: 'kubedeck-admin' });
    expect(writes[0].path).toContain('dryRun=All');
    expect(writes[1].path).not.toContain('dryRun');
    expect(statSync(kd.auditPath).mode & 0o777).toBe(0o600);
  });

  it('a stale plan is refused by the server: the test op pins the gates as read', async () => {
    await env.apply(
      pod(env, 'raced', {
        schedulingGates: [{ name: 'example.com/a' }, { name: 'example.com/b' }],
        containers: [{ name: 'main', image: 'registry.invalid/app:1' }],
      }),
    );
    const seen = await waitInStore(kd.s.pods, 'the raced pod', byName('raced'));
    const plan = await kd.s.planUngate([seen], 'example.com/b');
    // someone else removes gate a meanwhile
    await env.kubectl(['-n', env.ns, 'patch', 'pod', 'raced', '--type=json', '-p', '[{"op":"remove","path":"/spec/schedulingGates/0"}]']);
    const [result] = await kd.s.execute(plan);
    expect(result.ok).toBe(false);
    expect(result.status).toBe(422);
    const now = await env.kubectlJson(['-n', env.ns, 'get', 'pod', 'raced']);
    expect(now.spec.schedulingGates).toEqual([{ name: 'example.com/b' }]);
  });
});
