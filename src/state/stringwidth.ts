// string-width, loaded at its first use: its module builds an Intl.Segmenter and its
// Unicode regular expressions as it loads (~25 ms of a start-up), and the width fast path
// (width.ts) needs it only for text outside the characters it knows, which the first
// frames seldom hold (docs/performance.md, "First rows, again"). From source this is a
// require() of the ES module (Node >= 22.12); the bundle has this module replaced by a
// require() that esbuild resolves inside the bundle (scripts/build.mjs).
import { createRequire } from 'node:module';

export interface WidthOptions {
  ambiguousIsNarrow?: boolean;
  countAnsiEscapeCodes?: boolean;
}
type StringWidth = (text: string, options?: WidthOptions) => number;

let loaded: StringWidth | undefined;

/** string-width's width of text */
export function stringWidth(text: string, options?: WidthOptions): number {
  loaded ??= (createRequire(import.meta.url)('string-width') as { default: StringWidth }).default;
  return loaded(text, options);
}
