// One text width for every cell, cut and column fit: string-width's, which is what Ink
// measures its own layout with, so a column kubedeck pads is the column Ink draws.
// Printable ASCII (nearly every Kubernetes name) takes a fast path.
import stringWidth from 'string-width';

const ELLIPSIS = '…';
const segmenter = new Intl.Segmenter();

function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** Width of (sanitized) text in terminal cells. */
export function displayWidth(text: string): number {
  return isPrintableAscii(text) ? text.length : stringWidth(text);
}

/** Cuts text to at most `width` cells, ending with "…" when something was cut; never splits a grapheme. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (isPrintableAscii(text)) return text.length <= width ? text : text.slice(0, width - 1) + ELLIPSIS;
  if (stringWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  for (const { segment } of segmenter.segment(text)) {
    const cw = stringWidth(segment);
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

