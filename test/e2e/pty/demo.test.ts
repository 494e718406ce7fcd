// The built file in a real pseudo-terminal at 80x24, as a user on a bastion runs it.
import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endPtyApps, runBuilt, type PtyApp } from './harness.js';

let app: PtyApp | undefined;
afterEach((ctx) => {
  app = undefined;
  endPtyApps('demo', ctx.task.result?.state === 'fail');
});

function start(args: string[]) {
  const home = mkdtempSync(join(tmpdir(), 'kubedeck-pty-'));
  // CI=true as CI runs it, and as some bastion shells export it: Ink would then draw
  // nothing but the last frame unless kubedeck tells it that a terminal is interactive
  app = runBuilt(args, { env: { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), CI: 'true' } });
  return { app, home };
}

const row = (screen: string, name: string) => screen.split('\n').find((l) => l.includes(name)) ?? '';

describe('kubedeck --demo in a terminal', () => {
  test('find a gated pod, remove its gate, see it scheduled, quit: the terminal is restored', async () => {
    const { app, home } = start(['--demo']);
    await app.waitFor(/SchedulingGated/, 30_000);
    expect(app.bufferType()).toBe('alternate');
    let lines = app.lines();
    expect(lines[0]).toMatch(/^kubedeck .*ctx kubedeck-demo/);
    // frames stay at most rows - 1 lines: the last row is never drawn on
    expect(lines[23]!.trim()).toBe('');

    app.write('o'); // only gated pods
    await app.waitFor((s) => !s.includes('Running') && s.includes('SchedulingGated'));
    app.write('/');
    await app.waitFor(/esc clear/);
    app.write('report-builder');
    await app.waitFor(/\/report-builder/);
    app.write('\r');
    // the filter line has closed (its "esc clear" hint is gone) and the filter stays
    await app.waitFor((s) => row(s, 'report-builder') !== '' && !s.includes('bulk-export') && !/esc clear/.test(s));
    app.write('u');
    await app.waitFor(/all gates/);
    app.write('\r');
    await app.waitFor(/dry run: would succeed/); // ⏎ applies once the dry run answered
    const confirm = app.screen();
    expect(confirm).toContain('PATCH /api/v1/namespaces/default/pods/report-builder');
    app.write('\r');
    await app.waitFor(/✓ ungated default\/report-builder/);
    // the gated-only view loses it; show everything and watch it run
    app.write('o');
    await app.waitFor((s) => /Running/.test(row(s, 'report-builder')), 15_000);
    expect(row(app.screen(), 'report-builder')).toMatch(/1\/1/);
    lines = app.lines();
    expect(lines[0]).toMatch(/^kubedeck /); // still in place after many frames
    expect(lines[23]!.trim()).toBe('');

    app.write('q');
    const { exitCode } = await app.exited;
    expect(exitCode).toBe(0);
    expect(app.bufferType()).toBe('normal');
    expect(app.cursorHidden()).toBe(false);
    const audit = join(home, 'state', 'kubedeck', 'audit.log');
    expect(existsSync(audit)).toBe(true);
    expect(readFileSync(audit, 'utf8')).toContain('/pods/report-builder');
  });

  for (const [how, end] of [
    ['SIGTERM', (a: PtyApp) => a.kill('SIGTERM')],
    ['SIGHUP (the SSH session dropped)', (a: PtyApp) => a.kill('SIGHUP')],
    ['Ctrl-C', (a: PtyApp) => a.write('\u0003')],
  ] as const) {
    test(`${how} restores the terminal`, async () => {
      const { app } = start(['--demo']);
      await app.waitFor(/SchedulingGated/, 30_000);
      expect(app.bufferType()).toBe('alternate');
      expect(app.cursorHidden()).toBe(true);
      end(app);
      await app.exited;
      expect(app.bufferType()).toBe('normal');
      expect(app.cursorHidden()).toBe(false);
    });
  }

  test('--no-alt-screen draws in the main screen and leaves the last frame there', async () => {
    const { app } = start(['--demo', '--no-alt-screen']);
    await app.waitFor(/SchedulingGated/, 30_000);
    expect(app.bufferType()).toBe('normal');
    expect(app.raw()).not.toContain('\u001B[?1049h');
    app.write('q');
    expect((await app.exited).exitCode).toBe(0);
    expect(app.bufferType()).toBe('normal');
    expect(app.cursorHidden()).toBe(false);
    expect(app.screen()).toMatch(/SchedulingGated/);
  });

  test('a dead API server gets a one-line reason and the screen is untouched', async () => {
    const { app } = start(['--server', 'https://127.0.0.1:9', '--token', 'x']);
    const { exitCode } = await app.exited;
    expect(exitCode).not.toBe(0);
    expect(app.bufferType()).toBe('normal');
    expect(app.screen()).toMatch(/kubedeck: .*127\.0\.0\.1:9/);
  });
});
