// Watch-list (sendInitialEvents): the initial state as one stream ending at the
// k8s.io/initial-events-end bookmark, and the fall back to LIST+WATCH when refused.
import { afterEach, describe, expect, it } from 'vitest';
import { resetWatchListMemory, startWatch } from '../../src/k8s/watch.js';
import { createTransport } from '../../src/k8s/transport.js';
import { Store } from '../../src/state/store.js';
import { event, failWith, gzipWatchLines, isList, isWatch, json, list, nsPods, pod, statusBody, watchLines } from './modes.js';
import { podsType, until, watchAgainst, type Watched } from './helpers.js';
import { WATCH_LIST_OFF, type Handler, type Recorded } from './server.js';

const PATH = nsPods('default');
const endMarker = (rv: string) => event('BOOKMARK', { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: rv, annotations: { 'k8s.io/initial-events-end': 'true' } } });
const isWatchList = (p: string, req: Recorded) => p === PATH && req.query.sendInitialEvents === 'true';
const REFUSED = 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled';

let w: Watched | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
  resetWatchListMemory();
});

describe('watch-list', () => {
  it('asks once with the watch-list query; objects reach the store while it streams; synced at the end marker; resumes from its resourceVersion', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first: Handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      for (let i = 0; i < 3; i++) res.write(event('ADDED', { ...pod(`p${i}`, String(10 + i)), kind: 'Pod', apiVersion: 'v1' }));
      void held.then(() => {
        res.write(endMarker('50'));
        res.end();
      });
    };
    w = await watchAgainst(
      (s) => {
        s.on('GET', isWatch(PATH), watchLines([]));
        s.on('GET', isWatchList, first);
      },
      { watchList: true },
    );
    await until(() => w!.store.list().length === 3, 'objects before the end marker');
    expect(w.store.health).toEqual({ state: 'syncing', count: 3 });
    release();
    await until(() => w!.store.health.state === 'synced', 'synced at the end marker');
    await until(() => w!.fs.hits(PATH).length >= 2, 'the resumed watch');
    const [asked, resumed] = w.fs.hits(PATH);
    expect(asked!.query).toEqual({ watch: '1', sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: 'true', resourceVersion: '', timeoutSeconds: expect.stringMatching(/^\d+$/) });
    expect(resumed!.query).toMatchObject({ watch: '1', resourceVersion: '50', allowWatchBookmarks: 'true' });
    expect(resumed!.query.sendInitialEvents).toBeUndefined();
    expect(w.fs.hits(PATH).filter((r) => r.query.watch !== '1')).toHaveLength(0); // no LIST at all
    expect(w.events.find((e) => e.type === 'list-done')).toMatchObject({ resourceVersion: '50', items: 3, watchList: true });
  });

  it('after the end marker the same connection goes on as the watch', async () => {
    w = await watchAgainst(
      (s) => s.on('GET', isWatchList, watchLines([event('ADDED', pod('a', '10')), endMarker('20'), event('MODIFIED', pod('a', '21', 'default', { status: { phase: 'Failed' } })), event('DELETED', pod('a', '22'))])),
      { watchList: true },
    );
    await until(() => w!.events.some((e) => e.type === 'list-done'), 'the end marker');
    await until(() => w!.store.list().length === 0, 'the delete after the marker');
    expect(w.fs.hits(PATH)).toHaveLength(1);
    expect(w.store.health.state).toBe('synced');
  });

  it('a relist by watch-list drops what the new initial state does not hold', async () => {
    w = await watchAgainst(
      (s) =>
        s.on('GET', isWatchList, (req, res, n) =>
          (n === 1
            ? watchLines([event('ADDED', pod('old', '10')), event('ADDED', pod('kept', '11')), endMarker('20'), event('ERROR', statusBody(410, 'Expired', 'too old resource version'))], 'end')
            : watchLines([event('ADDED', pod('kept', '30')), endMarker('40')]))(req, res, n),
        ),
      { watchList: true, backoff: { initialMs: 20, maxMs: 50 } },
    );
    await until(() => w!.events.filter((e) => e.type === 'list-done').length === 2, 'the second initial state');
    expect(w.store.list().map((p) => p.metadata.name)).toEqual(['kept']);
    expect(w.store.get('default/kept')?.metadata.resourceVersion).toBe('30');
  });

  it('gzipped (as 1.37 sends it), inflated event by event', async () => {
    w = await watchAgainst((s) => s.on('GET', isWatchList, gzipWatchLines([event('ADDED', pod('z1', '10')), event('ADDED', pod('z2', '11')), endMarker('12')], 'hang', 20)), { watchList: true });
    await until(() => w!.store.health.state === 'synced', 'synced');
    expect(w.store.list()).toHaveLength(2);
  });

  it('a stream that ends before the end marker is an error, and the watch-list is asked again', async () => {
    w = await watchAgainst(
      (s) => s.on('GET', isWatchList, (req, res, n) => (n === 1 ? watchLines([event('ADDED', pod('a', '10'))], 'end') : watchLines([event('ADDED', pod('a', '10')), endMarker('11')]))(req, res, n)),
      { watchList: true, backoff: { initialMs: 20, maxMs: 50 } },
    );
    await until(() => w!.store.health.state === 'synced', 'synced on the second try');
    expect(w.events.find((e) => e.type === 'error')).toMatchObject({ message: 'the server ended the watch-list of pods before its initial events were complete' });
    expect(w.fs.hits(PATH).every((r) => r.query.sendInitialEvents === 'true')).toBe(true);
  });

  it('the fault server answers an unscripted watch-list as a server with the gate off', async () => {
    w = await watchAgainst((s) => {
      s.on('GET', isList(PATH), (_req, res) => json(res, 200, list([pod('a')], '100')));
      s.on('GET', isWatch(PATH), watchLines([]));
    }, { watchList: true });
    await until(() => w!.store.health.state === 'synced', 'synced by LIST');
    expect(w.events.find((e) => e.type === 'watch-list-refused')).toMatchObject({ status: 422, message: WATCH_LIST_OFF, remembered: true });
  });

  it('refused with 422 (the WatchList gate off): LIST+WATCH at once, and the server is remembered', async () => {
    const setup = (s: Watched['fs']) => {
      s.on('GET', isList(PATH), (_req, res) => json(res, 200, list([pod('a'), pod('b')], '100')));
      s.on('GET', isWatch(PATH), watchLines([]));
      s.on('GET', isWatchList, (_req, res) => json(res, 422, { ...statusBody(422, 'Invalid', REFUSED), details: { group: 'meta.k8s.io', kind: 'ListOptions' } }));
    };
    w = await watchAgainst(setup, { watchList: true });
    await until(() => w!.store.health.state === 'synced', 'synced by LIST');
    expect(w.store.list()).toHaveLength(2);
    expect(w.events.find((e) => e.type === 'watch-list-refused')).toEqual({ type: 'watch-list-refused', status: 422, message: REFUSED, remembered: true });
    expect(w.events.filter((e) => e.type === 'error')).toHaveLength(0); // not shown as a failure
    const kinds = () => w!.fs.hits(PATH).map((r) => (r.query.sendInitialEvents ? 'watch-list' : r.query.watch ? 'watch' : 'list'));
    await until(() => kinds().length >= 3, 'the watch');
    expect(kinds()).toEqual(['watch-list', 'list', 'watch']);

    // a second watch on the same server goes straight to LIST
    const store = new Store({ frameMs: 1 });
    const second = startWatch({ transport: createTransport(w.fs.kubeconfig()), resource: podsType, namespace: 'default', sink: store, watchList: true });
    await until(() => store.health.state === 'synced', 'the second watch synced');
    second.stop();
    await second.done;
    store.dispose();
    expect(kinds().filter((k) => k === 'watch-list')).toHaveLength(1);
  });

  it('a server that ignores sendInitialEvents (a plain bookmark first) gets LIST+WATCH', async () => {
    w = await watchAgainst(
      (s) => {
        s.on('GET', isList(PATH), (_req, res) => json(res, 200, list([pod('a')], '100')));
        s.on('GET', isWatch(PATH), watchLines([]));
        s.on('GET', isWatchList, watchLines([event('ADDED', pod('a', '5')), event('BOOKMARK', { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '6' } })]));
      },
      { watchList: true },
    );
    await until(() => w!.events.some((e) => e.type === 'list-done' && !e.watchList), 'the LIST');
    expect(w.events.find((e) => e.type === 'watch-list-refused')).toMatchObject({ remembered: true });
    expect(w.store.health.state).toBe('synced');
  });

  it('another 400 falls back for that resource only, without blaming the server', async () => {
    w = await watchAgainst(
      (s) => {
        s.on('GET', isList(PATH), (_req, res) => json(res, 200, list([pod('a')], '100')));
        s.on('GET', isWatch(PATH), watchLines([]));
        s.on('GET', isWatchList, failWith(400));
      },
      { watchList: true },
    );
    await until(() => w!.store.health.state === 'synced', 'synced by LIST');
    expect(w.events.find((e) => e.type === 'watch-list-refused')).toMatchObject({ status: 400, remembered: false });
  });
});
