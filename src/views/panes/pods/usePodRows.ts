import { useMemo } from 'react';
import type { KubeObject, ReadableStore, TableRow } from '../../../k8s/types.js';
import { isGated, podRow } from '../../../state/pods.js';
import { deriveRows } from '../../../state/store.js';
import { filterRows, sortRows } from '../../../state/table.js';
import type { SortState } from '../../Table.js';
import { useStore } from '../../hooks/useStore.js';

export interface PodRows {
  /** filtered and sorted, as shown */
  rows: readonly TableRow[];
  /** all pods in the store */
  total: number;
}

/**
 * Rows are rebuilt only when the store publishes, and then only for the pods that
 * changed; filter and sort are re-applied only when they change. The clock does not
 * rebuild rows: their ages are live cells, computed by the table for the rows on screen.
 * Keypresses that move the cursor cost nothing here.
 */
export function usePodRows(store: ReadableStore<KubeObject>, filter: string, sort: SortState | undefined, gatedOnly: boolean): PodRows {
  const version = useStore(store);
  // a row is built at the time it is built (Date.now), once per version of its pod
  const derive = useMemo(() => deriveRows(store, podRow, Date.now), [store]);
  // version stands for the store's contents
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const all = useMemo(() => derive(0), [derive, version]);

  const scoped = useMemo(() => {
    if (!gatedOnly) return all;
    return all.filter((row) => {
      const pod = store.get(row.key);
      return pod !== undefined && isGated(pod);
    });
  }, [all, gatedOnly, store]);
  const filtered = useMemo(() => filterRows(scoped, filter), [scoped, filter]);
  const sorted = useMemo(() => (sort ? sortRows(filtered, sort.col, sort.desc) : filtered), [filtered, sort]);

  return { rows: sorted, total: all.length };
}
