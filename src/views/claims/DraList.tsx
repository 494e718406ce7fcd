// One list of the claims pane: table, filter, sort, marks, and the selected row's
// long fields on the line under it. Sub-views give rows and their own key handlers.
import { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import type { TableColumn, TableRow } from '../../k8s/types.js';
import { sanitize as sanitizeText } from '../../state/sanitize.js';
import { filterRows, sortRows } from '../../state/table.js';
import { useUIActions, useUIState } from '../context.js';
import { FilterLine } from '../FilterLine.js';
import { useKeymap, type Handlers } from '../hooks/useKeymap.js';
import { useSelection, type Selection } from '../hooks/useSelection.js';
import { Table, type SortState } from '../Table.js';
import { useTheme } from '../theme.js';

export interface DraListProps {
  columns: readonly TableColumn[];
  rows: readonly TableRow[];
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
}

export function DraList({ columns, rows: all, width, height, active, empty, details, handlers, onSelected }: DraListProps) {
  const theme = useTheme();
  const ui = useUIActions();
  const { keyCtx } = useUIState();
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState(false);
  const [sort, setSort] = useState<SortState>({ col: 0, desc: false });
  const filtered = useMemo(() => filterRows(all, filter), [all, filter]);
  const rows = useMemo(() => sortRows(filtered, sort.col, sort.desc), [filtered, sort]);
  const sel = useSelection(rows);
  const selectedKey = sel.selected?.key;
  useEffect(() => onSelected?.(selectedKey), [onSelected, selectedKey]);
  const tableHeight = Math.max(2, height - 1);
  const page = Math.max(1, tableHeight - 2);
  const openFilter = (open: boolean) => {
    setEditing(open);
    ui.setCapturing(open);
  };
  const sortBy = (col: number) => setSort((s) => ({ col: (col + columns.length) % columns.length, desc: s.desc }));

  useKeymap({
    scopes: ['global', 'list', 'claims'],
    isActive: active && !editing,
    ctx: keyCtx,
    onUnavailable: (reason) => ui.setStatus(reason, 'warn'),
    handlers: {
      down: () => sel.moveBy(1),
      up: () => sel.moveBy(-1),
      pageDown: () => sel.moveBy(page),
      pageUp: () => sel.moveBy(-page),
      top: () => sel.moveTo(0),
      bottom: () => sel.moveTo(rows.length - 1),
      filter: () => openFilter(true),
      sortPrev: () => sortBy(sort.col - 1),
      sortNext: () => sortBy(sort.col + 1),
      sortReverse: () => setSort((s) => ({ ...s, desc: !s.desc })),
      mark: () => {
        sel.toggleMark();
        sel.moveBy(1);
      },
      back: () => (filter ? setFilter('') : sel.clearMarks()),
      ...handlers(sel),
    },
  });

  const scope = [filter ? `/${filter}` : '', sel.marked.size ? `${sel.marked.size} marked` : ''].filter(Boolean).join('  ');
  const counter = `${scope ? `${scope}  ` : ''}${rows.length.toLocaleString('en-US')} of ${all.length.toLocaleString('en-US')}`;
  return (
    <Box height={height} flexDirection="column" overflowY="hidden">
      <Table columns={columns} rows={rows} cursor={sel.cursor} marked={sel.marked} sort={sort} width={width} height={tableHeight} empty={filter && all.length ? `no rows match /${filter}` : empty} />
      <Box flexGrow={1} />
      {editing ? (
        <FilterLine value={filter} width={width} onChange={setFilter} onSubmit={() => openFilter(false)} onCancel={() => (setFilter(''), openFilter(false))} />
      ) : (
        <Box width={width}>
          <Box flexGrow={1} flexShrink={1}>
            <Text color={theme.warn} wrap="truncate-end">
              {' '}
              {details(sel.selected)}
            </Text>
          </Box>
          <Text dimColor={theme.dim} wrap="truncate-end">
            {' '}
            {counter}
          </Text>
        </Box>
      )}
    </Box>
  );
}

/** What an empty list means: still loading, refused, or really nothing. */
export function emptyText(health: import('../../k8s/types.js').Health, what: string): string {
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
