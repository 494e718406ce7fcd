// WATCH streams: newline-delimited JSON events over a chunked 200 response,
// replayed from history, with bookmarks, timeouts, and the 410 ERROR event the
// watch cache sends when the requested resourceVersion is too old.
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../k8s/types.js';
import { apiVersionOf, type ResourceDef } from './resources.js';
import type { Change, ObjectStore } from './store.js';
import { keyRange, matcherFor } from './list.js';
import type { Matcher } from './selectors.js';
import { badRequest, expired, watchListDisabled } from './status.js';
import { toTable, type IncludeObject } from './tables.js';
import { gzipStream } from './gzip.js';
import { constants as zlibConstants, type Gzip } from 'node:zlib';

interface Watcher {
  def: ResourceDef;
  namespace?: string;
  match: Matcher;
  res: ServerResponse;
  /** a watch-list stream asked with Accept-Encoding: gzip: events go through it, flushed per write */
  gzip?: Gzip;
  bookmarks: boolean;
  /** events held back while the hub is silenced */
  held: string[];
  /** changes that came while a watch-list's initial events were still being written */
  queue?: Change[];
  /** Table watches: each event a one-row Table, column definitions only in the first */
  table?: { includeObject: IncludeObject; headersSent: boolean };
  bookmarkTimer?: NodeJS.Timeout;
  endTimer?: NodeJS.Timeout;
}

/** initial events written per turn of the event loop */
const INITIAL_CHUNK = 500;

export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  private silenced = false;
  private readonly unsubscribe: () => void;
  /** the WatchList feature gate: off, sendInitialEvents on a watch is refused with 422 as kube-apiserver does */
  watchList = true;
  /** off: never gzip (a server with APIResponseCompression disabled) */
  gzip = true;

  constructor(
    private readonly store: ObjectStore,
    private bookmarkIntervalMs: number,
  ) {
    this.unsubscribe = store.subscribe((c) => {
      for (const w of this.watchers) this.deliver(w, c);
    });
  }

  get count(): number {
    return this.watchers.size;
  }

  serve(def: ResourceDef, ns: string | undefined, query: URLSearchParams, res: ServerResponse, table?: { includeObject: IncludeObject }, acceptsGzip = false): void {
    const rawRv = query.get('resourceVersion') ?? '';
    if (rawRv !== '' && !/^\d+$/.test(rawRv)) throw badRequest(`invalid resource version "${rawRv}"`);
    const watchList = query.has('sendInitialEvents');
    if (watchList && !this.watchList) {
      throw watchListDisabled(); // validateWatchOptions with the WatchList feature gate off
    }
    const match = matcherFor(def, query);
    const namespace = def.namespaced ? ns : undefined;
    const w: Watcher = { def, namespace, match, res, bookmarks: /^(true|1)$/.test(query.get('allowWatchBookmarks') ?? ''), held: [], ...(table ? { table: { ...table, headersSent: false } } : {}) };
    const gzip = watchList && acceptsGzip && this.gzip && query.get('sendInitialEvents') === 'true';
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}) });
    res.flushHeaders();
    if (gzip) {
      w.gzip = gzipStream();
      w.gzip.pipe(res);
    }
    const sendInitial = query.get('sendInitialEvents') === 'true' || rawRv === '' || rawRv === '0';
    if (query.get('sendInitialEvents') === 'true') {
      // Like the watch cache: the state at one revision, streamed in chunks (the first
      // ones reach the client while the rest are encoded), then the end marker at that
      // revision, then what changed meanwhile.
      const atRv = this.store.rv;
      const objects = this.matching(def, namespace, match);
      w.queue = [];
      const step = (from: number) => {
        if (!this.watchers.has(w)) return;
        const to = Math.min(from + INITIAL_CHUNK, objects.length);
        // one write per chunk, as the API server batches a large stream's writes
        let chunk = '';
        for (let i = from; i < to; i++) chunk += this.line(w, 'ADDED', objects[i]!);
        if (this.silenced) w.held.push(chunk);
        else if (chunk) this.write(w, chunk, true);
        if (to < objects.length) return void setImmediate(() => step(to));
        if (w.bookmarks) this.send(w, 'BOOKMARK', this.bookmark(def, { 'k8s.io/initial-events-end': 'true' }, atRv));
        else if (w.gzip && !this.silenced) w.gzip.flush(zlibConstants.Z_SYNC_FLUSH);
        const queued = w.queue ?? [];
        w.queue = undefined;
        for (const c of queued) this.deliver(w, c);
      };
      setImmediate(() => step(0));
    } else if (sendInitial) {
      for (const obj of this.matching(def, namespace, match)) this.send(w, 'ADDED', obj);
    } else {
      const changes = this.store.since(Number(rawRv));
      if (!changes) {
        // The watch cache answers 200 and then a single ERROR event.
        const status = expired(`too old resource version: ${rawRv} (${this.store.compactedRv})`).body;
        this.write(w, `${JSON.stringify({ type: 'ERROR', object: status })}\n`);
        this.close(w);
        return;
      }
      for (const c of changes) this.deliver(w, c);
    }
    this.watchers.add(w);
    this.armBookmarks(w);
    const timeout = Number(query.get('timeoutSeconds') ?? 0);
    // Without timeoutSeconds the API server picks 30 to 60 minutes (min-request-timeout).
    const seconds = timeout > 0 ? timeout : 1800 * (1 + Math.random());
    w.endTimer = setTimeout(() => this.end(w), seconds * 1000);
    w.endTimer.unref();
    res.on('close', () => {
      this.drop(w);
      w.gzip?.destroy();
    });
  }

  /** Stops all output (not even bookmarks) while sockets stay open; resuming flushes what was held. */
  silence(on: boolean): void {
    this.silenced = on;
    if (on) return;
    for (const w of this.watchers) {
      for (const line of w.held) this.write(w, line);
      w.held = [];
    }
  }

  setBookmarkInterval(ms: number): void {
    this.bookmarkIntervalMs = ms;
    for (const w of this.watchers) this.armBookmarks(w);
  }

  closeAll(): void {
    for (const w of [...this.watchers]) this.end(w);
  }

  dispose(): void {
    this.closeAll();
    this.unsubscribe();
  }

  private armBookmarks(w: Watcher): void {
    if (w.bookmarkTimer) clearInterval(w.bookmarkTimer);
    if (!w.bookmarks) return;
    w.bookmarkTimer = setInterval(() => {
      // a watch-list's first bookmark is its end marker
      if (!this.silenced && !w.queue) this.send(w, 'BOOKMARK', this.bookmark(w.def));
    }, this.bookmarkIntervalMs);
    w.bookmarkTimer.unref();
  }

  /** the objects of def in scope, in key order, as they are now */
  private matching(def: ResourceDef, namespace: string | undefined, match: Matcher): KubeObject[] {
    const table = this.store.table(def);
    const [lo, hi] = keyRange(table, namespace);
    const out: KubeObject[] = [];
    for (let i = lo; i < hi; i++) {
      const obj = table.byKey.get(table.keys[i])!;
      if (match(obj)) out.push(obj);
    }
    return out;
  }

  private bookmark(def: ResourceDef, annotations?: Record<string, string>, rv = this.store.rv): object {
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (annotations) metadata.annotations = annotations;
    return { kind: def.kind, apiVersion: apiVersionOf(def), metadata };
  }

  private inScope(w: Watcher, o: KubeObject | undefined): boolean {
    return !!o && (!w.namespace || o.metadata.namespace === w.namespace) && w.match(o);
  }

  // Like the cacher: an object entering the selection is ADDED, one leaving it DELETED.
  private deliver(w: Watcher, c: Change): void {
    if (c.def !== w.def) return;
    if (w.queue) return void w.queue.push(c);
    const now = c.type !== 'DELETED' && this.inScope(w, c.object);
    const before = c.type !== 'ADDED' && this.inScope(w, c.previous);
    if (c.type === 'DELETED') {
      if (before) this.send(w, 'DELETED', c.object);
    } else if (now && before) this.send(w, 'MODIFIED', c.object);
    else if (now) this.send(w, 'ADDED', c.object);
    else if (before) {
      this.send(w, 'DELETED', { ...c.previous!, metadata: { ...c.previous!.metadata, resourceVersion: String(c.rv) } });
    }
  }

  private send(w: Watcher, type: string, object: object, flush = true): void {
    const line = this.line(w, type, object);
    if (this.silenced) w.held.push(line);
    else this.write(w, line, flush);
  }

  private line(w: Watcher, type: string, object: object): string {
    let payload = object;
    if (w.table && (object as { kind?: string }).kind !== 'Status') {
      const obj = object as KubeObject;
      // a bookmark's row keeps only its metadata, as asTable does for any row
      const include = type === 'BOOKMARK' ? 'Metadata' : w.table.includeObject;
      payload = toTable(w.def, [obj], { includeObject: include, noHeaders: w.table.headersSent, metadata: { resourceVersion: obj.metadata.resourceVersion } });
      w.table.headersSent = true;
    }
    return `${JSON.stringify({ type, object: payload })}\n`;
  }

  /** the server flushes when it has nothing more queued: per event once the initial ones are out */
  private write(w: Watcher, line: string, flush = true): void {
    if (!w.gzip) return void w.res.write(line);
    if (w.gzip.destroyed || w.gzip.writableEnded) return;
    w.gzip.write(line);
    if (flush) w.gzip.flush(zlibConstants.Z_SYNC_FLUSH);
  }

  private close(w: Watcher): void {
    if (w.gzip) {
      if (!w.gzip.writableEnded) w.gzip.end(); // ends res through the pipe
    } else if (!w.res.writableEnded) w.res.end();
  }

  private end(w: Watcher): void {
    this.drop(w);
    this.close(w);
  }

  private drop(w: Watcher): void {
    if (w.bookmarkTimer) clearInterval(w.bookmarkTimer);
    if (w.endTimer) clearTimeout(w.endTimer);
    this.watchers.delete(w);
  }
}
