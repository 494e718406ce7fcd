// The volumes pane against the demo cluster through the real session, transport,
// watch and hooks: make a Released volume Available, then a finalizer cleanup that
// fails (nothing removed) and one that succeeds (the volume goes away), with the
// audit log holding every step.
import { beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '../../src/k8s/session.js';
import { demoSession } from '../unit/pv-demo-session.js';
import { renderConsole, rowOf, useDemoCluster } from './harness.js';

const env = useDemoCluster('kubedeck-pv-');
let hookScript: string;

beforeAll(() => {
  // a tiny hook: reads the volume from stdin, says what it does, exits with argv[3]
  hookScript = join(env.dir, 'hook.mjs');
  writeFileSync(
    hookScript,
    `let s = '';
process.stdin.on('data', (c) => (s += c)).on('end', () => {
  const pv = JSON.parse(s);
  const [step, code] = process.argv.slice(2);
  console.log(step + ' ' + pv.metadata.name + ' in ' + process.env.KUBEDECK_CONTEXT);
  if (code !== '0') console.error(step + ' failed: target unreachable');
  process.exit(Number(code));
});
`,
  );
});

const hook = (step: string, code: number) => [process.execPath, hookScript, step, String(code)];

const app = (s: Session) => renderConsole(s, { pane: 'volumes' });

describe('the volumes pane against the demo cluster', () => {
  test('make a Released volume Available: the row comes back Available with a fresh IN PHASE FOR', async () => {
    const { session, close, auditLines } = await demoSession(env.demo, env.dir);
    const ui = app(session);
    try {
      await ui.waitFor((f) => rowOf(f, 'pv-report-cache').includes('Released'), 'the Released volume');
      expect(rowOf(ui.frame(), 'pv-report-cache')).toMatch(/Released\s+batch\/report-cache\s+120m/);
      await ui.press('/', ...'report-cache', '\r');
      await ui.waitFor((f) => !f.includes('pv-data-api-0'), 'the filter');
      await ui.press('a');
      await ui.waitFor((f) => f.includes('✓ dry run: would succeed'), 'the confirmation');
      expect(ui.frame()).toContain('PATCH /api/v1/persistentvolumes/pv-report-cache');
      expect(ui.frame()).toContain('{"op":"remove","path":"/spec/claimRef"}');
      await ui.press('\r');
      await ui.waitFor((f) => f.includes('✓ made Available pv-report-cache'), 'the result');
      // the demo's PV controller moves it to Available; the watch brings it back
      // (the patch clears claimRef and the controller then sets the phase: the row may pass through an in-between state)
      await ui.waitFor((f) => /Available\s+\d{1,2}s\s/.test(rowOf(f, 'pv-report-cache')), 'the row Available, its claim gone, a fresh IN PHASE FOR');
      expect(rowOf(ui.frame(), 'pv-report-cache')).not.toContain('batch/report-cache');
      const writes = auditLines().filter((l) => l.path.startsWith('/api/v1/persistentvolumes/pv-report-cache'));
      expect(writes.map((l) => [l.verb, l.dryRun, l.result.ok])).toEqual([
        ['PATCH', true, true],
        ['PATCH', false, true],
      ]);
    } finally {
      ui.r.unmount();
      await close();
    }
  });

  test('finalizer cleanup: a failing hook removes nothing; both hooks passing remove the finalizer and the volume goes', async () => {
    // 1. the cleanup hook fails
    const failing = await demoSession(env.demo, env.dir, { hooks: { backup: hook('backup', 0), cleanup: hook('cleanup', 3) } });
    let ui = app(failing.session);
    try {
      await ui.waitFor((f) => rowOf(f, 'pv-scratch-ml').includes('Terminating'), 'the Terminating volume');
      expect(rowOf(ui.frame(), 'pv-scratch-ml')).toContain('custom-cleanup');
      await ui.press('/', ...'scratch-ml', '\r');
      await ui.waitFor((f) => !f.includes('pv-data-api-0'), 'the filter');
      await ui.press('c');
      await ui.waitFor((f) => f.includes('⏎ run the hooks'), 'the cleanup confirmation');
      expect(ui.frame()).toContain(`1. backup: ${process.execPath}`);
      expect(ui.frame()).toContain('"op":"test","path":"/metadata/finalizers/0","value":"example.com/custom-cleanup"');
      await ui.press('\r');
      // the last output line may render a frame after the exit does
      await ui.waitFor((f) => f.includes('⏎ close') && f.includes('cleanup │ cleanup failed: target unreachable'), 'the hooks to end, their output shown');
      expect(ui.frame()).toContain('backup │ backup pv-scratch-ml in kubedeck-demo');
      expect(ui.frame()).toMatch(/✗ cleanup hook exited 3 after .*; finalizer not removed/);
      expect(env.demo.control.get('persistentvolumes', undefined, 'pv-scratch-ml')?.metadata.finalizers).toEqual(['example.com/custom-cleanup']);
      await ui.press('\r');
      await ui.waitFor((f) => f.includes('✗ cleanup pv-scratch-ml'), 'the footer');
      const lines = failing.auditLines();
      const hooks = lines.filter((l) => l.verb === 'HOOK' && l.body.pv === 'pv-scratch-ml');
      expect(hooks.map((l) => [l.body.hook, l.body.exitCode])).toEqual([
        ['backup', 0],
        ['cleanup', 3],
      ]);
      expect(lines.filter((l) => l.verb === 'PATCH' && !l.dryRun && l.path.includes('pv-scratch-ml'))).toEqual([]);
    } finally {
      ui.r.unmount();
      await failing.close();
    }

    // 2. both hooks pass
    const passing = await demoSession(env.demo, env.dir, { hooks: { backup: hook('backup', 0), cleanup: hook('cleanup', 0) } });
    ui = app(passing.session);
    try {
      await ui.waitFor((f) => rowOf(f, 'pv-scratch-ml').includes('Terminating'), 'the Terminating volume');
      await ui.press('/', ...'scratch-ml', '\r');
      await ui.waitFor((f) => !f.includes('pv-data-api-0'), 'the filter');
      await ui.press('c');
      await ui.waitFor((f) => f.includes('⏎ run the hooks'), 'the cleanup confirmation');
      await ui.press('\r');
      await ui.waitFor((f) => f.includes('⏎ close'), 'the hooks to end');
      expect(ui.frame()).toContain('✓ hooks succeeded; removed example.com/custom-cleanup from pv-scratch-ml');
      await ui.press('\r');
      await ui.waitFor((f) => f.includes('no volumes match /scratch-ml'), 'the volume to go');
      expect(env.demo.control.get('persistentvolumes', undefined, 'pv-scratch-ml')).toBeUndefined();
      const lines = passing.auditLines().filter((l) => l.path.includes('pv-scratch-ml'));
      const last = lines.slice(-4);
      expect(last.map((l) => `${l.verb}${l.dryRun ? ' (dry run)' : ''}${l.body?.hook ? ` ${l.body.hook} → ${l.body.exitCode}` : ''}`)).toEqual([
        'PATCH (dry run)',
        'HOOK backup → 0',
        'HOOK cleanup → 0',
        'PATCH',
      ]);
      expect(last[3].body).toEqual([
        { op: 'test', path: '/metadata/uid', value: expect.any(String) },
        { op: 'test', path: '/metadata/finalizers/0', value: 'example.com/custom-cleanup' },
        { op: 'remove', path: '/metadata/finalizers/0' },
      ]);
    } finally {
      ui.r.unmount();
      await passing.close();
    }
  });
});
