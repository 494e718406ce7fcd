// The seeded story: every STATUS kubectl prints, gated pods of different ages,
// events to look at. Rows come from the console's own printPod port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { gatedForMs, podReady, podRestarts, podStatus } from '../../src/state/pods.js';
import { call } from './demo-client.js';

let cluster: DemoCluster;
beforeAll(async () => {
  cluster = await startDemoCluster();
});
afterAll(() => cluster.close());

describe('scenario seed', () => {
  it('has five nodes (one of them the tainted GPU node of the why story) and the documented namespaces', async () => {
    expect((await call(cluster, '/api/v1/nodes')).body.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual(['node-1', 'node-2', 'node-3', 'node-4', 'why-gpu-1']);
    const ns = (await call(cluster, '/api/v1/namespaces')).body.items.map((n: { metadata: { name: string } }) => n.metadata.name);
    expect(ns).toEqual(expect.arrayContaining(['default', 'web', 'batch', 'jobs', 'ml', 'kube-system', 'why']));
  });

  it('shows every pod STATUS an admin meets', async () => {
    const pods = (await call(cluster, '/api/v1/pods')).body.items;
    expect(pods.length).toBeGreaterThanOrEqual(35);
    const statuses = new Set(pods.map(podStatus));
    for (const s of [
      'Running',
      'SchedulingGated',
      'Pending',
      'Init:0/2',
      'Init:1/2',
      'Init:CrashLoopBackOff',
      'Init:ExitCode:1',
      'PodInitializing',
      'Terminating',
      'Completed',
      'NotReady',
      'CrashLoopBackOff',
      'ImagePullBackOff',
      'Error',
      'Evicted',
      'OOMKilled',
      'Init:0/1',
    ]) {
      expect(statuses, s).toContain(s);
    }
  });

  it('has gated pods with one and several gates, gated for different times', () => {
    const now = Date.now();
    const gated = cluster.control.objects('pods').filter((p) => p.spec.schedulingGates?.length);
    expect(gated.some((p) => p.spec.schedulingGates.length === 1)).toBe(true);
    expect(gated.some((p) => p.spec.schedulingGates.length >= 2)).toBe(true);
    const ages = gated.map((p) => gatedForMs(p, now)!);
    expect(Math.max(...ages) - Math.min(...ages)).toBeGreaterThan(3600_000);
  });

  it('has restarts with a recent last termination and sidecars counted in READY', () => {
    const now = Date.now();
    const api = cluster.control.get('pods', 'web', 'api-6c5b9d7f4-b8kfz')!;
    expect(podRestarts(api, now)).toMatch(/^3 \(4m(\d+s)? ago\)$/);
    expect(podReady(cluster.control.get('pods', 'web', 'storefront-6b8c7d5f9-h4jxp')!)).toBe('2/2');
    expect(podStatus(cluster.control.get('pods', 'web', 'storefront-6b8c7d5f9-n7tqw')!)).toBe('Init:0/1');
  });

  it('has events, including FailedScheduling for the unschedulable pod', async () => {
    const pod = cluster.control.get('pods', 'default', 'fast-storage-probe')!;
    const events = await call(cluster, `/api/v1/namespaces/default/events?fieldSelector=involvedObject.uid%3D${pod.metadata.uid}`);
    expect(events.body.items.map((e: { reason: string }) => e.reason)).toEqual(['FailedScheduling']);
    expect(cluster.control.objects('events').length).toBeGreaterThan(5);
  });

  it('lets a removed finalizer finish the seeded Terminating pod', async () => {
    await call(cluster, '/api/v1/namespaces/web/pods/legacy-billing-0', {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { metadata: { finalizers: null } },
    });
    await expect.poll(() => cluster.control.get('pods', 'web', 'legacy-billing-0'), { timeout: 4000 }).toBeUndefined();
  });
});
