// LIST paging and WATCH streams as a watch loop depends on them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { call, tokenOf, watch } from './demo-client.js';

let cluster: DemoCluster;
beforeAll(async () => {
  cluster = await startDemoCluster({ bookmarkIntervalMs: 60_000 });
});
afterAll(() => cluster.close());

const newPod = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels },
  spec: { containers: [{ name: 'c', image: 'busybox' }], schedulingGates: [{ name: 'example.com/hold' }] },
});

describe('list', () => {
  it('pages with limit and continue through every pod exactly once', async () => {
    const all = await call(cluster, '/api/v1/pods');
    const names: string[] = [];
    let cont = '';
    let pages = 0;
    do {
      const r = await call(cluster, `/api/v1/pods?limit=7${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      expect(r.body.items.length).toBeLessThanOrEqual(7);
      expect(r.body.metadata.resourceVersion).toBe(all.body.metadata.resourceVersion);
      names.push(...r.body.items.map((p: { metadata: { namespace: string; name: string } }) => `${p.metadata.namespace}/${p.metadata.name}`));
      cont = r.body.metadata.continue ?? '';
      pages++;
    } while (cont);
    expect(pages).toBeGreaterThan(3);
    expect(names).toEqual(all.body.items.map((p: { metadata: { namespace: string; name: string } }) => `${p.metadata.namespace}/${p.metadata.name}`));
    expect(new Set(names).size).toBe(names.length);
  });

  it('filters by label and field selectors', async () => {
    const web = await call(cluster, '/api/v1/pods?fieldSelector=metadata.namespace%3Dweb,status.phase%3DRunning');
    expect(web.body.items.length).toBeGreaterThan(2);
    expect(web.body.items.every((p: { metadata: { namespace: string }; status: { phase: string } }) => p.metadata.namespace === 'web' && p.status.phase === 'Running')).toBe(true);
    const byLabel = await call(cluster, '/api/v1/namespaces/web/pods?labelSelector=app%3Dfrontend');
    expect(byLabel.body.items.length).toBe(4);
    const pod = byLabel.body.items[0];
    const events = await call(cluster, `/api/v1/namespaces/web/events?fieldSelector=involvedObject.uid%3D${pod.metadata.uid}`);
    expect(events.body.items.every((e: { involvedObject: { uid: string } }) => e.involvedObject.uid === pod.metadata.uid)).toBe(true);
    const bad = await call(cluster, '/api/v1/pods?fieldSelector=spec.color%3Dred');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('field label not supported: spec.color');
  });

  it('expires continue tokens from before a compaction with 410 and an inconsistent token', async () => {
    const first = await call(cluster, '/api/v1/pods?limit=5');
    cluster.control.compact();
    const r = await call(cluster, `/api/v1/pods?limit=5&continue=${encodeURIComponent(first.body.metadata.continue)}`);
    expect(r.status).toBe(410);
    expect(r.body.reason).toBe('Expired');
    expect(r.body.message).toMatch(/^The provided continue parameter is too old to display a consistent list result/);
    const rest = await call(cluster, `/api/v1/pods?limit=5&continue=${encodeURIComponent(r.body.metadata.continue)}`);
    expect(rest.status).toBe(200);
    expect(rest.body.items[0].metadata.name).not.toBe(first.body.items[0].metadata.name);
  });

  it('answers 404 with the NotFound wording', async () => {
    const r = await call(cluster, '/api/v1/namespaces/web/pods/nope');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ message: 'pods "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'pods' } });
  });
});

describe('watch', () => {
  it('replays history after a resourceVersion, then streams new changes', async () => {
    const list = await call(cluster, '/api/v1/namespaces/default/pods');
    const rv = list.body.metadata.resourceVersion;
    cluster.control.create('pods', newPod('replayed'));
    const w = await watch(cluster, `/api/v1/namespaces/default/pods?watch=1&resourceVersion=${rv}`);
    expect(w.status).toBe(200);
    const added = await w.next((e) => e.type === 'ADDED');
    expect(added.object.metadata.name).toBe('replayed');
    expect(added.object.kind).toBe('Pod');
    cluster.control.patch('pods', 'default', 'replayed', { metadata: { labels: { x: 'y' } } });
    const modified = await w.next((e) => e.type === 'MODIFIED');
    expect(modified.object.metadata.labels.x).toBe('y');
    expect(Number(modified.object.metadata.resourceVersion)).toBeGreaterThan(Number(added.object.metadata.resourceVersion));
    cluster.control.delete('pods', 'default', 'replayed');
    await w.next((e) => e.type === 'DELETED' && e.object.metadata.name === 'replayed');
    w.close();
  });

  it('sends the current state first when no resourceVersion is given', async () => {
    const w = await watch(cluster, '/api/v1/namespaces/web/pods?watch=true&labelSelector=app%3Dapi');
    await w.next((e) => e.type === 'ADDED' && e.object.metadata.name === 'api-6c5b9d7f4-b8kfz');
    w.close();
  });

  it('sends bookmarks carrying only a resourceVersion when asked', async () => {
    cluster.control.setBookmarkInterval(50);
    const rv = cluster.control.resourceVersion;
    const w = await watch(cluster, `/api/v1/pods?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`);
    const b = await w.next((e) => e.type === 'BOOKMARK');
    // only kind, apiVersion and the resourceVersion the server is at (the seeded
    // scenario keeps changing, so it may have moved on since rv)
    expect(b.object).toEqual({ kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: expect.any(String) } });
    expect(Number(b.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(rv));
    w.close();
    cluster.control.setBookmarkInterval(60_000);
  });

  it('answers a watch from before a compaction with 200, one 410 ERROR event, and the end', async () => {
    const rv = cluster.control.resourceVersion;
    cluster.control.compact();
    const w = await watch(cluster, `/api/v1/pods?watch=1&resourceVersion=${rv}`);
    expect(w.status).toBe(200);
    expect(await w.ended).toBe('end');
    expect(w.events).toHaveLength(1);
    expect(w.events[0].type).toBe('ERROR');
    expect(w.events[0].object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    // "too old resource version: <asked> (<current>)", as the watch cache words it
    const m = /^too old resource version: (\d+) \((\d+)\)$/.exec(w.events[0].object.message);
    expect(m?.[1]).toBe(rv);
    expect(Number(m?.[2])).toBeGreaterThan(Number(rv));
  });

  it('ends the stream cleanly after timeoutSeconds', async () => {
    const w = await watch(cluster, `/api/v1/pods?watch=1&timeoutSeconds=1&resourceVersion=${cluster.control.resourceVersion}`);
    const started = Date.now();
    expect(await w.ended).toBe('end');
    expect(Date.now() - started).toBeGreaterThan(800);
  });

  it('goes silent (no events, no bookmarks) while silenced, with the socket open', async () => {
    cluster.control.setBookmarkInterval(30);
    const w = await watch(cluster, `/api/v1/namespaces/default/pods?watch=1&allowWatchBookmarks=true&resourceVersion=${cluster.control.resourceVersion}`);
    await w.next((e) => e.type === 'BOOKMARK');
    cluster.control.silence(true);
    const before = w.events.length;
    cluster.control.create('pods', newPod('quiet'));
    await new Promise((r) => setTimeout(r, 200));
    expect(w.events.length).toBe(before);
    expect(cluster.control.openWatches).toBeGreaterThan(0);
    cluster.control.silence(false);
    await w.next((e) => e.type === 'ADDED' && e.object.metadata.name === 'quiet');
    w.close();
    cluster.control.setBookmarkInterval(60_000);
  });

  it('drops open watches on restart() and serves again on the same port', async () => {
    const url = cluster.url;
    const w = await watch(cluster, `/api/v1/pods?watch=1&resourceVersion=${cluster.control.resourceVersion}`);
    await cluster.control.restart();
    expect(await w.ended).toBeDefined();
    expect(cluster.url).toBe(url);
    const r = await call(cluster, '/api/v1/namespaces');
    expect(r.status).toBe(200);
  });
});

describe('scale', () => {
  it('seeds 50,000 extra pods quickly and pages them in key order', async () => {
    const started = Date.now();
    const big = await startDemoCluster({ extraPods: 50_000, seed: 'empty' });
    try {
      expect(Date.now() - started).toBeLessThan(5000);
      const r = await call(big, '/api/v1/pods?limit=500');
      expect(r.body.items).toHaveLength(500);
      expect(r.body.metadata.remainingItemCount).toBe(49_500);
      const keys = r.body.items.map((p: { metadata: { namespace: string; name: string } }) => `${p.metadata.namespace}/${p.metadata.name}`);
      expect([...keys].sort()).toEqual(keys);
      const t = Date.now();
      const next = await call(big, `/api/v1/pods?limit=500&continue=${encodeURIComponent(r.body.metadata.continue)}`);
      expect(next.body.items).toHaveLength(500);
      expect(Date.now() - t).toBeLessThan(1000);
      const gated = big.control.objects('pods').filter((p) => p.spec.schedulingGates?.length);
      expect(gated.length).toBeGreaterThan(1000);
    } finally {
      await big.close();
    }
  });
});

describe('watch-list and gzip', () => {
  it('with the WatchList gate off, a watch-list request answers 422 as kube-apiserver does', async () => {
    cluster.control.setWatchList(false);
    try {
      const r = await call(cluster, '/api/v1/namespaces/default/pods?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion=');
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({
        kind: 'Status',
        reason: 'Invalid',
        code: 422,
        message: 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
        details: { group: 'meta.k8s.io', kind: 'ListOptions' },
      });
    } finally {
      cluster.control.setWatchList(true);
    }
  });

  it('a watch-list streams the state at one revision, ends it with the marker, then sends what changed meanwhile', async () => {
    cluster.control.addPods(1500); // several chunks
    const before = (await call(cluster, '/api/v1/pods')).body.items.length;
    const s = await watch(cluster, '/api/v1/pods?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion=');
    try {
      // a change while the initial events are still being written
      await call(cluster, '/api/v1/namespaces/default/pods', { method: 'POST', body: newPod('during-watch-list') });
      const marker = await s.next((e) => e.type === 'BOOKMARK');
      const added = await s.next((e) => e.object?.metadata?.name === 'during-watch-list');
      const at = s.events.indexOf(marker);
      expect(marker.object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
      expect(s.events.slice(0, at).every((e) => e.type === 'ADDED')).toBe(true);
      expect(at).toBe(before); // exactly the state when the watch began
      expect(s.events.indexOf(added)).toBeGreaterThan(at);
      expect(Number(added.object.metadata.resourceVersion)).toBeGreaterThan(Number(marker.object.metadata.resourceVersion));
    } finally {
      s.close();
    }
  });

  it('a LIST over 128 KiB is gzipped only when asked', async () => {
    const { default: https } = await import('node:https');
    const { gunzipSync } = await import('node:zlib');
    const get = (encoding?: string) =>
      new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
        const url = new URL('/api/v1/pods', cluster.url);
        const headers: Record<string, string> = { Authorization: `Bearer ${tokenOf(cluster, 'demo-admin')}`, ...(encoding ? { 'Accept-Encoding': encoding } : {}) };
        https
          .get(url, { ca: cluster.caPem, headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
          })
          .on('error', reject);
      });
    cluster.control.addPods(200);
    const plain = await get();
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(128 * 1024);
    const zipped = await get('gzip, deflate');
    expect(zipped.encoding).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 4);
    expect(JSON.parse(gunzipSync(zipped.body).toString()).items).toHaveLength(JSON.parse(plain.body.toString()).items.length);
  });
});
