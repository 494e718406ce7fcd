// One list of the claims pane: table, filter, sort, marks, and the selected row's
// long fields on the line under it. Sub-views give rows and their own key handlers.
import { useEffect, useMemo } from 'react';
import type { TableColumn, TableRow } from '../../../k8s/types.js';
import { sanitize as sanitizeText } from '../../../state/sanitize.js';
import { filterRows, sortRows } from '../../../state/table.js';
import { useUIActions, useUIState } from '../../context.js';
import { useKeymap, type Handlers } from '../../hooks/useKeymap.js';
import { useListPane, type ListRows } from '../../hooks/useListPane.js';
import type { Selection } from '../../hooks/useSelection.js';
import { ListBody } from '../../ListBody.js';
import type { SortState } from '../../Table.js';
import type { KeyContext } from '../../keys.js';

export interface DraListProps {
  columns: readonly TableColumn[];
  /** every row, filtered and sorted here; or */
  rows?: readonly TableRow[];
  /** the rows for this filter and sort, kept by the view (a row index); a hook: called once every render */
  useRows?(filter: string, sort: SortState): ListRows;
  /** the time live cells (ages) are shown at; see TableRow.live */
  now?: number;
  width: number;
  height: number;
  active: boolean;
  empty: string;
  /** the selected row's long fields */
  details(selected: TableRow | undefined): string;
  /** the sub-view's own keys (and the pane's view switching) */
  handlers(sel: Selection): Handlers;
  /** told when the selected row changes (e.g. to fetch its events) */
  onSelected?(key: string | undefined): void;
  /** the access answers of this list's actions, added to the console's key context */
  access?: Partial<KeyContext>;
}

const NONE: readonly TableRow[] = [];

export function DraList({ columns, rows: all = NONE, useRows, now, width, height, active, empty, details, handlers, onSelected, access }: DraListProps) {
  const ui = useUIActions();
  const { keyCtx: base } = useUIState();
  const keyCtx = useMemo<KeyContext>(() => ({ ...base, ...access }), [base, access]);
  const useAll = (filter: string, sort: SortState) => useFilteredRows(all, filter, sort);
  const list = useListPane({ columns: columns, width, height, useRows: useRows ?? useAll });
  const { sel, filter } = list;
  const selectedKey = sel.selected?.key;
  useEffect(() => onSelected?.(selectedKey), [onSelected, selectedKey]);

  useKeymap({
    scopes: ['global', 'list', 'claims'],
    isActive: active && !list.editing,
    ctx: keyCtx,
    onUnavailable: (reason) => ui.setStatus(reason, 'warn'),
    handlers: { ...list.handlers, ...handlers(sel) },
  });

  return <ListBody list={list} columns={columns} width={width} height={height} empty={filter && list.total ? `no rows match /${filter}` : empty} details={details(sel.selected)} now={now} />;
}

function useFilteredRows(all: readonly TableRow[], filter: string, sort: SortState) {
  const filtered = useMemo(() => filterRows(all, filter), [all, filter]);
  const rows = useMemo(() => sortRows(filtered, sort.col, sort.desc), [filtered, sort]);
  return { rows, total: all.length };
}

/** What an empty list means: still loading, refused, or really nothing. */
export function emptyText(health: import('../../../k8s/types.js').Health, what: string): string {
  switch (health.state) {
    case 'syncing':
      return `loading ${what}…`;
    case 'forbidden':
    case 'unauthorized':
    case 'unavailable':
      return `${what}: ${health.state}: ${sanitizeText(health.message)}`;
    default:
      return `no ${what} in this scope`;
  }
}
