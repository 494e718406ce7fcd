import { memo, useCallback, useMemo, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { TableColumn, TableRow } from '../k8s/types.js';
import { COLUMN_GAP, fitColumns, formatCell, sortedTitle } from '../state/table.js';
import type { RowSeq } from '../state/rowlist.js';
export { nextLiveChange } from './RedrawAt.js';
import { nextLiveChange, RedrawAt } from './RedrawAt.js';
import { toneStyle, useTheme } from './theme.js';

export interface SortState {
  col: number;
  desc: boolean;
}

export interface TableProps {
  columns: readonly TableColumn[];
  /** already filtered and sorted */
  rows: RowSeq<TableRow>;
  cursor: number;
  marked: ReadonlySet<string>;
  sort?: SortState;
  width: number;
  /** lines available, header included */
  height: number;
  /** shown instead of rows when there are none */
  empty?: string;
  /** the time the rows' live cells (ages) are shown at; their built cells when not given */
  now?: number;
  /**
   * Instead of `now`: the table keeps the time of the live cells itself, drawing them at
   * the time of each render, and redraws on its own only when the text of a live cell on
   * screen changes, at most once per this many ms (an idle screen of old pods: never).
   */
  liveStepMs?: number;
  /** told the column widths of each render (0 = hidden): what sorting may cycle through */
  widthsRef?: { current: readonly number[] | undefined };
}

/** cursor, mark and a space before the cells */
const PREFIX = 3;
const GAP = ' '.repeat(COLUMN_GAP);

/** First visible row: moves only as far as needed to keep the cursor in view. */
export function scrollWindow(offset: number, cursor: number, count: number, body: number): number {
  let next = offset;
  if (cursor < next) next = cursor;
  if (cursor >= next + body) next = cursor - body + 1;
  return Math.max(0, Math.min(next, count - body));
}

/** the cells of a row as shown at `now` */
export function shownCells(row: TableRow, now: number | undefined): readonly string[] {
  return row.live && now !== undefined ? row.live(now) : row.cells;
}

/** the column widths Table uses for these rows (0 = hidden at this width): sorting skips hidden ones */
export function tableWidths(columns: readonly TableColumn[], rows: readonly { readonly cells: readonly string[] }[], width: number, sort?: SortState): number[] {
  const titled = columns.map((c, i) => (sort && sort.col === i ? { ...c, title: `${c.title}${sortIndicator(sort.desc)}` } : c));
  return fitColumns(titled, rows, width - PREFIX);
}

/**
 * A table line as handed to Ink: one string, its trailing blanks dropped unless the line
 * is the highlighted one (inverse spans the whole width). Ink tokenizes every character
 * it is given, every frame, and its screen is blank where nothing was written, so the
 * padding of the last columns costs time and shows nothing. Never empty: an empty
 * <Text> has no height and the rows below would move up.
 */
export function shownLine(text: string, highlighted: boolean): string {
  return highlighted ? text : text.trimEnd() || ' ';
}

export function sortIndicator(desc: boolean): string {
  return desc ? '▼' : '▲';
}

/**
 * A windowed table: only the rows in view are rendered, and the columns are fitted to
 * them, so a keypress or a clock tick costs the same with 50 rows or 50,000.
 */
export const Table = memo(function Table({ columns, rows, cursor, marked, sort, width, height, empty, now: given, liveStepMs, widthsRef }: TableProps) {
  const theme = useTheme();
  const [, setTick] = useState(0);
  const redraw = useCallback(() => setTick((n) => n + 1), []);
  const offsetRef = useRef(0);
  const body = Math.max(1, height - 1);

  const titles = useMemo(
    () => columns.map((c, i) => (sort && sort.col === i ? `${c.title}${sortIndicator(sort.desc)}` : c.title)),
    [columns, sort],
  );

  // rows still being filtered are read only as far as the window: the count matters only
  // when the window reaches the end
  const from = scrollWindow(offsetRef.current, cursor, Infinity, body);
  const offset = rows.at(from + body - 1) !== undefined ? from : scrollWindow(offsetRef.current, cursor, rows.length, body);
  offsetRef.current = offset;
  const visible = rows.slice(offset, offset + body);
  // the live cells as of this render; the table renders again when one on screen changes
  const now = given ?? (liveStepMs !== undefined ? Date.now() : undefined);
  const cells = visible.map((row) => shownCells(row, now));
  const clock = given === undefined && now !== undefined ? liveStepMs : undefined;
  // titles carry the indicator so the sorted column is fitted wide enough to show it
  const widths = tableWidths(
    columns,
    cells.map((c) => ({ cells: c })),
    width,
    sort,
  );
  if (widthsRef) widthsRef.current = widths;

  const line = (cells: readonly string[], header = false) =>
    columns
      .map((c, i) => {
        if (widths[i] <= 0) return null;
        // a cut header keeps its ▲/▼
        const text = header && sort?.col === i ? sortedTitle(c.title, sortIndicator(sort.desc), widths[i]) : (cells[i] ?? '');
        return formatCell(text, widths[i], c.align ?? 'left');
      })
      .filter((s): s is string => s !== null)
      .join(GAP);

  return (
    <Box flexDirection="column" width={width}>
      {clock !== undefined ? <RedrawAt stepMs={clock} at={now!} next={nextLiveChange(visible, cells, now!)} onDue={redraw} /> : null}
      <Text bold wrap="truncate-end">
        {shownLine(' '.repeat(PREFIX) + line(titles, true), false)}
      </Text>
      {visible.length === 0 && empty ? (
        <Text dimColor={theme.dim} wrap="truncate-end">
          {' '.repeat(PREFIX)}
          {empty}
        </Text>
      ) : null}
      {visible.map((row, i) => {
        const index = offset + i;
        const selected = index === cursor;
        const prefix = `${selected ? '>' : ' '}${marked.has(row.key) ? '*' : ' '} `;
        return (
          <Text key={row.key} {...toneStyle(theme, row.tone)} inverse={selected && theme.inverse} wrap="truncate-end">
            {shownLine(prefix + line(cells[i]!), selected)}
          </Text>
        );
      })}
    </Box>
  );
});
