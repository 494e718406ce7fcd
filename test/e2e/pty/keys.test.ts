// The key router in a real terminal against --demo: each pane's key sequences typed one
// key per write and sent as one write (a paste without bracketed paste, fast typing
// over SSH) end in the same state; a bracketed paste is text for the focused line;
// q, :q⏎, Ctrl-C and esc esc q quit from every focus level.
import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endPtyApps, runBuilt, type PtyApp } from './harness.js';

afterEach((ctx) => {
  endPtyApps('keys', ctx.task.result?.state === 'fail');
});

function launch(): PtyApp {
  const home = mkdtempSync(join(tmpdir(), 'kubedeck-pty-keys-'));
  return runBuilt(['--demo'], { env: { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), CI: 'true' } });
}

async function start(): Promise<PtyApp> {
  const a = launch();
  await a.waitFor(/SchedulingGated/, 30_000);
  return a;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** one key per write, slower than Ink's 20 ms wait that tells a lone esc from Alt+key */
async function typeSlowly(a: PtyApp, keys: string[]) {
  for (const k of keys) {
    a.write(k);
    await sleep(80);
  }
}

/** what a sequence is judged by: the tab shown, the cursor's row name, the line under the table, what is open */
function probe(screen: string): string {
  const lines = screen.split('\n');
  const tab = /\[\d \w+\]/.exec(lines[1] ?? '')?.[0] ?? '';
  const cursor = lines.find((l) => l.startsWith('>'))?.split(/\s+/).slice(1, 3).join(' ') ?? '';
  const open = ['Keys', 'Remove scheduling gate', 'Switch context', 'esc clear'].filter((w) => screen.includes(w)).join(',');
  const under = lines
    .slice(2)
    .filter((l) => /\/\S|marked|of \d/.test(l))
    .map((l) => (/(\/\S+|\d+ marked)/.exec(l) ?? [''])[0])
    .join('|');
  return [tab, cursor, open, under].join(' · ');
}

/** waits for the screen to stop changing */
async function settled(a: PtyApp): Promise<string> {
  let last = '';
  for (let same = 0, i = 0; same < 5 && i < 200; i++) {
    await sleep(60);
    same = a.screen() === last ? same + 1 : 0;
    last = a.screen();
  }
  return last;
}

// each starts on the pods pane with nothing open, and leaves with the reset below
const sequences: [string, string[]][] = [
  ['pods: /orders⏎ then j', ['/', 'o', 'r', 'd', 'e', 'r', 's', '\r', 'j']],
  ['pods: /web5 keeps the 5 as text', ['/', 'w', 'e', 'b', '5']],
  ['pods: /orders⏎ g j space marks', ['/', 'o', 'r', 'd', 'e', 'r', 's', '\r', 'g', 'j', ' ']],
  ['claims: 2 S', ['2', 'S']],
  ['volumes: 3 /pv-data⏎', ['3', '/', 'p', 'v', '-', 'd', 'a', 't', 'a', '\r']],
  ['volumes: :pv⏎ j', [':', 'p', 'v', '\r', 'j']],
  ['identity: 5 j', ['5', 'j']],
  ['pods: u opens the gate picker', ['/', 't', 'r', 'a', 'i', 'n', '\r', 'u']],
  ['help: ? then esc then 3', ['?', '\u001B', '3']],
];
// back to the pods pane with no filter or marks: esc closes what is open and clears
const RESET = ['\u001B', '\u001B', '\u001B', '1', '\u001B', '\u001B', 'g'];

describe('one key per write and one write give the same result', () => {
  test('every pane', async () => {
    const slow = await start();
    const fast = await start();
    for (const [name, keys] of sequences) {
      await typeSlowly(slow, keys);
      fast.write(keys.join(''));
      const [one, burst] = [probe(await settled(slow)), probe(await settled(fast))];
      expect(burst, name).toBe(one);
      await typeSlowly(slow, RESET);
      await typeSlowly(fast, RESET);
      await settled(slow);
      await settled(fast);
    }
  });
});

describe('keys typed as the console appears', () => {
  test('are not echoed and do not scroll the screen: :pv⏎ opens volumes under an intact header', async () => {
    const a = launch();
    // the moment the full screen is entered, before the first frame's input hook has run
    const deadline = Date.now() + 30_000;
    while (a.bufferType() !== 'alternate' && Date.now() < deadline) await a.waitFor(() => true, 1000, 1);
    a.write(':pv\r');
    const screen = await a.waitFor(/\[3 Volumes\]/, 30_000);
    await settled(a);
    // the terminal's own echo of the keys and their Enter would have scrolled it a row
    expect(a.altScrolls()).toEqual([]);
    expect(screen.split('\n')[0]).toMatch(/^kubedeck\s/);
    expect(a.screen().split('\n')[1]).toContain('[3 Volumes]');
  });
});

describe('bracketed paste', () => {
  test('into the filter line and the command line, and ignored with no line open', async () => {
    const a = await start();
    a.write('\u001B[200~:q\r\u001B[201~');
    await a.waitFor(/paste ignored/);
    a.write('/');
    await a.waitFor(/esc clear/);
    a.write('\u001B[200~orders\r\u001B[201~');
    await a.waitFor(/\/orders .*esc clear/); // the ⏎ in the paste is text, the line stays open
    a.write('\r');
    await a.waitFor((s) => !s.includes('esc clear'));
    a.write(':');
    await sleep(100);
    a.write('\u001B[200~pvs\u001B[201~');
    await a.waitFor(/:pvs/);
    a.write('\r');
    await a.waitFor(/\[3 Volumes\]/);
    a.write('q');
    expect((await a.exited).exitCode).toBe(0);
  });
});

describe('quitting from every focus level', () => {
  const levels: [string, string[]][] = [
    ['the pane', []],
    ['the filter line', ['/', 'x']],
    ['the command line', [':', 'p']],
    ['help', ['?']],
    ['the gate picker', ['/', 't', 'r', 'a', 'i', 'n', '\r', 'u']],
  ];
  for (const [level, open] of levels) {
    test(`esc esc q in one write, and Ctrl-C, quit from ${level}; the terminal is restored`, async () => {
      for (const quit of ['\u001B\u001Bq', '\u0003']) {
        const a = await start();
        await typeSlowly(a, open);
        await settled(a);
        a.write(quit);
        expect((await a.exited).exitCode, JSON.stringify(quit)).toBe(0);
        expect(a.bufferType()).toBe('normal');
        expect(a.cursorHidden()).toBe(false);
      }
    });
  }
  test('q and :q⏎ quit from the pane', async () => {
    for (const quit of ['q', ':q\r']) {
      const a = await start();
      a.write(quit);
      expect((await a.exited).exitCode).toBe(0);
    }
  });
});
