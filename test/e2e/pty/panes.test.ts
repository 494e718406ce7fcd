// Every pane of the built file in a real terminal at 80x24, against --demo: what a
// user sees after pressing 2, 3, 4 (via l on a pod) and 5, and one action of the
// volumes pane end to end.
import { afterEach, expect, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endPtyApps, runBuilt, type PtyApp } from './harness.js';

let app: PtyApp | undefined;
afterEach((ctx) => {
  app = undefined;
  endPtyApps('panes', ctx.task.result?.state === 'fail');
});

function start(): PtyApp {
  const home = mkdtempSync(join(tmpdir(), 'kubedeck-pty-panes-'));
  app = runBuilt(['--demo'], { env: { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), CI: 'true' } });
  return app;
}

/** the frame stays in rows - 1 lines with the header on top */
function framed(a: PtyApp) {
  const lines = a.lines();
  expect(lines[0]).toMatch(/^kubedeck /);
  expect(lines[23]!.trim()).toBe('');
}

const row = (screen: string, name: string) => screen.split('\n').find((l) => l.includes(name)) ?? '';

test('claims, slices, volumes, logs and identity render at 80x24', async () => {
  const a = start();
  await a.waitFor(/SchedulingGated/, 30_000);

  a.write('2');
  await a.waitFor(/\[2 Claims\]/);
  await a.waitFor((s) => /allocated,reserved/.test(s) && /pod\/old-run-0.*✗/.test(s));
  framed(a);
  a.write('S');
  // the header is drawn while the slices still load ("loading resource slices…")
  await a.waitFor((s) => /ALLOCATED/.test(s) && !/loading resource slices/.test(s));
  expect(a.screen()).toMatch(/partitionable/);
  framed(a);

  a.write('3');
  await a.waitFor((s) => /\[3 Volumes\]/.test(s) && /Released/.test(s));
  expect(row(a.screen(), 'pv-data-api-1')).toMatch(/41d ⚠/);
  framed(a);

  a.write('1');
  await a.waitFor(/\[1 Pods\]/);
  a.write('/');
  await a.waitFor(/esc clear/);
  a.write('orders-5d7f\r');
  await a.waitFor((s) => row(s, 'orders-5d7f9c8b6').startsWith('>'));
  a.write('l');
  await a.waitFor((s) => /\[4 Logs\]/.test(s) && /init: migrate ✓/.test(s));
  await a.waitFor((s) => /^proxy +│/m.test(s) && /^app +│/m.test(s), 15_000);
  expect(a.raw()).not.toMatch(/\x1b\]52;|\x1b\]0;|\x1b\[\?1049l(?![\s\S]*\x1b\[\?1049h)/); // no clipboard/title writes from the cluster
  framed(a);

  a.write('5');
  await a.waitFor(/Username\s+demo-admin/);
  await a.waitFor(/signature is NOT verified/); // the token's claims, decoded locally
  framed(a);

  a.write('q');
  expect((await a.exited).exitCode).toBe(0);
  expect(a.bufferType()).toBe('normal');
});

test('volumes: make a Released volume Available, confirmed with its exact patch', async () => {
  const a = start();
  await a.waitFor(/SchedulingGated/, 30_000);
  a.write('3');
  await a.waitFor(/pv-report-cache/);
  a.write('/');
  await a.waitFor(/esc clear/);
  a.write('pv-report-cache\r');
  await a.waitFor((s) => row(s, 'pv-report-cache').startsWith('>'));
  a.write('a');
  await a.waitFor(/dry run: would succeed/);
  expect(a.screen()).toContain('/spec/claimRef');
  a.write('\r');
  await a.waitFor(/✓ made Available pv-report-cache/);
  // the row itself (not the dialog's title) comes back through the watch
  await a.waitFor((s) => /^>\s+pv-report-cache\s+50Gi\s+Available/m.test(s), 15_000);
  framed(a);
  a.write('q');
  expect((await a.exited).exitCode).toBe(0);
});
