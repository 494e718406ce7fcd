// In-memory object storage: one global resourceVersion (like etcd's revision),
// per-resource tables with keys kept sorted (lists page in key order, as etcd
// does), and a bounded event history that watches replay from.
import type { KubeObject } from '../k8s/types.js';
import type { ResourceDef } from './resources.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  rv: number;
  def: ResourceDef;
  type: ChangeType;
  object: KubeObject;
  /** the object before this change (MODIFIED/DELETED), to tell selector enter/leave */
  previous?: KubeObject;
}

/** Roughly the watch cache's capacity: older history is dropped. */
const HISTORY_LIMIT = 20_000;

export function keyOf(ns: string | undefined, name: string): string {
  return ns ? `${ns}/${name}` : name;
}

export class Table {
  readonly byKey = new Map<string, KubeObject>();
  /** sorted; kept sorted on every insert and delete */
  keys: string[] = [];

  lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  set(key: string, obj: KubeObject): void {
    if (!this.byKey.has(key)) {
      const n = this.keys.length;
      if (n === 0 || this.keys[n - 1] < key) this.keys.push(key);
      else this.keys.splice(this.lowerBound(key), 0, key);
    }
    this.byKey.set(key, obj);
  }

  delete(key: string): void {
    if (!this.byKey.delete(key)) return;
    const i = this.lowerBound(key);
    if (this.keys[i] === key) this.keys.splice(i, 1);
  }
}

export class ObjectStore {
  rv = 1;
  /** watches from below this rv get 410; continue tokens from below it expire */
  compactedRv = 1;
  private readonly tables = new Map<ResourceDef, Table>();
  private history: Change[] = [];
  private readonly listeners = new Set<(c: Change) => void>();

  table(def: ResourceDef): Table {
    let t = this.tables.get(def);
    if (!t) this.tables.set(def, (t = new Table()));
    return t;
  }

  get(def: ResourceDef, ns: string | undefined, name: string): KubeObject | undefined {
    return this.table(def).byKey.get(keyOf(def.namespaced ? ns : undefined, name));
  }

  /** Stores a new version (never mutated afterwards) and fans the change out. */
  write(def: ResourceDef, type: 'ADDED' | 'MODIFIED', obj: KubeObject, previous?: KubeObject): KubeObject {
    this.rv++;
    obj.metadata.resourceVersion = String(this.rv);
    this.table(def).set(keyOf(obj.metadata.namespace, obj.metadata.name), obj);
    this.emit({ rv: this.rv, def, type, object: obj, previous });
    return obj;
  }

  remove(def: ResourceDef, current: KubeObject): KubeObject {
    this.rv++;
    // The DELETED event carries the object at the revision of its deletion.
    const gone = { ...current, metadata: { ...current.metadata, resourceVersion: String(this.rv) } };
    this.table(def).delete(keyOf(current.metadata.namespace, current.metadata.name));
    this.emit({ rv: this.rv, def, type: 'DELETED', object: gone, previous: current });
    return gone;
  }

  /** Bulk insert without events (seeding): history starts after it. */
  seed(def: ResourceDef, objs: KubeObject[]): void {
    const t = this.table(def);
    for (const obj of objs) {
      this.rv++;
      obj.metadata.resourceVersion = String(this.rv);
      const key = keyOf(obj.metadata.namespace, obj.metadata.name);
      if (!t.byKey.has(key)) t.keys.push(key);
      t.byKey.set(key, obj);
    }
    t.keys.sort();
    this.compactedRv = this.rv;
  }

  /**
   * Drops all history, as an etcd compaction plus a watch cache relist do. The
   * compaction itself is a write (kube-apiserver bumps compact_rev_key), so tokens
   * and watches from the current revision expire too.
   */
  compact(): void {
    this.rv++;
    this.compactedRv = this.rv;
    this.history = [];
  }

  /** Changes after `rv` (exclusive), or null when that part of history is gone. */
  since(rv: number): Change[] | null {
    if (rv < this.compactedRv) return null;
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  subscribe(fn: (c: Change) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(change: Change): void {
    this.history.push(change);
    if (this.history.length > HISTORY_LIMIT) {
      const drop = this.history.length - HISTORY_LIMIT;
      this.compactedRv = this.history[drop - 1].rv;
      this.history = this.history.slice(drop);
    }
    for (const fn of this.listeners) fn(change);
  }
}
