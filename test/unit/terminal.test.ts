// The terminal's clipboard (OSC 52) and full-screen handling, as bytes written.
import { describe, expect, test } from 'vitest';
import { PassThrough } from 'node:stream';
import { clipboardSequence, copyToClipboard, enterFullscreen } from '../../src/terminal.js';

function fakeTty() {
  const out = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  let written = '';
  out.on('data', (d: Buffer) => (written += d.toString()));
  const stdin = { isTTY: false } as unknown as NodeJS.ReadStream;
  return { out, stdin, written: () => written };
}

describe('clipboard over OSC 52', () => {
  test('a name goes to the clipboard base64-encoded, UTF-8 included', () => {
    expect(clipboardSequence('web/api-0')).toEqual({ sequence: `\u001B]52;c;${Buffer.from('web/api-0').toString('base64')}\u0007` });
    const r = clipboardSequence('café 🚀');
    expect('sequence' in r && Buffer.from(r.sequence.slice(7, -1), 'base64').toString()).toBe('café 🚀');
  });

  test('multi-line YAML is copied; control or invisible characters are refused', () => {
    expect('sequence' in clipboardSequence('a: 1\nb: 2\n')).toBe(true);
    expect(clipboardSequence('rm -rf /\r')).toEqual({ refused: expect.stringMatching(/control or invisible/) });
    expect(clipboardSequence('pod\u200b-0')).toEqual({ refused: expect.stringMatching(/control or invisible/) });
    expect(clipboardSequence('\u001B]52;c;x\u0007')).toEqual({ refused: expect.stringMatching(/control/) });
    expect(clipboardSequence('')).toEqual({ refused: 'nothing to copy' });
    expect(clipboardSequence('x'.repeat(100_000))).toEqual({ refused: expect.stringMatching(/more than a terminal takes/) });
  });

  test('copyToClipboard writes the sequence and says what was copied', () => {
    const t = fakeTty();
    expect(copyToClipboard('web/api-0', t.out)).toEqual({ ok: true, message: expect.stringContaining('"web/api-0"') });
    expect(t.written()).toBe(`\u001B]52;c;${Buffer.from('web/api-0').toString('base64')}\u0007`);
    expect(copyToClipboard('x\u0007', t.out).ok).toBe(false);
    expect(t.written()).not.toContain('eAc'); // nothing more was written
  });
});

describe('full screen', () => {
  test('the alternate screen is entered and left; --no-alt-screen leaves it alone', () => {
    const alt = fakeTty();
    enterFullscreen({ stdout: alt.out, stdin: alt.stdin }).restore();
    expect(alt.written()).toContain('\u001B[?1049h');
    expect(alt.written()).toContain('\u001B[?1049l');
    expect(alt.written()).toContain('\u001B[?25h'); // cursor shown again

    const main = fakeTty();
    enterFullscreen({ altScreen: false, stdout: main.out, stdin: main.stdin }).restore();
    expect(main.written()).not.toContain('\u001B[?1049');
    expect(main.written()).toContain('\u001B[?25l');
    expect(main.written()).toContain('\u001B[?25h');
  });

  test('raw mode is on before the first byte of the full screen, and off again after', () => {
    let written = '';
    const stdout = { write: (d: string) => ((written += d), true) } as unknown as NodeJS.WriteStream;
    const modes: string[] = [];
    const stdin: { isTTY: boolean; isRaw: boolean; setRawMode(on: boolean): void } = {
      isTTY: true,
      isRaw: false,
      setRawMode(on) {
        modes.push(`${on ? 'raw' : 'cooked'} after ${JSON.stringify(written)}`);
        stdin.isRaw = on;
      },
    };
    const guard = enterFullscreen({ stdout, stdin: stdin as unknown as NodeJS.ReadStream });
    expect(written).toContain('\u001B[?1049h');
    expect(modes).toEqual(['raw after ""']); // no key typed from now on is echoed onto the screen
    guard.restore();
    expect(modes).toHaveLength(2);
    expect(modes[1]).toMatch(/^cooked after ".*\?1049h/);
  });
});
