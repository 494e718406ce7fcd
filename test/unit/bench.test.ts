// The benchmark's pure parts (bench/ never runs in npm test): percentiles, pairing
// kubedeck's trace into key → frame times, and the screen comparison that sees colours.
import { describe, expect, it } from 'vitest';
import xterm from '@xterm/headless';
import { keyLatencies, median, parseTrace, percentile, summarize, sumBytes } from '../../bench/stats.js';
import { changedLines, screenCells, screenText } from '../../bench/screen.js';
import { keySequence, PGDN, ESC } from '../../bench/keys.js';

describe('percentiles', () => {
  it('takes the nearest rank, so p99 of 200 samples is the second largest', () => {
    const xs = Array.from({ length: 200 }, (_, i) => i + 1).reverse();
    expect(percentile(xs, 50)).toBe(100);
    expect(percentile(xs, 99)).toBe(198);
    expect(percentile(xs, 100)).toBe(200);
    expect(summarize([5, 1, 3])).toEqual({ n: 3, p50: 3, p95: 5, p99: 5, max: 5 });
  });

  it('has no percentile of nothing, and a median ignores missing values', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(median([4, undefined, 2, NaN])).toBe(3);
    expect(median([undefined])).toBeNaN();
  });
});

describe('trace → key latencies', () => {
  const trace = [
    { t: 1, ev: 'frame', bytes: 900 }, // start-up frame: no key before it
    { t: 10, ev: 'stdin', bytes: 1 },
    { t: 10.5, ev: 'wire', bytes: 5000 },
    { t: 14, ev: 'frame', bytes: 40 },
    { t: 15, ev: 'frame', bytes: 40 }, // a second write of the same frame: not a key's
    { t: 20, ev: 'stdin', bytes: 1 },
    { t: 22, ev: 'stdin', bytes: 1 }, // read before the first key's frame: the same frame answers both
    { t: 5020, ev: 'frame', bytes: 40 }, // a stall
    { t: 6000, ev: 'stdin', bytes: 1 }, // no frame after it
  ]
    .map((e) => JSON.stringify(e))
    .join('\n');

  it('pairs each input read with the first frame written after it', () => {
    const events = parseTrace(trace + '\n{"t": 7000, "ev": "fra'); // a torn last line is skipped
    expect(keyLatencies(events)).toEqual([4, 5000, 4998]);
  });

  it('keeps only the keys inside the window', () => {
    expect(keyLatencies(parseTrace(trace), 18, 6000)).toEqual([5000, 4998]);
  });
});

function term(text: string): Promise<InstanceType<typeof xterm.Terminal>> {
  const t = new xterm.Terminal({ cols: 20, rows: 3, allowProposedApi: true });
  return new Promise((resolve) => t.write(text, () => resolve(t)));
}

describe('screen comparison', () => {
  it('sees a cursor row that moved by colour alone, as k9s draws it', async () => {
    const a = await term('\u001B[44mpod-a\u001B[0m\r\npod-b');
    const b = await term('pod-a\r\n\u001B[44mpod-b\u001B[0m');
    expect(screenText(a)).toEqual(screenText(b)); // the same characters
    expect(changedLines(screenCells(a), screenCells(b))).toEqual([0, 1]);
  });

  it('sees bold, inverse and a 256-colour change, and nothing when nothing changed', async () => {
    const plain = screenCells(await term('pods ● 10'));
    expect(changedLines(plain, screenCells(await term('pods ● 10')))).toEqual([]);
    for (const styled of ['\u001B[1mpods\u001B[0m ● 10', '\u001B[7mpods\u001B[0m ● 10', '\u001B[38;5;208mpods\u001B[0m ● 10']) {
      expect(changedLines(plain, screenCells(await term(styled)))).toEqual([0]);
    }
  });
});

describe('the keys pressed', () => {
  it('are 200 by default: moves, pages, ends and typing into the filter', () => {
    const keys = keySequence();
    expect(keys).toHaveLength(200);
    for (const k of ['j', 'k', PGDN, 'G', 'g', '/', ESC]) expect(keys).toContain(k);
    expect(keys.join('')).toContain('/worker-1' + ESC);
  });

  it.each([20, 40, 200])('each of %i changes the screen: no k on the top row (a k there would wait for the next redraw, timed as a stall)', (n) => {
    let cursor = 0;
    let typing = false;
    for (const k of keySequence(n)) {
      if (k === '/') typing = true;
      else if (k === ESC) typing = false;
      else if (typing) continue;
      else if (k === 'j') cursor++;
      else if (k === 'k') {
        expect(cursor).toBeGreaterThan(0);
        cursor--;
      } else if (k === PGDN) cursor += 30;
      else if (k === 'G') cursor = 1_000_000;
      else if (k === 'g') cursor = 0;
    }
  });

  it('keep every kind in a short run', () => {
    const keys = keySequence(40);
    expect(keys).toHaveLength(40);
    for (const k of ['j', PGDN, 'G', '/', ESC]) expect(keys).toContain(k);
  });
});

describe('trace byte totals', () => {
  it('sums a field of one event kind: body bytes as received and inflated', () => {
    const events = parseTrace(['{"t":1,"ev":"wire","wire":100,"bytes":900}', '{"t":2,"ev":"frame","bytes":50}', '{"t":3,"ev":"wire","wire":20,"bytes":20}'].join('\n'));
    expect(sumBytes(events, 'wire', 'wire')).toBe(120);
    expect(sumBytes(events, 'wire')).toBe(920);
  });
});
