// One text width for every cell, cut and column fit: string-width's, which is what Ink
// measures its own layout with, so a column kubedeck pads is the column Ink draws.
// Text made only of characters one cell wide on their own (printable ASCII, nearly every
// Kubernetes name, and the Latin letters and glyphs kubedeck draws: ● ◌ ▲ … ⏎ ✓ ✗ → …)
// takes a fast path that gives string-width's answer without it: string-width's first
// call on other text builds its Unicode regular expressions (~40 ms of a start-up;
// docs/performance.md, "First rows, again"). The bundle hands Ink the same function
// (narrowFirst, through scripts/build.mjs), so the first frames never pay for it either,
// and string-width itself is loaded when first needed (stringwidth.ts).
import { stringWidth, type WidthOptions } from './stringwidth.js';

const ELLIPSIS = '…';
let segmenter: Intl.Segmenter | undefined;

/**
 * Characters outside printable ASCII that are one cell wide whatever surrounds them
 * (never part of a longer grapheme: no marks, joiners, variation selectors, emoji or
 * Hangul jamo), as string-width measures them (test/unit/width.test.ts checks each).
 */
const NARROW = new Set<number>();
// Latin-1 and Latin Extended-A letters and signs, but the soft hyphen (zero wide)
for (let c = 0xa0; c <= 0x17f; c++) if (c !== 0xad) NARROW.add(c);
// Greek and Cyrillic letters (μ, …)
for (let c = 0x391; c <= 0x3c9; c++) if (c !== 0x3a2) NARROW.add(c);
for (let c = 0x410; c <= 0x44f; c++) NARROW.add(c);
for (const c of '–—‘’“”•…‰′″‹›←↑→↓↔↕↻⇒∞≈≠≤≥⏎─│┌┐└┘├┤┬┴┼■□▪▲△▶▸▼▽◀◂◆◇○◌●◐◑★☆✓✔✗✘⟨⟩⚠') NARROW.add(c.charCodeAt(0));

/**
 * The width of text made only of characters one cell wide and SGR escape codes (colours,
 * bold: ESC [ digits m, zero wide, as string-width strips them; Ink measures styled
 * lines), else undefined. `escapes`: the codes count as text (string-width's
 * countAnsiEscapeCodes), left to string-width.
 */
function narrowWidth(text: string, escapes = false): number | undefined {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c <= 0x7e) || NARROW.has(c)) {
      width++;
    } else if (c === 0x1b && !escapes && text.charCodeAt(i + 1) === 0x5b) {
      let j = i + 2;
      for (let d = text.charCodeAt(j); (d >= 0x30 && d <= 0x3b) || d === 0x3f; d = text.charCodeAt(++j));
      if (text.charCodeAt(j) !== 0x6d) return undefined;
      i = j;
    } else {
      return undefined;
    }
  }
  return width;
}

/**
 * string-width, with the fast path first: what the bundle gives Ink and its helpers in
 * string-width's place (same answers, options included).
 */
export function narrowFirst(text: string, options?: WidthOptions): number {
  if (typeof text === 'string' && options?.ambiguousIsNarrow !== false) {
    const w = narrowWidth(text, options?.countAnsiEscapeCodes === true);
    if (w !== undefined) return w;
  }
  return stringWidth(text, options);
}

/** Width of (sanitized) text in terminal cells. */
export function displayWidth(text: string): number {
  return narrowWidth(text) ?? stringWidth(text);
}

/** Cuts text to at most `width` cells, ending with "…" when something was cut; never splits a grapheme. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const narrow = narrowWidth(text);
  // one code unit per cell (no escape codes): cut anywhere
  if (narrow === text.length) return narrow <= width ? text : text.slice(0, width - 1) + ELLIPSIS;
  if (stringWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  segmenter ??= new Intl.Segmenter();
  for (const { segment } of segmenter.segment(text)) {
    const cw = displayWidth(segment);
    if (w + cw > width - 1) break;
    out += segment;
    w += cw;
  }
  return out + ELLIPSIS;
}

/** Text padded with spaces to at least `width` cells (never cut). */
export function padEnd(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : text + ' '.repeat(width - w);
}

/** Text padded on the left to at least `width` cells (never cut). */
export function padStart(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : ' '.repeat(width - w) + text;
}

/** Text truncated and padded to exactly `width` cells. */
export function formatCell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  return align === 'right' ? padStart(cut, width) : padEnd(cut, width);
}

/**
 * Words wrapped to `width` cells, later lines indented by `hang`; a word longer than a
 * line is cut into line-wide pieces. Nothing is dropped but the spaces at a break.
 */
export function wrapText(text: string, width: number, hang = 2): string[] {
  const w = Math.max(10, width);
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let rest = word;
    const room = () => w - displayWidth(line) - (line ? 1 : 0);
    if (line && displayWidth(rest) > room()) {
      out.push(line);
      line = ' '.repeat(hang);
    }
    while (displayWidth(rest) > w - displayWidth(line) - (line.trim() ? 1 : 0)) {
      const fit = Math.max(1, w - displayWidth(line) - (line.trim() ? 1 : 0));
      const piece = truncate(rest, fit + 1).slice(0, -1) || rest.slice(0, 1);
      out.push(`${line}${line.trim() ? ' ' : ''}${piece}`);
      rest = rest.slice(piece.length);
      line = ' '.repeat(hang);
    }
    line = line.trim() ? `${line} ${rest}` : `${line}${rest}`;
  }
  if (line.trim() || out.length === 0) out.push(line);
  return out;
}

