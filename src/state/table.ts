// Pure selectors over TableRow[]: filter, sort, fit to the terminal width.
// They run on every keystroke over up to 50,000 rows, so per-row work is cached by
// row identity (rows are immutable; deriveRows keeps them while objects are unchanged).
import type { TableColumn, TableRow } from '../k8s/types.js';
import { displayWidth, truncate } from './width.js';

export { displayWidth, formatCell, truncate } from './width.js';

/** Spaces between two columns. */
export const COLUMN_GAP = 2;

const haystacks = new WeakMap<TableRow, string>();

/** the text a filter looks for its needle in: every cell, lowercased */
export function filterText(row: TableRow): string {
  return row.cells.join('\n').toLowerCase();
}

function haystack(row: TableRow): string {
  let h = haystacks.get(row);
  if (h === undefined) haystacks.set(row, (h = filterText(row)));
  return h;
}

/** a filter as typed: "!text" keeps rows that do not match */
export function parseFilter(filter: string): { needle: string; invert: boolean } {
  const invert = filter.startsWith('!');
  return { needle: (invert ? filter.slice(1) : filter).toLowerCase(), invert };
}

/** whether the row passes the filter (see filterRows) */
export function rowMatches(row: TableRow, filter: string): boolean {
  const { needle, invert } = parseFilter(filter);
  return needle === '' || haystack(row).includes(needle) !== invert;
}

/**
 * Case-insensitive substring match against any cell; "!text" keeps rows that do
 * not match. An empty filter returns the same array.
 */
export function filterRows(rows: readonly TableRow[], filter: string): readonly TableRow[] {
  const { needle, invert } = parseFilter(filter);
  if (needle === '') return rows;
  return rows.filter((row) => haystack(row).includes(needle) !== invert);
}

// Natural order ("pod-2" before "pod-10"), case-insensitive.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** the value a row sorts by in a column: row.sortAt or row.sort when present, else the cell */
export function sortKey(row: TableRow, columnIndex: number): string | number {
  if (row.sortAt) return row.sortAt(columnIndex);
  return row.sort?.[columnIndex] ?? row.cells[columnIndex] ?? '';
}

/**
 * numbers numerically and before strings, strings in natural order; NaN (a number that
 * is missing) after every other number. A total order: an order where NaN tied with
 * everything was not transitive (1 < 2, yet both "equal" NaN), so a sorted index and a
 * full sort could disagree.
 */
export function compareKeys(ka: string | number, kb: string | number): number {
  if (typeof ka === 'number' && typeof kb === 'number') {
    const na = Number.isNaN(ka);
    const nb = Number.isNaN(kb);
    return na || nb ? Number(na) - Number(nb) : ka === kb ? 0 : ka < kb ? -1 : 1;
  }
  if (typeof ka === 'number') return -1;
  if (typeof kb === 'number') return 1;
  return ka === kb ? 0 : collator.compare(ka, kb);
}

/**
 * Stable sort by one column; uses row.sort when present, numbers numerically and
 * before strings. Returns a new array.
 */
export function sortRows(rows: readonly TableRow[], columnIndex: number, descending = false): TableRow[] {
  const n = rows.length;
  const keys = new Array<string | number>(n);
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    keys[i] = sortKey(rows[i]!, columnIndex);
    order[i] = i;
  }
  const dir = descending ? -1 : 1;
  order.sort((a, b) => {
    const c = compareKeys(keys[a]!, keys[b]!);
    // ties keep their original order in both directions
    return c !== 0 ? c * dir : a - b;
  });
  return order.map((i) => rows[i]!);
}

/**
 * The widest a cell derived from an object may be: a 1 MiB name must not cost a
 * 1 MiB string per row, per frame or per printed line. Longer cells end with "…".
 */
export const MAX_CELL_WIDTH = 256;

/** A cell cut to MAX_CELL_WIDTH; short cells (the usual case) are returned as they are. */
export function capCell(text: string): string {
  return text.length * 2 <= MAX_CELL_WIDTH ? text : truncate(text, MAX_CELL_WIDTH);
}

/**
 * Per-column widths (0 = column hidden) whose sum plus gaps fits `width`.
 * Columns are dropped, highest priority number first, while even their minimum
 * widths do not fit; what remains too wide is then shrunk (widest first) and cut
 * with "…" by formatCell. Pass the rows that will be shown (the visible window): widths
 * follow content.
 */
export function fitColumns(columns: readonly TableColumn[], rows: readonly { readonly cells: readonly string[] }[], width: number): number[] {
  const natural = columns.map((col, i) => {
    let w = displayWidth(col.title);
    for (const row of rows) {
      const cell = row.cells[i];
      // a cell is at most two cells wide per code unit: skip measuring short ones
      if (cell !== undefined && cell.length * 2 > w) w = Math.max(w, displayWidth(cell));
    }
    return w;
  });
  const minimum = natural.map((w, i) => Math.min(w, columns[i].minWidth ?? w));
  const shown = columns.map(() => true);
  const total = (ws: number[]) => {
    let sum = 0;
    let count = 0;
    ws.forEach((w, i) => {
      if (shown[i]) {
        sum += w;
        count++;
      }
    });
    return sum + Math.max(0, count - 1) * COLUMN_GAP;
  };

  // Drop the least important columns until the minimum layout fits; ties drop
  // the rightmost first. Always keep one column.
  while (total(minimum) > width && shown.filter(Boolean).length > 1) {
    let victim = -1;
    columns.forEach((col, i) => {
      if (shown[i] && (victim < 0 || (col.priority ?? 0) >= (columns[victim].priority ?? 0))) victim = i;
    });
    shown[victim] = false;
  }

  const widths = natural.map((w, i) => (shown[i] ? w : 0));
  // Shrink the widest shrinkable column one cell at a time toward its minimum, then
  // (if needed) any column, so the layout always fits.
  let excess = total(widths) - width;
  for (const floor of [minimum, widths.map(() => 1)]) {
    while (excess > 0) {
      let widest = -1;
      widths.forEach((w, i) => {
        if (shown[i] && w > floor[i] && (widest < 0 || w > widths[widest])) widest = i;
      });
      if (widest < 0) break;
      widths[widest]--;
      excess--;
    }
  }
  return widths;
}

/** The header cell of the sorted column: the title cut so that the ▲/▼ always shows. */
export function sortedTitle(title: string, arrow: string, width: number): string {
  if (displayWidth(title) + displayWidth(arrow) <= width) return title + arrow;
  return truncate(title, Math.max(0, width - displayWidth(arrow))) + arrow;
}

/** The next column to sort by in direction dir (±1) among the shown ones (width > 0). */
export function nextSortColumn(current: number, dir: 1 | -1, widths: readonly number[]): number {
  const n = widths.length;
  for (let step = 1; step <= n; step++) {
    const col = (((current + dir * step) % n) + n) % n;
    if (widths[col]! > 0) return col;
  }
  return current;
}
