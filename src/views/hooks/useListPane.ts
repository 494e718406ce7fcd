// What every list pane shares: filter text and its line, sort column and order,
// selection and marks, and the list keys. Panes add their own kind-specific keys.
import { useState } from 'react';
import type { TableRow } from '../../k8s/types.js';
import { useUIActions } from '../context.js';
import type { FilterLineProps } from '../FilterLine.js';
import type { SortState } from '../Table.js';
import { typedAhead } from '../TextLine.js';
import type { Handlers } from './useKeymap.js';
import { useSelection, type Selection } from './useSelection.js';

export interface ListRows {
  /** filtered and sorted, as shown */
  rows: readonly TableRow[];
  /** all rows before filtering */
  total: number;
}

export interface ListPaneOptions {
  /** how many columns sorting cycles through */
  columns: number;
  /** lines available to the list: the table and the line under it */
  height: number;
  /** the rows for this filter and sort; may use hooks: it is called once every render */
  useRows(filter: string, sort: SortState): ListRows;
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
  /** for <FilterLine> while editing */
  filterLine: Omit<FilterLineProps, 'width'>;
}

export function useListPane({ columns, height, useRows }: ListPaneOptions): ListPane {
  const ui = useUIActions();
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState(false);
  const [sort, setSort] = useState<SortState>({ col: 0, desc: false });
  const { rows, total } = useRows(filter, sort);
  const sel = useSelection(rows);
  const tableHeight = Math.max(2, height - 1);
  const page = Math.max(1, tableHeight - 2);

  // told synchronously, so the very next key already skips the global bindings
  const openFilter = (open: boolean, typed?: string) => {
    // text typed together with "/" (one read): "⏎" in it means the filter is done
    const { text, done } = typedAhead(typed);
    if (text !== undefined) setFilter(text);
    const next = open && !done;
    setEditing(next);
    ui.setCapturing(next);
  };
  const sortBy = (col: number) => setSort((s) => ({ col: (col + columns) % columns, desc: s.desc }));

  const handlers: Handlers = {
    down: () => sel.moveBy(1),
    up: () => sel.moveBy(-1),
    pageDown: () => sel.moveBy(page),
    pageUp: () => sel.moveBy(-page),
    top: () => sel.moveTo(0),
    bottom: () => sel.moveTo(rows.length - 1),
    filter: (typed) => openFilter(true, typed),
    sortPrev: () => sortBy(sort.col - 1),
    sortNext: () => sortBy(sort.col + 1),
    sortReverse: () => setSort((s) => ({ ...s, desc: !s.desc })),
    mark: () => {
      sel.toggleMark();
      sel.moveBy(1);
    },
    back: () => (filter ? setFilter('') : sel.clearMarks()),
  };
  const filterLine = {
    value: filter,
    onChange: setFilter,
    onSubmit: () => openFilter(false),
    onCancel: () => {
      setFilter('');
      openFilter(false);
    },
  };
  return { rows, total, filter, editing, sort, sel, tableHeight, handlers, filterLine };
}
