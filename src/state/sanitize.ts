// Everything shown in the terminal that came from a cluster passes through here:
// object names, messages and logs are attacker-controlled text, and a raw escape
// sequence could move the cursor, retitle the window, write the clipboard (OSC 52)
// or forge a hyperlink (OSC 8).

export interface SanitizeOptions {
  /** keep SGR colour sequences (ESC [ digits/; m), e.g. for container logs */
  keepSgr?: boolean;
  /** keep newlines (YAML, logs); otherwise each line break becomes "⏎" */
  multiline?: boolean;
}

// One alternation so that a sequence is removed whole before its bytes could be
// re-read as something else. Order matters: string-type sequences (OSC, DCS, SOS,
// PM, APC) run to their terminator, or to the end of the text when unterminated,
// because a terminal would swallow that text too.
const SEQUENCE = new RegExp(
  [
    // CSI, 7-bit or C1 form: params, intermediates, final byte
    '(?:\\x1b\\[|\\x9b)[0-?]*[ -/]*[@-~]',
    // OSC / DCS / SOS / PM / APC up to BEL or ST
    '(?:\\x1b[\\]PX^_]|[\\x90\\x98\\x9d\\x9e\\x9f])[\\s\\S]*?(?:\\x07|\\x1b\\\\|\\x9c|$)',
    // nF escapes (charset designation, ESC ( B) and single-character escapes (ESC c, ESC 7)
    '\\x1b[ -/]*[0-~]',
    // a lone ESC, e.g. at the end of a cut-off sequence
    '\\x1b',
  ].join('|'),
  'g',
);

const SGR = /^\x1b\[[0-9;]*m$/;

// C0 except tab/LF/CR (handled separately), DEL, C1: a terminal acts on them.
const STRIP = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;

// Invisible characters a terminal shows as nothing, so two different names could
// look the same: every format character (Cf: zero-width spaces and joiners, the
// bidi marks, embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069,
// U+FEFF, U+2060–U+2064, tags, ...) and the fillers U+034F, U+115F, U+1160, U+3164,
// U+FFA0 and U+180E. Each is shown as its code point: ⟨U+200B⟩.
const INVISIBLE = /[\p{Cf}\u034f\u115f\u1160\u3164\uffa0\u180e]/gu;

// Anything that needs work; plain text returns untouched without allocation.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\p{Cf}\u034f\u115f\u1160\u3164\uffa0\u180e]/u;

/** ⟨U+200B⟩: how an invisible or control character is shown */
export function codePoint(ch: string): string {
  return `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

// Names: every character sanitize would drop or turn into something else.
const NAME_UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\p{Cf}\u034f\u115f\u1160\u3164\uffa0\u180e]/gu;

/**
 * An object's name or namespace for a table cell: nothing is removed silently, so
 * two different raw names never look the same. Where sanitize() would drop an
 * escape sequence or a control character, the name shows each code point
 * (`web⟨U+001B⟩[2J`), which also marks it as changed.
 */
export function sanitizeName(text: string): string {
  if (typeof text !== 'string') text = String(text ?? '');
  return text.replace(NAME_UNSAFE, codePoint);
}

const TAB_STOP = 8;

export function sanitize(text: string, opts: SanitizeOptions = {}): string {
  if (typeof text !== 'string') text = String(text ?? '');
  if (!UNSAFE.test(text)) return text;

  // Clean the text between escape sequences; a sequence survives only as a kept SGR.
  let out = '';
  let last = 0;
  for (const m of text.matchAll(SEQUENCE)) {
    out += cleanText(text.slice(last, m.index), opts);
    if (opts.keepSgr && SGR.test(m[0])) out += m[0];
    last = m.index + m[0].length;
  }
  out += cleanText(text.slice(last), opts);
  return out.includes('\t') ? expandTabs(out) : out;
}

function cleanText(text: string, opts: SanitizeOptions): string {
  const out = text.replace(STRIP, '').replace(INVISIBLE, codePoint);
  return opts.multiline
    ? out.replace(/\r\n/g, '\n').replace(/[\r\u2028\u2029]/g, (c) => (c === '\r' ? '' : '\n'))
    : out.replace(/\r\n|[\r\n\u2028\u2029]/g, '⏎');
}

// Tabs become spaces up to the next tab stop, so aligned log output stays aligned
// while the terminal never sees a character that moves the cursor. Kept SGR
// sequences take no columns.
function expandTabs(text: string): string {
  let out = '';
  let col = 0;
  let inSgr = false;
  for (const ch of text) {
    if (inSgr) {
      out += ch;
      if (ch === 'm') inSgr = false;
    } else if (ch === '\x1b') {
      out += ch;
      inSgr = true;
    } else if (ch === '\t') {
      const n = TAB_STOP - (col % TAB_STOP);
      out += ' '.repeat(n);
      col += n;
    } else if (ch === '\n') {
      out += ch;
      col = 0;
    } else {
      out += ch;
      col += 1;
    }
  }
  return out;
}
