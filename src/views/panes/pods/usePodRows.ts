import { useMemo } from 'react';
import type { KubeObject, ReadableStore, TableRow } from '../../../k8s/types.js';
import { isGated, podColumns, podRow } from '../../../state/pods.js';
import { RowIndex } from '../../../state/rowindex.js';
import type { RowSeq } from '../../../state/rowlist.js';
import { keyOf } from '../../../state/store.js';
import type { SortState } from '../../Table.js';
import { useStore } from '../../hooks/useStore.js';

export interface PodRows {
  /** filtered and sorted, as shown */
  rows: RowSeq<TableRow>;
  /** all pods in the store */
  total: number;
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
  const { live } = row;
  return { ...row, cells: mark(row.cells), live: live && ((now: number) => mark(live(now))), tone: 'ok' };
}

/**
 * The pods as shown, kept by a RowIndex: a store flush costs the pods that changed (a
 * row each and a binary search into the sorted index), not a rebuild and re-sort of all;
 * filter and sort are re-applied only when they change. The clock does not rebuild rows:
 * their ages are live cells, computed by the table for the rows on screen. Keypresses
 * that move the cursor cost nothing here. With gate rules, a change in which pods are
 * ready to ungate builds the index again: their marks changed.
 */
export function usePodRows(store: ReadableStore<KubeObject>, filter: string, sort: SortState | undefined, scope: PodScope, ready?: ReadonlySet<string>): PodRows {
  const version = useStore(store);
  // a row is built at the time it is built (Date.now), once per version of its pod
  const index = useMemo(
    () =>
      new RowIndex(store, (pod, now) => {
        const row = podRow(pod, now);
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
  // version stands for the store's contents
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rows = useMemo(() => index.rows({ filter, col, desc, keep }), [index, version, filter, col, desc, keep]);
  return { rows, total: store.size };
}
