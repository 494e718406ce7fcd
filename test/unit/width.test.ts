// One text width: every measure, cut and pad agrees with string-width (what Ink lays
// out with) on emoji, ZWJ sequences, flags, CJK, halfwidth forms and combining marks.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { displayWidth, formatCell, padEnd, truncate } from '../../src/state/width.js';
import { fitColumns, COLUMN_GAP } from '../../src/state/table.js';
import { prefixText } from '../../src/state/loglines.js';

const segmenter = new Intl.Segmenter();
const graphemes = (s: string) => [...segmenter.segment(s)].map((g) => g.segment);

// the strings that a home-made width got wrong, and their neighbours
const TRICKY = ['🚀', '✅', '☕', '⭐', '👨‍👩‍👧', '🏳️‍🌈', '🇩🇪', '❤️', '1️⃣', '日本語', '한국어', 'ﾊﾝｶｸ', 'cafe\u0301', 'e\u0301\u0302', 'Ａ', '…', '✓', '⚠', '│'];
const pieces = fc.constantFrom('a', 'Z', '-', '.', '0', ' ', ...TRICKY);
const text = fc.array(pieces, { maxLength: 12 }).map((p) => p.join(''));

describe('text width', () => {
  test.each(TRICKY)('%s measures as string-width does', (s) => {
    expect(displayWidth(s)).toBe(stringWidth(s));
    expect(displayWidth(`pod-${s}-0`)).toBe(stringWidth(`pod-${s}-0`));
  });

  test('a cell is exactly its width, a cut never splits a grapheme and ends with …', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 30 }), (s, width) => {
        const cell = formatCell(s, width);
        expect(stringWidth(cell)).toBe(width);
        const cut = truncate(s, width);
        expect(stringWidth(cut)).toBeLessThanOrEqual(width);
        if (cut !== s) {
          expect(cut.endsWith('…')).toBe(true);
          const kept = graphemes(cut.slice(0, -1));
          expect(graphemes(s).slice(0, kept.length)).toEqual(kept);
        }
        expect(stringWidth(padEnd(s, width))).toBe(Math.max(width, stringWidth(s)));
      }),
    );
  });

  test('fitted columns line up for any mix of names', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 8 }), fc.integer({ min: 20, max: 120 }), (rows, width) => {
        const columns = [{ id: 'a', title: 'NAME' }, { id: 'b', title: 'STATUS' }];
        const tableRows = rows.map(([a, b], i) => ({ key: String(i), cells: [a, b] }));
        const widths = fitColumns(columns, tableRows, width);
        const shown = widths.filter((w) => w > 0);
        const total = shown.reduce((a, b) => a + b, 0) + (shown.length - 1) * COLUMN_GAP;
        const lines = tableRows.map((r) => r.cells.flatMap((c, i) => (widths[i] ? [formatCell(c, widths[i]!)] : [])).join(' '.repeat(COLUMN_GAP)));
        for (const line of lines) expect(stringWidth(line)).toBe(total);
        expect(total).toBeLessThanOrEqual(width);
      }),
    );
  });

  test('a log prefix is as wide as its column whatever the container is called', () => {
    for (const name of TRICKY) expect(stringWidth(prefixText(`c-${name}`, 6))).toBe(6 + ' │ '.length);
  });
});
