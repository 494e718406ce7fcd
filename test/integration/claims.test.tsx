// The claims pane against the demo cluster through the real session, discovery,
// watch and pipeline: seeded claims in every state; releasing the stale reservation
// sends the exact status PATCH, the row changes through the watch, the audit log has it.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { paneSnapshot } from '../../src/panes.js';
import type { Session } from '../../src/k8s/session.js';
import { auditedDemoSession } from '../support/demo-session.js';
import { renderConsole, rowOf, tick, useDemoCluster } from './harness.js';

const env = useDemoCluster('kubedeck-claims-');

async function session(readonly = false) {
  const { session: s, audit } = await auditedDemoSession(env.demo, env.dir, { readonly });
  return { s, audit };
}

const app = (s: Session) => renderConsole(s, { pane: 'claims', columns: 200 });

describe('claims pane against the demo cluster', () => {
  test('shows the seeded claims; releasing the stale reservation patches status and the row follows the watch', async () => {
    const { s, audit } = await session();
    const ui = app(s);
    try {
      await ui.waitFor((f) => f.includes('train-0-gpu-7xk2q') && f.includes('old-run-gpu-4hh2x'), 'the seeded claims');
      // pods must be synced before stale reservations can be told
      await ui.waitFor((f) => rowOf(f, 'old-run-gpu-4hh2x').includes('✗'), 'the stale reservation flagged');
      const train = rowOf(ui.frame(), 'train-0-gpu-7xk2q');
      expect(train).toContain('allocated,reserved');
      expect(train).toContain('gpu.example.com/node-3/gpu-0');
      expect(train).toContain('pod/train-0');
      expect(train).toContain('node-3');
      expect(train).not.toContain('✗');
      expect(rowOf(ui.frame(), 'finetune-gpu')).toContain('pending');
      expect(rowOf(ui.frame(), 'old-run-gpu-4hh2x')).toContain('deleted,allocated,reserved');
      expect(rowOf(ui.frame(), 'old-run-gpu-4hh2x')).toContain('pod/old-run-0 ✗');

      await ui.press('/', ...'old-run', '\r');
      await ui.waitFor((f) => !f.includes('train-0-gpu'), 'the filter');
      await ui.press('x');
      await ui.waitFor((f) => f.includes('application/json-patch+json'), 'the confirmation');
      expect(ui.frame()).toContain('PATCH /apis/resource.k8s.io/v1/namespaces/ml/resourceclaims/old-run-gpu-4hh2x/status');
      expect(ui.frame()).toContain('kube-controller-manager');
      expect(ui.frame()).toContain('allocated twice');
      expect(ui.frame()).toContain('✓ dry run: would succeed');
      const claim = env.demo.control.objects('resourceclaims', 'resource.k8s.io').find((c) => c.metadata.name === 'old-run-gpu-4hh2x')!;
      const stale = claim.status.reservedFor[0];
      await ui.press('\r');
      await ui.waitFor((f) => f.includes('✓ released ml/old-run-gpu-4hh2x'), 'the result');

      const sent = env.demo.control.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/old-run-gpu-4hh2x/status'));
      expect(sent.map((r) => r.query.dryRun ?? '')).toEqual(['All', '']);
      expect(sent[1].contentType).toBe('application/json-patch+json');
      expect(sent[1].body).toEqual([
        { op: 'test', path: '/metadata/uid', value: claim.metadata.uid },
        { op: 'test', path: '/status/reservedFor/0', value: stale },
        { op: 'remove', path: '/status/reservedFor/0' },
      ]);
      // unreserved, the deleted claim is deallocated and its finalizer dropped: it goes away
      await ui.waitFor((f) => !f.includes('old-run-gpu-4hh2x  ') && /\s0 of \d+/.test(f), 'the row to follow the watch');
      expect(env.demo.control.objects('resourceclaims', 'resource.k8s.io').some((c) => c.metadata.name === 'old-run-gpu-4hh2x')).toBe(false);
      const lines = readFileSync(audit.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.phase === 'result');
      const writes = lines.filter((l) => l.verb === 'PATCH' && l.path.includes('/old-run-gpu-4hh2x/status'));
      expect(writes.map((l) => l.dryRun)).toEqual([true, false]);
      expect(writes[1]).toMatchObject({ user: 'demo-admin', result: { ok: true } });
    } finally {
      ui.r.unmount();
      s.close();
      await audit.close();
    }
  });

  test('slices inventory and waiting pods come from the live stores', async () => {
    const { s, audit } = await session(true);
    const ui = app(s);
    try {
      await ui.waitFor((f) => f.includes('train-0-gpu'), 'claims');
      await ui.press('S');
      await ui.waitFor((f) => f.includes('node-4-mig'), 'the slices view');
      // highest generation only: node-3 has 2 GPUs, not 6
      expect(rowOf(ui.frame(), 'node-3')).toMatch(/1\/2/);
      expect(rowOf(ui.frame(), 'node-4-mig')).toContain('partitionable');
      expect(rowOf(ui.frame(), 'fabric')).toContain('multi-allocatable');
      expect(rowOf(ui.frame(), ' node-4  ')).toContain('tainted');
      await ui.press('W');
      await ui.waitFor((f) => f.includes('render-0') && f.includes('finetune-0'), 'the waiting pods');
      await ui.press('j', 'j');
      await ui.waitFor((f) => f.includes('cannot allocate all claims'), "the scheduler's message from the events");
      // read-only: the release key is not offered
      await ui.press('C');
      await ui.waitFor((f) => f.includes('train-0-gpu'), 'claims again');
      await ui.press('x');
      await tick(100);
      expect(ui.frame()).toContain('--readonly');
      // y: the claim fetched fresh at the version discovery chose
      await ui.press('y');
      await ui.waitFor((f) => f.includes('kind: ResourceClaim'), 'the YAML of the claim');
      expect(ui.frame()).toContain('apiVersion: resource.k8s.io/v1');
      await ui.press('\u001B');

      const snap = paneSnapshot(s, 'claims').print('table', Date.now());
      expect(snap.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+STATE\s+CLASS\s+DEVICES\s+RESERVED FOR\s+NODE\s+AGE/);
      expect(rowOf(snap.stdout, 'train-0-gpu-7xk2q')).toContain('allocated,reserved');
    } finally {
      ui.r.unmount();
      s.close();
      await audit.close();
    }
  });
});
