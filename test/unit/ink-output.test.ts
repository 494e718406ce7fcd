// src/views/ink/output.ts draws what Ink's own Output draws, frame after frame, although it
// keeps caches and the previous frame's lines across frames: the same writes, clips and
// transforms give the same screen text, with styles, wide characters and newlines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import InkOutput from '../../node_modules/ink/build/output.js';
import Output from '../../src/views/ink/output.js';

type Op =
  | { kind: 'write'; x: number; y: number; text: string; upper: boolean }
  | { kind: 'clip'; x1?: number; x2?: number; y1?: number; y2?: number }
  | { kind: 'unclip' };

interface Drawable {
  write(x: number, y: number, text: string, options: { transformers: ((s: string, index: number) => string)[] }): void;
  clip(clip: { x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined }): void;
  unclip(): void;
  get(): { output: string; height: number };
}

const W = 24;
const H = 6;
// SGR styles as chalk writes them, and text with wide, combining and invisible characters
const styled = fc
  .tuple(
    fc.constantFrom('', '\x1b[1m', '\x1b[7m', '\x1b[31m', '\x1b[38;5;208m', '\x1b[2m\x1b[36m'),
    fc.array(fc.constantFrom('a', 'b', 'Z', ' ', '-', '│', '世', '界', '✓', 'é', 'e\u0301', '\u200b', '\n', '●', '🙂'), { maxLength: 14 }),
    fc.boolean(),
  )
  .map(([open, chars, close]) => `${open}${chars.join('')}${open && close ? '\x1b[0m' : ''}`);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('write' as const), x: fc.integer({ min: -3, max: W + 2 }), y: fc.integer({ min: -2, max: H + 1 }), text: styled, upper: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record(
      { kind: fc.constant('clip' as const), x1: fc.integer({ min: -2, max: W }), x2: fc.integer({ min: 0, max: W + 2 }), y1: fc.integer({ min: -1, max: H }), y2: fc.integer({ min: 0, max: H + 1 }) },
      { requiredKeys: ['kind'] },
    ),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'unclip' as const }) },
);

function draw(out: Drawable, ops: Op[]): string {
  const upper = (s: string) => s.toUpperCase();
  for (const o of ops) {
    if (o.kind === 'write') out.write(o.x, o.y, o.text, { transformers: o.upper ? [upper] : [] });
    else if (o.kind === 'clip') out.clip({ x1: o.x1, x2: o.x2, y1: o.y1, y2: o.y2 });
    else out.unclip();
  }
  return out.get().output;
}

describe("kubedeck's Ink Output", () => {
  it("draws every frame of a sequence as Ink's own Output does", () => {
    // a sequence of frames, each the previous one with a few writes changed (as a key press
    // changes a screen), so that the caches and the previous lines are used
    const frames = fc.tuple(fc.array(op, { minLength: 1, maxLength: 16 }), fc.array(fc.tuple(fc.nat(15), op), { maxLength: 8 }));
    fc.assert(
      fc.property(frames, ([first, edits]) => {
        let ops = first;
        const seq = [ops];
        for (const [at, changed] of edits) {
          ops = ops.map((o, i) => (i === at % ops.length ? changed : o));
          seq.push(ops);
        }
        for (const frame of seq) {
          const theirs = draw(new InkOutput({ width: W, height: H }) as Drawable, frame);
          const ours = draw(new Output({ width: W, height: H }), frame);
          expect(ours).toBe(theirs);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('draws a changed line anew and keeps the others as they were', () => {
    const frame = (cursor: number) => {
      const out = new Output({ width: 20, height: 4 });
      for (let y = 0; y < 4; y++) out.write(0, y, y === cursor ? `\x1b[7mrow ${y}\x1b[27m` : `row ${y}`, { transformers: [] });
      return out.get().output.split('\n');
    };
    expect(frame(1)).toEqual(['row 0', '\x1b[7mrow 1\x1b[27m', 'row 2', 'row 3']);
    expect(frame(2)).toEqual(['row 0', 'row 1', '\x1b[7mrow 2\x1b[27m', 'row 3']);
    // a smaller frame after a larger one
    const small = new Output({ width: 20, height: 2 });
    small.write(0, 0, 'row 0', { transformers: [] });
    expect(small.get()).toEqual({ output: 'row 0\n', height: 2 });
  });
});
