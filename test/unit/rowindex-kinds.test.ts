// The row index with the other panes' rows (volumes, claims with the pods' side of their
// rows, server Table rows): after any sequence of watch events, relists, pod events and
// queries it shows what a full rebuild, filter and sort of every object would.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { KubeObject, ReadableStore, TableRow } from '../../src/k8s/types.js';
import { ClaimContextIndex, claimContext, claimRow } from '../../src/state/claims.js';
import { pvRow, type PvSettings } from '../../src/state/pvs.js';
import { RowIndex, type RowQuery } from '../../src/state/rowindex.js';
import { ServerTableStore, tableLayout, tableRow } from '../../src/state/servertable.js';
import { Store } from '../../src/state/store.js';
import { filterRows, sortRows } from '../../src/state/table.js';
import type { ServerRow } from '../../src/k8s/types.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const FRAME = 10;
const NOW = Date.parse('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
let rv = 0;
const NAMES = ['a', 'b', 'c', 'pod-2', 'pod-10', 'Pod-1', 'x-a', 'ab', 'ba', 'z'];
const name = fc.constantFrom(...NAMES);
const settings: PvSettings = { releasedThresholdMs: 24 * HOUR, customFinalizer: 'example.com/x' };

interface Kind {
  title: string;
  store(): Store;
  /** an object of this kind from the generated fields */
  object(name: string, n: number, label: string): KubeObject;
  /** the key the store gives it */
  key(name: string): string;
  toRow(obj: KubeObject, now: number): TableRow;
  columns: number;
}

const PHASES = ['Available', 'Bound', 'Released', 'Failed', ''];
const volumes: Kind = {
  title: 'volumes',
  store: () => new Store({ frameMs: FRAME }),
  object: (n, i, label) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: n, resourceVersion: String(++rv), creationTimestamp: new Date(NOW - i * HOUR).toISOString() },
    spec: { capacity: { storage: `${i}Gi` }, persistentVolumeReclaimPolicy: label || 'Retain', ...(label ? { claimRef: { namespace: 'web', name: label } } : {}) },
    status: { phase: PHASES[i % PHASES.length], ...(i % 3 ? { lastPhaseTransitionTime: new Date(NOW - i * 10 * HOUR).toISOString() } : {}) },
  }),
  key: (n) => n,
  toRow: (obj, now) => pvRow(obj, now, settings),
  columns: 10,
};

const claims: Kind = {
  title: 'claims',
  store: () => new Store({ frameMs: FRAME }),
  object: (n, i, label) => ({
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaim',
    metadata: { namespace: 'ml', name: n, uid: `c-${n}`, resourceVersion: String(++rv), creationTimestamp: new Date(NOW - i * HOUR).toISOString() },
    spec: { devices: { requests: [{ name: 'r', exactly: { deviceClassName: label || 'gpu' } }] } },
    status:
      i % 2
        ? { allocation: { devices: { results: [{ request: 'r', driver: 'd', pool: 'p', device: `g${i}` }] } }, reservedFor: [{ resource: 'pods', name: `pod-${i}`, uid: `p-${i}` }] }
        : {},
  }),
  key: (n) => `ml/${n}`,
  toRow: () => {
    throw new Error('built with the pods context');
  },
  columns: 9,
};

const LAYOUT = tableLayout(
  [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Ready', type: 'string', priority: 0 },
    { name: 'Replicas', type: 'integer', priority: 0 },
    { name: 'Age', type: 'string', priority: 0 },
  ],
  { wide: false, namespaceColumn: true },
);
const tables: Kind = {
  title: 'server Table rows',
  store: () => new ServerTableStore({ frameMs: FRAME }),
  object: (n, i, label) => ({
    apiVersion: 'meta.k8s.io/v1',
    kind: 'PartialObjectMetadata',
    metadata: { namespace: label || 'web', name: n, uid: `uid-${n}`, resourceVersion: String(++rv), creationTimestamp: new Date(NOW - i * HOUR).toISOString() },
    cells: [n, `${i}/3`, i, '1h'],
  }),
  key: (n) => `uid-${n}`,
  toRow: (obj, now) => tableRow(obj as ServerRow, LAYOUT, now),
  columns: 4,
};

const put = fc.record({ kind: fc.constant('put' as const), name, n: fc.integer({ min: 0, max: 6 }), label: fc.constantFrom('ab', 'b', 'A', 'c', '') });
const events = (columns: number) =>
  fc.array(
    fc.oneof(
      put,
      fc.record({ kind: fc.constant('delete' as const), name }),
      fc.record({ kind: fc.constant('frame' as const) }),
      fc.record({ kind: fc.constant('relist' as const), keep: fc.subarray(NAMES) }),
      fc.record({ kind: fc.constant('query' as const), filter: fc.constantFrom('', 'a', 'ab', '!a', 'b', 'pod', '!', 'released', 'gpu'), col: fc.integer({ min: 0, max: columns - 1 }), desc: fc.boolean() }),
      // the pods the claims' rows read: one comes (uid p-N), one goes, the pods store syncs or not
      fc.record({ kind: fc.constant('pod' as const), n: fc.integer({ min: 0, max: 6 }), present: fc.boolean(), claim: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }) }),
      fc.record({ kind: fc.constant('podsSynced' as const), synced: fc.boolean() }),
    ),
    { maxLength: 100 },
  );

function run(kind: Kind, list: fc.Arbitrary<unknown>[] extends never ? never : ReturnType<typeof events> extends fc.Arbitrary<infer E> ? E : never) {
  const store = kind.store();
  const pods = new Store({ frameMs: FRAME });
  const context = kind === claims ? new ClaimContextIndex(pods, store) : undefined;
  const toRow = context ? (obj: KubeObject, now: number) => claimRow(obj, now, context.ctx) : kind.toRow;
  const index = new RowIndex(store as ReadableStore<KubeObject>, toRow, () => NOW);
  let q: RowQuery = { filter: '', col: 0, desc: false };
  const expected = () => {
    const ctx = claimContext(pods.health.state === 'synced' ? pods.list() : null);
    const rows = store.list().map((o) => (kind === claims ? claimRow(o, NOW, ctx) : kind.toRow(o, NOW)));
    return sortRows(filterRows(rows, q.filter), q.col, q.desc).map((r) => [r.key, ...r.cells]);
  };
  for (const e of list) {
    if (e.kind === 'put') store.apply('MODIFIED', kind.object(e.name, e.n, e.label));
    else if (e.kind === 'delete') store.apply('DELETED', kind.object(e.name, 0, ''));
    else if (e.kind === 'relist') {
      store.listStart();
      store.listPage(e.keep.map((n) => store.get(kind.key(n)) ?? kind.object(n, 1, 'ab')));
      store.listDone(String(rv));
    } else if (e.kind === 'query') q = { filter: e.filter, col: e.col, desc: e.desc };
    else if (e.kind === 'pod') {
      const pod: KubeObject = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { namespace: 'ml', name: `pod-${e.n}`, uid: `p-${e.n}`, resourceVersion: String(++rv) },
        status: e.claim ? { resourceClaimStatuses: [{ name: 'r', resourceClaimName: e.claim }] } : {},
      };
      pods.apply(e.present ? 'MODIFIED' : 'DELETED', pod);
    } else if (e.kind === 'podsSynced') pods.setHealth(e.synced ? { state: 'synced', count: 0, since: NOW } : { state: 'syncing', count: 0 });
    else vi.advanceTimersByTime(FRAME);
    if (context) {
      const changed = context.update();
      if (changed === 'all') index.invalidate();
      else index.refresh(changed);
    }
    expect(index.rows(q).slice().map((r) => [r.key, ...r.cells])).toEqual(expected());
  }
  store.dispose();
  pods.dispose();
}

describe('RowIndex over every row kind', () => {
  for (const kind of [volumes, claims, tables]) {
    it(`${kind.title}: equals a full rebuild, filter and sort after any events`, () => {
      fc.assert(
        fc.property(events(kind.columns), (list) => run(kind, list)),
        { numRuns: 150 },
      );
    });
  }

  it('refresh builds the named rows again though their objects did not change', () => {
    const store = new Store({ frameMs: FRAME });
    let label = 'x';
    const built: string[] = [];
    const index = new RowIndex(store, (obj) => (built.push(obj.metadata.name), { key: obj.metadata.name, cells: [obj.metadata.name, label] }), () => NOW);
    for (const n of ['a', 'b', 'c']) store.apply('ADDED', { apiVersion: 'v1', kind: 'X', metadata: { name: n, resourceVersion: '1' } });
    vi.advanceTimersByTime(FRAME);
    const q = { filter: 'y', col: 1, desc: false };
    expect(index.rows(q).length).toBe(0);
    built.length = 0;
    label = 'y';
    index.refresh(['b']);
    expect(index.rows(q).slice().map((r) => r.key)).toEqual(['b']);
    expect(built).toEqual(['b']);
    index.invalidate();
    expect(index.rows(q).slice().map((r) => r.key)).toEqual(['a', 'b', 'c']);
    store.dispose();
  });
});
