// Gate readiness rules in the built file, against --demo: the config file's rule marks
// the ready pod, o narrows to it, and U ungates exactly it after the confirmation.
import { afterEach, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endPtyApps, runBuilt, type PtyApp } from './harness.js';

let app: PtyApp | undefined;
afterEach((ctx) => {
  app = undefined;
  endPtyApps('gates', ctx.task.result?.state === 'fail');
});

const row = (screen: string, name: string) => screen.split('\n').find((l) => l.includes(name)) ?? '';

test('the ready pod is marked, o o lists only it, U ⏎ removes its gates and no other', async () => {
  const home = mkdtempSync(join(tmpdir(), 'kubedeck-pty-gates-'));
  mkdirSync(join(home, 'config', 'kubedeck'), { recursive: true });
  writeFileSync(join(home, 'config', 'kubedeck', 'config.yaml'), 'gates:\n  rules:\n    - { gate: "why.example.com/*", ready: claimsAllocated }\n');
  app = runBuilt(['--demo', '-n', 'why'], { cols: 120, rows: 40, env: { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), CI: 'true' } });
  const a = app;
  // the claims the rule reads sync after the pods: wait for the mark itself
  await a.waitFor((s) => /✓ claims-allocated/.test(row(s, 'gated-ready-0')), 30_000);
  expect(row(a.screen(), 'gated-waiting-0')).not.toContain('✓');

  a.write('oo');
  await a.waitFor(/ready to ungate/);
  await a.waitFor((s) => !s.includes('gated-waiting-0'));
  expect(row(a.screen(), 'gated-ready-0')).toContain('SchedulingGated');

  a.write('U');
  await a.waitFor(/Remove all scheduling gates — why\/gated-ready-0/);
  await a.waitFor(/dry run: would succeed/);
  a.write('\r');
  await a.waitFor(/✓ ungated why\/gated-ready-0/);
  // back to the full list: the waiting pod keeps its gate, the ready one lost it
  a.write('o');
  await a.waitFor((s) => s.includes('gated-waiting-0') && !/SchedulingGated/.test(row(s, 'gated-ready-0')), 30_000);
  expect(row(a.screen(), 'gated-waiting-0')).toContain('SchedulingGated');
});
