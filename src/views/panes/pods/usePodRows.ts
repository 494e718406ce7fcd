import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { KubeObject, ReadableStore, TableRow } from '../../../k8s/types.js';
import { isGated, podColumns, podRow } from '../../../state/pods.js';
import { RowIndex, type RowQuery, type Touched } from '../../../state/rowindex.js';
import type { RowSeq } from '../../../state/rowlist.js';
import { sortKey } from '../../../state/table.js';
import { keyOf } from '../../../state/store.js';
import type { SortState } from '../../Table.js';
import type { ListView } from '../../hooks/useListPane.js';

export interface PodRows {
  /** filtered and sorted, as shown */
  rows: RowSeq<TableRow>;
  /** all pods in the store */
  total: number;
  warmFilter(budgetMs: number): boolean;
}

/** which pods the pane lists: all, the gated ones, or those whose gates are all ready by rule */
export type PodScope = 'all' | 'gated' | 'ready';
/** where the console's memory keeps the scope across a :ns or :ctx switch (ui.gatedOnly seeds it) */
export const POD_SCOPE_MEMORY = 'pods:scope';
const SCOPES: readonly string[] = ['all', 'gated', 'ready'];
export const podScopeOf = (remembered: string | undefined): PodScope => (remembered && SCOPES.includes(remembered) ? (remembered as PodScope) : 'all');

const GATES = podColumns.findIndex((c) => c.id === 'gates');

const mark = (cells: string[]): string[] => {
  const out = [...cells];
  out[GATES] = `✓ ${out[GATES]}`;
  return out;
};

/** a gated pod whose every gate is ready by rule: ✓ before its gates, in the ok colour */
function markReady(row: TableRow): TableRow {
  // the row's own methods (a pod row's sort keys and live cells are on its class)
  return {
    key: row.key,
    cells: mark(row.cells),
    live: row.live && ((now: number) => mark(row.live!(now))),
    sortAt: (col: number) => sortKey(row, col),
    tone: 'ok',
  };
}

/** whether changes at `t` can move or change a row within a window around the cursor */
export function reachesView(t: Touched, view: { cursor: number; height: number }): boolean {
  if (t === null) return false;
  if (t === 'all') return true;
  // the window holds the cursor: it lies within height rows of it; each splice may have
  // moved the positions after it by one
  const lo = view.cursor - view.height - t.count;
  const hi = view.cursor + view.height + t.count;
  return !(t.hi < lo || t.lo > hi);
}

/**
 * What a flush lets through to a render: a counter that moves when the rows on screen may
 * change, or the count under them. Exported for tests.
 */
export class RenderGate {
  private rows: RowSeq<TableRow> | undefined;
  private size = -1;
  /** the rows found when last let through, and whether that was all of them */
  private found = -1;
  private complete = true;
  private renders = 0;
  constructor(private readonly index: RowIndex) {}

  snapshot(q: RowQuery, size: number, view: ListView['current'] | undefined): number {
    const rows = this.index.rows(q);
    const complete = rows.complete !== false;
    // the same rows can end their pass: the last slice of a filter's pass often finds no
    // match, and then the count it ends must still be drawn
    if (rows === this.rows && size === this.size && complete === this.complete) return this.renders;
    const touched = this.index.takeTouched();
    // never rows.length here: on rows still being filtered it would finish the pass
    const found = rows.found ?? rows.length;
    // the count under the table: it changed, or the pass that counts it ended (shown only with the line closed)
    const counts = !this.rows || size !== this.size || (complete && (found !== this.found || !this.complete) && view?.counted !== false);
    if (counts || !view || reachesView(touched, view)) this.renders++;
    this.rows = rows;
    this.size = size;
    this.found = found;
    this.complete = complete;
    return this.renders;
  }
}

/** how long one slice of the filter's pass may hold the thread between keys */
const FILTER_SLICE_MS = 3;

/**
 * Finishes a filter's pass in slices between keys (RowIndex.filterStep), telling the
 * listeners after each so the gate can let the rows on screen, or the count, through.
 */
class FilterSlices {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  constructor(private readonly index: RowIndex) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** a render may have started a pass: go on with it after this turn */
  kick(): void {
    if (this.timer === undefined && this.index.pending) this.timer = setTimeout(this.step, 0);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly step = () => {
    this.timer = undefined;
    const done = this.index.filterStep(FILTER_SLICE_MS);
    for (const listener of [...this.listeners]) listener();
    if (!done) this.kick();
  };
}

/**
 * The pods as shown, kept by a RowIndex: a store flush costs the pods that changed (a
 * row each and a binary search into the sorted index), not a rebuild and re-sort of all;
 * filter and sort are re-applied only when they change. The clock does not rebuild rows:
 * their ages are live cells, computed by the table for the rows on screen. Keypresses
 * that move the cursor cost nothing here. With gate rules, a change in which pods are
 * ready to ungate builds the index again: their marks changed.
 *
 * A flush whose changes are all far from the window on screen (below it, or above it
 * without moving it: the count is the same) re-renders nothing: under 100 updates a
 * second over 50,000 pods most flushes change rows nobody sees, and each re-render is a
 * whole Ink frame (layout and every line measured) for output that is the same.
 */
export function usePodRows(
  store: ReadableStore<KubeObject>,
  filter: string,
  sort: SortState | undefined,
  scope: PodScope,
  ready?: ReadonlySet<string>,
  view?: ListView,
): PodRows {
  // a row is built at the time it is built (Date.now), once per version of its pod
  const index = useMemo(
    () =>
      new RowIndex(store, (pod, now, key) => {
        const row = podRow(pod, now, key);
        return ready?.has(row.key) ? markReady(row) : row;
      }),
    [store, ready],
  );
  const keep = useMemo(
    () => (scope === 'gated' ? isGated : scope === 'ready' ? (pod: KubeObject) => ready?.has(keyOf(pod)) === true : undefined),
    [scope, ready],
  );
  const col = sort?.col ?? -1;
  const desc = sort?.desc ?? false;
  const gate = useMemo(() => new RenderGate(index), [index]);
  // a filter change finds the rows on screen when they are read, the rest in slices
  const slices = useMemo(() => new FilterSlices(index), [index]);
  const subscribe = useCallback(
    (listener: () => void) => {
      const fromStore = store.subscribe(listener);
      const fromSlices = slices.subscribe(listener);
      return () => {
        fromStore();
        fromSlices();
      };
    },
    [store, slices],
  );
  const q: RowQuery = { filter, col, desc, keep, partial: true };
  useSyncExternalStore(subscribe, () => gate.snapshot(q, store.size, view?.current));
  useEffect(() => slices.kick());
  useEffect(() => () => slices.stop(), [slices]);
  const warmFilter = useCallback((budgetMs: number) => index.warmFilter(budgetMs), [index]);
  return { rows: index.rows(q), total: store.size, warmFilter };
}
