// The demo's server-side printing: Tables on list, get and watch when asked as kubectl
// asks, includeObject, bookmarks in Table form, and discovery naming the new kinds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { TABLE_ACCEPT } from '../../src/k8s/servertable.js';
import { discover, AGGREGATED_ACCEPT } from '../../src/k8s/discovery.js';
import { createTransport } from '../../src/k8s/transport.js';
import type { RequestOptions, Transport } from '../../src/k8s/types.js';
import { KubeConfig } from '@kubernetes/client-node';
import { call, watch } from './demo-client.js';

let demo: DemoCluster;
beforeAll(async () => {
  demo = await startDemoCluster({ bookmarkIntervalMs: 50 });
});
afterAll(async () => {
  await demo.close();
});

describe('Tables from the demo', () => {
  it('a list asked as kubectl asks is a Table with the printer columns, a plain list otherwise', async () => {
    const t = await call(demo, '/api/v1/namespaces/web/services', { accept: TABLE_ACCEPT });
    expect(t.status).toBe(200);
    expect(String(t.headers['content-type'])).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    expect(t.body.columnDefinitions.map((c: any) => [c.name, c.priority])).toEqual([['Name', 0], ['Type', 0], ['Cluster-IP', 0], ['External-IP', 0], ['Port(s)', 0], ['Age', 0], ['Selector', 1]]);
    expect(t.body.metadata.resourceVersion).toMatch(/^\d+$/);
    const gw = t.body.rows.find((r: any) => r.object.metadata.name === 'payments-gateway');
    expect(gw.cells.slice(0, 5)).toEqual(['payments-gateway', 'ExternalName', '<none>', 'payments.example.net', '<none>']);
    expect(gw.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: expect.objectContaining({ name: 'payments-gateway', namespace: 'web', uid: expect.any(String) }) });
    const plain = await call(demo, '/api/v1/namespaces/web/services');
    expect(plain.body.kind).toBe('ServiceList');
  });

  it('includeObject None and Object; an unknown value is a 400', async () => {
    const none = await call(demo, '/apis/apps/v1/namespaces/web/deployments/frontend?includeObject=None', { accept: TABLE_ACCEPT });
    expect(none.body.rows).toEqual([{ cells: ['frontend', '3/3', 3, 3, '6d', 'frontend', 'registry.example.com/frontend:1.4.2', 'app=frontend'], object: null }]);
    const full = await call(demo, '/apis/apps/v1/namespaces/web/deployments/frontend?includeObject=Object', { accept: TABLE_ACCEPT });
    expect(full.body.rows[0].object).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 3 } });
    const bad = await call(demo, '/apis/apps/v1/namespaces/web/deployments?includeObject=All', { accept: TABLE_ACCEPT });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('unrecognized includeObject value: "All"');
  });

  it('a CRD without printer columns prints NAME and Age (a date column)', async () => {
    const t = await call(demo, '/apis/widgets.example.com/v1/widgets', { accept: TABLE_ACCEPT });
    expect(t.body.columnDefinitions.map((c: any) => [c.name, c.type, c.format])).toEqual([['Name', 'string', 'name'], ['Age', 'date', '']]);
    expect(t.body.rows.map((r: any) => r.cells)).toEqual([['gauge', '120m'], ['banner', '4d']]);
  });

  it('a watch sends one-row Tables, column definitions only first, bookmarks as Tables too', async () => {
    const rv = (await call(demo, '/api/v1/namespaces/default/configmaps')).body.metadata.resourceVersion;
    const w = await watch(demo, `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true`, { accept: TABLE_ACCEPT });
    try {
      for (const name of ['w-1', 'w-2']) demo.control.create('configmaps', { metadata: { name, namespace: 'default' }, data: { k: 'v' } } as any);
      const second = await w.next((e) => e.type === 'ADDED' && e.object.rows[0].object.metadata.name === 'w-2');
      const first = w.events.find((e) => e.type === 'ADDED')!;
      expect(first.object.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Data', 'Age']);
      expect(second.object.columnDefinitions).toBeNull();
      expect(second.object.rows[0].cells).toEqual(['w-2', 1, '0s']);
      expect(second.object.metadata.resourceVersion).toBe(second.object.rows[0].object.metadata.resourceVersion);
      const bookmark = await w.next((e) => e.type === 'BOOKMARK');
      expect(bookmark.object).toMatchObject({ kind: 'Table', rows: [{ object: { kind: 'PartialObjectMetadata', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } } }] });
    } finally {
      w.close();
    }
  });
});

describe('discovery of the demo names every kind with its short names', () => {
  const transport = (): Transport => {
    const kc = new KubeConfig();
    kc.loadFromString(demo.kubeconfig());
    return createTransport(kc);
  };

  it('aggregated and plain discovery resolve the same names', async () => {
    const agg = await discover(transport());
    expect(agg.aggregated).toBe(true);
    const t = transport();
    const inner = t.request.bind(t);
    // a server without aggregated discovery: answer the roots in their plain form
    const plainOnly: Transport = { ...t, request: <T,>(path: string, o: RequestOptions = {}) => inner<T>(path, { ...o, accept: o.accept === AGGREGATED_ACCEPT ? 'application/json' : o.accept }) };
    const plain = await discover(plainOnly);
    expect(plain.aggregated).toBe(false);
    for (const reg of [agg, plain]) {
      const names = Object.fromEntries(['deploy', 'rs', 'svc', 'cm', 'jobs', 'no', 'ns', 'ev', 'ct', 'widgets.widgets.example.com', 'pvc', 'claims'].map((n) => {
        const r = reg.find(n);
        return [n, r.ok ? `${r.resource.group}/${r.resource.resource}` : r.message];
      }));
      expect(names).toEqual({
        deploy: 'apps/deployments',
        rs: 'apps/replicasets',
        svc: '/services',
        cm: '/configmaps',
        jobs: 'batch/jobs',
        no: '/nodes',
        ns: '/namespaces',
        ev: '/events',
        ct: 'stable.example.com/crontabs',
        'widgets.widgets.example.com': 'widgets.example.com/widgets',
        pvc: '/persistentvolumeclaims',
        claims: 'resource.k8s.io/resourceclaims',
      });
    }
  });
});
