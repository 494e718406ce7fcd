import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { ABORTED, createTransport, type OpenAwareStreamOptions } from '../../src/k8s/transport.js';
import { listAll, startWatch, type WatchHandle, type WatchLoopEvent, type WatchOptions } from '../../src/k8s/watch.js';
import { ApiError, type Health, type KubeObject, type RequestOptions, type ResourceType, type Transport, type WatchSink } from '../../src/k8s/types.js';

const pods: ResourceType = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, verbs: ['list', 'watch'], subresources: [] };

const pod = (name: string, rv: string): KubeObject => ({ metadata: { name, namespace: 'default', resourceVersion: rv } });
const line = (type: string, object: unknown) => JSON.stringify({ type, object });
const gone = { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 5 (100)' };

type ListFn = (query: Record<string, unknown>, n: number) => unknown;
type StreamFn = (so: OpenAwareStreamOptions, n: number) => Promise<void>;

/** A scripted Transport: lists and streams answer from the test's functions. */
class Scripted implements Transport {
  readonly server = 'https://scripted:6443';
  listQueries: Record<string, unknown>[] = [];
  watchQueries: Record<string, unknown>[] = [];
  constructor(private onList: ListFn, private onStream: StreamFn) {}
  async request<T>(_path: string, opts: RequestOptions = {}): Promise<T> {
    this.listQueries.push({ ...opts.query });
    const answer = this.onList(opts.query ?? {}, this.listQueries.length);
    if (answer instanceof Error) throw answer;
    return answer as T;
  }
  stream(_path: string, so: OpenAwareStreamOptions): Promise<void> {
    this.watchQueries.push({ ...so.query });
    return this.onStream(so, this.watchQueries.length);
  }
}

/** Sends lines one tick apart, then either ends or stays open until aborted. */
function serveLines(so: OpenAwareStreamOptions, lines: string[], end: 'end' | 'hang' = 'hang'): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => reject(new ApiError(0, 'stream cancelled', { reason: ABORTED }));
    if (so.signal?.aborted) return aborted();
    so.signal?.addEventListener('abort', aborted, { once: true });
    so.onOpen?.();
    let i = 0;
    const next = () => {
      if (so.signal?.aborted) return;
      if (i < lines.length) {
        try {
          so.onLine(lines[i++]);
        } catch (err) {
          return reject(err);
        }
        setTimeout(next, 1);
      } else if (end === 'end') resolve();
    };
    setTimeout(next, 1);
  });
}

/** A sink that keeps a store (like src/state's) and a log of calls. */
function recordingSink() {
  const store = new Map<string, KubeObject>();
  const log: string[] = [];
  const health: Health[] = [];
  let seen = new Set<string>();
  const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
  const sink: WatchSink = {
    listStart: () => {
      log.push('listStart');
      seen = new Set();
    },
    listPage: (items) => {
      log.push(`page:${items.length}`);
      for (const o of items) {
        store.set(key(o), o);
        seen.add(key(o));
      }
    },
    listDone: (rv) => {
      log.push(`listDone:${rv}`);
      for (const k of [...store.keys()]) if (!seen.has(k)) store.delete(k);
    },
    apply: (type, o) => {
      log.push(`${type}:${o.metadata.name}`);
      if (type === 'DELETED') store.delete(key(o));
      else store.set(key(o), o);
    },
    setHealth: (h) => health.push(h),
  };
  return { sink, store, log, health, names: () => [...store.values()].map((o) => o.metadata.name).sort() };
}

const handles: WatchHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) {
    h.stop();
    await h.done;
  }
});

function watch(transport: Transport, sink: WatchSink, extra: Partial<WatchOptions> = {}) {
  const events: WatchLoopEvent[] = [];
  const h = startWatch({ transport, resource: pods, namespace: 'default', sink, backoff: { initialMs: 10, maxMs: 80 }, onEvent: (e) => events.push(e), ...extra });
  handles.push(h);
  return { ...h, events };
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const onePage = (items: KubeObject[], rv: string) => ({ metadata: { resourceVersion: rv }, items });

describe('list', () => {
  it('hands pages to the sink as they arrive, then watches from the list resourceVersion', async () => {
    const t = new Scripted(
      (q) => (q.continue ? onePage([pod('c', '9')], '10') : { metadata: { resourceVersion: '10', continue: 'tok' }, items: [pod('a', '7'), pod('b', '8')] }),
      (so) => serveLines(so, []),
    );
    const r = recordingSink();
    const w = watch(t, r.sink, { pageSize: 2, timeoutSeconds: 300 });
    await until(() => t.watchQueries.length === 1);
    expect(r.log).toEqual(['listStart', 'page:2', 'page:1', 'listDone:10']);
    expect(t.listQueries).toEqual([{ limit: 2 }, { limit: 2, continue: 'tok' }]);
    const q = t.watchQueries[0];
    expect(q).toMatchObject({ watch: 1, resourceVersion: '10', allowWatchBookmarks: true });
    expect(q.timeoutSeconds).toBeGreaterThanOrEqual(300);
    expect(q.timeoutSeconds).toBeLessThan(600);
    expect(r.health.map((h) => h.state)).toEqual(['syncing', 'syncing', 'syncing', 'synced']);
    expect(r.health.at(-1)).toMatchObject({ state: 'synced', count: 3 });
    expect(r.store.get('default/a')).toMatchObject({ apiVersion: 'v1', kind: 'Pod' }); // as watch events carry
    expect(w.events[0]).toEqual({ type: 'list-start', restart: false });
  });

  it('restarts the list from scratch when the continue token expired', async () => {
    let expiredOnce = false;
    const t = new Scripted(
      (q) => {
        if (!q.continue) return { metadata: { resourceVersion: '20', continue: 'tok' }, items: [pod('a', '1')] };
        if (!expiredOnce) {
          expiredOnce = true;
          return new ApiError(410, 'The provided continue parameter is too old', { reason: 'Expired' });
        }
        return onePage([pod('b', '2')], '20');
      },
      (so) => serveLines(so, []),
    );
    const r = recordingSink();
    const w = watch(t, r.sink);
    await until(() => t.watchQueries.length === 1);
    expect(r.log).toEqual(['listStart', 'page:1', 'listStart', 'page:1', 'page:1', 'listDone:20']);
    expect(w.events.filter((e) => e.type === 'list-start')).toEqual([{ type: 'list-start', restart: false }, { type: 'list-start', restart: true }]);
    expect(r.names()).toEqual(['a', 'b']);
  });

  it('listAll collects every page for one-off use', async () => {
    const t = new Scripted(
      (q) => (q.continue ? onePage([pod('b', '2')], '30') : { metadata: { resourceVersion: '30', continue: 'x' }, items: [pod('a', '1')] }),
      () => Promise.reject(new Error('no streams')),
    );
    const all = await listAll(t, pods, null, { pageSize: 1 });
    expect(all.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(all.resourceVersion).toBe('30');
  });
});

describe('watch', () => {
  it('applies events, and after a normal end resumes from the last bookmark without relisting', async () => {
    const t = new Scripted(
      () => onePage([pod('a', '5')], '10'),
      (so, n) =>
        n === 1
          ? serveLines(so, [line('ADDED', pod('b', '11')), line('MODIFIED', pod('a', '12')), line('DELETED', pod('b', '13')), line('BOOKMARK', { metadata: { resourceVersion: '15' } })], 'end')
          : serveLines(so, []),
    );
    const r = recordingSink();
    watch(t, r.sink);
    await until(() => t.watchQueries.length === 2);
    expect(r.log).toEqual(['listStart', 'page:1', 'listDone:10', 'ADDED:b', 'MODIFIED:a', 'DELETED:b']);
    expect(t.watchQueries.map((q) => q.resourceVersion)).toEqual(['10', '15']);
    expect(t.listQueries).toHaveLength(1);
    expect(r.store.get('default/a')?.metadata.resourceVersion).toBe('12');
  });

  it('relists and replaces the store on a 410 ERROR event inside a 200 stream', async () => {
    const t = new Scripted(
      (_q, n) => (n === 1 ? onePage([pod('a', '5'), pod('b', '6')], '10') : onePage([pod('a', '50'), pod('c', '51')], '60')),
      (so, n) => serveLines(so, n === 1 ? [line('ADDED', pod('x', '11')), line('ERROR', gone)] : []),
    );
    const r = recordingSink();
    const w = watch(t, r.sink);
    await until(() => t.watchQueries.length === 2);
    expect(r.log).toEqual(['listStart', 'page:2', 'listDone:10', 'ADDED:x', 'listStart', 'page:2', 'listDone:60']);
    expect(r.names()).toEqual(['a', 'c']); // b and x vanished while we were away
    expect(t.watchQueries[1].resourceVersion).toBe('60');
    expect(w.events).toContainEqual({ type: 'relist', reason: 'too old resource version: 5 (100)' });
  });

  it('a server that answers every watch with 410 gets relists with growing backoff, not a tight loop', async () => {
    const t = new Scripted(
      () => onePage([pod('a', '1')], '10'),
      () => Promise.reject(new ApiError(410, 'too old resource version', { reason: 'Expired' })),
    );
    const r = recordingSink();
    // backoff 40..400 ms: without it this would be hundreds of full lists a second
    watch(t, r.sink, { backoff: { initialMs: 40, maxMs: 400 } });
    await new Promise((res) => setTimeout(res, 600));
    expect(t.listQueries.length).toBeGreaterThanOrEqual(2); // it does keep trying
    expect(t.listQueries.length).toBeLessThan(10);
  });

  it('relists when the watch request itself answers 410', async () => {
    const t = new Scripted(
      (_q, n) => onePage([pod(`p${n}`, '1')], String(n * 10)),
      (so, n) => (n === 1 ? Promise.reject(new ApiError(410, 'too old resource version', { reason: 'Expired' })) : serveLines(so, [])),
    );
    const r = recordingSink();
    watch(t, r.sink);
    await until(() => t.watchQueries.length === 2);
    expect(t.listQueries).toHaveLength(2);
    expect(r.names()).toEqual(['p2']);
  });

  it('on a network error reports reconnecting, backs off and resumes from the last resourceVersion', async () => {
    const refused = () => new ApiError(0, 'cannot reach https://scripted:6443: connect ECONNREFUSED 127.0.0.1:6443');
    const t = new Scripted(
      () => onePage([pod('a', '5')], '10'),
      (so, n) => {
        if (n === 1) {
          // one event, then the connection drops
          return new Promise((_resolve, reject) => {
            so.onOpen?.();
            so.onLine(line('ADDED', pod('b', '11')));
            setTimeout(() => reject(refused()), 5);
          });
        }
        if (n <= 7) return Promise.reject(refused());
        return serveLines(so, []);
      },
    );
    const r = recordingSink();
    const w = watch(t, r.sink);
    await until(() => t.watchQueries.length === 8 && r.health.at(-1)?.state === 'synced');
    const reconnecting = r.health.filter((h): h is Extract<Health, { state: 'reconnecting' }> => h.state === 'reconnecting');
    expect(reconnecting.map((h) => h.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(reconnecting[0]).toMatchObject({ lastError: 'cannot reach https://scripted:6443: connect ECONNREFUSED 127.0.0.1:6443', count: 2 });
    expect(new Set(reconnecting.map((h) => h.since)).size).toBe(1); // one outage
    const delays = w.events.flatMap((e) => (e.type === 'error' && e.retryInMs !== undefined ? [e.retryInMs] : []));
    const bases = [10, 20, 40, 80, 80, 80, 80];
    expect(delays).toHaveLength(7);
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(bases[i] * 0.75);
      expect(d).toBeLessThanOrEqual(bases[i]);
    });
    expect(t.listQueries).toHaveLength(1);
    expect(t.watchQueries.slice(1).map((q) => q.resourceVersion)).toEqual(['11', '11', '11', '11', '11', '11', '11']);
  });

  it('reports a malformed line, keeps what came before it and reconnects from there', async () => {
    const t = new Scripted(
      () => onePage([], '10'),
      (so, n) => serveLines(so, n === 1 ? [line('ADDED', pod('a', '11')), '{"type":"ADDED","object":{"metadata":{"name":"b"', line('ADDED', pod('c', '13'))] : []),
    );
    const r = recordingSink();
    const w = watch(t, r.sink);
    await until(() => t.watchQueries.length === 2);
    expect(r.names()).toEqual(['a']);
    expect(w.events).toContainEqual({ type: 'malformed', line: '{"type":"ADDED","object":{"metadata":{"name":"b"' });
    const h = r.health.find((x) => x.state === 'reconnecting');
    expect(h).toMatchObject({ lastError: expect.stringContaining('cannot read: {"type":"ADDED","object":{"metadata":{"name":"b"') });
    expect(t.watchQueries[1].resourceVersion).toBe('11');
  });

  it('reconnects with backoff on other ERROR events, without relisting', async () => {
    const t = new Scripted(
      () => onePage([], '10'),
      (so, n) => serveLines(so, n === 1 ? [line('ERROR', { kind: 'Status', code: 500, message: 'etcd leader changed' })] : []),
    );
    const r = recordingSink();
    watch(t, r.sink);
    await until(() => t.watchQueries.length === 2);
    expect(r.health.find((h) => h.state === 'reconnecting')).toMatchObject({ lastError: 'etcd leader changed', attempt: 1 });
    expect(t.listQueries).toHaveLength(1);
  });

  it('the watchdog drops a silent connection and reconnects', async () => {
    const t = new Scripted(() => onePage([], '10'), (so) => serveLines(so, []));
    const r = recordingSink();
    watch(t, r.sink, { watchdogMs: 100 });
    await until(() => t.watchQueries.length === 2);
    expect(r.health.find((h) => h.state === 'reconnecting')).toMatchObject({ lastError: 'no data from the server for 100ms' });
  });

  it('treats a watch that closes at once with nothing in it as a failure, not a loop', async () => {
    const t = new Scripted(() => onePage([], '10'), () => Promise.resolve());
    const r = recordingSink();
    watch(t, r.sink);
    await new Promise((res) => setTimeout(res, 150));
    expect(t.watchQueries.length).toBeLessThan(10); // backoff 10, 20, 40, 80 ms
    expect(r.health.at(-1)).toMatchObject({ state: 'reconnecting', lastError: 'the server closed the watch immediately' });
  });
});

describe('access', () => {
  it('403 reports forbidden with the server message and stops retrying', async () => {
    const msg = 'pods is forbidden: User "bob" cannot list resource "pods" in API group "" at the cluster scope';
    const t = new Scripted(() => new ApiError(403, msg, { reason: 'Forbidden' }), (so) => serveLines(so, []));
    const r = recordingSink();
    const w = watch(t, r.sink);
    await w.done;
    expect(r.health.at(-1)).toEqual({ state: 'forbidden', message: msg });
    expect(t.listQueries).toHaveLength(1);
  });

  it('404 reports the resource unavailable and stops', async () => {
    const t = new Scripted(() => new ApiError(404, 'the server could not find the requested resource', { reason: 'NotFound' }), (so) => serveLines(so, []));
    const r = recordingSink();
    await watch(t, r.sink).done;
    expect(r.health.at(-1)).toEqual({ state: 'unavailable', message: 'the server could not find the requested resource' });
  });

  it('401 reports unauthorized and keeps retrying slowly until credentials work', async () => {
    const t = new Scripted((_q, n) => (n === 1 ? new ApiError(401, 'Unauthorized', { reason: 'Unauthorized' }) : onePage([pod('a', '1')], '10')), (so) => serveLines(so, []));
    const r = recordingSink();
    const w = watch(t, r.sink);
    await until(() => r.health.at(-1)?.state === 'synced');
    expect(r.health[1]).toEqual({ state: 'unauthorized', message: 'Unauthorized' });
    expect(w.events).toContainEqual({ type: 'error', status: 401, message: 'Unauthorized', retryInMs: 80 });
  });

  it('stop() closes the open watch and ends the loop', async () => {
    let aborted = false;
    const t = new Scripted(() => onePage([], '10'), (so) => {
      so.signal?.addEventListener('abort', () => (aborted = true));
      return serveLines(so, []);
    });
    const r = recordingSink();
    const w = watch(t, r.sink);
    await until(() => t.watchQueries.length === 1);
    w.stop();
    await w.done;
    expect(aborted).toBe(true);
    await new Promise((res) => setTimeout(res, 50));
    expect(t.watchQueries).toHaveLength(1);
  });
});

describe('against the demo cluster', () => {
  const clusters: DemoCluster[] = [];
  afterEach(async () => {
    for (const h of handles.splice(0)) {
      h.stop();
      await h.done;
    }
    for (const c of clusters.splice(0)) await c.close();
  });

  async function demo(extraPods = 0) {
    const cluster = await startDemoCluster({ extraPods, bookmarkIntervalMs: 100 });
    clusters.push(cluster);
    const kc = new KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
    return { cluster, transport: createTransport(kc) };
  }

  /** The store holds exactly what a fresh LIST would: same keys, same resourceVersions. */
  const sameAsServer = (cluster: DemoCluster, store: Map<string, KubeObject>) => {
    const server = cluster.control.objects('pods');
    return server.length === store.size && server.every((o) => store.get(`${o.metadata.namespace}/${o.metadata.name}`)?.metadata.resourceVersion === o.metadata.resourceVersion);
  };

  const synced = (r: ReturnType<typeof recordingSink>) => r.health.at(-1)?.state === 'synced';

  it('lists 2,000 pods in pages of 100 and ends with the full set', async () => {
    const { cluster, transport } = await demo(2000);
    const r = recordingSink();
    watch(transport, r.sink, { namespace: null, pageSize: 100 });
    await until(() => synced(r), 15_000);
    const pages = r.log.filter((l) => l.startsWith('page:'));
    expect(pages.length).toBeGreaterThanOrEqual(20);
    expect(pages.every((p) => Number(p.slice(5)) <= 100)).toBe(true);
    expect(r.store.size).toBeGreaterThanOrEqual(2000);
    expect(sameAsServer(cluster, r.store)).toBe(true);
    expect(cluster.control.requests.filter((q) => q.method === 'GET' && q.query.limit === '100').length).toBe(pages.length);
  });

  it('after compaction the relisted store equals a fresh LIST, missed changes included', async () => {
    const { cluster, transport } = await demo(20);
    const r = recordingSink();
    const w = watch(transport, r.sink, { namespace: null });
    await until(() => synced(r) && cluster.control.openWatches === 1);
    const victim = cluster.control.objects('pods')[0];
    cluster.control.silence(true); // the deletion below never reaches the open watch
    cluster.control.delete('pods', victim.metadata.namespace, victim.metadata.name, { gracePeriodSeconds: 0 });
    cluster.control.addPods(3);
    cluster.control.compact();
    await cluster.control.restart();
    cluster.control.silence(false);
    await until(() => w.events.some((e) => e.type === 'relist') && synced(r) && sameAsServer(cluster, r.store), 10_000);
    expect(r.store.has(`${victim.metadata.namespace}/${victim.metadata.name}`)).toBe(false);
  });

  it('after a server restart it resumes from the last resourceVersion without relisting', async () => {
    const { cluster, transport } = await demo(20);
    const r = recordingSink();
    const w = watch(transport, r.sink, { namespace: null });
    await until(() => synced(r) && cluster.control.openWatches === 1);
    await cluster.control.restart();
    cluster.control.addPods(5);
    await until(() => sameAsServer(cluster, r.store) && synced(r), 10_000);
    expect(w.events.filter((e) => e.type === 'list-start')).toHaveLength(1);
  });

  it('silence() trips the watchdog; the loop reconnects once the server talks again', async () => {
    const { cluster, transport } = await demo();
    const r = recordingSink();
    watch(transport, r.sink, { watchdogMs: 400, namespace: null });
    await until(() => synced(r) && cluster.control.openWatches === 1);
    cluster.control.silence(true);
    await until(() => r.health.at(-1)?.state === 'reconnecting', 5000);
    expect(r.health.at(-1)).toMatchObject({ lastError: 'no data from the server for 400ms' });
    cluster.control.silence(false);
    cluster.control.addPods(1);
    await until(() => synced(r) && sameAsServer(cluster, r.store), 10_000);
  });

  it('a user who may not list pods cluster-wide gets forbidden health with the RBAC message', async () => {
    const { cluster } = await demo();
    const kc = new KubeConfig();
    kc.loadFromString(cluster.kubeconfig('demo-viewer'));
    const r = recordingSink();
    await watch(createTransport(kc), r.sink, { namespace: null }).done;
    expect(r.health.at(-1)).toMatchObject({ state: 'forbidden', message: expect.stringContaining('cannot list resource "pods"') });
  });
});
