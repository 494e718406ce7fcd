// Pure selectors over TableRow[]: filter, sort, fit to the terminal width.
// They run on every keystroke over up to 50,000 rows, so per-row work is cached by
// row identity (rows are immutable; deriveRows keeps them while objects are unchanged).
import type { TableColumn, TableRow } from '../k8s/types.js';

/** Spaces between two columns. */
export const COLUMN_GAP = 2;
const ELLIPSIS = '…';

const haystacks = new WeakMap<TableRow, string>();

function haystack(row: TableRow): string {
  let h = haystacks.get(row);
  if (h === undefined) haystacks.set(row, (h = row.cells.join('\n').toLowerCase()));
  return h;
}

/**
 * Case-insensitive substring match against any cell; "!text" keeps rows that do
 * not match. An empty filter returns the same array.
 */
export function filterRows(rows: readonly TableRow[], filter: string): readonly TableRow[] {
  const invert = filter.startsWith('!');
  const needle = (invert ? filter.slice(1) : filter).toLowerCase();
  if (needle === '') return rows;
  return rows.filter((row) => haystack(row).includes(needle) !== invert);
}

// Natural order ("pod-2" before "pod-10"), case-insensitive.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Stable sort by one column; uses row.sort when present, numbers numerically and
 * before strings. Returns a new array.
 */
export function sortRows(rows: readonly TableRow[], columnIndex: number, descending = false): TableRow[] {
  const n = rows.length;
  const keys = new Array<string | number>(n);
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    keys[i] = row.sort?.[columnIndex] ?? row.cells[columnIndex] ?? '';
    order[i] = i;
  }
  const dir = descending ? -1 : 1;
  order.sort((a, b) => {
    const ka = keys[a];
    const kb = keys[b];
    let c: number;
    if (typeof ka === 'number' && typeof kb === 'number') c = ka - kb;
    else if (typeof ka === 'number') c = -1;
    else if (typeof kb === 'number') c = 1;
    else c = ka === kb ? 0 : collator.compare(ka, kb);
    // ties keep their original order in both directions
    return c !== 0 && !Number.isNaN(c) ? c * dir : a - b;
  });
  return order.map((i) => rows[i]);
}

// Terminal cells taken by a code point: 0 for combining marks and zero-width
// characters, 2 for East Asian wide/fullwidth and emoji, else 1.
const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufe00-\ufe0f]/u;
const ASCII = /^[\x20-\x7e]*$/;

function charWidth(cp: number, ch: string): number {
  if (cp < 0x300) return 1;
  if (ZERO_WIDTH.test(ch)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Width of sanitized text in terminal cells. */
export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let w = 0;
  for (const ch of text) w += charWidth(ch.codePointAt(0)!, ch);
  return w;
}

/** Cuts text to at most `width` cells, ending with "…" when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0)!, ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + ELLIPSIS;
}

/** Text truncated and padded to exactly `width` cells. */
export function formatCell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const pad = ' '.repeat(Math.max(0, width - displayWidth(cut)));
  return align === 'right' ? pad + cut : cut + pad;
}

/**
 * Per-column widths (0 = column hidden) whose sum plus gaps fits `width`.
 * Columns are dropped, highest priority number first, while even their minimum
 * widths do not fit; what remains too wide is then shrunk (widest first) and cut
 * with "…" by formatCell. Pass the rows that will be shown: widths follow content.
 */
export function fitColumns(columns: readonly TableColumn[], rows: readonly TableRow[], width: number): number[] {
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
