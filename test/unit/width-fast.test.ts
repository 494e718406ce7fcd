// The width fast path (src/state/width.ts) gives string-width's answer for any text: for
// each single character it could take, and for any mix of the glyphs
// kubedeck draws with wide characters, emoji, marks, joiners, variation selectors and
// escape codes, so a cell, a column and what Ink lays out (the bundle hands Ink
// narrowFirst in string-width's place) stay where they were.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { displayWidth, formatCell, narrowFirst, truncate } from '../../src/state/width.js';

const GLYPHS = [...'●◌▲▼▶…⏎✓✗→←↑↓·—–•×±µμ│─⟨⟩≤≠⚠↻○é'];
// what a fast path could get wrong: characters that join the one before them, wide ones,
// emoji with and without their variation selector, escape codes
const JOINERS = ['\u0301', '\u20e3', '\ufe0f', '\ufe0e', '\u200d', '\u00ad', '\u200b', '\u1160', '\ud83c\udffd', '\u001b[31m', '\u001b[0m', '\u001b[1;36m', '\u001b[m', '\u001b[38;5;12345m', '\u001b[38:2::1:2:3m', '\u001b[?25l', '\u001b[', '\u001b[1', ';', 'm', '\u001b]8;;http://x\u0007', '\u001bP', '\u001b7', '\u009b1m', '\t', '\n', '\u0007'];
const OTHERS = ['日', '한', 'ｱ', 'Ａ', '🚀', '⚠️', '❤', '❤️', '▶️', '👨‍👩‍👧', '🇩🇪', '\u1100', '\u1161', '\ud800', '1'];
const piece = fc.oneof(
  fc.constantFrom(...GLYPHS, ...JOINERS, ...OTHERS),
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0, max: 0x2fff }).map((c) => String.fromCharCode(c)),
);
const text = fc.array(piece, { maxLength: 16 }).map((p) => p.join(''));

describe('the width fast path', () => {
  // the fast path takes nothing from U+3000 on (CJK and beyond go to string-width)
  test('every character below U+3000 alone measures as string-width measures it', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x3000; c++) {
      const s = String.fromCharCode(c);
      if (narrowFirst(s) !== stringWidth(s) || displayWidth(s) !== stringWidth(s)) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  test('any mix of glyphs, wide characters, emoji, marks and escape codes measures as string-width measures it', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(displayWidth(s)).toBe(stringWidth(s));
        expect(narrowFirst(s)).toBe(stringWidth(s));
        expect(narrowFirst(s, { ambiguousIsNarrow: false })).toBe(stringWidth(s, { ambiguousIsNarrow: false }));
        expect(narrowFirst(s, { countAnsiEscapeCodes: true })).toBe(stringWidth(s, { countAnsiEscapeCodes: true }));
      }),
      { numRuns: 2000 },
    );
  });

  test('cells of the header and the table keep their widths', () => {
    for (const s of ['\u001b[1m\u001b[36mkubedeck\u001b[39m\u001b[22m  ctx demo', 'pods ● 10,500 syncing', 'claims ◌ 0', 'NAMESPACE▲', 'loading pods…', '⏎ detail', 'café', 'cafe\u0301', '⚠️ warn', 'ns-日本']) {
      expect(displayWidth(s)).toBe(stringWidth(s));
      for (const w of [1, 4, 8, 40]) expect(stringWidth(formatCell(s, w))).toBe(w);
      expect(truncate('NAMESPACE▲ all', 8)).toBe('NAMESPA…');
    }
  });
});
