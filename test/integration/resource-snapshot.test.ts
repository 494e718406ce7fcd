// `kubedeck snapshot RESOURCE` against the demo cluster: discovery resolves what a user
// types, the Table watch syncs, and the server's columns print as kubectl get prints them.
import { describe, expect, test } from 'vitest';
import { useDemoCluster } from './harness.js';
import { demoKubeconfig, openKubeconfigSession } from '../support/demo-session.js';
import { resourceSnapshot, type ResourceOutput } from '../../src/resourcesnapshot.js';
import type { Session } from '../../src/k8s/session.js';

const env = useDemoCluster('kubedeck-ressnap-');

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function print(s: Session, typed: string, output: ResourceOutput = 'table') {
  const found = await s.tables.resolve(typed);
  if (!found.ok) throw new Error(found.message);
  const snap = resourceSnapshot({ tables: s.tables, transport: s.transport, namespace: s.info().namespace }, found.resource, output);
  if (snap.load) expect(await snap.load()).toBeUndefined();
  else await until(() => ['synced', 'forbidden'].includes(snap.store!.health.state));
  return { snap, ...snap.print('table', Date.now()) };
}

const header = (stdout: string) => stdout.split('\n')[0]!.split(/\s{2,}/);
const firstCells = (stdout: string) => stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s{2,}/));

describe('snapshot RESOURCE on the demo', () => {
  test('deploy -A: NAMESPACE first, the server printer columns, wide adds CONTAINERS, IMAGES, SELECTOR', async () => {
    const s = await openKubeconfigSession(demoKubeconfig(env.demo, env.dir), { namespace: null });
    try {
      const { stdout } = await print(s, 'deploy');
      expect(header(stdout)).toEqual(['NAMESPACE', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
      expect(firstCells(stdout)).toContainEqual(['web', 'storefront', '1/2', '2', '1', '24h']);
      const wide = await print(s, 'deployments.apps', 'wide');
      expect(header(wide.stdout)).toEqual(['NAMESPACE', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
      expect(firstCells(wide.stdout)).toContainEqual(['web', 'storefront', '1/2', '2', '1', '24h', 'storefront,envoy', 'registry.example.com/storefront:1.4.2,registry.example.com/envoy:1.0.0', 'app=storefront']);
    } finally {
      s.close();
    }
  });

  test('nodes, and events in one namespace: cluster-scoped has no NAMESPACE; events print their OBJECT and MESSAGE', async () => {
    const s = await openKubeconfigSession(demoKubeconfig(env.demo, env.dir), { namespace: 'web' });
    try {
      const nodes = await print(s, 'no');
      expect(header(nodes.stdout)).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
      expect(firstCells(nodes.stdout)[0]).toEqual(['node-1', 'Ready', 'control-plane', '40d', 'v1.36.0']);
      const events = await print(s, 'ev');
      expect(header(events.stdout)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
      expect(events.stdout).toMatch(/Warning\s+BackOff\s+pod\/checkout-5f7b8d9c6-qv2xs\s+Back-off restarting failed container checkout/);
      const none = await print(s, 'jobs');
      expect(none).toMatchObject({ stdout: '', stderr: 'No resources found in web namespace.\n' });
    } finally {
      s.close();
    }
  });

  test('a CRD with printer columns prints them; one without prints NAME and AGE', async () => {
    const s = await openKubeconfigSession(demoKubeconfig(env.demo, env.dir), { namespace: 'batch' });
    try {
      const ct = await print(s, 'crontabs.stable.example.com');
      expect(ct.stdout.split('\n').slice(0, 3)).toEqual([
        'NAME             SPEC           REPLICAS   AGE',
        'cache-warmer     */15 * * * *   3          3d',
        'nightly-report   0 2 * * *      1          9d',
      ]);
      expect(header((await print(s, 'ct', 'wide')).stdout)).toEqual(['NAME', 'SPEC', 'REPLICAS', 'IMAGE', 'AGE']);
      const s2 = await openKubeconfigSession(demoKubeconfig(env.demo, env.dir), { namespace: null });
      try {
        const widgets = await print(s2, 'widgets.example.com/widgets');
        expect(widgets.stdout).toBe(['NAMESPACE   NAME     AGE', 'ml          gauge    120m', 'web         banner   4d', ''].join('\n'));
      } finally {
        s2.close();
      }
    } finally {
      s.close();
    }
  });

  test('-o json lists the full objects as kubectl List', async () => {
    const s = await openKubeconfigSession(demoKubeconfig(env.demo, env.dir), { namespace: 'web' });
    try {
      const { stdout } = await print(s, 'svc', 'json');
      const list = JSON.parse(stdout);
      expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } });
      const gw = list.items.find((i: any) => i.metadata.name === 'payments-gateway');
      expect(gw).toMatchObject({ apiVersion: 'v1', kind: 'Service', spec: { type: 'ExternalName', externalName: 'payments.example.net' } });
    } finally {
      s.close();
    }
  });

  test('a user who may not list a resource gets forbidden, not an empty table', async () => {
    const s = await openKubeconfigSession(demoKubeconfig(env.demo, env.dir, 'demo-viewer'), { namespace: 'web' });
    try {
      const { snap } = await print(s, 'deploy');
      expect(snap.store!.health).toEqual({ state: 'forbidden', message: expect.stringContaining('deployments') });
    } finally {
      s.close();
    }
  });
});
