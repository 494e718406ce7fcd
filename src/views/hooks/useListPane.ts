// What every list pane shares: filter text and its line, sort column and order,
// selection and marks, and the list keys. Panes add their own kind-specific keys.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useStdout } from 'ink';
import type { TableColumn, TableRow } from '../../k8s/types.js';
import { nextSortColumn } from '../../state/table.js';
import type { RowSeq } from '../../state/rowlist.js';
import { useFilterMemory, useUIActions } from '../context.js';
import { copyToClipboard } from '../../terminal.js';
import { useRouter } from '../router/react.js';
import { textInputLayer } from '../router/textInput.js';
import { tableWidths, type SortState } from '../Table.js';
import type { Handlers } from './useKeymap.js';
import { useSelection, type Selection } from './useSelection.js';

export interface ListRows {
  /** filtered and sorted, as shown */
  rows: RowSeq<TableRow>;
  /** all rows before filtering */
  total: number;
  /**
   * prepares filtering for up to budgetMs; true when done. Called in slices while the
   * filter line is open, between keys (RowIndex.warmFilter)
   */
  warmFilter?(budgetMs: number): boolean;
}

/**
 * Where the list was last drawn: the selected row's index and the table's height. A
 * pane's rows may skip a re-render for changes that cannot reach the screen from there
 * (a change far below the window); it is read outside render, so it is a ref.
 */
export interface ListView {
  /** counted: the count under the table is shown (the filter line is closed) */
  readonly current: { cursor: number; height: number; counted?: boolean };
}

export interface ListPaneOptions {
  /** the table's columns: sorting cycles through those shown at this width */
  columns: readonly TableColumn[];
  /** the table's width */
  width: number;
  /** lines available to the list: the table and the line under it */
  height: number;
  /** the rows for this filter and sort; may use hooks: it is called once every render */
  useRows(filter: string, sort: SortState, view: ListView): ListRows;
  /** what Y copies for a row (default: its key, namespace/name) */
  copyText?(row: TableRow): string;
  /** keeps the filter across a :ns or :ctx switch under this name */
  memoryKey?: string;
}

export interface ListPane extends ListRows {
  filter: string;
  /** the filter line is open (and has the keyboard) */
  editing: boolean;
  sort: SortState;
  sel: Selection;
  /** lines for the table, header included */
  tableHeight: number;
  /** down, up, pageDown, pageUp, top, bottom, filter, sortPrev/Next/Reverse, mark, back */
  handlers: Handlers;
  /** the table's column widths as last drawn (the table fills it in) */
  widthsRef: { current: readonly number[] | undefined };
}

function remember(memory: Record<string, string> | null, key: string | undefined, filter: string): void {
  if (memory && key) memory[key] = filter;
}

/** how long one slice of warming the filter may hold the thread: a key waits no longer */
const WARM_SLICE_MS = 3;

/** the focus layer id of a list's filter line */
export const FILTER_LINE = 'line:filter';

export function useListPane({ columns, width, height, useRows, memoryKey, copyText }: ListPaneOptions): ListPane {
  const memory = useFilterMemory();
  const ui = useUIActions();
  // the terminal Ink draws on: OSC 52 goes to the user's terminal, between frames
  const stdout = useStdout().stdout as NodeJS.WriteStream;
  const [filter, setShownFilter] = useState(() => (memoryKey && memory?.[memoryKey]) || '');
  const setFilter = (next: string) => {
    remember(memory, memoryKey, next);
    setShownFilter(next);
  };
  const [editing, setEditing] = useState(false);
  const [sort, setSort] = useState<SortState>({ col: 0, desc: false });
  const view = useRef<ListView['current']>({ cursor: 0, height, counted: true });
  const { rows, total, warmFilter } = useRows(filter, sort, view);
  const sel = useSelection(rows);
  const tableHeight = Math.max(2, height - 1);
  useLayoutEffect(() => {
    view.current = { cursor: sel.cursor, height: tableHeight, counted: !editing };
  });
  const page = Math.max(1, tableHeight - 2);

  // the filter line is a focus layer of its own, opened before the next key is read
  const router = useRouter();
  const open = useRef(false);
  const openFilter = () => {
    open.current = true;
    const close = () => {
      open.current = false;
      router.close(FILTER_LINE);
      setEditing(false);
    };
    router.open(FILTER_LINE, textInputLayer({ initial: filter, onChange: setFilter, onSubmit: () => {}, onCancel: () => setFilter('') }, close));
    setEditing(true);
  };
  // while the filter line is open, the rows' filter texts are built a few ms at a time
  // between keys, so the first letter typed does not build them all at once
  const warm = useRef(warmFilter);
  useLayoutEffect(() => {
    warm.current = warmFilter;
  });
  useEffect(() => {
    if (!editing || !warm.current) return;
    let timer: NodeJS.Timeout | undefined;
    const step = () => {
      timer = warm.current && !warm.current(WARM_SLICE_MS) ? setTimeout(step, 0) : undefined;
    };
    timer = setTimeout(step, 0);
    return () => clearTimeout(timer);
  }, [editing]);
  // a pane that goes away takes its open filter line with it
  useLayoutEffect(() => () => void (open.current && router.close(FILTER_LINE)), [router]);
  // never onto a column hidden at this width (as drawn: the widths fit the rows on screen)
  const widthsRef = useRef<readonly number[] | undefined>(undefined);
  const sortBy = (dir: 1 | -1) => {
    const col = nextSortColumn(sort.col, dir, widthsRef.current ?? tableWidths(columns, rows.slice(0, tableHeight), width, sort));
    setSort((s) => ({ col, desc: s.desc }));
  };

  const handlers: Handlers = {
    down: () => sel.moveBy(1),
    up: () => sel.moveBy(-1),
    pageDown: () => sel.moveBy(page),
    pageUp: () => sel.moveBy(-page),
    top: () => sel.moveTo(0),
    bottom: () => sel.moveTo(rows.length - 1),
    filter: openFilter,
    sortPrev: () => sortBy(-1),
    sortNext: () => sortBy(1),
    sortReverse: () => setSort((s) => ({ ...s, desc: !s.desc })),
    mark: () => {
      sel.toggleMark();
      sel.moveBy(1);
    },
    back: () => (filter ? setFilter('') : sel.clearMarks()),
    copy: () => {
      if (!sel.selected) return ui.setStatus('nothing selected to copy', 'warn');
      const r = copyToClipboard(copyText ? copyText(sel.selected) : sel.selected.key, stdout);
      ui.setStatus(r.message, r.ok ? 'ok' : 'warn');
    },
  };
  return { rows, total, filter, editing, sort, sel, tableHeight, handlers, widthsRef };
}
