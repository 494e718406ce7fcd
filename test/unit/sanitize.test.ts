import { describe, expect, it } from 'vitest';
import { sanitize } from '../../src/state/sanitize.js';

const ESC = '\x1b';
const BEL = '\x07';
const ST = `${ESC}\\`;

// Nothing a terminal would act on may survive: C0 (except what we turn into text),
// DEL, C1, ESC, and bidi overrides/isolates.
const CONTROL = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe('sanitize: attacks are neutralized', () => {
  it.each([
    ['cursor movement (CSI H)', `pod${ESC}[2;5Hx`, 'podx'],
    ['cursor up and erase line', `a${ESC}[1A${ESC}[2Kb`, 'ab'],
    ['clear screen', `${ESC}[2J${ESC}[3Jname`, 'name'],
    ['alternate screen', `${ESC}[?1049hhidden`, 'hidden'],
    ['C1 CSI form', `a\x9b31mb`, 'ab'],
    ['window title via OSC 0 + BEL', `${ESC}]0;pwned${BEL}name`, 'name'],
    ['window title via OSC 2 + ST', `${ESC}]2;pwned${ST}name`, 'name'],
    ['OSC 8 hyperlink keeps only the visible text', `${ESC}]8;;https://evil.example${ST}click${ESC}]8;;${ST}`, 'click'],
    ['OSC 52 clipboard write', `${ESC}]52;c;cm0gLXJmIC8K${BEL}ok`, 'ok'],
    ['C1 OSC terminated by C1 ST', `\x9d0;title\x9cok`, 'ok'],
    ['unterminated OSC swallows the rest', `ok${ESC}]0;title`, 'ok'],
    ['DCS string', `${ESC}Pq#0;2;0;0;0${ST}ok`, 'ok'],
    ['APC string', `${ESC}_Gf=100;AAAA${ST}ok`, 'ok'],
    ['PM string', `${ESC}^private${ST}ok`, 'ok'],
    ['SOS string', `${ESC}Xstart${ST}ok`, 'ok'],
    ['full reset (ESC c)', `${ESC}cok`, 'ok'],
    ['save cursor (ESC 7)', `${ESC}7ok${ESC}8`, 'ok'],
    ['charset designation (ESC ( 0)', `${ESC}(0ok`, 'ok'],
    ['trailing lone ESC', `ok${ESC}`, 'ok'],
    ['bell and backspace', `o\x07k\x08\x08`, 'ok'],
    ['DEL', `o\x7fk`, 'ok'],
    ['C1 controls (NEL, CSI lead-ins)', 'o\x85k\x80\x9f', 'ok'],
    ['NUL', 'o\x00k', 'ok'],
    // bidi controls are shown, not stripped silently: "exe⟨U+202E⟩txt.sh" cannot pass for "exetxt.sh"
    ['right-to-left override', 'exe\u202Etxt.sh', 'exe⟨U+202E⟩txt.sh'],
    ['bidi isolates', '\u2066a\u2067b\u2068c\u2069', '⟨U+2066⟩a⟨U+2067⟩b⟨U+2068⟩c⟨U+2069⟩'],
    ['embedding and pop', '\u202Aa\u202Bb\u202C', '⟨U+202A⟩a⟨U+202B⟩b⟨U+202C⟩'],
  ])('%s', (_name, input, want) => {
    const out = sanitize(input);
    expect(out).toBe(want);
    expect(out).not.toMatch(CONTROL);
  });

  it('turns line breaks into ⏎ in single-line cells', () => {
    expect(sanitize('line1\nline2\r\nline3\rline4')).toBe('line1⏎line2⏎line3⏎line4');
    expect(sanitize('a\u2028b')).toBe('a⏎b');
  });

  it('keeps newlines in multiline text and drops carriage returns that could overwrite a line', () => {
    expect(sanitize('a\r\nb\rc\n', { multiline: true })).toBe('a\nbc\n');
  });

  it('expands tabs to spaces at 8-column stops', () => {
    expect(sanitize('a\tb')).toBe('a       b');
    expect(sanitize('abcdefgh\tx')).toBe('abcdefgh        x');
    expect(sanitize('x\n\ty', { multiline: true })).toBe('x\n        y');
  });
});

describe('sanitize: keepSgr', () => {
  it('keeps SGR colour sequences', () => {
    const colored = `${ESC}[1;31mERROR${ESC}[0m done ${ESC}[m`;
    expect(sanitize(colored, { keepSgr: true })).toBe(colored);
  });

  it('still strips everything else, including CSI that only looks like colour', () => {
    const input = `${ESC}[31mred${ESC}[2J${ESC}[?25l${ESC}[38:5:1m${ESC}]0;t${BEL}`;
    expect(sanitize(input, { keepSgr: true })).toBe(`${ESC}[31mred`);
  });

  it('strips SGR without the option', () => {
    expect(sanitize(`${ESC}[32mok${ESC}[0m`)).toBe('ok');
  });
});

describe('sanitize: harmless text is unchanged', () => {
  it.each([
    ['plain ASCII', 'nginx-7d9c5b8f6-abcde'],
    ['punctuation', 'a/b:c=d, e (f) [g] {h} ~!@#$%^&*'],
    ['accented Latin', 'café-déjà-vu'],
    ['CJK', '数据库-服务'],
    ['emoji', 'deploy 🚀 done'],
    ['right-to-left script without overrides', 'שלום'],
    ['combining marks', 'e\u0301'],
    ['empty', ''],
  ])('%s', (_name, text) => {
    expect(sanitize(text)).toBe(text);
  });

  it('coerces non-strings instead of throwing', () => {
    expect(sanitize(undefined as unknown as string)).toBe('');
    expect(sanitize(42 as unknown as string)).toBe('42');
  });
});

describe('sanitize: keepSgr with tabs', () => {
  it('does not count colour sequences as columns when expanding tabs', () => {
    expect(sanitize(`${ESC}[31mab${ESC}[0m\tc`, { keepSgr: true })).toBe(`${ESC}[31mab${ESC}[0m      c`);
  });
});
