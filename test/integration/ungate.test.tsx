// The console against the demo cluster through the real session, transport and
// watch: remove a gate → the demo scheduler binds the pod → the row changes → an
// audit line exists.
import { describe, expect, test } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { auditedDemoSession, type DemoUser } from '../support/demo-session.js';
import { renderConsole as app, rowOf, tick, useDemoCluster } from './harness.js';

const env = useDemoCluster('kubedeck-it-');

async function session(opts: { user?: DemoUser; readonly?: boolean; namespace?: string | null } = {}) {
  const { session: s, audit } = await auditedDemoSession(env.demo, env.dir, opts);
  return { s, audit };
}

describe('the console against the demo cluster', () => {
  test('remove a gate: the pod gets scheduled, its row changes, and the audit log has the request', async () => {
    const { s, audit } = await session();
    const ui = app(s);
    try {
      await ui.waitFor((f) => rowOf(f, 'report-builder').includes('SchedulingGated'), 'the gated pod');
      // narrow to the pod, as a user would
      await ui.press('/', ...'report-builder', '\r');
      await ui.waitFor((f) => !f.includes('nginx'), 'the filter to apply');
      await ui.press('u');
      await ui.waitFor((f) => f.includes('all gates'), 'the gate picker');
      await ui.press('\r');
      await ui.waitFor((f) => f.includes('application/json-patch+json'), 'the confirmation with the patch');
      expect(ui.frame()).toContain('PATCH /api/v1/namespaces/default/pods/report-builder');
      expect(ui.frame()).toContain('"op":"test","path":"/spec/schedulingGates"');
      await ui.press('\r');
      await ui.waitFor((f) => f.includes('✓ ungated default/report-builder'), 'the result in the footer');
      // the change comes back through the watch: scheduled, then Running
      await ui.waitFor((f) => /report-builder.*Running/.test(f), 'the pod Running', 10_000);
      expect(rowOf(ui.frame(), 'report-builder')).toMatch(/node-\d/);

      const lines = readFileSync(audit.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.phase === 'result');
      const writes = lines.filter((l) => l.verb === 'PATCH' && l.path.includes('/pods/report-builder'));
      expect(writes.map((l) => l.dryRun)).toEqual([true, false]);
      expect(writes[1]).toMatchObject({ context: 'kubedeck-demo', user: 'demo-admin', result: { ok: true } });
      expect(statSync(audit.path).mode & 0o777).toBe(0o600);
    } finally {
      ui.r.unmount();
      s.close();
      await audit.close();
    }
  });

  test('a user who may not list pods cluster-wide sees the namespaces they can reach, and why', async () => {
    const { s, audit } = await session({ user: 'demo-viewer', namespace: null });
    const ui = app(s);
    try {
      await ui.waitFor((f) => f.includes('frontend-'), 'pods of the web namespace');
      expect(ui.frame()).not.toContain('nginx'); // default namespace: not visible to the viewer
      expect(s.info().visibleNamespaces).toEqual(['web']);
      expect(ui.frame()).toContain('forbidden');
    } finally {
      ui.r.unmount();
      s.close();
      await audit.close();
    }
  });

  test('--readonly: ungate is not offered and nothing is sent', async () => {
    const { s, audit } = await session({ readonly: true });
    const ui = app(s);
    try {
      await ui.waitFor((f) => f.includes('SchedulingGated'), 'gated pods');
      const writes = () => env.demo.control.requests.filter((r) => r.method !== 'GET' && !r.path.includes('selfsubject')).length;
      const before = writes();
      await ui.press('o', 'u');
      await tick(200);
      expect(ui.frame()).toContain('--readonly');
      expect(ui.frame()).not.toContain('application/json-patch+json');
      expect(writes()).toBe(before);
    } finally {
      ui.r.unmount();
      s.close();
      await audit.close();
    }
  });
});
