// Names that differ must look different: invisible characters are shown, and a name
// changed by sanitizing is marked, in the table and in YAML.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sanitize, sanitizeName } from '../../src/state/sanitize.js';
import { podRow } from '../../src/state/pods.js';
import { trimObject } from '../../src/state/store.js';
import { yamlLines } from '../../src/views/YamlView.js';
import type { KubeObject } from '../../src/k8s/types.js';

const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u061c', '\ufeff', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u034f', '\u115f', '\u1160', '\u3164', '\u180e', '\u00ad'];
const pod = (name: string): KubeObject => trimObject({ metadata: { name, namespace: 'hostile', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: {}, status: { phase: 'Running' } } as KubeObject);
const hex = (ch: string) => ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');

describe('invisible characters', () => {
  it.each(INVISIBLE.map((c) => [hex(c), c]))('U+%s is shown as its code point in text and names', (h, c) => {
    expect(sanitize(`ad${c}min`)).toBe(`ad⟨U+${h}⟩min`);
    expect(podRow(pod(`ad${c}min`), 0).cells[1]).toBe(`ad⟨U+${h}⟩min`);
  });

  it('a name whose escape sequence sanitizing removes is marked in the table, not shown as the clean name', () => {
    const cells = [podRow(pod('admin'), 0).cells[1], podRow(pod('ad\x1b[0mmin'), 0).cells[1], podRow(pod('ad\x07min'), 0).cells[1]];
    expect(cells).toEqual(['admin', 'ad⟨U+001B⟩[0mmin', 'ad⟨U+0007⟩min']);
  });

  it('two different raw names never give the same name cell', () => {
    const alphabet = fc.constantFrom('a', '-', '\x1b', '[', 'm', '\x07', '\u200b', '\u202e', '\n', '\t', '\x9b', '\u00ad');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 8 }).map((a) => a.join('')), fc.array(alphabet, { maxLength: 8 }).map((a) => a.join('')), (x, y) => {
        if (x !== y) expect(sanitizeName(x)).not.toBe(sanitizeName(y));
      }),
      { numRuns: 500 },
    );
  });

  it('YAML shows the invisible and control characters of a name', () => {
    const text = yamlLines(pod('ad\u200bmin\x1b[2J')).join('\n');
    expect(text).toContain('⟨U+200B⟩');
    expect(text).not.toMatch(/name: admin$/m);
    expect(text).not.toContain('\x1b');
  });
});
