// The key router as a user meets it: keys typed one at a time or arriving in one read
// (fast typing over SSH, a paste without bracketed paste) do the same thing; a
// bracketed paste is text for the focused line, never keys.
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { samplePods } from './fake-api.js';
import { samplePvs } from './volumes-fake.js';
import { keys, lineOf, renderApp, tick } from './render.js';

afterEach(() => cleanup());

const paste = (text: string) => `\u001B[200~${text}\u001B[201~`;

async function app() {
  const ui = await renderApp();
  ui.api.pods.set(samplePods());
  ui.api.volumes.pvs.set(samplePvs());
  await ui.press();
  return ui;
}

/** waits until the screen has not changed for a while */
async function settle(ui: Awaited<ReturnType<typeof app>>) {
  let last = '';
  let same = 0;
  for (let i = 0; i < 200 && same < 4; i++) {
    await tick(25);
    same = ui.frame() === last ? same + 1 : 0;
    last = ui.frame();
  }
  return last;
}

async function until(cond: () => boolean) {
  for (let i = 0; i < 200 && !cond(); i++) await tick(10);
}

describe('one read or one key at a time: the same screen', () => {
  const sequences: [string, string[]][] = [
    ['/web5 on pods filters (5 is text, not the identity pane)', ['/', 'w', 'e', 'b', '5']],
    ['3 then /pv-data on volumes', ['3', '/', 'p', 'v', '-', 'd', 'a', 't', 'a', '\r']],
    ['jj space marks the third row', ['j', 'j', ' ']],
    [':logs web/api-1 opens its logs without l firing on the selected pod', [':', 'l', 'o', 'g', 's', ' ', 'w', 'e', 'b', '/', 'a', 'p', 'i', '-', '1', '\r']],
    ['u opens the gate picker, j moves in it', ['u', 'j']],
    ['? opens help, esc closes it, 2 shows claims', ['?', keys.esc, '2']],
  ];
  for (const [name, seq] of sequences) {
    test(name, async () => {
      const slow = await app();
      await slow.press(...seq);
      const one = await settle(slow);
      cleanup();
      const fast = await app();
      fast.stdin.write(seq.join(''));
      const burst = await settle(fast);
      expect(burst).toBe(one);
    });
  }

  test('"/web5" in one read filters; the pane stays pods', async () => {
    const ui = await app();
    ui.stdin.write('/web5');
    const frame = await settle(ui);
    expect(frame).toContain('/web5');
    expect(frame).toContain('[1 Pods]');
  });

  test('3 then "/pv-data" in one read filters the volumes; esc and the digits work after', async () => {
    const ui = await app();
    await ui.press('3');
    ui.stdin.write('/pv-data');
    let frame = await settle(ui);
    expect(frame).toContain('[3 Volumes]');
    expect(frame).toContain('/pv-data');
    await ui.press(keys.esc);
    await tick(30); // a lone esc is told from Alt+key after 20 ms
    await ui.press('1');
    frame = await settle(ui);
    expect(frame).toContain('[1 Pods]');
  });
});

describe('bracketed paste', () => {
  test('into the filter line: text, even when it holds keys like ⏎ or q', async () => {
    const ui = await app();
    await ui.press('/');
    ui.stdin.write(paste('train-1\rq'));
    const frame = await settle(ui);
    expect(frame).toContain('/train-1 q');
    expect(frame).toContain('esc clear'); // still editing: the ⏎ in the paste was text
    expect(ui.quits()).toBe(0);
  });

  test('into the command line, then ⏎ runs it', async () => {
    const ui = await app();
    await ui.press(':');
    ui.stdin.write(paste('pvs'));
    await ui.press('\r');
    expect(await settle(ui)).toContain('[3 Volumes]');
  });

  test('with no line open: ignored with a note, no key fires', async () => {
    const ui = await app();
    ui.stdin.write(paste(':logs web/api-1\r'));
    const frame = await settle(ui);
    expect(frame).toContain('paste ignored: no line open');
    expect(frame).toContain('[1 Pods]');
    expect(lineOf(frame, 'train-0')).toMatch(/^>/);
  });
});

describe('quitting from every focus level', () => {
  const levels: [string, string[]][] = [
    ['the pane', []],
    ['the filter line', ['/', 'x']],
    ['the command line', [':', 'p']],
    ['help', ['?']],
    ['details', ['\r']],
    ['the gate picker', ['u']],
  ];
  for (const [level, open] of levels) {
    test(`esc esc q in one read quits from ${level}`, async () => {
      const ui = await app();
      await ui.press(...open);
      await settle(ui);
      ui.stdin.write('\u001B\u001Bq');
      await until(() => ui.quits() > 0);
      expect(ui.quits()).toBe(1);
    });
  }
  test(':q⏎ and q quit from the pane', async () => {
    const ui = await app();
    ui.stdin.write(':q\r');
    await until(() => ui.quits() > 0);
    expect(ui.quits()).toBe(1);
    await ui.press('q');
    expect(ui.quits()).toBe(2);
  });
});
