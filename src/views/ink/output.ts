// Ink's Output (ink/build/output.js, Ink 8.0.0, MIT) with what it learns kept from one frame
// to the next (docs/performance.md, "Frames that remember"). Ink builds a new Output for
// every frame, and its caches (each written string's styled characters, each string's width)
// belong to that Output: every frame tokenizes every character written, ~40 lines × 120
// columns, whether a line changed or not, then turns every line back into a string. Here:
//   - the caches are shared by every Output and bounded (two generations of 256 strings: a
//     string not used during a whole generation is forgotten);
//   - the blank cells of a new frame are one shared cell, not one object per cell;
//   - a line whose cells are the very cell objects of the same line in the previous frame
//     is not turned into a string again: the cells are never mutated, so the same cells make
//     the same string.
// The result is the same as Ink's, frame after frame (test/unit/ink-output.test.ts compares
// the two over random frames). The build (scripts/build.mjs) and the tests
// (vitest.config.ts) hand it to Ink's renderer in place of its own `./output.js`.
import { styledCharsFromTokens, styledCharsToString, tokenize, type StyledChar } from '@alcalzone/ansi-tokenize';
import { narrowFirst as stringWidth } from '../../state/width.js';

type Transformer = (s: string, index: number) => string;
interface Clip {
  x1: number | undefined;
  x2: number | undefined;
  y1: number | undefined;
  y2: number | undefined;
}
type Operation = { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] } | { type: 'clip'; clip: Clip } | { type: 'unclip' };
type Cell = StyledChar;

/** a map that forgets what was not used during a whole generation of `size` new entries */
class Generations<V> {
  private now = new Map<string, V>();
  private before = new Map<string, V>();
  private readonly size: number;
  constructor(size: number) {
    this.size = size;
  }
  get(key: string): V | undefined {
    const hit = this.now.get(key);
    if (hit !== undefined) return hit;
    const old = this.before.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }
  set(key: string, value: V): void {
    if (this.now.size >= this.size) {
      this.before = this.now;
      this.now = new Map();
    }
    this.now.set(key, value);
  }
}

const ignorable = /^\p{Default_Ignorable_Code_Point}+$/u;

/**
 * the caches of every frame: a frame writes ~50–100 strings, most of them as in the frame
 * before. A line's styled characters are an object and a styles array per character (~9 KB
 * for 120 columns), so a generation holds 256 strings: at most ~4.5 MB, a few frames' worth.
 */
class Caches {
  private readonly styled = new Generations<Cell[]>(256);
  private readonly lines = new Generations<string[]>(256);
  private readonly widths = new Generations<number>(4096);
  private readonly blocks = new Generations<number>(1024);
  styledChars(text: string): Cell[] {
    let cached = this.styled.get(text);
    if (cached === undefined) {
      // Standalone invisible Unicode characters must not occupy terminal cells.
      cached = styledCharsFromTokens(tokenize(text)).filter((c) => !ignorable.test(c.value));
      this.styled.set(text, cached);
    }
    return cached;
  }
  /** the text's lines, each as a string of its styled characters (styles carried across newlines) */
  textLines(text: string): string[] {
    let cached = this.lines.get(text);
    if (cached === undefined) {
      const characterLines: Cell[][] = [[]];
      for (const character of this.styledChars(text)) {
        if (character.value === '\n') characterLines.push([]);
        else characterLines.at(-1)!.push(character);
      }
      cached = characterLines.map((line) => styledCharsToString(line));
      this.lines.set(text, cached);
    }
    return cached;
  }
  width(text: string): number {
    let cached = this.widths.get(text);
    if (cached === undefined) {
      cached = stringWidth(text);
      this.widths.set(text, cached);
    }
    return cached;
  }
  widestLine(text: string): number {
    let cached = this.blocks.get(text);
    if (cached === undefined) {
      cached = 0;
      for (const line of text.split('\n')) cached = Math.max(cached, this.width(line));
      this.blocks.set(text, cached);
    }
    return cached;
  }
}

const caches = new Caches();
const blank: Cell = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: [] as Cell['styles'] });
/** the lines of the last frame, by row: the cells they were made of, and the string */
let lastCells: (Cell | undefined)[][] = [];
let lastLines: string[] = [];

// Replaces a partially visible wide character with a space that keeps its styles.
const blankCell = (cell: Cell): Cell => ({ ...cell, value: ' ', fullWidth: false });
// An undefined bound means "unbounded on this edge"; intersecting keeps the tighter one.
const intersectBound = (a: number | undefined, b: number | undefined, tighter: (a: number, b: number) => number) => (a === undefined ? b : b === undefined ? a : tighter(a, b));
// Bounds are half-open: an axis is empty as soon as its lower bound reaches its upper one.
const isClipEmpty = (clip: Clip) => (clip.x1 !== undefined && clip.x2 !== undefined && clip.x1 >= clip.x2) || (clip.y1 !== undefined && clip.y2 !== undefined && clip.y1 >= clip.y2);
const intersectClips = (outer: Clip | undefined, inner: Clip): Clip =>
  outer
    ? {
        x1: intersectBound(outer.x1, inner.x1, Math.max),
        x2: intersectBound(outer.x2, inner.x2, Math.min),
        y1: intersectBound(outer.y1, inner.y1, Math.max),
        y2: intersectBound(outer.y2, inner.y2, Math.min),
      }
    : inner;

function sameCells(a: readonly (Cell | undefined)[] | undefined, b: readonly (Cell | undefined)[]): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export default class Output {
  private readonly operations: Operation[] = [];
  width: number;
  height: number;
  constructor(options: { width: number; height: number }) {
    this.width = options.width;
    this.height = options.height;
  }

  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void {
    if (text === '') return;
    this.operations.push({ type: 'write', x, y, text, transformers: options.transformers });
  }

  clip(clip: Clip): void {
    this.operations.push({ type: 'clip', clip });
  }

  unclip(): void {
    this.operations.push({ type: 'unclip' });
  }

  // Clipping works in terminal columns: a wide character cut by a clip edge becomes a space
  // that keeps its styles, or the rest of the line would shift by a column.
  sliceLineToColumns(line: string, from: number, to: number): string {
    if (from >= to) return '';
    const result: Cell[] = [];
    let column = 0;
    for (const character of caches.styledChars(line)) {
      const width = caches.width(character.value);
      const start = column;
      column += width;
      if (column <= from) continue;
      if (start >= to) break;
      result.push(width > 1 && (start < from || column > to) ? blankCell(character) : character);
    }
    return styledCharsToString(result);
  }

  private applyWriteOperation(output: (Cell | undefined)[][], operation: Extract<Operation, { type: 'write' }>, clip: Clip | undefined): void {
    const { text, transformers } = operation;
    let { x, y } = operation;
    let lines = caches.textLines(text);
    if (clip) {
      // Two nested clips can intersect to nothing: nothing is visible.
      if (isClipEmpty(clip)) return;
      const clipsX = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
      const clipsY = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
      // text wholly outside the clip: nothing to do
      if (clipsX) {
        const width = caches.widestLine(text);
        if (x + width < clip.x1! || x > clip.x2!) return;
      }
      if (clipsY && (y + lines.length < clip.y1! || y > clip.y2!)) return;
      if (clipsX) {
        const x1 = clip.x1!;
        const x2 = clip.x2!;
        lines = lines.map((line) => {
          const from = x < x1 ? x1 - x : 0;
          const width = caches.width(line);
          const to = x + width > x2 ? x2 - x : width;
          return this.sliceLineToColumns(line, from, to);
        });
        if (x < x1) x = x1;
      }
      if (clipsY) {
        const from = y < clip.y1! ? clip.y1! - y : 0;
        const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
        lines = lines.slice(from, to);
        if (y < clip.y1!) y = clip.y1!;
      }
    }
    for (let index = 0; index < lines.length; index++) {
      let line = lines[index]!;
      const currentLine = output[y + index];
      // Lines above or below the output area have no row.
      if (!currentLine) continue;
      for (const transformer of transformers) line = transformer(line, index + y - operation.y);
      const characters = caches.styledChars(line);
      if (characters.length === 0) continue;
      let offsetX = x;
      // A wide character takes two cells, the second a placeholder with value ''. A write
      // that lands on the placeholder blanks the leading half, keeping its styles.
      if (currentLine[offsetX]?.value === '' && offsetX > 0 && caches.width(currentLine[offsetX - 1]?.value ?? '') > 1) {
        currentLine[offsetX - 1] = blankCell(currentLine[offsetX - 1]!);
      }
      for (const character of characters) {
        currentLine[offsetX] = character;
        // the printed width as string-width measures it, to align with layout
        const characterWidth = Math.max(1, caches.width(character.value));
        // a multi-column character clears the cells it covers
        for (let offset = 1; offset < characterWidth; offset++) {
          // a visible cell when the leading one is outside the output
          currentLine[offsetX + offset] = { type: 'char', value: offsetX < 0 ? ' ' : '', fullWidth: false, styles: character.styles };
        }
        offsetX += characterWidth;
      }
      if (currentLine[offsetX]?.value === '') currentLine[offsetX] = blankCell(currentLine[offsetX]!);
    }
  }

  get(): { output: string; height: number } {
    // a row per line of the height, so that margin or padding at the bottom is kept
    const output: (Cell | undefined)[][] = [];
    for (let y = 0; y < this.height; y++) output.push(new Array<Cell>(this.width).fill(blank));
    const clips: Clip[] = [];
    for (const operation of this.operations) {
      // nested clips intersect, so an inner overflow="hidden" box cannot escape the outer one
      if (operation.type === 'clip') clips.push(intersectClips(clips.at(-1), operation.clip));
      else if (operation.type === 'unclip') clips.pop();
      else this.applyWriteOperation(output, operation, clips.at(-1));
    }
    const lines: string[] = [];
    for (let y = 0; y < output.length; y++) {
      const row = output[y]!;
      if (sameCells(lastCells[y], row)) {
        lines.push(lastLines[y]!);
        continue;
      }
      // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
      const line = styledCharsToString(row.filter((item): item is Cell => item !== undefined)).trimEnd();
      lastCells[y] = row;
      lastLines[y] = line;
      lines.push(line);
    }
    if (lastCells.length > output.length) {
      lastCells = lastCells.slice(0, output.length);
      lastLines = lastLines.slice(0, output.length);
    }
    return { output: lines.join('\n'), height: output.length };
  }
}
