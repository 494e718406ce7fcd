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
  // NaN sorts as a tie, like a missing number
  sort: [obj.metadata.name, Number(obj.spec?.n), String(obj.spec?.label)],
});
const even = (obj: KubeObject) => Number(obj.spec?.n) % 2 === 0;

/** what the pane showed before the index: every row rebuilt, filtered, sorted */
function expected(store: Store, q: RowQuery): string[] {
  const rows = store.list().filter((o) => !q.keep || q.keep(o)).map(toRow);
  return sortRows(filterRows(rows, q.filter), q.col, q.desc).map((r) => r.key);
}

const name = fc.constantFrom('a', 'b', 'c', 'pod-2', 'pod-10', 'Pod-1', 'x-a', 'ab', 'ba', 'z');
const event = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), name, n: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(Number.NaN)), label: fc.constantFrom('ab', 'b', 'A', 'c', '') }),
  fc.record({ kind: fc.constant('delete' as const), name }),
  fc.record({ kind: fc.constant('frame' as const) }),
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
  it('equals a full filter and sort of the store after any events', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 120 }), (events) => {
        const store = new Store({ frameMs: FRAME });
        const index = new RowIndex(store, toRow);
        let q: RowQuery = { filter: '', col: 0, desc: false };
        for (const e of events) {
          if (e.kind === 'put') store.apply('MODIFIED', pod(e.name, e.n, e.label));
          else if (e.kind === 'delete') store.apply('DELETED', pod(e.name, 0, ''));
          else if (e.kind === 'relist') {
            store.listStart();
            store.listPage(e.keep.map((n) => store.get(`ns/${n}`) ?? pod(n, 1, 'ab')));
            store.listDone(String(rv));
          } else if (e.kind === 'query') q = { filter: e.filter, col: e.col, desc: e.desc, keep: e.gated ? even : undefined };
          else vi.advanceTimersByTime(FRAME);
          expect(index.rows(q).map((r) => r.key)).toEqual(expected(store, q));
        }
        store.dispose();
      }),
      { numRuns: 300 },
    );
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
      expect(index.rows(q).map((r) => r.key)).toEqual(expected(store, q));
      for (let i = 0; i < 1000; i += 3) store.apply('MODIFIED', pod(`p${i}`, (i * 5) % 11, 'x'));
      for (let i = 1; i < 1000; i += 10) store.apply('DELETED', pod(`p${i}`, 0, 'x'));
      for (let i = 1000; i < 1300; i++) store.apply('ADDED', pod(`p${i}`, i % 4, 'x'));
      vi.advanceTimersByTime(FRAME);
      expect(index.rows(q).map((r) => r.key)).toEqual(expected(store, q));
    }
    store.dispose();
  });

  // the session's pods store is a union of scopes (one cluster-wide, or one per namespace)
  describe('over a union of per-namespace stores', () => {
    const inNs = (ns: string, name: string, n: number): KubeObject => ({ ...pod(name, n, 'x'), metadata: { name, namespace: ns, resourceVersion: String(++rv) } });
    const nsRow = (obj: KubeObject): TableRow => ({ ...toRow(obj), key: `${obj.metadata.namespace}/${obj.metadata.name}` });

    it('equals a full sort of the union after any events in either scope', () => {
      fc.assert(
        fc.property(fc.array(fc.record({ scope: fc.integer({ min: 0, max: 1 }), name, n: fc.integer({ min: 0, max: 3 }), del: fc.boolean(), frame: fc.boolean() }), { maxLength: 80 }), fc.integer({ min: -1, max: 1 }), (events, col) => {
          const stores = [new Store({ frameMs: FRAME }), new Store({ frameMs: FRAME })];
          const union = new UnionStore();
          union.setSources(stores);
          const index = new RowIndex(union, nsRow);
          const q = { filter: '', col, desc: false };
          for (const e of events) {
            const obj = inNs(e.scope ? 'b' : 'a', e.name, e.n);
            stores[e.scope]!.apply(e.del ? 'DELETED' : 'MODIFIED', obj);
            if (e.frame) vi.advanceTimersByTime(FRAME);
            expect(index.rows(q).map((r) => r.key)).toEqual(sortRows(union.list().map(nsRow), col, false).map((r) => r.key));
          }
          for (const s of stores) s.dispose();
        }),
        { numRuns: 200 },
      );
    });

    it('rebuilds only the rows of objects that changed', () => {
      const stores = [new Store({ frameMs: FRAME }), new Store({ frameMs: FRAME })];
      const union = new UnionStore();
      union.setSources(stores);
      const built: string[] = [];
      const index = new RowIndex(union, (obj) => (built.push(obj.metadata.name), nsRow(obj)));
      for (let i = 0; i < 1000; i++) stores[i % 2]!.apply('ADDED', inNs(i % 2 ? 'b' : 'a', `p${i}`, i % 3));
      vi.advanceTimersByTime(FRAME);
      const q = { filter: '', col: 1, desc: false };
      expect(index.rows(q)).toHaveLength(1000);
      built.length = 0;
      stores[1]!.apply('MODIFIED', inNs('b', 'p5', 7));
      stores[0]!.apply('DELETED', inNs('a', 'p6', 0));
      vi.advanceTimersByTime(FRAME);
      const rows = index.rows(q);
      expect(built).toEqual(['p5']);
      expect(rows).toHaveLength(999);
      expect(rows.at(-1)!.key).toBe('b/p5');
      for (const s of stores) s.dispose();
    });
  });
});
