// An immutable list that costs a chunk per change, not a copy of the whole list.
//
// A pane hands React a new list of rows per store flush. With 50,000 rows a fresh array
// per flush (30 a second under churn) is 200–400 KiB of garbage each time, allocated in
// V8's large-object space, i.e. straight into the old generation: the heap grew by
// hundreds of MiB under churn (docs/performance.md, "The row list"). Here the rows are
// kept in chunks of at most 2 × CHUNK; inserting or removing one row copies its chunk and
// the small arrays of chunks and their starts, and leaves the old list as it was (a
// render of an older version still reads that version's rows).
//
// It has the reading side of an array that the views use (`RowSeq`), so plain arrays
// and RowLists are interchangeable there.

/** what a view reads of a list of rows; a readonly array is one */
export interface RowSeq<T> {
  readonly length: number;
  at(index: number): T | undefined;
  slice(start?: number, end?: number): T[];
  findIndex(predicate: (value: T, index: number) => boolean): number;
  filter(predicate: (value: T, index: number) => boolean): T[];
  /** the index of the row with this key, or -1; where given, cheaper than findIndex (a binary search) */
  indexOfKey?(key: string): number;
  /**
   * false while the list is still being filtered (a RowIndex pass finishing in slices):
   * reading it finds what the read needs, but `length` is then the whole pass. Absent on
   * a list that is complete.
   */
  readonly complete?: boolean;
  /** the rows found so far, without finding more (what a list still filtering shows; `length` when complete) */
  readonly found?: number;
}

const CHUNK = 512;

export class RowList<T> implements RowSeq<T>, Iterable<T> {
  private constructor(
    private readonly chunks: readonly (readonly T[])[],
    /** starts[c]: the index of chunks[c]'s first item */
    private readonly starts: readonly number[],
    readonly length: number,
    /** a chunk holds up to 2 × this many items (small in tests, to split often) */
    private readonly chunk: number,
  ) {}

  static of<T>(items: readonly T[], chunk = CHUNK): RowList<T> {
    const chunks: T[][] = [];
    const starts: number[] = [];
    for (let i = 0; i < items.length; i += chunk) {
      starts.push(i);
      chunks.push(items.slice(i, i + chunk));
    }
    return new RowList(chunks, starts, items.length, chunk);
  }

  static empty<T>(chunk = CHUNK): RowList<T> {
    return new RowList<T>([], [], 0, chunk);
  }

  /** the chunk holding index i (0 ≤ i < length), or for i = length the last chunk */
  private chunkOf(i: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(index: number): T | undefined {
    const i = index < 0 ? index + this.length : index;
    if (!(i >= 0 && i < this.length)) return undefined;
    const c = this.chunkOf(i);
    return this.chunks[c]![i - this.starts[c]!];
  }

  /** a new list with item at index (0 ≤ index ≤ length) */
  insert(index: number, item: T): RowList<T> {
    if (!(index >= 0 && index <= this.length)) throw new RangeError(`insert at ${index} of ${this.length}`);
    if (this.chunks.length === 0) return new RowList([[item]], [0], 1, this.chunk);
    const c = this.chunkOf(index);
    const chunk = this.chunks[c]!;
    const at = index - this.starts[c]!;
    const grown = [...chunk.slice(0, at), item, ...chunk.slice(at)];
    const replacement = grown.length > 2 * this.chunk ? [grown.slice(0, this.chunk), grown.slice(this.chunk)] : [grown];
    return this.replace(c, replacement, 1);
  }

  /** a new list with items after the last: copies the last chunk (when it has room), not the list */
  append(items: readonly T[]): RowList<T> {
    if (items.length === 0) return this;
    const chunks = [...this.chunks];
    const starts = [...this.starts];
    let from = 0;
    const last = chunks.length - 1;
    if (last >= 0 && chunks[last]!.length < this.chunk) {
      from = Math.min(items.length, this.chunk - chunks[last]!.length);
      chunks[last] = [...chunks[last]!, ...items.slice(0, from)];
    }
    for (let i = from, at = this.length + from; i < items.length; i += this.chunk, at += this.chunk) {
      starts.push(at);
      chunks.push(items.slice(i, i + this.chunk));
    }
    return new RowList(chunks, starts, this.length + items.length, this.chunk);
  }

  /** a new list with item in place of the one at index (0 ≤ index < length): copies its chunk */
  set(index: number, item: T): RowList<T> {
    if (!(index >= 0 && index < this.length)) throw new RangeError(`set at ${index} of ${this.length}`);
    const c = this.chunkOf(index);
    const chunk = [...this.chunks[c]!];
    chunk[index - this.starts[c]!] = item;
    const chunks = [...this.chunks];
    chunks[c] = chunk;
    return new RowList(chunks, this.starts, this.length, this.chunk);
  }

  /** a new list without the item at index (0 ≤ index < length) */
  remove(index: number): RowList<T> {
    if (!(index >= 0 && index < this.length)) throw new RangeError(`remove at ${index} of ${this.length}`);
    const c = this.chunkOf(index);
    const chunk = this.chunks[c]!;
    const at = index - this.starts[c]!;
    const shrunk = [...chunk.slice(0, at), ...chunk.slice(at + 1)];
    return this.replace(c, shrunk.length ? [shrunk] : [], -1);
  }

  private replace(c: number, replacement: readonly (readonly T[])[], delta: number): RowList<T> {
    const chunks = [...this.chunks.slice(0, c), ...replacement, ...this.chunks.slice(c + 1)];
    const starts = this.starts.slice(0, c);
    let start = this.starts[c]!;
    for (let k = c; k < chunks.length; k++) {
      starts.push(start);
      start += chunks[k]!.length;
    }
    return new RowList(chunks, starts, this.length + delta, this.chunk);
  }

  slice(start = 0, end = this.length): T[] {
    const from = Math.max(0, start < 0 ? start + this.length : Math.min(start, this.length));
    const to = Math.max(0, end < 0 ? end + this.length : Math.min(end, this.length));
    const out: T[] = [];
    if (from >= to) return out;
    for (let c = this.chunkOf(from); c < this.chunks.length && this.starts[c]! < to; c++) {
      const s = this.starts[c]!;
      const chunk = this.chunks[c]!;
      for (let k = Math.max(0, from - s); k < chunk.length && s + k < to; k++) out.push(chunk[k]!);
    }
    return out;
  }

  findIndex(predicate: (value: T, index: number) => boolean): number {
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      const s = this.starts[c]!;
      for (let k = 0; k < chunk.length; k++) if (predicate(chunk[k]!, s + k)) return s + k;
    }
    return -1;
  }

  filter(predicate: (value: T, index: number) => boolean): T[] {
    const out: T[] = [];
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      const s = this.starts[c]!;
      for (let k = 0; k < chunk.length; k++) if (predicate(chunk[k]!, s + k)) out.push(chunk[k]!);
    }
    return out;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }
}
