import { useMemo } from 'react';
import type { KubeObject, ReadableStore, TableRow } from '../../../k8s/types.js';
import { isStaleReleased, pvRowFn, type PvSettings } from '../../../state/pvs.js';
import { deriveRows } from '../../../state/store.js';
import { filterRows, sortRows } from '../../../state/table.js';
import { useStore } from '../../hooks/useStore.js';
import type { SortState } from '../../Table.js';

/** Rows rebuilt only when the store publishes or the coarse clock ticks; filter and sort only when they change. */
export function usePvRows(store: ReadableStore<KubeObject>, settings: PvSettings, now: number, filter: string, sort: SortState, staleOnly: boolean) {
  const version = useStore(store);
  const derive = useMemo(() => deriveRows(store, pvRowFn(settings), Date.now), [store, settings]);
  // version stands for the store's contents
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const all = useMemo(() => derive(now), [derive, version, now]);
  const scoped = useMemo(() => {
    if (!staleOnly) return all;
    return all.filter((row) => {
      const pv = store.get(row.key);
      return pv !== undefined && isStaleReleased(pv, now, settings.releasedThresholdMs);
    });
  }, [all, staleOnly, store, now, settings]);
  const filtered = useMemo(() => filterRows(scoped, filter), [scoped, filter]);
  const rows: readonly TableRow[] = useMemo(() => sortRows(filtered, sort.col, sort.desc), [filtered, sort]);
  return { rows, total: all.length };
}
