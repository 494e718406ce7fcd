// Rows of the server's own Table (`kubectl get` printing) for any resource: the
// store the Table watch feeds, and pure functions from its rows to what a pane or a
// snapshot shows. AGE is computed from metadata.creationTimestamp, so it keeps
// moving (a live cell); other time cells are the server's text from the object's last change.
import type { KubeObject, ServerColumn, ServerRow, ServerTableSource, TableColumn, TableRow } from '../k8s/types.js';
import { age, parseTime } from './format.js';
import { Store, uidKey, type StoreOptions } from './store.js';
import { sanitize, sanitizeName } from './sanitize.js';
import { capCell } from './table.js';
import { RowIndex, type RowQuery } from './rowindex.js';
import type { RowSeq } from './rowlist.js';

/** A store of Table rows keyed by uid, with the LIST's column definitions. */
export class ServerTableStore extends Store {
  private _columns: ServerColumn[] | null | undefined;

  constructor(opts: Omit<StoreOptions, 'key'> = {}) {
    super({ ...opts, key: uidKey });
  }

  override list(): readonly ServerRow[] {
    return super.list() as readonly ServerRow[];
  }

  override get(key: string): ServerRow | undefined {
    return super.get(key) as ServerRow | undefined;
  }

  /** undefined until the first LIST page; null when the server sent plain objects */
  get columns(): ServerColumn[] | null | undefined {
    return this._columns;
  }

  setColumns(columns: ServerColumn[] | null): void {
    // a relist sends the same definitions again: keep the old array, so rows stay memoised
    if (JSON.stringify(columns) === JSON.stringify(this._columns)) return;
    this._columns = columns;
    this.changed(undefined, true);
  }
}

/** What kubectl prints when the answer is not a Table (printObjectMeta). */
export const FALLBACK_COLUMNS: readonly ServerColumn[] = Object.freeze([
  { name: 'Name', type: 'string', format: 'name', priority: 0 },
  { name: 'Age', type: 'string', priority: 0 },
]);

/** Relative-time cells the built-in printers send as plain strings. */
const FROZEN_NAMES = new Set(['last seen', 'first seen', 'last schedule', 'duration', 'restarts']);
export const FROZEN_NOTE = 'as of last change';

type Source = { kind: 'namespace' } | { kind: 'name' } | { kind: 'age' } | { kind: 'cell'; index: number };

export interface TableLayout {
  columns: TableColumn[];
  sources: Source[];
  /** no Table from the server: NAME and AGE from each object's metadata */
  fallback: boolean;
}

export interface LayoutOptions {
  /** -o wide: columns with priority > 0 too */
  wide: boolean;
  /** NAMESPACE first, as kubectl -A for a namespaced resource */
  namespaceColumn: boolean;
}

const idOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** Which columns show, in kubectl's order and with its upper-case titles. */
export function tableLayout(columns: readonly ServerColumn[] | null | undefined, opts: LayoutOptions): TableLayout {
  const fallback = !columns;
  const defs = columns ?? FALLBACK_COLUMNS;
  const out: TableLayout = { columns: [], sources: [], fallback };
  if (opts.namespaceColumn) {
    out.columns.push({ id: 'namespace', title: 'NAMESPACE' });
    out.sources.push({ kind: 'namespace' });
  }
  defs.forEach((c, index) => {
    if (!opts.wide && (c.priority ?? 0) > 0) return;
    const isAge = c.name.toLowerCase() === 'age';
    const frozen = !isAge && (c.type === 'date' || FROZEN_NAMES.has(c.name.toLowerCase()));
    out.columns.push({
      id: idOf(c.name) || `column-${index}`,
      title: capCell(sanitize(String(c.name).toUpperCase())),
      ...(c.type === 'integer' || c.type === 'number' ? { align: 'right' as const } : {}),
      ...(frozen ? { note: FROZEN_NOTE } : {}),
    });
    if (fallback) out.sources.push(index === 0 ? { kind: 'name' } : { kind: 'age' });
    else out.sources.push(isAge ? { kind: 'age' } : { kind: 'cell', index });
  });
  return out;
}

/**
 * A cell as kubectl prints it: nothing for null, strings as sent (cut at the first
 * line break, with "..."), everything else as Go's fmt.Sprint would.
 */
export function cellText(cell: unknown, depth = 0): string {
  if (cell === null || cell === undefined) return '';
  if (depth > 16) return '…'; // a deeply nested cell must not exhaust the stack
  if (typeof cell === 'string') {
    const cut = cell.search(/[\n\r\f]/);
    return cut >= 0 ? `${cell.slice(0, cut)}...` : cell;
  }
  if (Array.isArray(cell)) return `[${cell.map((c) => cellText(c, depth + 1)).join(' ')}]`;
  if (typeof cell === 'object') {
    const entries = Object.entries(cell as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${k}:${cellText(v, depth + 1)}`).join(' ')}]`;
  }
  return String(cell);
}

/**
 * One row in the layout's columns, as of `now`. AGE moves with the clock: the row's
 * `live(clock)` gives its cells at a later time (the table asks for the rows on screen
 * only). Text is safe for the terminal.
 */
export function tableRow(row: ServerRow, layout: TableLayout, now: number): TableRow {
  const cells: string[] = [];
  const sort: (string | number)[] = [];
  const ages: number[] = [];
  const created = parseTime(row.metadata.creationTimestamp);
  for (const src of layout.sources) {
    switch (src.kind) {
      case 'namespace':
        cells.push(capCell(sanitizeName(row.metadata.namespace ?? '')));
        sort.push(row.metadata.namespace ?? '');
        break;
      case 'name':
        cells.push(capCell(sanitizeName(row.metadata.name)));
        sort.push(row.metadata.name);
        break;
      case 'age':
        ages.push(cells.length);
        cells.push(age(row.metadata.creationTimestamp, now));
        // newest first when ascending, like the AGE numbers themselves
        sort.push(created === undefined ? Number.MAX_SAFE_INTEGER : -created);
        break;
      case 'cell': {
        const raw = row.cells?.[src.index];
        cells.push(capCell(sanitize(cellText(raw))));
        sort.push(typeof raw === 'number' ? raw : cellText(raw));
        break;
      }
    }
  }
  if (ages.length === 0 || created === undefined) return { key: uidKey(row), cells, sort };
  // never before the row was built: a coarse clock that ticked before the object was made
  // must not age it below zero (kubectl's <invalid>)
  const live = (clock: number): string[] => {
    const out = [...cells];
    for (const i of ages) out[i] = age(row.metadata.creationTimestamp, Math.max(clock, now));
    return out;
  };
  return { key: uidKey(row), cells, sort, live };
}

/** Rows in kubectl's order (namespace, then name: the server's key order). */
export function tableRows(objects: readonly KubeObject[], layout: TableLayout, now: number): TableRow[] {
  const sorted = [...objects].sort((a, b) => {
    const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
    const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return sorted.map((o) => tableRow(o as ServerRow, layout, now));
}

/**
 * A pane's rows over a Table watch, kept by a RowIndex: a store flush costs the rows
 * whose objects changed (a row and a binary search each), not a rebuild, filter and sort
 * of all. New column definitions (a relist that brings different ones) or `wide` make a
 * new layout and build the index again. Ties keep the store's order (the server's:
 * namespace, then name).
 */
export function tableIndex(
  store: ServerTableSource,
  namespaceColumn: boolean,
  /** when a row is built: its AGE is never read before it */
  clock: () => number = Date.now,
): { layout(wide: boolean): TableLayout; rows(wide: boolean, q: RowQuery): RowSeq<TableRow> } {
  let columnsAt: ServerColumn[] | null | undefined;
  let wideAt: boolean | undefined;
  let layout = tableLayout(null, { wide: false, namespaceColumn });
  let index: RowIndex | undefined;
  const current = (wide: boolean) => {
    const columns = store.columns;
    if (!index || columns !== columnsAt || wide !== wideAt) {
      const l = (layout = tableLayout(columns, { wide, namespaceColumn }));
      index = new RowIndex(store, (obj, now) => tableRow(obj as ServerRow, l, now), clock);
      columnsAt = columns;
      wideAt = wide;
    }
    return index;
  };
  return {
    layout: (wide) => (current(wide), layout),
    rows: (wide, q) => current(wide).rows(q),
  };
}

/**
 * kubectl's printer: Go's tabwriter with padding 3. Every cell but a line's last is
 * padded to its column's width in runes (so an empty last cell leaves the padding).
 */
export function printTable(layout: TableLayout, rows: readonly TableRow[]): string {
  const lines = [layout.columns.map((c) => c.title), ...rows.map((r) => r.cells)];
  const width = (s: string) => [...s].length;
  const widths = layout.columns.map((_, j) => Math.max(...lines.map((l) => width(l[j] ?? ''))));
  return lines
    .map((l) => l.map((cell, j) => (j === l.length - 1 ? cell : cell + ' '.repeat(widths[j]! + 3 - width(cell)))).join(''))
    .map((l) => `${l}\n`)
    .join('');
}

/** kubectl's message on stderr when there is nothing to print. */
export function noResources(namespace: string | null): string {
  return namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n';
}

/** `kubectl get -o json` of full objects: a v1 List, keys sorted as Go's maps are, HTML-escaped as encoding/json does. */
export function kubectlListJson(items: readonly KubeObject[]): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  const list = { apiVersion: 'v1', items: items.map(sortKeys), kind: 'List', metadata: { resourceVersion: '' } };
  const text = JSON.stringify(list, null, 4).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${text}\n`;
}
