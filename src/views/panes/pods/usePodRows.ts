import { useMemo } from 'react';
import type { KubeObject, ReadableStore, TableRow } from '../../../k8s/types.js';
import { isGated, podRow } from '../../../state/pods.js';
import { RowIndex } from '../../../state/rowindex.js';
import type { SortState } from '../../Table.js';
import { useStore } from '../../hooks/useStore.js';

export interface PodRows {
  /** filtered and sorted, as shown */
  rows: readonly TableRow[];
  /** all pods in the store */
  total: number;
}

/**
 * The pods as shown, kept by a RowIndex: a store flush costs the pods that changed (a
 * row each and a binary search into the sorted index), not a rebuild and re-sort of all;
 * filter and sort are re-applied only when they change. The clock does not rebuild rows:
 * their ages are live cells, computed by the table for the rows on screen. Keypresses
 * that move the cursor cost nothing here.
 */
export function usePodRows(store: ReadableStore<KubeObject>, filter: string, sort: SortState | undefined, gatedOnly: boolean): PodRows {
  const version = useStore(store);
  // a row is built at the time it is built (Date.now), once per version of its pod
  const index = useMemo(() => new RowIndex(store, podRow), [store]);
  const col = sort?.col ?? -1;
  const desc = sort?.desc ?? false;
  // version stands for the store's contents
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rows = useMemo(() => index.rows({ filter, col, desc, keep: gatedOnly ? isGated : undefined }), [index, version, filter, col, desc, gatedOnly]);
  return { rows, total: store.size };
}
