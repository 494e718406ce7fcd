import { useMemo } from 'react';
import type { KubeObject, ReadableStore, TableRow } from '../../../k8s/types.js';
import { isStaleReleased, pvRowFn, type PvSettings, type StaleReleased } from '../../../state/pvs.js';
import { RowIndex, type RowQuery } from '../../../state/rowindex.js';
import type { RowSeq } from '../../../state/rowlist.js';
import { useStore } from '../../hooks/useStore.js';
import type { SortState } from '../../Table.js';

export interface PvRows {
  /** filtered and sorted, as shown */
  rows: RowSeq<TableRow>;
  /** all volumes in the store */
  total: number;
}

/**
 * The volumes as shown, kept by a RowIndex: a store flush costs the volumes that changed
 * (a row each and a binary search), not a rebuild and re-sort of all. The clock does not
 * rebuild rows: IN PHASE FOR and AGE are live cells, computed by the table for the rows
 * on screen; a tick rebuilds only the rows of the volumes that crossed the Released
 * threshold since the last one (their tone, their ⚠ and the `o` scope change), found by
 * binary search in `stale`.
 */
export function usePvRows(store: ReadableStore<KubeObject>, settings: PvSettings, stale: StaleReleased, now: number, filter: string, sort: SortState, staleOnly: boolean): PvRows {
  const version = useStore(store);
  const threshold = settings.releasedThresholdMs;
  const index = useMemo(() => pvIndex(store, settings, stale), [store, settings, stale]);
  // one function while the scope applies: whether a volume is stale is read when its row
  // is (re)built, and the volumes that cross the threshold are built again at the tick
  const keep = useMemo(() => (staleOnly ? (pv: KubeObject) => isStaleReleased(pv, Date.now(), threshold) : undefined), [staleOnly, threshold]);
  const { col, desc } = sort;
  // version stands for the store's contents
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rows = useMemo(() => index.rows(now, { filter, col, desc, keep }), [index, version, now, filter, col, desc, keep]);
  return { rows, total: store.size };
}

/** the row index and the clock's last tick: a tick builds again the rows of the volumes that crossed the threshold since */
function pvIndex(store: ReadableStore<KubeObject>, settings: PvSettings, stale: StaleReleased) {
  // a row is built at the time it is built (Date.now), once per version of its volume
  const index = new RowIndex(store, pvRowFn(settings));
  let at: number | undefined;
  return {
    rows(now: number, q: RowQuery): RowSeq<TableRow> {
      if (at !== undefined && now > at) index.refresh(stale.crossed(at, now));
      if (at === undefined || now > at) at = now;
      return index.rows(q);
    },
  };
}

/** how many volumes are Released longer than the threshold at `now`, whatever the filter: a binary search */
export function useStaleCount(store: ReadableStore<KubeObject>, stale: StaleReleased, now: number): number {
  const version = useStore(store);
  // version stands for the store's contents
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => stale.count(now), [stale, version, now]);
}
