// The screen as a user sees it, colours included: k9s marks its cursor row by colour
// alone, so a keypress that only moves a highlight must count as a change.
import type xterm from '@xterm/headless';

type Terminal = InstanceType<typeof xterm.Terminal>;

/** the visible lines as text */
export function screenText(term: Terminal): string[] {
  const buf = term.buffer.active;
  const out: string[] = [];
  for (let i = 0; i < term.rows; i++) out.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
  return out;
}

/**
 * One string per visible line that changes whenever a character, its colours (mode and
 * value, foreground and background) or its attributes (bold, dim, italic, underline,
 * inverse, strikethrough) change: runs of cells with the same style are written once.
 */
export function screenCells(term: Terminal): string[] {
  const buf = term.buffer.active;
  const cell = buf.getNullCell();
  const out: string[] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buf.getLine(buf.viewportY + y);
    if (!line) {
      out.push('');
      continue;
    }
    let s = '';
    let style = '';
    for (let x = 0; x < term.cols; x++) {
      line.getCell(x, cell);
      const st = `${cell.getFgColorMode()}:${cell.getFgColor()}/${cell.getBgColorMode()}:${cell.getBgColor()}/${cell.isBold()}${cell.isDim()}${cell.isItalic()}${cell.isUnderline()}${cell.isInverse()}${cell.isStrikethrough()}`;
      if (st !== style) {
        s += `\u0000${st}\u0000`;
        style = st;
      }
      s += cell.getChars() || ' ';
    }
    out.push(s);
  }
  return out;
}

/** indexes of the lines that differ between two screenCells() results */
export function changedLines(a: readonly string[], b: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push(i);
  return out;
}
