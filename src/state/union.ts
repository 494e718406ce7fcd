// One pane over several watch scopes. When a cluster-wide LIST is forbidden the
// session watches each namespace the user can reach; each scope relists on its own
// (a relist of one namespace must not drop another's objects), and the pane reads
// them as one store.
import type { Health, KubeObject, ReadableStore } from '../k8s/types.js';

/** how many of the union's versions back changesSince can answer */
const CHANGE_LOG = 16;

export class UnionStore implements ReadableStore<KubeObject> {
  private sources: ReadableStore<KubeObject>[] = [];
  /**
   * per version: which source changed and the version it had before (null: the sources
   * themselves changed), so that changesSince can ask the sources for their changes —
   * without it a reader such as the row index rebuilds every row on every flush
   */
  private log: { version: number; source: ReadableStore<KubeObject> | null; from: number }[] = [];
  /** each source's version as last passed on */
  private seen = new Map<ReadableStore<KubeObject>, number>();
  private unsubscribes = new Map<ReadableStore<KubeObject>, () => void>();
  private readonly listeners = new Set<() => void>();
  private _version = 0;
  private cached: { version: number; items: readonly KubeObject[] } | null = null;
  /** health to report while there is no source (e.g. forbidden everywhere) */
  private fallbackHealth: Health = { state: 'syncing', count: 0 };

  get version(): number {
    return this._version;
  }

  get size(): number {
    return this.sources.reduce((n, s) => n + s.size, 0);
  }

  get health(): Health {
    return combineHealth(this.sources.map((s) => s.health), this.fallbackHealth);
  }

  setSources(sources: ReadableStore<KubeObject>[], healthWhenEmpty?: Health): void {
    for (const off of this.unsubscribes.values()) off();
    this.unsubscribes.clear();
    this.sources = sources;
    if (healthWhenEmpty) this.fallbackHealth = healthWhenEmpty;
    this.seen = new Map(sources.map((s) => [s, s.version]));
    for (const s of sources) this.unsubscribes.set(s, s.subscribe(() => this.bump(s)));
    this.bump(null);
  }

  get(key: string): KubeObject | undefined {
    for (const s of this.sources) {
      const o = s.get(key);
      if (o) return o;
    }
    return undefined;
  }

  list(): readonly KubeObject[] {
    if (this.cached?.version !== this._version) {
      const items = this.sources.length === 1 ? this.sources[0]!.list() : this.sources.flatMap((s) => s.list());
      this.cached = { version: this._version, items };
    }
    return this.cached.items;
  }

  /** the keys changed since `version`, from the sources' own logs; undefined when too far back */
  changesSince(version: number): ReadonlySet<string> | undefined {
    if (version === this._version) return new Set();
    const first = this.log.findIndex((e) => e.version === version + 1);
    if (first < 0) return undefined;
    // the oldest version of each source that changed since then
    const since = new Map<ReadableStore<KubeObject>, number>();
    for (let i = first; i < this.log.length; i++) {
      const { source, from } = this.log[i]!;
      if (source === null || !source.changesSince) return undefined;
      if (!since.has(source)) since.set(source, from);
    }
    const keys = new Set<string>();
    for (const [source, from] of since) {
      const changed = source.changesSince!(from);
      if (!changed) return undefined;
      for (const k of changed) keys.add(k);
    }
    return keys;
  }

  /** list() order: the sources in turn, each in its own order */
  orderOf(key: string): number | undefined {
    if (this.sources.length === 1) return this.sources[0]!.orderOf?.(key);
    for (let i = 0; i < this.sources.length; i++) {
      const s = this.sources[i]!;
      if (!s.get(key)) continue;
      const own = s.orderOf?.(key);
      return own === undefined ? undefined : i * 2 ** 32 + own;
    }
    return undefined;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private bump(source: ReadableStore<KubeObject> | null): void {
    // Sources already coalesce per frame; passing their notifications on is enough.
    this._version++;
    this.log.push({ version: this._version, source, from: source ? (this.seen.get(source) ?? -1) : -1 });
    if (this.log.length > CHANGE_LOG) this.log.shift();
    if (source) this.seen.set(source, source.version);
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        // one broken view must not stop the others
      }
    }
  }
}

/** The worst state wins, counts add up: a pane is synced only when every scope is. */
export function combineHealth(healths: Health[], whenEmpty: Health): Health {
  if (healths.length === 0) return whenEmpty;
  if (healths.length === 1) return healths[0]!;
  const count = healths.reduce((n, h) => n + ('count' in h ? h.count : 0), 0);
  const find = <S extends Health['state']>(s: S) => healths.find((h) => h.state === s) as Extract<Health, { state: S }> | undefined;
  const unauthorized = find('unauthorized');
  if (unauthorized) return unauthorized;
  const reconnecting = find('reconnecting');
  if (reconnecting) return { ...reconnecting, count };
  if (find('syncing')) return { state: 'syncing', count };
  const synced = healths.filter((h) => h.state === 'synced');
  if (synced.length > 0) return { state: 'synced', count, since: Math.max(...synced.map((h) => (h.state === 'synced' ? h.since : 0))) };
  return healths[0]!;
}
