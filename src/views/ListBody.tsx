import { Box, Text } from 'ink';
import type { TableColumn } from '../k8s/types.js';
import { FilterLine } from './FilterLine.js';
import type { ListPane } from './hooks/useListPane.js';
import { Table } from './Table.js';
import { useTheme } from './theme.js';

export interface ListBodyProps {
  list: ListPane;
  columns: readonly TableColumn[];
  width: number;
  height: number;
  /** shown instead of rows when there are none */
  empty: string;
  /** the selected row's long fields, on the line under the table */
  details: string;
  /** the pane's own scope words ("gated only"), shown before the filter and marks */
  scope?: readonly string[];
  /** shown before the scope words (a warning count) */
  notice?: string;
  /** the time live cells (ages) are shown at; see TableRow.live */
  now?: number;
  /** instead of `now`: the table keeps the live cells' time itself (see Table's liveStepMs) */
  liveStepMs?: number;
}

const n = (x: number) => x.toLocaleString('en-US');

/** "/text  2 marked  5 of 9", the pane's own scope words first; "counting… of 9" while the filter's pass finishes */
export function counterText(list: Pick<ListPane, 'filter' | 'sel' | 'rows' | 'total'>, scope: readonly string[] = [], notice = ''): string {
  const words = [...scope, list.filter ? `/${list.filter}` : '', list.sel.marked.size ? `${list.sel.marked.size} marked` : ''].filter(Boolean).join('  ');
  // never a number that is not the count yet (and not a read that would finish the pass now)
  const count = list.rows.complete === false ? 'counting…' : n(list.rows.length);
  return `${notice}${words ? `${words}  ` : ''}${count} of ${n(list.total)}`;
}

/** A list pane's body: the table, then the filter line or the details and counter. */
export function ListBody({ list, columns, width, height, empty, details, scope, notice, now, liveStepMs }: ListBodyProps) {
  const theme = useTheme();
  return (
    <Box height={height} flexDirection="column" overflowY="hidden">
      <Table columns={columns} rows={list.rows} cursor={list.sel.cursor} marked={list.sel.marked} sort={list.sort} width={width} height={list.tableHeight} empty={empty} now={now} liveStepMs={liveStepMs} widthsRef={list.widthsRef} />
      <Box flexGrow={1} />
      {list.editing ? (
        <FilterLine width={width} value={list.filter} />
      ) : (
        <Box width={width}>
          <Box flexGrow={1} flexShrink={1}>
            <Text color={theme.warn} wrap="truncate-end">
              {' '}
              {details}
            </Text>
          </Box>
          <Text dimColor={theme.dim} wrap="truncate-end">
            {' '}
            {counterText(list, scope, notice)}
          </Text>
        </Box>
      )}
    </Box>
  );
}
