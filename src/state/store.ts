// A watch-backed store: the watch loop writes through WatchSink, views read through
// ReadableStore. Per-event work is O(1); anything O(n) (list(), derived rows) runs at
// most once per notified batch and only when someone asks.
import type { Health, KubeObject, ReadableStore, TableRow, WatchSink } from '../k8s/types.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** "namespace/name", or "name" for cluster-scoped objects. */
export function keyOf(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : String(obj.metadata?.name ?? '');
}

/**
 * Drops what no view shows and what can be huge (managedFields, last-applied), and
 * freezes the result so no view can change what the watch owns. The input is not
 * modified apart from being frozen (and its repeated strings shared, see `intern`):
 * the watch loop hands its parsed JSON over.
 */
export function trimObject(obj: KubeObject): KubeObject {
  const meta = obj.metadata;
  const annotations = meta?.annotations;
  const lastApplied = !!annotations && typeof annotations === 'object' && LAST_APPLIED in annotations;
  if (meta && (meta.managedFields !== undefined || lastApplied)) {
    const { managedFields: _mf, ...metadata } = meta;
    if (lastApplied) {
      const { [LAST_APPLIED]: _la, ...rest } = annotations;
      if (Object.keys(rest).length > 0) metadata.annotations = rest;
      else delete metadata.annotations;
    }
    obj = { ...obj, metadata };
  }
  return freezeShared(obj);
}

/** strings longer than this are seldom repeated (messages, JSON blobs): kept as parsed */
const INTERN_MAX_CHARS = 64;
/** the table is dropped and started again at this size, so it never holds more than a page's worth of garbage */
const INTERN_MAX_ENTRIES = 32_768;
/**
 * V8's JSON.parse already hands out one copy of each string value shorter than this
 * ("Running", "True", "TCP": internalized, `%IsInternalizedString` says so in Node 26):
 * looking them up again would only cost time. Were V8 to change its limit, they would
 * be kept as parsed, never wrong.
 */
const PARSER_INTERNS = 10;
/** one per object: interning them would only fill the table */
const UNIQUE_KEYS = new Set(['uid', 'resourceVersion', 'podIP', 'ip']);
let strings = new Map<string, string>();

/**
 * One copy of each repeated short string (namespaces, node names, images, condition
 * types, "True", timestamps shared by a pod's fields and by pods created together):
 * JSON.parse makes a new string for every value, so 50,000 pods otherwise hold 50,000
 * copies of "default-scheduler".
 */
function intern(s: string): string {
  if (s.length < PARSER_INTERNS || s.length > INTERN_MAX_CHARS) return s;
  const known = strings.get(s);
  if (known !== undefined) return known;
  if (strings.size >= INTERN_MAX_ENTRIES) strings = new Map();
  strings.set(s, s);
  return s;
}

/** Deep freeze, sharing repeated string values on the way (the one walk over the object). */
function freezeShared<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string') value[i] = intern(v);
      else if (v !== null && typeof v === 'object') freezeShared(v);
    }
  } else {
    const o = value as Record<string, unknown>;
    for (const k in o) {
      const v = o[k];
      if (typeof v === 'string') {
        if (!UNIQUE_KEYS.has(k)) o[k] = intern(v);
      } else if (v !== null && typeof v === 'object') freezeShared(v);
    }
  }
  return Object.freeze(value);
}

export interface StoreOptions {
  /** listeners run at most once per frame of this many ms */
  frameMs?: number;
  /** the key of an object; "namespace/name" (keyOf) when not given */
  key?: (obj: KubeObject) => string;
}

/** The uid, else "namespace/name": the key of server-side Table rows. */
export function uidKey(obj: KubeObject): string {
  return obj.metadata?.uid || keyOf(obj);
}

/**
 * Stores with changes not yet published. Whichever store's frame timer fires first
 * publishes all of them: stores that change in the same frame publish in the same
 * turn, so the views render them in one React commit and the terminal gets one frame,
 * not one per store.
 */
const due = new Set<Store>();

/** while a (re)list comes in, its objects are published at most this often (its end at once) */
export const LIST_FRAME_MS = 100;
/** how many versions back changesSince can answer; a reader further behind reads all */
const CHANGE_LOG = 16;

export class Store implements WatchSink, ReadableStore<KubeObject> {
  private readonly objects = new Map<string, KubeObject>();
  /** when each key was added: list() order, for readers that keep their own order */
  private readonly order = new Map<string, number>();
  private added = 0;
  private readonly listeners = new Set<() => void>();
  private readonly frameMs: number;
  private readonly keyFn: (obj: KubeObject) => string;
  /** keys returned by the (re)list in progress; null when not listing */
  private seen: Set<string> | null = null;
  private pending = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private cached: { version: number; items: readonly KubeObject[] } | null = null;
  private _version = 0;
  /** keys changed since the last publish */
  private dirty = new Set<string>();
  /** the keys each of the last versions changed, oldest first */
  private log: { version: number; keys: ReadonlySet<string> | null }[] = [];
  /** every object's rows change (a server Table's new columns) */
  private dirtyAll = false;
  private _health: Health = { state: 'syncing', count: 0 };
  private _resourceVersion = '';
  /** objects were published once: later changes wait for the next frame */
  private shownObjects = false;
  /** the pending publish is the first objects', at once */
  private soon = false;

  constructor(opts: StoreOptions = {}) {
    this.frameMs = opts.frameMs ?? 33;
    this.keyFn = opts.key ?? keyOf;
  }

  get version(): number {
    return this._version;
  }
  get size(): number {
    return this.objects.size;
  }
  /** the watch's health, its count always this store's size (watch events change it too) */
  get health(): Health {
    const h = this._health;
    if ('count' in h && h.count !== this.objects.size) this._health = { ...h, count: this.objects.size };
    return this._health;
  }
  /** resourceVersion of the last completed list */
  get resourceVersion(): string {
    return this._resourceVersion;
  }

  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }

  list(): readonly KubeObject[] {
    if (this.cached?.version !== this._version) {
      this.cached = { version: this._version, items: Object.freeze(Array.from(this.objects.values())) };
    }
    return this.cached.items;
  }

  orderOf(key: string): number | undefined {
    return this.order.get(key);
  }

  changesSince(version: number): ReadonlySet<string> | undefined {
    if (version === this._version) return new Set();
    const first = this.log.findIndex((e) => e.version === version + 1);
    if (first < 0) return undefined;
    const keys = new Set<string>();
    for (let i = first; i < this.log.length; i++) {
      const changed = this.log[i]!.keys;
      if (changed === null) return undefined;
      for (const k of changed) keys.add(k);
    }
    return keys;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listStart(): void {
    this.seen = new Set();
  }

  listPage(items: KubeObject[]): void {
    for (const item of items) this.put(item);
  }

  listDone(resourceVersion: string): void {
    const seen = this.seen;
    this.seen = null;
    this._resourceVersion = resourceVersion;
    if (!seen) return;
    // Whatever the list did not return was deleted while we were not watching.
    for (const key of this.objects.keys()) {
      if (!seen.has(key)) {
        this.objects.delete(key);
        this.order.delete(key);
        this.changed(key);
      }
    }
    // the list's last objects are shown at once, not a list frame later
    if (this.pending) this.changed(undefined, false, true);
  }

  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): void {
    if (type === 'DELETED') {
      const key = this.keyFn(object);
      this.seen?.delete(key);
      if (this.objects.delete(key)) {
        this.order.delete(key);
        this.changed(key);
      }
      return;
    }
    this.put(object);
  }

  setHealth(health: Health): void {
    const was = this._health.state;
    this._health = health;
    // a new state (synced at a list's end, an outage) is shown at once
    this.changed(undefined, false, health.state !== was);
  }

  /** Stops the frame timer and drops listeners. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = false;
    due.delete(this);
    this.listeners.clear();
  }

  private put(object: KubeObject): void {
    const key = this.keyFn(object);
    this.seen?.add(key);
    const old = this.objects.get(key);
    const rv = object.metadata?.resourceVersion;
    // A relist returns mostly unchanged objects: keeping the old frozen object keeps
    // identity-based memos (rows, summaries) valid and the version still.
    if (old && rv && old.metadata.resourceVersion === rv) return;
    if (!old) this.order.set(key, this.added++);
    this.objects.set(key, trimObject(object));
    this.changed(key);
  }

  /**
   * Something changed (the object of `key`, when given; `all`: what every object shows,
   * such as a server Table's columns): publish it with the next frame.
   */
  protected changed(key?: string, all = false, soon = false): void {
    if (key !== undefined) this.dirty.add(key);
    if (all) this.dirtyAll = true;
    // The first objects are published at once, not a frame later: they are the console's
    // first rows (docs/performance.md, "Frames that remember"). Later changes are paced:
    // one frame, or while a list is coming in, a list frame (the count climbing ten times
    // a second; each publish is a whole frame drawn, ~1/6 of a large sync's CPU at 30).
    const now = soon || (!this.shownObjects && key !== undefined);
    if (this.pending && !(now && !this.soon)) return;
    if (this.timer) clearTimeout(this.timer);
    this.pending = true;
    this.soon = now;
    due.add(this);
    const t = setTimeout(
      () => {
        for (const store of [...due]) store.flush();
      },
      now ? 0 : this.seen ? Math.max(this.frameMs, LIST_FRAME_MS) : this.frameMs,
    );
    (t as { unref?: () => void }).unref?.();
    this.timer = t;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    due.delete(this);
    if (!this.pending) return;
    this.pending = false;
    this.shownObjects ||= this.objects.size > 0;
    this._version++;
    this.log.push({ version: this._version, keys: this.dirtyAll ? null : this.dirty });
    if (this.log.length > CHANGE_LOG) this.log.shift();
    this.dirty = new Set();
    this.dirtyAll = false;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // one broken view must not stop the others from updating
      }
    }
  }
}

/**
 * Memoised rows for a pane: recomputed only when the store version or `now` changes,
 * and on a version change only for objects that changed (identity), so a burst of
 * events over 50,000 pods costs a map lookup per pod, not a row rebuild.
 * Callers pick how often `now` advances (e.g. a 1 s clock for ages).
 */
export function deriveRows(
  store: ReadableStore<KubeObject>,
  toRow: (obj: KubeObject, now: number) => TableRow,
  /** the real clock: an object changed since `now` ticked is read at clock() */
  clock?: () => number,
): (now: number) => readonly TableRow[] {
  let version = -1;
  let at = NaN;
  let rows: readonly TableRow[] = [];
  let byObject = new WeakMap<KubeObject, TableRow>();
  return (now: number) => {
    if (store.version === version && now === at) return rows;
    if (now !== at) byObject = new WeakMap();
    // An object that changed since the clock last ticked is read at the time it is read:
    // its fresh timestamps (a phase just entered) must not lie in the coarse clock's
    // future, where kubectl's ages say <invalid>.
    const fresh = clock ? Math.max(now, clock()) : now;
    const next: TableRow[] = [];
    for (const obj of store.list()) {
      let row = byObject.get(obj);
      if (!row) byObject.set(obj, (row = toRow(obj, fresh)));
      next.push(row);
    }
    version = store.version;
    at = now;
    rows = Object.freeze(next);
    return rows;
  };
}
