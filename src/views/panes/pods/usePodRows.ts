import { useMemo } from 'react';
import type { KubeObject, ReadableStore, TableRow } from '../../../k8s/types.js';
import { isGated, podColumns, podRow } from '../../../state/pods.js';
import type { PodGateState } from '../../../state/why/gates.js';
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

/** which pods the pane lists: all, the gated ones, or those whose gates are all ready by rule */
export type PodScope = 'all' | 'gated' | 'ready';
/** where the console's memory keeps the scope across a :ns or :ctx switch (ui.gatedOnly seeds it) */
export const POD_SCOPE_MEMORY = 'pods:scope';
const SCOPES: readonly string[] = ['all', 'gated', 'ready'];
export const podScopeOf = (remembered: string | undefined): PodScope => (remembered && SCOPES.includes(remembered) ? (remembered as PodScope) : 'all');

const GATES = podColumns.findIndex((c) => c.id === 'gates');

/** a gated pod whose every gate is ready by rule: ✓ before its gates, in the ok colour */
function markReady(row: TableRow): TableRow {
  const cells = [...row.cells];
  cells[GATES] = `✓ ${cells[GATES]}`;
  return { ...row, cells, tone: 'ok' };
}

/**
 * Rows are rebuilt only when the store publishes or the coarse clock ticks; filter and
 * sort are re-applied only when they change. Keypresses that move the cursor cost nothing here.
 */
export function usePodRows(store: ReadableStore<KubeObject>, now: number, filter: string, sort: SortState | undefined, scope: PodScope, gates?: ReadonlyMap<string, PodGateState>): PodRows {
  const version = useStore(store);
  const derive = useMemo(() => deriveRows(store, podRow, Date.now), [store]);
  // version stands for the store's contents
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const all = useMemo(() => derive(now), [derive, version, now]);

  const scoped = useMemo(() => {
    const marked = gates ? all.map((row) => (gates.get(row.key)?.ready ? markReady(row) : row)) : all;
    if (scope === 'ready') return marked.filter((row) => gates?.get(row.key)?.ready === true);
    if (scope === 'all') return marked;
    return marked.filter((row) => {
      const pod = store.get(row.key);
      return pod !== undefined && isGated(pod);
    });
  }, [all, scope, gates, store]);
  const filtered = useMemo(() => filterRows(scoped, filter), [scoped, filter]);
  const sorted = useMemo(() => (sort ? sortRows(filtered, sort.col, sort.desc) : filtered), [filtered, sort]);

  return { rows: sorted, total: all.length };
}
