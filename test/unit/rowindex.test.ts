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
