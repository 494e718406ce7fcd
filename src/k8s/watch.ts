import { resourcePath } from './paths.js';
import { isTable, TABLE_ACCEPT, tableColumns, tableResourceVersion, tableRows } from './servertable.js';
import { errorMessage, formatDuration, type OpenAwareStreamOptions } from './transport.js';
import type { WireBytes } from './encoding.js';
import { trace } from '../trace.js';
import { listEnded } from '../memory.js';
import { ApiError, type Health, type KubeObject, type ResourceType, type ServerColumn, type Transport, type WatchSink } from './types.js';

/** What the loop is doing, for a debug pane and for tests. */
export type WatchLoopEvent =
  | { type: 'list-start'; restart: boolean; watchList?: boolean }
  | { type: 'list-done'; resourceVersion: string; pages: number; items: number; watchList?: boolean }
  | { type: 'watch-list-refused'; status: number; message: string; remembered: boolean }
  | { type: 'watch-start'; resourceVersion: string; timeoutSeconds: number }
  | { type: 'watch-end'; events: number }
  | { type: 'relist'; reason: string }
  | { type: 'malformed'; line: string }
  | { type: 'skipped'; reason: string; items: number }
  | { type: 'paced'; delayMs: number }
  | { type: 'error'; status: number; message: string; retryInMs?: number };

export interface WatchOptions {
  transport: Transport;
  resource: ResourceType;
  /** null or undefined: all namespaces */
  namespace?: string | null;
  sink: WatchSink;
  pageSize?: number;
  /** base of the server-side watch timeout, randomized in [base, 2*base) as client-go does */
  timeoutSeconds?: number;
  /** a connection silent for longer than this is dropped and reopened; well above the ~60 s bookmark period */
  watchdogMs?: number;
  /** half an event, then silence this long, drops the connection (default 10 s) */
  partialEventMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * Ask for the server's Table (as `kubectl get`): items become ServerRows (row metadata
   * plus cells), columns go to sink.setColumns from the LIST.
   */
  table?: boolean;
  /** a resource that serves no watch (some aggregated APIs): LIST again every pollMs instead */
  pollMs?: number;
  /**
   * Get the initial state as a watch-list stream (sendInitialEvents) instead of a
   * paginated LIST, where the server allows it; a server that refuses it (422/400) gets
   * LIST+WATCH from then on.
   */
  watchList?: boolean;
  onEvent?(event: WatchLoopEvent): void;
}

export interface WatchHandle {
  stop(): void;
  /**
   * The session's liveness probe says the server does not answer: drop the open
   * connection (if any) and report reconnecting with this reason.
   */
  suspect(reason: string): void;
  /** resolves once the loop has stopped: after stop(), or on 403/404 */
  done: Promise<void>;
}

export interface ListOptions {
  pageSize?: number;
  labelSelector?: string;
  fieldSelector?: string;
  signal?: AbortSignal;
  /** the server's Table form (see WatchOptions.table) */
  table?: boolean;
  /** table lists: the column definitions, or null when the server sent plain objects */
  onColumns?(columns: ServerColumn[] | null): void;
}

interface ListPage {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
}

const MAX_CONTINUE_RESTARTS = 3;
/** 2,000 pages of 500 is a million objects: more pages than that is a server going round in circles */
export const MAX_PAGES = 2000;
/** Retry-After is honoured up to this, so a wrong header cannot park a pane for hours */
export const MAX_RETRY_AFTER_MS = 60_000;
/** a watch that lived this long was healthy: the next one opens at once */
const HEALTHY_WATCH_MS = 60_000;
/** the BOOKMARK that ends a watch-list's initial events carries this annotation, "true" */
export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

/** servers (transport.server) that refused watch-list: LIST+WATCH there for the rest of the process */
const watchListRefused = new Set<string>();

/** Forget which servers refused watch-list (tests). */
export function resetWatchListMemory(): void {
  watchListRefused.clear();
}

/** The server does not do watch-list for this resource: it ignored sendInitialEvents. */
class NoWatchList extends Error {}

/** a watch event is one object: far below this, which only stops a runaway line */
const MAX_EVENT_CHARS = 16 * 1024 * 1024;
/** the server writes whole events: half of one, then silence this long, is a stalled watch */
const PARTIAL_EVENT_MS = 10_000;

/** Objects with a string metadata.name pass; anything else (null, numbers, no name) does not. */
function isObject(item: unknown): item is KubeObject {
  return !!item && typeof item === 'object' && !Array.isArray(item) && typeof (item as KubeObject).metadata?.name === 'string';
}

/**
 * A paginated LIST; each page goes to onPage as it arrives. An expired continue
 * token (410) restarts the list from scratch, announced by onStart(true).
 * List items carry no apiVersion/kind on the wire; they get the ones watch events carry.
 */
async function paginate(
  transport: Transport,
  rt: ResourceType,
  namespace: string | null | undefined,
  opts: ListOptions & { onStart(restart: boolean): void; onPage(items: KubeObject[]): void; onSkipped?(count: number): void },
): Promise<{ resourceVersion: string; pages: number; items: number }> {
  const path = resourcePath(rt, { namespace });
  const apiVersion = rt.group ? `${rt.group}/${rt.version}` : rt.version;
  for (let restarts = 0; ; restarts++) {
    opts.onStart(restarts > 0);
    let cont: string | undefined;
    let pages = 0;
    let items = 0;
    const tokens = new Set<string>();
    try {
      for (;;) {
        const page = await transport.request<ListPage>(path, {
          query: { limit: opts.pageSize ?? 500, continue: cont, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector },
          signal: opts.signal,
          ...(opts.table ? { accept: TABLE_ACCEPT } : {}),
        });
        let list: KubeObject[];
        if (opts.table && isTable(page)) {
          // every page of a paginated Table carries the definitions; the first is kept
          if (pages === 0) opts.onColumns?.(tableColumns(page) ?? []);
          list = tableRows(page, rt);
          const rows = (page as { rows?: unknown[] }).rows?.length ?? 0;
          if (list.length < rows) opts.onSkipped?.(rows - list.length);
        } else {
          // not a Table (some aggregated APIs): kubectl falls back to NAME and AGE
          if (opts.table && pages === 0) opts.onColumns?.(null);
          const raw: unknown[] = Array.isArray(page?.items) ? page.items : [];
          list = raw.filter(isObject);
          if (list.length < raw.length) opts.onSkipped?.(raw.length - list.length);
          for (const item of list) {
            item.apiVersion ??= apiVersion;
            item.kind ??= rt.kind;
          }
        }
        pages++;
        items += list.length;
        opts.onPage(list);
        cont = page?.metadata?.continue || undefined;
        if (!cont) return { resourceVersion: page?.metadata?.resourceVersion ?? '', pages, items };
        // A token seen before would page round in circles, one request after another.
        if (tokens.has(cont)) throw new ApiError(0, `the server sent the same continue token twice while listing ${rt.resource}; the list was stopped after ${pages} pages`, { reason: 'ListLoop' });
        if (pages >= MAX_PAGES) throw new ApiError(0, `the list of ${rt.resource} did not end after ${pages} pages; it was stopped`, { reason: 'ListLoop' });
        tokens.add(cont);
      }
    } catch (err) {
      const expired = cont !== undefined && err instanceof ApiError && err.status === 410;
      if (!expired || restarts >= MAX_CONTINUE_RESTARTS) throw err;
    }
  }
}

/** A one-off paginated list of every object (e.g. for a snapshot). */
export async function listAll(
  transport: Transport,
  resource: ResourceType,
  namespace: string | null | undefined,
  opts: ListOptions & { onSkipped?(count: number): void } = {},
): Promise<{ items: KubeObject[]; resourceVersion: string }> {
  let items: KubeObject[] = [];
  const done = await paginate(transport, resource, namespace, {
    ...opts,
    onStart: () => (items = []),
    onPage: (page) => items.push(...page),
  });
  return { items, resourceVersion: done.resourceVersion };
}

/** one watch event line: its type and object, or MalformedEvent */
function parseEvent(line: string): { ev: { type?: unknown; object?: KubeObject }; obj: KubeObject } {
  let ev: { type?: unknown; object?: KubeObject } | undefined;
  try {
    ev = JSON.parse(line) as typeof ev;
  } catch {
    throw new MalformedEvent(line);
  }
  const obj = ev?.object;
  if (!ev || !obj || typeof obj !== 'object') throw new MalformedEvent(line);
  return { ev, obj };
}

class MalformedEvent extends Error {
  constructor(readonly line: string) {
    super(`the server sent a watch event kubedeck cannot read: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Keeps sink in step with one resource in one scope, like client-go's reflector, but
 * reports every failure as health instead of logging it: LIST in pages, then WATCH from
 * the list's resourceVersion; resume from the last seen resourceVersion after a server
 * timeout or a network error; relist only when the server answers 410 Gone.
 */
export function startWatch(o: WatchOptions): WatchHandle {
  const { transport, resource: rt, namespace, sink } = o;
  const path = resourcePath(rt, { namespace });
  const baseTimeout = o.timeoutSeconds ?? 300;
  const watchdogMs = o.watchdogMs ?? 150_000;
  const backoff = o.backoff ?? { initialMs: 800, maxMs: 30_000 };
  const stopper = new AbortController();
  const signal = stopper.signal;
  const emit = (e: WatchLoopEvent) => o.onEvent?.(e);

  let rv = ''; // last resourceVersion seen: list, event or bookmark
  let needList = true;
  let count = 0;
  let attempt = 0; // consecutive failures
  let outageSince = 0;
  let goneInARow = 0;
  let quickRestarts = 0; // watches opened less than HEALTHY_WATCH_MS after the one before
  let quickEnds = 0; // watches in a row the server ended (normally) within HEALTHY_WATCH_MS
  let lastWatchStart = 0;
  let lastWatchEnd = 0;
  let lastError = '';
  let suspectWatch: ((reason: string) => void) | undefined; // set while a watch connection is open
  let state: Health['state'] | undefined;
  let watchListHere = o.watchList === true && !o.pollMs; // false once this resource's server refused it
  const useWatchList = () => watchListHere && !watchListRefused.has(transport.server);

  const setHealth = (h: Health) => {
    state = h.state;
    sink.setHealth(h);
  };
  const markSynced = () => {
    if (quickEnds && Date.now() - lastWatchStart >= HEALTHY_WATCH_MS) quickEnds = 0;
    // Data may flow, but a watch that keeps getting 410 or keeps ending at once is not green.
    if (goneInARow >= 2 || quickEnds >= 3) {
      if (!outageSince) outageSince = Date.now();
      if (state !== 'reconnecting') setHealth({ state: 'reconnecting', since: outageSince, lastError: lastError || 'the watch keeps ending', attempt: Math.max(goneInARow, quickEnds), count });
      return;
    }
    outageSince = 0;
    if (state !== 'synced') setHealth({ state: 'synced', count, since: Date.now() });
  };
  /** during an outage the tab keeps saying what went wrong, not "syncing" */
  const markListing = () => {
    if (outageSince && lastError) setHealth({ state: 'reconnecting', since: outageSince, lastError, attempt, count });
    else setHealth({ state: 'syncing', count });
  };
  const delayFor = (n: number) => {
    const base = Math.min(backoff.initialMs * 2 ** (n - 1), backoff.maxMs);
    return Math.round(base * (0.75 + 0.25 * Math.random())); // jitter spreads reconnecting clients
  };

  async function list(): Promise<void> {
    const result = await paginate(transport, rt, namespace, {
      pageSize: o.pageSize ?? 500,
      labelSelector: o.labelSelector,
      fieldSelector: o.fieldSelector,
      signal,
      table: o.table,
      onColumns: (columns) => sink.setColumns?.(columns),
      onStart: (restart) => {
        sink.listStart();
        count = 0;
        emit({ type: 'list-start', restart });
        markListing();
      },
      onPage: (items) => {
        sink.listPage(items);
        count += items.length;
        markListing();
      },
      onSkipped: (n) => emit({ type: 'skipped', reason: 'list items that are not objects with a metadata.name', items: n }),
    });
    rv = result.resourceVersion;
    needList = false;
    // goneInARow is NOT reset here: a server that answers every watch with 410 would
    // otherwise get a full relist in a tight loop. Only a watch that delivers resets it.
    attempt = 0;
    sink.listDone(rv);
    emit({ type: 'list-done', ...result });
    trace('listed', { resource: rt.resource, watchList: false, items: result.items, pages: result.pages });
    listEnded(result.items);
    markSynced();
  }

  function handleLine(line: string): void {
    const { ev, obj } = parseEvent(line);
    // Table watches: each event's object is a one-row Table (a Status stays a Status)
    const table = o.table && isTable(obj) ? obj : undefined;
    switch (ev!.type) {
      case 'ADDED':
      case 'MODIFIED':
      case 'DELETED': {
        const objects = table ? tableRows(table, rt) : [obj];
        if (objects.length === 0 || objects.some((x) => typeof x.metadata?.name !== 'string')) throw new MalformedEvent(line);
        for (const x of objects) {
          if (x.metadata.resourceVersion) rv = x.metadata.resourceVersion;
          sink.apply(ev!.type, x);
          if (ev!.type === 'ADDED') count++;
          if (ev!.type === 'DELETED') count = Math.max(0, count - 1);
        }
        break;
      }
      case 'BOOKMARK': {
        const at = table ? tableResourceVersion(table) : obj.metadata?.resourceVersion;
        if (at) rv = at;
        break;
      }
      case 'ERROR': {
        const s = obj as { code?: number; message?: string; reason?: string };
        throw new ApiError(s.code ?? 500, s.message || s.reason || 'the server ended the watch with an error', { reason: s.reason, body: obj });
      }
      default:
        throw new MalformedEvent(line);
    }
  }

  /**
   * The floor under watch restarts: a server that ends every watch at once (after one
   * event, or with nothing) gets them at a growing interval, whatever the events say.
   */
  async function pace(): Promise<void> {
    const now = Date.now();
    if (!lastWatchStart || now - lastWatchStart >= HEALTHY_WATCH_MS) {
      quickRestarts = 0;
      return;
    }
    quickRestarts++;
    const wait = delayFor(quickRestarts) - (now - lastWatchEnd);
    if (wait <= 0) return;
    emit({ type: 'paced', delayMs: wait });
    await sleep(wait, signal);
  }

  /**
   * One watch connection. initial: a watch-list (sendInitialEvents) whose ADDED events
   * are the (re)list, reaching the sink in batches as they arrive, until the BOOKMARK
   * annotated k8s.io/initial-events-end; the same connection then goes on as a watch.
   */
  async function watchOnce(initial = false): Promise<void> {
    await pace();
    if (signal.aborted) return;
    lastWatchStart = Date.now();
    const timeoutSeconds = Math.floor(baseTimeout * (1 + Math.random()));
    emit({ type: 'watch-start', resourceVersion: initial ? '' : rv, timeoutSeconds });
    const started = Date.now();
    let events = 0;
    // Our own watchdog rather than the transport's, so it holds for any Transport.
    const conn = new AbortController();
    const onStop = () => conn.abort();
    signal.addEventListener('abort', onStop, { once: true });
    let silent = false;
    let suspected: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        silent = true;
        conn.abort();
      }, watchdogMs);
    };
    const listing = initial ? initialEvents() : undefined;
    let counts: Readonly<WireBytes> | undefined;
    const query = listing
      ? { watch: 1, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true, resourceVersion: '', timeoutSeconds, labelSelector: o.labelSelector, fieldSelector: o.fieldSelector }
      : { watch: 1, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds, labelSelector: o.labelSelector, fieldSelector: o.fieldSelector };
    const so: OpenAwareStreamOptions = {
      ...(o.table ? { accept: TABLE_ACCEPT } : {}),
      query,
      signal: conn.signal,
      maxLineChars: MAX_EVENT_CHARS,
      partialLineTimeoutMs: o.partialEventMs ?? PARTIAL_EVENT_MS,
      onCounts: (c) => (counts = c),
      onOpen: () => {
        arm();
        suspectWatch = (reason) => {
          suspected = reason;
          conn.abort();
        };
        if (listing) listing.open();
        else markSynced();
      },
      onLine: (line) => {
        arm();
        if (!line.trim()) return;
        if (listing?.active) {
          listing.line(line);
          // bytes of the initial state, for the benchmark (the stream's own wire event comes at its end)
          if (!listing.active) trace('listed', { resource: rt.resource, watchList: true, items: count, ms: Date.now() - started, ...(counts ? { encoding: counts.encoding, wire: counts.wire, bytes: counts.bytes } : {}) });
        }
        else handleLine(line);
        events++;
        attempt = 0; // the connection works: start the next outage's backoff from the bottom
        if (!listing?.active) {
          goneInARow = 0;
          markSynced();
        }
      },
    };
    arm();
    try {
      await transport.stream(path, so);
      if (listing?.active) throw new ApiError(0, `the server ended the watch-list of ${rt.resource} before its initial events were complete`);
    } catch (err) {
      if (silent) throw new ApiError(0, `no data from the server for ${formatDuration(watchdogMs)}`, { reason: 'Watchdog' });
      if (suspected !== undefined && !signal.aborted) throw new ApiError(0, suspected, { reason: 'Unresponsive' });
      throw err;
    } finally {
      listing?.dispose();
      suspectWatch = undefined;
      clearTimeout(timer);
      signal.removeEventListener('abort', onStop);
      lastWatchEnd = Date.now();
    }
    emit({ type: 'watch-end', events });
    if (Date.now() - lastWatchStart < HEALTHY_WATCH_MS) {
      quickEnds++;
      if (quickEnds >= 3) lastError = `the server ended ${quickEnds} watches in a row within a minute of opening them`;
    } else quickEnds = 0;
    // As client-go: a watch that closes at once with nothing in it is a failure, not a timeout.
    if (events === 0 && Date.now() - started < 1000) throw new ApiError(0, 'the server closed the watch immediately');
  }

  /**
   * The initial-events phase of a watch-list: ADDED objects are batched (a flush after
   * each chunk read, or every pageSize objects) into sink.listPage; the end marker is
   * listDone at its resourceVersion. Health says syncing with the count so far.
   */
  function initialEvents() {
    const batchSize = o.pageSize ?? 500;
    let pending: KubeObject[] = [];
    let flushing: NodeJS.Immediate | undefined;
    let batches = 0;
    let columnsKnown = !o.table;
    const apiVersion = rt.group ? `${rt.group}/${rt.version}` : rt.version;
    const flush = () => {
      clearImmediate(flushing);
      flushing = undefined;
      if (pending.length === 0) return;
      const page = pending;
      pending = [];
      batches++;
      sink.listPage(page);
      count += page.length;
      markListing();
    };
    const phase = {
      active: true,
      open() {
        sink.listStart();
        count = 0;
        emit({ type: 'list-start', restart: false, watchList: true });
        markListing();
      },
      line(line: string) {
        const { ev, obj } = parseEvent(line);
        const table = o.table && isTable(obj) ? obj : undefined;
        if (!columnsKnown && ev!.type !== 'ERROR') {
          // the first Table carries the column definitions; plain objects: NAME and AGE
          const columns = table ? tableColumns(table) : null;
          if (columns !== undefined) {
            sink.setColumns?.(columns);
            columnsKnown = true;
          }
        }
        switch (ev!.type) {
          case 'ADDED':
          case 'MODIFIED': {
            const objects = table ? tableRows(table, rt) : [obj];
            if (objects.length === 0 || objects.some((x) => typeof x.metadata?.name !== 'string')) throw new MalformedEvent(line);
            for (const x of objects) {
              x.apiVersion ??= apiVersion;
              x.kind ??= rt.kind;
              pending.push(x);
            }
            if (pending.length >= batchSize) flush();
            else flushing ??= setImmediate(flush);
            return;
          }
          case 'DELETED':
            flush();
            handleLine(line);
            return;
          case 'BOOKMARK': {
            // a Table bookmark holds the marker in its row's object (PartialObjectMetadata)
            const meta = table ? (table as { rows?: { object?: { metadata?: KubeObject['metadata'] } | null }[] }).rows?.[0]?.object?.metadata : obj.metadata;
            if (meta?.annotations?.[INITIAL_EVENTS_END] !== 'true') {
              // the cacher's first bookmark of a watch-list is the end marker: this server ignored sendInitialEvents
              throw new NoWatchList(`the server sent a bookmark without ${INITIAL_EVENTS_END} before the initial events ended`);
            }
            flush();
            phase.active = false;
            if (!columnsKnown) sink.setColumns?.([]);
            rv = (table ? tableResourceVersion(table) : obj.metadata?.resourceVersion) ?? rv;
            needList = false;
            attempt = 0;
            sink.listDone(rv);
            emit({ type: 'list-done', resourceVersion: rv, pages: batches, items: count, watchList: true });
            listEnded(count);
            markSynced();
            return;
          }
          default:
            handleLine(line); // ERROR: the server's Status as an ApiError; others: malformed
        }
      },
      dispose() {
        clearImmediate(flushing);
        pending = [];
      },
    };
    return phase;
  }

  /** The delay before the next try, or 'stop' when retrying cannot help. */
  function onFailure(err: unknown): number | 'stop' {
    const status = err instanceof ApiError ? err.status : 0;
    const message = errorMessage(err);
    lastError = message;
    if (err instanceof MalformedEvent) emit({ type: 'malformed', line: err.line });
    if (needList && useWatchList() && (status === 422 || status === 400 || err instanceof NoWatchList)) {
      // Refused (the WatchList feature gate off answers 422 naming sendInitialEvents):
      // remembered for the server; any other 400/422 only for this resource. LIST at once.
      const remembered = err instanceof NoWatchList || /sendInitialEvents|resourceVersionMatch|WatchList/.test(message);
      if (remembered) watchListRefused.add(transport.server);
      else watchListHere = false;
      lastWatchStart = 0; // a refused request is no watch: the one after the LIST is not paced
      emit({ type: 'watch-list-refused', status, message, remembered });
      return 0;
    }
    const retryAfter = Math.min((err instanceof ApiError && err.retryAfterMs) || 0, MAX_RETRY_AFTER_MS);
    if (status === 410) {
      needList = true;
      goneInARow++;
      emit({ type: 'relist', reason: message });
      return goneInARow > 1 ? delayFor(goneInARow - 1) : 0;
    }
    if (status === 403 || status === 404) {
      setHealth(status === 403 ? { state: 'forbidden', message } : { state: 'unavailable', message });
      emit({ type: 'error', status, message });
      return 'stop';
    }
    attempt++;
    if (status === 401) {
      // Exec and OIDC credentials may refresh: keep trying, slowly.
      setHealth({ state: 'unauthorized', message });
      emit({ type: 'error', status, message, retryInMs: backoff.maxMs });
      return backoff.maxMs;
    }
    if (!outageSince) outageSince = Date.now();
    const retryInMs = Math.max(delayFor(attempt), retryAfter);
    setHealth({ state: 'reconnecting', since: outageSince, lastError: message, attempt, count });
    emit({ type: 'error', status, message, retryInMs });
    return retryInMs;
  }

  async function run(): Promise<void> {
    while (!signal.aborted) {
      try {
        if (needList && useWatchList()) {
          await watchOnce(true); // the relist, then the watch on the same connection
          continue;
        }
        if (needList) await list();
        if (o.pollMs) {
          await sleep(o.pollMs, signal);
          needList = true;
          continue;
        }
        await watchOnce();
      } catch (err) {
        if (signal.aborted) break;
        const next = onFailure(err);
        if (next === 'stop') break;
        if (next > 0) await sleep(next, signal);
      }
    }
  }

  return { stop: () => stopper.abort(), suspect: (reason) => suspectWatch?.(reason), done: run() };
}
