// A lone Esc, taken at once. Ink cannot tell the ESC byte of the Esc key from the first
// byte of an escape sequence (an arrow key, PgDn) split across two reads, so it holds a
// read that ends in ESC for 20 ms before it calls it Esc: every Esc (closing the filter
// line, a dialog, a view) was drawn 20 ms late. A terminal writes the bytes of one key
// together, so a read that is exactly one ESC byte is the Esc key; it is handed to Ink
// as the kitty keyboard protocol's unambiguous form of Esc (CSI 27 u), which Ink parses
// at once into the same key. Anything else read is left as it is (Alt+key, sequences,
// several keys in one read, a held Esc's repeated bytes).
export const LONE_ESC = '\u001B';
/** Esc in the kitty keyboard protocol: key code 27, no modifiers */
export const KITTY_ESC = '\u001B[27u';

/** the read as Ink should parse it */
export function unambiguousEscape(chunk: Buffer | string | null): Buffer | string | null {
  if (chunk === null) return chunk;
  if (typeof chunk === 'string') return chunk === LONE_ESC ? KITTY_ESC : chunk;
  return chunk.length === 1 && chunk[0] === 0x1b ? Buffer.from(KITTY_ESC) : chunk;
}

/** Wraps the terminal's read (as Ink calls it) so that a lone Esc is not held back. */
export function takeEscapeAtOnce(stdin: NodeJS.ReadStream): void {
  const read = stdin.read.bind(stdin);
  stdin.read = ((size?: number) => unambiguousEscape(read(size) as Buffer | string | null)) as typeof stdin.read;
}
