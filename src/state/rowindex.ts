// A pane's rows, filtered and sorted, kept up to date per store event instead of rebuilt
// per store flush: a changed object costs its row and a binary search into the sorted
// index, not a pass over every object and a full sort. The result equals
// sortRows(filterRows(rows of store.list())) (test/unit/rowindex.test.ts).
//
// With `partial` (the pods pane), a filter change does not pass over every row in the
// keystroke: the rows handed out find the matches their reader asks for (the window on
// screen, the selected row) when read, and `filterStep` finds the rest in slices between
// keys. `length`, or anything that needs the whole result (G, a count), finishes the pass.
import type { KubeObject, ReadableStore, TableRow } from '../k8s/types.js';
import { RowList, type RowSeq } from './rowlist.js';
import { compareKeys, filterText, parseFilter, sortKey } from './table.js';

interface Entry {
  row: TableRow;
  obj: KubeObject;
  /** the object's place in the store's order (Map insertion order): ties keep it */
  seq: number;
  /** the row's text as the filter reads it (filterText), once it was filtered */
  text?: string;
}

/** a filter and scope as applied: the filter parsed once, not per row */
interface ShownBy {
  filter: string;
  needle: string;
  invert: boolean;
  keep?: (obj: KubeObject) => boolean;
}

export type Touched = { lo: number; hi: number; count: number } | 'all' | null;

interface Mirror {
  remove(i: number): void;
  insert(i: number, e: Entry): void;
  /** e in place of the entry at i (the same place in the order) */
  set(i: number, e: Entry): void;
  /** too many changes to follow one by one: the rows are built anew */
  stale(): void;
}

export interface RowQuery {
  filter: string;
  col: number;
  desc: boolean;
  /** a scope on top of the filter (gated only); keep the same function while it applies */
  keep?: (obj: KubeObject) => boolean;
  /**
   * a filter change leaves its pass to finish on read and by filterStep: the rows handed
   * out find what is read of them (the first rows, a row by key) and say `complete`
   */
  partial?: boolean;
}

/** a filter's pass not finished yet: `source` (in order) is scanned up to `pos` */
interface Pass {
  /** the sorted entries, or those the previous filter kept (typing on); events keep either up to date */
  source: Entry[];
  pos: number;
}

/** more changes than this in one version: merge them in bulk rather than one by one */
const BULK = 64;

export class RowIndex {
  private version = -1;
  private byKey = new Map<string, Entry>();
  private nextSeq = 0;
  private sorted: Entry[] = [];
  private sortedBy: { col: number; desc: boolean } | null = null;
  /** the entries that pass the filter and keep, in order; `sorted` itself when nothing filters */
  private shown: Entry[] = [];
  private shownBy: ShownBy | null = null;
  /** the shown rows, handed out: a new list per change that copies a chunk, not all rows */
  private out: RowList<TableRow> = RowList.empty();
  private outStale = true;
  /** keys whose rows are built again at the next read though their objects did not change */
  private refreshing = new Set<string>();
  /** every row is built again at the next read (invalidate) */
  private rowsStale = false;
  private readonly mirror: Mirror = {
    remove: (i) => {
      this.out = this.out.remove(i);
      this.spliced(i);
    },
    insert: (i, e) => {
      this.out = this.out.insert(i, e.row);
      this.spliced(i);
    },
    set: (i, e) => {
      this.out = this.out.set(i, e.row);
      this.spliced(i, 0);
    },
    stale: () => (this.outStale = true),
  };
  /** where the shown rows changed since takeTouched(): the positions spliced, or 'all' */
  private touched: Touched = null;
  /** the filter's pass while it is not finished: `shown` holds the matches of source[0, pos) */
  private pass: Pass | null = null;
  /** moves when `out` changes other than by rows found at its end: a list handed out before reads only itself */
  private outVersion = 0;
  private handed: PartialRows | undefined;

  /** a row spliced at i (or `count` rows found at the end, i to hi): a splice also retires the lists handed out */
  private spliced(i: number, count = 1, hi = i, found = false): void {
    if (!found) this.outVersion++;
    const t = this.touched;
    if (t === 'all') return;
    this.touched = t ? { lo: Math.min(t.lo, i), hi: Math.max(t.hi, hi), count: t.count + count } : { lo: i, hi, count };
  }

  /**
   * Where the shown rows changed since the last call: the lowest and highest position
   * spliced (in the coordinates of the moment; each splice moves later ones by one, so
   * `count` says by how much at most), 'all' when they were built anew, null for no
   * change. A view uses it to skip a frame for changes that cannot reach the screen.
   */
  takeTouched(): Touched {
    const t = this.touched;
    this.touched = null;
    return t;
  }

  /** row.key must be the store's key of the object */
  constructor(
    private readonly store: ReadableStore<KubeObject>,
    /** `key`, when given, is the store's key of obj: the row may keep that string rather than make its own */
    private readonly toRow: (obj: KubeObject, now: number, key?: string) => TableRow,
    private readonly clock: () => number = Date.now,
  ) {}

  /** every object in the store */
  get size(): number {
    return this.byKey.size;
  }

  /**
   * Builds the rows of these keys again at the next read, though their objects did not
   * change: what they show from outside their object did (the time crossing a
   * threshold, another store's objects). Costs each key a row and a binary search.
   */
  refresh(keys: Iterable<string>): void {
    for (const key of keys) this.refreshing.add(key);
  }

  /**
   * builds every row again at the next read: what all rows show from outside their
   * objects changed. The entries keep their objects and places (not a rebuild from the
   * store's list, which may be behind what get() already shows mid-batch)
   */
  invalidate(): void {
    this.refreshing.clear();
    this.rowsStale = true;
  }

  /** where warmFilter goes on from */
  private warming: Iterator<Entry> | undefined;

  /**
   * Builds the filter's text of rows that have none yet, for up to `budgetMs`; true when
   * every row has it. A pane calls it in slices while its filter line is open, so that
   * the first letter typed is a pass over ready texts, not one that builds 50,000 of them
   * (and their garbage) inside one keystroke. Texts are built as the filter builds them.
   */
  warmFilter(budgetMs: number): boolean {
    const until = performance.now() + budgetMs;
    this.warming ??= this.byKey.values();
    for (let n = 0; ; n++) {
      // the clock is read every 256 rows: a row's text is about a microsecond
      if ((n & 255) === 255 && performance.now() > until) return false;
      const next = this.warming.next();
      if (next.done) {
        this.warming = undefined;
        return true;
      }
      next.value.text ??= filterText(next.value.row);
    }
  }

  rows(q: RowQuery): RowSeq<TableRow> {
    this.sync();
    if (!this.sortedBy || this.sortedBy.col !== q.col || this.sortedBy.desc !== q.desc) {
      this.sortedBy = { col: q.col, desc: q.desc };
      this.sorted = [...this.byKey.values()].sort(this.compare);
      this.shownBy = null;
    }
    const by = this.shownBy;
    if (!by || by.filter !== q.filter || by.keep !== q.keep) {
      const next: ShownBy = { filter: q.filter, ...parseFilter(q.filter), keep: q.keep };
      const pass = (e: Entry) => this.passes(e, next);
      // typing on: what the longer text keeps is among what the shorter one kept, or (its pass
      // half done) among what it found and what it had left to scan
      const p = this.pass;
      const narrowing = by && by.keep === q.keep && narrows(by.filter, q.filter);
      const source = !narrowing ? this.sorted : p ? this.shown.concat(p.source.slice(p.pos)) : this.shown;
      this.pass = null;
      // no filter: every row, counted at once (handing them out is a copy in chunks, ~1 ms at 50,000)
      if (next.needle === '' && !q.keep) this.shown = this.sorted;
      else if (q.partial) {
        // nothing is scanned here: reads find what they need, filterStep the rest
        this.shown = [];
        this.pass = { source, pos: 0 };
      } else this.shown = source.filter(pass);
      this.shownBy = next;
      this.outStale = true;
    }
    // a reader that does not take partial rows gets them all
    if (!q.partial) this.findTo(Infinity);
    if (this.outStale) {
      this.out = RowList.of(this.shown.map((e) => e.row));
      this.touched = 'all';
      this.outVersion++;
      this.outStale = false;
    }
    if (!q.partial) return this.out;
    if (this.handed?.list !== this.out) this.handed = new PartialRows(this, this.out, this.outVersion);
    return this.handed;
  }

  /** the filter's pass is not finished: the rows handed out are not all found yet */
  get pending(): boolean {
    return this.pass !== null;
  }

  /** goes on with the filter's pass for up to budgetMs; true when it is finished (or there is none) */
  filterStep(budgetMs: number): boolean {
    if (this.pass) this.scan(Infinity, performance.now() + budgetMs);
    return this.pass === null;
  }

  /** @internal the rows handed out: finds matches until `count` are found or the pass ends */
  findTo(count: number): void {
    if (this.pass && this.shown.length < count) this.scan(count, Infinity);
  }

  /** @internal the current rows, for a list handed out at `version` (undefined: that list is older) */
  current(version: number): RowList<TableRow> | undefined {
    return version === this.outVersion ? this.out : undefined;
  }

  /** @internal where the row of this key is among the shown rows, or -1; finds matches up to it */
  positionOf(key: string): number {
    const e = this.byKey.get(key);
    if (!e || !this.sortedBy || !this.passes(e)) return -1;
    // found in order: once the last found is at or after e, e is found if it will ever be
    while (this.pass && (this.shown.length === 0 || this.compare(this.shown.at(-1)!, e) < 0)) this.scan(this.shown.length + 256, Infinity);
    const i = lowerBound(this.shown, e, this.compare);
    return this.shown[i] === e ? i : -1;
  }

  /** scans the pass until `want` rows are shown, the clock passes `until`, or the source ends */
  private scan(want: number, until: number): void {
    const p = this.pass!;
    const by = this.shownBy!;
    const { source } = p;
    const found: Entry[] = [];
    const need = want - this.shown.length;
    let i = p.pos;
    for (let n = 0; i < source.length && found.length < need; i++, n++) {
      // the clock is read every 256 rows: a row is well under a microsecond once its text is built
      if ((n & 255) === 255 && performance.now() >= until) break;
      const e = source[i]!;
      if (this.passes(e, by)) found.push(e);
    }
    p.pos = i;
    if (found.length) {
      const at = this.shown.length;
      for (const e of found) this.shown.push(e);
      if (!this.outStale) {
        this.out = this.out.append(found.map((e) => e.row));
        this.spliced(at, found.length, at + found.length - 1, true);
      }
    }
    if (i >= source.length) this.pass = null;
  }

  private readonly compare = (a: Entry, b: Entry): number => {
    const { col, desc } = this.sortedBy!;
    const c = compareKeys(sortKey(a.row, col), sortKey(b.row, col));
    return c !== 0 ? (desc ? -c : c) : a.seq - b.seq;
  };

  private passes(e: Entry, by: ShownBy | null = this.shownBy): boolean {
    return !by || ((!by.keep || by.keep(e.obj)) && (by.needle === '' || (e.text ??= filterText(e.row)).includes(by.needle) !== by.invert));
  }

  private sync(): void {
    const { store } = this;
    if (this.rowsStale) {
      this.rowsStale = false;
      const now = this.clock();
      for (const [key, e] of this.byKey) this.byKey.set(key, { row: this.toRow(e.obj, now, key), obj: e.obj, seq: e.seq });
      // sorted and filtered again from the new entries at this read
      this.sortedBy = null;
      this.shownBy = null;
      this.pass = null;
    }
    const refreshed = this.refreshing;
    if (store.version === this.version && refreshed.size === 0) return;
    this.refreshing = new Set();
    const changes = this.version < 0 ? undefined : store.version === this.version ? refreshed : store.changesSince?.(this.version);
    this.version = store.version;
    if (!changes) return this.rebuild();
    // the entries that go, each with the entry that replaces it when its object changed
    // (apply puts that one in its place when the order allows)
    const removed = new Map<Entry, Entry | undefined>();
    const added: Entry[] = [];
    for (const key of changes === refreshed ? refreshed : union(changes, refreshed)) {
      const old = this.byKey.get(key);
      const obj = store.get(key);
      if (old?.obj === obj && (!obj || !refreshed.has(key))) continue;
      if (old) this.byKey.delete(key);
      let e: Entry | undefined;
      if (obj) {
        e = { row: this.toRow(obj, this.clock(), key), obj, seq: store.orderOf?.(key) ?? old?.seq ?? this.nextSeq++ };
        this.byKey.set(key, e);
        added.push(e);
      }
      if (old) removed.set(old, e);
    }
    if (!this.sortedBy) return;
    // the handed-out rows follow the shown list's splices, unless they are built anew anyway
    const mirror = this.outStale ? undefined : this.mirror;
    const p = this.pass;
    if (p) {
      // a pass half done: the source follows the events, and what is found so far (the
      // matches up to the last entry scanned) gets the matches added up to there
      const last = p.pos > 0 ? p.source[p.pos - 1] : undefined;
      const ofSorted = p.source === this.sorted;
      const passing = added.filter((e) => this.passes(e));
      this.sorted = this.apply(this.sorted, removed, added);
      p.source = ofSorted ? this.sorted : this.apply(p.source, removed, passing);
      p.pos = last ? upperBound(p.source, last, this.compare) : 0;
      this.shown = this.apply(
        this.shown,
        removed,
        last ? passing.filter((e) => this.compare(e, last) <= 0) : [],
        mirror,
      );
    } else if (this.shown === this.sorted) this.shown = this.sorted = this.apply(this.sorted, removed, added, mirror);
    else {
      this.sorted = this.apply(this.sorted, removed, added);
      this.shown = this.apply(
        this.shown,
        removed,
        added.filter((e) => this.passes(e)),
        mirror,
      );
    }
  }

  /** `list` without `removed`, with `added`, in order; in place when few change (and `mirror` told each splice) */
  private apply(list: Entry[], removed: ReadonlyMap<Entry, Entry | undefined>, added: Entry[], mirror?: Mirror): Entry[] {
    if (removed.size + added.length > BULK) {
      mirror?.stale();
      const kept = removed.size ? list.filter((e) => !removed.has(e)) : list;
      return merge(kept, added.sort(this.compare), this.compare);
    }
    // An update whose row keeps its place (most: a label, a status, under a name sort)
    // replaces its entry where it is; a splice of 50,000 entries moves them all.
    const adding = new Set(added);
    const placed = new Set<Entry>();
    for (const [e, next] of removed) {
      const i = lowerBound(list, e, this.compare);
      if (list[i] !== e) continue;
      if (next && adding.has(next) && (i === 0 || this.compare(list[i - 1]!, next) < 0) && (i + 1 >= list.length || this.compare(next, list[i + 1]!) < 0)) {
        list[i] = next;
        mirror?.set(i, next);
        placed.add(next);
        continue;
      }
      list.splice(i, 1);
      mirror?.remove(i);
    }
    for (const e of added) {
      if (placed.has(e)) continue;
      const i = lowerBound(list, e, this.compare);
      list.splice(i, 0, e);
      mirror?.insert(i, e);
    }
    return list;
  }

  private rebuild(): void {
    // an unchanged (frozen, same) object keeps its row, not built again
    const kept = new Map<KubeObject, Entry>();
    for (const e of this.byKey.values()) kept.set(e.obj, e);
    this.byKey = new Map();
    this.warming = undefined;
    const now = this.clock();
    let position = 0;
    for (const obj of this.store.list()) {
      const row = kept.get(obj)?.row ?? this.toRow(obj, now);
      this.byKey.set(row.key, { row, obj, seq: this.store.orderOf?.(row.key) ?? position });
      position++;
    }
    this.nextSeq = position;
    this.sortedBy = null;
    this.shownBy = null;
    this.pass = null;
  }
}

/**
 * The rows a partial RowIndex hands out: reading them finds the matches the read needs
 * (`at(i)` the first i + 1, `indexOfKey` up to that row, `length` all). A list handed out
 * before an event changed the rows reads only what it held.
 */
class PartialRows implements RowSeq<TableRow> {
  constructor(
    private readonly index: RowIndex,
    readonly list: RowList<TableRow>,
    private readonly version: number,
  ) {}

  /** the rows after finding `count` (Infinity: all) */
  private upTo(count: number): RowList<TableRow> {
    if (this.index.current(this.version) === undefined) return this.list;
    this.index.findTo(count);
    return this.index.current(this.version) ?? this.list;
  }

  get complete(): boolean {
    return this.index.current(this.version) === undefined || !this.index.pending;
  }

  get found(): number {
    return (this.index.current(this.version) ?? this.list).length;
  }

  get length(): number {
    return this.upTo(Infinity).length;
  }

  at(index: number): TableRow | undefined {
    return this.upTo(index < 0 ? Infinity : index + 1).at(index);
  }

  slice(start = 0, end?: number): TableRow[] {
    return this.upTo(end === undefined || end < 0 || start < 0 ? Infinity : end).slice(start, end);
  }

  findIndex(predicate: (value: TableRow, index: number) => boolean): number {
    return this.upTo(Infinity).findIndex(predicate);
  }

  filter(predicate: (value: TableRow, index: number) => boolean): TableRow[] {
    return this.upTo(Infinity).filter(predicate);
  }

  indexOfKey(key: string): number {
    if (this.index.current(this.version) === undefined) return this.list.findIndex((r) => r.key === key);
    return this.index.positionOf(key);
  }
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (b.size === 0) return a;
  const out = new Set(a);
  for (const k of b) out.add(k);
  return out;
}

/** whether every row `next` keeps is one `prev` kept (typing more of the same text) */
function narrows(prev: string, next: string): boolean {
  const a = parseFilter(prev);
  const b = parseFilter(next);
  return !a.invert && !b.invert && a.needle !== '' && b.needle.includes(a.needle);
}

/** the first place in list after e (every entry before it compares at or before e) */
function upperBound(list: readonly Entry[], e: Entry, compare: (a: Entry, b: Entry) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid]!, e) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBound(list: readonly Entry[], e: Entry, compare: (a: Entry, b: Entry) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid]!, e) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `b` (sorted) merged into `a` (sorted), ties to `a` first. Each entry of b finds its place
 * by binary search from the last one: a LIST page of 500 into 50,000 rows costs ~8,000
 * comparisons, not 50,000; the runs of `a` in between are copied without comparing.
 */
function merge(a: readonly Entry[], b: readonly Entry[], compare: (x: Entry, y: Entry) => number): Entry[] {
  const out = new Array<Entry>(a.length + b.length);
  let i = 0;
  let k = 0;
  for (const e of b) {
    // the first entry of a after e, at or after i
    let lo = i;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(a[mid]!, e) <= 0) lo = mid + 1;
      else hi = mid;
    }
    while (i < lo) out[k++] = a[i++]!;
    out[k++] = e;
  }
  while (i < a.length) out[k++] = a[i++]!;
  return out;
}
