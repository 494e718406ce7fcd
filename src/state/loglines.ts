// Log lines as the logs pane shows them: parsed server timestamps, sanitized text,
// containers merged in time order, stable prefix colors per container (as stern
// does) and search.
import { displayWidth, formatCell } from './width.js';
import { sanitize } from './sanitize.js';

export type LogEntryKind = 'line' | 'marker' | 'error';

export interface LogEntry {
  container: string;
  /** the server's RFC3339 timestamp, '' when there was none */
  ts: string;
  /** milliseconds since the epoch (fractional), for merging containers in time order */
  at: number;
  /**
   * Sanitized: no control characters or escape sequences except SGR colors when the
   * config keeps them, and then always closed with a reset so nothing bleeds on.
   */
  text: string;
  kind: LogEntryKind;
}

const RESET = '\x1b[0m';
const SGR_ANY = /\x1b\[[0-9;]*m/g;

/** "2025-06-01T10:41:02.123456789Z" → epoch ms with the sub-millisecond part as a fraction */
export function parseTimestamp(ts: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  if (!m) return NaN;
  const base = Date.parse(`${m[1]}${m[3]}`);
  const frac = m[2] ? Number(`0.${m[2]}`) * 1000 : 0;
  return base + frac;
}

/** Splits the "TIMESTAMP " prefix the server adds with timestamps=true. */
export function splitTimestamp(raw: string): { ts: string; at: number; rest: string } {
  const sp = raw.indexOf(' ');
  const head = sp >= 0 ? raw.slice(0, sp) : raw;
  const at = parseTimestamp(head);
  if (Number.isNaN(at)) return { ts: '', at: NaN, rest: raw };
  return { ts: head, at, rest: sp >= 0 ? raw.slice(sp + 1) : '' };
}

/** Sanitizes one log line; kept SGR is closed with a reset at the end of the line. */
export function cleanLine(text: string, keepSgr: boolean): string {
  const out = sanitize(text, { keepSgr });
  return keepSgr && out.includes('\x1b[') && !out.endsWith(RESET) ? out + RESET : out;
}

/** One raw line from a timestamps=true stream into an entry. */
export function toEntry(raw: string, container: string, keepSgr: boolean, fallbackAt: number): LogEntry {
  const { ts, at, rest } = splitTimestamp(raw);
  return { container, ts, at: Number.isNaN(at) ? fallbackAt : at, text: cleanLine(rest, keepSgr), kind: 'line' };
}

export function stripSgr(text: string): string {
  return text.includes('\x1b') ? text.replace(SGR_ANY, '') : text;
}

/**
 * k-way merge of per-container lists (each in time order) into one list in time
 * order; equal times keep the order of the lists (init, main, ephemeral).
 */
export function mergeByTime(lists: readonly (readonly LogEntry[])[]): LogEntry[] {
  const live = lists.filter((l) => l.length > 0);
  if (live.length === 0) return [];
  if (live.length === 1) return [...live[0]!];
  const pos = live.map(() => 0);
  const total = live.reduce((n, l) => n + l.length, 0);
  const out = new Array<LogEntry>(total);
  for (let o = 0; o < total; o++) {
    let best = -1;
    for (let i = 0; i < live.length; i++) {
      const e = live[i]![pos[i]!];
      if (e && (best < 0 || e.at < live[best]![pos[best]!]!.at)) best = i;
    }
    out[o] = live[best]![pos[best]!++]!;
  }
  return out;
}

// Ink color names; red stays for errors.
const PALETTE = ['cyan', 'green', 'yellow', 'blue', 'magenta', 'cyanBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright'];

/** FNV-1a: the same container name always gets the same color, in every session. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function colorFor(container: string): string {
  return PALETTE[hashName(container) % PALETTE.length]!;
}

/** The prefix column: names padded to the longest (at most 16 wide), then "│". */
export function prefixWidth(containers: readonly string[]): number {
  return Math.min(16, Math.max(1, ...containers.map((c) => displayWidth(c))));
}

export function prefixText(container: string, width: number): string {
  return `${formatCell(container, width)} │ `;
}

/** "2025-06-01T10:41:02.123Z " when timestamps are shown; milliseconds are enough to read */
export function timestampText(e: LogEntry): string {
  if (!e.ts) return '';
  return `${e.ts.replace(/(\.\d{3})\d+/, '$1')} `;
}

/** smart case: a lower-case query ignores case */
function norm(query: string): { q: string; fold: boolean } {
  const fold = query === query.toLowerCase();
  return { q: query, fold };
}

export function matches(e: LogEntry, query: string): boolean {
  if (!query) return false;
  const { q, fold } = norm(query);
  const text = stripSgr(e.text);
  return fold ? text.toLowerCase().includes(q) : text.includes(q);
}

/** indexes of entries whose text contains the query */
export function searchMatches(entries: readonly LogEntry[], query: string): number[] {
  const out: number[] = [];
  if (!query) return out;
  for (let i = 0; i < entries.length; i++) if (entries[i]!.kind === 'line' && matches(entries[i]!, query)) out.push(i);
  return out;
}

export interface Segment {
  text: string;
  match: boolean;
}

/** the text (colors dropped) cut into matching and non-matching runs */
export function highlight(text: string, query: string): Segment[] {
  const plain = stripSgr(text);
  if (!query) return [{ text: plain, match: false }];
  const { q, fold } = norm(query);
  const hay = fold ? plain.toLowerCase() : plain;
  const out: Segment[] = [];
  let from = 0;
  for (let at = hay.indexOf(q); at >= 0 && q.length > 0; at = hay.indexOf(q, at + q.length)) {
    if (at > from) out.push({ text: plain.slice(from, at), match: false });
    out.push({ text: plain.slice(at, at + q.length), match: true });
    from = at + q.length;
  }
  if (from < plain.length || out.length === 0) out.push({ text: plain.slice(from), match: false });
  return out;
}

/** screen rows a line takes when wrapped at `width` columns */
export function visualRows(text: string, width: number): number {
  const len = displayWidth(stripSgr(text));
  return Math.max(1, Math.ceil(len / Math.max(1, width)));
}

/** What a saved file holds: server timestamps, container names when merged, no escapes. */
export function formatForSave(entries: readonly LogEntry[], withContainer: boolean): string {
  return entries
    .map((e) => {
      const head = [e.ts, withContainer ? `[${e.container}]` : ''].filter(Boolean).join(' ');
      return `${head ? `${head} ` : ''}${stripSgr(e.text)}\n`;
    })
    .join('');
}

/**
 * The lines that fit `height` screen rows, ending with entry `end` (inclusive):
 * whole lines only, so a wrapped line is never cut off at the top.
 */
export function windowEndingAt(count: number, end: number, height: number, rowsOf: (i: number) => number): { from: number; to: number } {
  const to = Math.min(count, Math.max(0, end + 1));
  let from = to;
  let used = 0;
  while (from > 0) {
    const r = rowsOf(from - 1);
    if (used + r > height && from < to) break;
    used += r;
    from--;
    if (used >= height) break;
  }
  return { from, to };
}
