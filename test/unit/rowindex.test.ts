// The row index kept per store event shows what a full rebuild, filter and sort of
// every object would: after any sequence of watch events, relists and queries.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { KubeObject, TableRow } from '../../src/k8s/types.js';
import { RowIndex, type RowQuery } from '../../src/state/rowindex.js';
import { Store } from '../../src/state/store.js';
import { UnionStore } from '../../src/state/union.js';
import { filterRows, sortRows } from '../../src/state/table.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const FRAME = 10;
let rv = 0;
const pod = (name: string, n: number, label: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns', resourceVersion: String(++rv) },
  spec: { n, label },
});
const toRow = (obj: KubeObject): TableRow => ({
  key: `ns/${obj.metadata.name}`,
  cells: [obj.metadata.name, String(obj.spec?.n), String(obj.spec?.label)],
  // NaN sorts after every number, like a missing one
  sort: [obj.metadata.name, Number(obj.spec?.n), String(obj.spec?.label)],
});
const even = (obj: KubeObject) => Number(obj.spec?.n) % 2 === 0;

/** what the pane showed before the index: every row rebuilt, filtered, sorted */
function expected(store: { list(): readonly KubeObject[] }, q: RowQuery): string[] {
  const rows = store.list().filter((o) => !q.keep || q.keep(o)).map(toRow);
  return sortRows(filterRows(rows, q.filter), q.col, q.desc).map((r) => r.key);
}

const name = fc.constantFrom('a', 'b', 'c', 'pod-2', 'pod-10', 'Pod-1', 'x-a', 'ab', 'ba', 'z');
const event = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), name, n: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(Number.NaN)), label: fc.constantFrom('ab', 'b', 'A', 'c', '') }),
  fc.record({ kind: fc.constant('delete' as const), name }),
  fc.record({ kind: fc.constant('frame' as const) }),
  // the filter line warms the texts between keys, a slice at a time
  fc.record({ kind: fc.constant('warm' as const), budget: fc.constantFrom(0, 5) }),
  fc.record({ kind: fc.constant('relist' as const), keep: fc.subarray(['a', 'b', 'c', 'pod-2', 'pod-10', 'Pod-1', 'x-a', 'ab', 'ba', 'z']) }),
  fc.record({
    kind: fc.constant('query' as const),
    filter: fc.constantFrom('', 'a', 'ab', '!a', 'b', 'pod', '!'),
    col: fc.integer({ min: 0, max: 2 }),
    desc: fc.boolean(),
    gated: fc.boolean(),
  }),
);

describe('RowIndex', () => {
  // the session's pods store is a union of watch scopes (one per namespace when a
  // cluster-wide list is forbidden): the index must follow it the same way
  it.each([1, 2])('equals a full filter and sort of the store after any events (%i watch scope(s))', (scopes) => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 120 }), (events) => {
        const sources = Array.from({ length: scopes }, () => new Store({ frameMs: FRAME }));
        const scopeOf = (name: string) => sources[name.length % scopes]!;
        const union = new UnionStore();
        union.setSources(sources);
        const store = {
          apply: (type: 'MODIFIED' | 'DELETED', obj: KubeObject) => scopeOf(obj.metadata.name).apply(type, obj),
          get: (key: string) => union.get(key),
          relist: (keep: string[]) => {
            for (const s of sources) s.listStart();
            for (const n of keep) scopeOf(n).listPage([union.get(`ns/${n}`) ?? pod(n, 1, 'ab')]);
            for (const s of sources) s.listDone(String(rv));
          },
          list: () => union.list(),
        };
        const index = new RowIndex(union, toRow);
        let q: RowQuery = { filter: '', col: 0, desc: false };
        // a list handed out earlier (to an older render) keeps its rows
        let prev: { list: ReturnType<RowIndex['rows']>; keys: string[] } | undefined;
        for (const e of events) {
          if (e.kind === 'put') store.apply('MODIFIED', pod(e.name, e.n, e.label));
          else if (e.kind === 'delete') store.apply('DELETED', pod(e.name, 0, ''));
          else if (e.kind === 'relist') store.relist(e.keep);
          else if (e.kind === 'warm') index.warmFilter(e.budget);
          else if (e.kind === 'query') q = { filter: e.filter, col: e.col, desc: e.desc, keep: e.gated ? even : undefined };
          else vi.advanceTimersByTime(FRAME);
          const list = index.rows(q);
          const keys = list.slice().map((r) => r.key);
          expect(keys).toEqual(expected(store, q));
          if (prev) expect(prev.list.slice().map((r) => r.key)).toEqual(prev.keys);
          prev = { list, keys };
        }
        for (const s of sources) s.dispose();
      }),
      { numRuns: 300 },
    );
  });

  // the pods pane's filter: a change finds the rows read first (the window, the selected
  // row), the rest in slices between keys, with watch events arriving while it is half done
  it.each([1, 2])('a filter finished in slices and on read shows what a full filter and sort would, events during the pass included (%i watch scope(s))', (scopes) => {
    const read = fc.oneof(
      fc.record({ kind: fc.constant('first' as const), count: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ kind: fc.constant('key' as const), name }),
      fc.record({ kind: fc.constant('all' as const) }),
    );
    const step = fc.record({ kind: fc.constant('step' as const), budget: fc.constantFrom(0, 0, 5) });
    // typing on: each filter narrows the one before
    const typed = fc.record({ kind: fc.constant('query' as const), filter: fc.constantFrom('b', 'bu', 'bulk', 'bulk-1', 'bulk-1', 'ba'), col: fc.constant(0), desc: fc.constant(false), gated: fc.constant(false) });
    const anyName = fc.oneof(name, fc.integer({ min: 0, max: 699 }).map((i) => `bulk-${i}`));
    const label = fc.constantFrom('ab', 'b', 'A', 'c', '');
    const put = fc.record({ kind: fc.constant('put' as const), name: anyName, n: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(Number.NaN)), label });
    const del = fc.record({ kind: fc.constant('delete' as const), name: anyName });
    const steps = fc.oneof(
      { arbitrary: put, weight: 4 },
      { arbitrary: del, weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('frame' as const) }), weight: 3 },
      { arbitrary: event, weight: 2 },
      { arbitrary: read, weight: 3 },
      { arbitrary: step, weight: 2 },
      { arbitrary: typed, weight: 2 },
    );
    fc.assert(
      fc.property(fc.array(steps, { maxLength: 150 }), (events) => {
        const sources = Array.from({ length: scopes }, () => new Store({ frameMs: FRAME }));
        const scopeOf = (name: string) => sources[name.length % scopes]!;
        const union = new UnionStore();
        union.setSources(sources);
        const relist = (keep: string[]) => {
          for (const s of sources) s.listStart();
          for (const n of keep) scopeOf(n).listPage([union.get(`ns/${n}`) ?? pod(n, 1, 'ab')]);
          for (const s of sources) s.listDone(String(rv));
        };
        // many rows, so that a slice of budget 0 (256 rows) leaves a pass half done
        for (let i = 0; i < 600; i++) scopeOf(`bulk-${i}`).apply('ADDED', pod(`bulk-${i}`, i % 5, i % 3 ? 'ab' : 'c'));
        vi.advanceTimersByTime(FRAME);
        const index = new RowIndex(union, toRow);
        let q: RowQuery = { filter: '', col: 0, desc: false, partial: true };
        for (const e of events) {
          // each event is published before the next read (the cells read are the store's)
          if (e.kind === 'put') scopeOf(e.name).apply('MODIFIED', pod(e.name, e.n, e.label));
          else if (e.kind === 'delete') scopeOf(e.name).apply('DELETED', pod(e.name, 0, ''));
          else if (e.kind === 'relist') relist([...e.keep, ...Array.from({ length: 600 }, (_, i) => `bulk-${i}`)]);
          else if (e.kind === 'warm') index.warmFilter(e.budget);
          else if (e.kind === 'step') index.filterStep(e.budget);
          else if (e.kind === 'query') q = { filter: e.filter, col: e.col, desc: e.desc, keep: e.gated ? even : undefined, partial: true };
          vi.advanceTimersByTime(FRAME);
          const list = index.rows(q);
          const want = expected(union, q);
          // a row as shown: its key and cells (a stale row of an object that changed shows old cells)
          const shown = (rows: TableRow[]) => rows.map((r) => `${r.key} ${r.cells.join(' ')}`);
          const wanted = (keys: string[]) => keys.map((k) => `${k} ${toRow(union.get(k)!).cells.join(' ')}`);
          if (e.kind === 'first') expect(shown(list.slice(0, e.count))).toEqual(wanted(want.slice(0, e.count)));
          else if (e.kind === 'key') expect(list.indexOfKey!(`ns/${e.name}`)).toBe(want.indexOf(`ns/${e.name}`));
          else if (e.kind === 'all') expect(shown(list.slice())).toEqual(wanted(want));
          // what is found so far is the start of the whole result
          const found = list.found!;
          expect(found).toBeLessThanOrEqual(want.length);
          if (list.complete) expect(found).toBe(want.length);
        }
        const list = index.rows(q);
        expect(list.slice().map((r) => `${r.key} ${r.cells.join(' ')}`)).toEqual(expected(union, q).map((k) => `${k} ${toRow(union.get(k)!).cells.join(' ')}`));
        expect(list.complete).toBe(true);
        for (const s of sources) s.dispose();
      }),
      { numRuns: 200 },
    );
  });

  it('typing on, half done: a pod changed, deleted or added meanwhile shows as it is now', () => {
    const store = new Store({ frameMs: FRAME });
    for (let i = 0; i < 600; i++) store.apply('ADDED', pod(`bulk-${i}`, i % 5, 'x'));
    vi.advanceTimersByTime(FRAME);
    const index = new RowIndex(store, toRow);
    const q = (filter: string): RowQuery => ({ filter, col: 0, desc: false, partial: true });
    expect(index.rows(q('b'))).toHaveLength(600);
    // the next letter passes over what `b` kept; only the first rows are read
    expect(index.rows(q('bu')).slice(0, 3).map((r) => r.key)).toEqual(['ns/bulk-0', 'ns/bulk-1', 'ns/bulk-2']);
    expect(index.pending).toBe(true);
    store.apply('MODIFIED', pod('bulk-500', 9, 'y'));
    store.apply('DELETED', pod('bulk-501', 0, ''));
    store.apply('ADDED', pod('bulk-zz', 1, 'x'));
    store.apply('ADDED', pod('bulk-00', 1, 'x'));
    vi.advanceTimersByTime(FRAME);
    const rows = index.rows(q('bu'));
    expect(rows.complete).toBe(false);
    expect(rows.slice().map((r) => r.key)).toEqual(expected(store, q('bu')));
    expect(rows.at(rows.indexOfKey!('ns/bulk-500'))!.cells[1]).toBe('9');
    expect(rows.indexOfKey!('ns/bulk-501')).toBe(-1);
    expect(rows.complete).toBe(true);
    store.dispose();
  });

  it('warms the filter in slices: once warm, typing a filter reads no row again', () => {
    const store = new Store({ frameMs: FRAME });
    let reads = 0;
    const index = new RowIndex(store, (obj) => {
      const row = toRow(obj);
      return {
        ...row,
        get cells() {
          reads++;
          return row.cells;
        },
      };
    });
    for (let i = 0; i < 5000; i++) store.apply('ADDED', pod(`p${i}`, i % 3, i % 2 ? 'web' : 'db'));
    vi.advanceTimersByTime(FRAME);
    expect(index.rows({ filter: '', col: 0, desc: false })).toHaveLength(5000);
    // the budget is measured on the real clock
    vi.useRealTimers();
    // a zero budget does a slice of rows and stops; slices go on where the last stopped
    expect(index.warmFilter(0)).toBe(false);
    let slices = 1;
    while (!index.warmFilter(0)) slices++;
    expect(slices).toBeGreaterThan(5);
    reads = 0;
    expect(index.rows({ filter: 'w', col: 0, desc: false })).toHaveLength(2500);
    expect(index.rows({ filter: 'we', col: 0, desc: false })).toHaveLength(2500);
    expect(reads).toBe(0);
    store.dispose();
  });

  it('rebuilds only the rows of objects that changed', () => {
    const store = new Store({ frameMs: FRAME });
    const built: string[] = [];
    const index = new RowIndex(store, (obj) => (built.push(obj.metadata.name), toRow(obj)));
    for (let i = 0; i < 1000; i++) store.apply('ADDED', pod(`p${i}`, i % 3, 'x'));
    vi.advanceTimersByTime(FRAME);
    const q = { filter: '', col: 1, desc: false };
    expect(index.rows(q)).toHaveLength(1000);
    built.length = 0;
    store.apply('MODIFIED', pod('p5', 7, 'x'));
    store.apply('DELETED', pod('p6', 0, 'x'));
    vi.advanceTimersByTime(FRAME);
    const rows = index.rows(q);
    expect(built).toEqual(['p5']);
    expect(rows).toHaveLength(999);
    expect(rows.at(-1)!.key).toBe('ns/p5');
    store.dispose();
  });

  it('merges a batch larger than a few changes (a LIST page) in the same order as a full sort', () => {
    const store = new Store({ frameMs: FRAME });
    const index = new RowIndex(store, toRow);
    for (let i = 0; i < 1000; i++) store.apply('ADDED', pod(`p${i}`, i % 7, 'x'));
    vi.advanceTimersByTime(FRAME);
    for (const q of [{ filter: '', col: 1, desc: false }, { filter: 'p1', col: 1, desc: true }]) {
      expect(index.rows(q).slice().map((r) => r.key)).toEqual(expected(store, q));
      for (let i = 0; i < 1000; i += 3) store.apply('MODIFIED', pod(`p${i}`, (i * 5) % 11, 'x'));
      for (let i = 1; i < 1000; i += 10) store.apply('DELETED', pod(`p${i}`, 0, 'x'));
      for (let i = 1000; i < 1300; i++) store.apply('ADDED', pod(`p${i}`, i % 4, 'x'));
      vi.advanceTimersByTime(FRAME);
      expect(index.rows(q).slice().map((r) => r.key)).toEqual(expected(store, q));
    }
    store.dispose();
  });

  it.each([1, 3])('reads only what changed on a flush of a union of %i watch scope(s), not every object', (scopes) => {
    const sources = Array.from({ length: scopes }, () => new Store({ frameMs: FRAME }));
    const union = new UnionStore();
    union.setSources(sources);
    const index = new RowIndex(union, toRow);
    for (let i = 0; i < 1000; i++) sources[i % scopes]!.apply('ADDED', pod(`p${i}`, i % 3, 'x'));
    vi.advanceTimersByTime(FRAME);
    const q = { filter: '', col: 1, desc: false };
    expect(index.rows(q)).toHaveLength(1000);
    const list = vi.spyOn(union, 'list');
    for (let frame = 0; frame < 20; frame++) {
      sources[frame % scopes]!.apply('MODIFIED', pod(`p${frame}`, 7, 'x'));
      vi.advanceTimersByTime(FRAME);
      const changed = index.rows(q).filter((r) => r.cells[1] === '7');
      expect(changed.map((r) => r.key)).toContain(`ns/p${frame}`);
      expect(changed).toHaveLength(frame + 1);
    }
    expect(list).not.toHaveBeenCalled();
    for (const s of sources) s.dispose();
  });
});
