// The demo's pods/log endpoint, as a client sees it: lines, options, refusals, follow.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { restartContainers, rfc3339Nano } from '../../src/demo/logs.js';
import { loadKubeconfig } from '../../src/k8s/kubeconfig.js';
import { createTransport } from '../../src/k8s/transport.js';
import { parseTimestamp } from '../../src/state/loglines.js';
import type { Transport } from '../../src/k8s/types.js';
import { call } from './demo-client.js';

const POD = 'orders-5d7f9c8b6-t5wzk';
const base = `/api/v1/namespaces/web/pods/${POD}/log`;
let demo: DemoCluster;
let transport: Transport;

beforeAll(async () => {
  demo = await startDemoCluster();
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-logs-demo-'));
  writeFileSync(join(dir, 'kc'), demo.kubeconfig(), { mode: 0o600 });
  const loaded = loadKubeconfig({ kubeconfig: join(dir, 'kc'), env: {} });
  transport = createTransport(loaded.forContext(loaded.currentContext).kc);
});
afterAll(async () => {
  await demo.close();
});

const lines = (body: unknown) => String(body).split('\n').filter(Boolean);

describe('demo pods/log', () => {
  test('timestamps, tailLines and sinceSeconds are honoured; lines are the same on every call', async () => {
    const r = await call(demo, `${base}?container=proxy&timestamps=true&tailLines=5`);
    expect(r.status).toBe(200);
    const got = lines(r.body);
    expect(got).toHaveLength(5);
    for (const l of got) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z \[proxy\] "GET /);
    const again = lines((await call(demo, `${base}?container=proxy&timestamps=true&tailLines=50`)).body);
    // deterministic per container: the same lines come back (new ones may follow them)
    expect(again.indexOf(got[0]!)).toBeGreaterThanOrEqual(0);
    expect(again.slice(again.indexOf(got[0]!), again.indexOf(got[0]!) + 5)).toEqual(got);
    const plain = lines((await call(demo, `${base}?container=proxy&tailLines=3`)).body);
    expect(plain[0]).toMatch(/^\[proxy\]/);
    const since = lines((await call(demo, `${base}?container=app&timestamps=true&sinceSeconds=5`)).body);
    // a line every 0.5-1 s (fewer if the container just restarted), none older than asked
    expect(since.length).toBeGreaterThanOrEqual(1);
    expect(since.length).toBeLessThanOrEqual(11);
    for (const l of since) expect(Date.now() - Date.parse(l.split(' ')[0]!)).toBeLessThan(6000);
  });

  test('the init container logged during its run; the app prints escape sequences', async () => {
    const init = lines((await call(demo, `${base}?container=migrate`)).body);
    expect(init.length).toBeGreaterThan(0);
    expect(init[0]).toContain('migration');
    const app = String((await call(demo, `${base}?container=app&tailLines=40`)).body);
    expect(app).toContain('\x1b]52;');
    expect(app).toContain('\x1b[32m');
  });

  test('the API server and kubelet refusals, word for word', async () => {
    const unknown = await call(demo, `${base}?container=nosuch`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe(`container nosuch is not valid for pod ${POD}`);
    const noPrevious = await call(demo, `${base}?container=app&previous=true`);
    expect(noPrevious.status).toBe(400);
    expect(noPrevious.body.message).toBe(`previous terminated container "app" in pod "${POD}" not found`);
    const which = await call(demo, `/api/v1/namespaces/web/pods/search-indexer-0/log`);
    expect(which.body.message).toBe('a container name must be specified for pod search-indexer-0, choose one of: [indexer warmup]');
    const bad = await call(demo, `${base}?container=app&tailLines=-1`);
    expect(bad.status).toBe(422);
    const gone = await call(demo, `/api/v1/namespaces/web/pods/nope/log`);
    expect(gone.status).toBe(404);
    const waiting = await call(demo, `/api/v1/namespaces/web/pods/storefront-6b8c7d5f9-n7tqw/log?container=storefront`);
    expect(waiting.body.message).toBe('container "storefront" in pod "storefront-6b8c7d5f9-n7tqw" is waiting to start: PodInitializing');
    const viewer = await call(demo, `/api/v1/namespaces/default/pods/nginx/log`, { as: 'demo-viewer' });
    expect(viewer.status).toBe(403);
  });

  test('follow streams new lines and ends when the container instance ends; previous then has the old one', async () => {
    const got: string[] = [];
    const started = Date.now();
    const done = transport.stream(base, { query: { container: 'proxy', follow: true, timestamps: true, tailLines: 0 }, onLine: (l) => got.push(l) });
    while (got.length < 2 && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 50));
    expect(got.length).toBeGreaterThanOrEqual(2);
    const pod = demo.control.get('pods', 'web', POD)!;
    demo.control.patch('pods', 'web', POD, { status: restartContainers(pod, ['proxy']).status }, 'merge', { subresource: 'status' });
    await done; // the stream ends by itself, as the kubelet's does
    const prev = await call(demo, `${base}?container=proxy&previous=true&timestamps=true`);
    expect(prev.status).toBe(200);
    const old = lines(prev.body);
    expect(old.length).toBeGreaterThan(0);
    expect(parseTimestamp(old.at(-1)!.split(' ')[0]!)).toBeLessThanOrEqual(Date.now());
    expect(rfc3339Nano(Date.UTC(2025, 0, 2, 3, 4, 5, 120))).toBe('2025-01-02T03:04:05.12Z');
  });
});
