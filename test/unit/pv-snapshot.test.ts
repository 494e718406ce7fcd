// `kubedeck snapshot pvs [--stale] -o table|json`: kubectl-like output of the pane's rows.
import { describe, expect, it } from 'vitest';
import { paneSnapshot } from '../../src/panes.js';
import { findPane } from '../../src/views/panes/registry.js';
import { FakeConsoleApi } from '../component/fake-api.js';
import { samplePvs } from '../component/volumes-fake.js';

function api() {
  const a = new FakeConsoleApi();
  a.volumes.pvs.set(samplePvs());
  return a;
}

describe('snapshot pvs', () => {
  it('is reachable by the names users type', () => {
    for (const n of ['pvs', 'pv', 'persistentvolumes', 'volumes']) expect(findPane(n)?.id).toBe('volumes');
  });

  it('prints every column, sorted by name, waiting on the volumes store', () => {
    const a = api();
    const snap = paneSnapshot(a, 'pvs');
    expect(snap.store).toBe(a.volumes.pvs);
    const { stdout } = snap.print('table', Date.now());
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+CAPACITY\s+ACCESS MODES\s+RECLAIM POLICY\s+STATUS\s+CLAIM\s+STORAGECLASS\s+IN PHASE FOR\s+FINALIZERS\s+AGE$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['pv-available', 'pv-bound', 'pv-custom', 'pv-released-new', 'pv-released-old']);
    expect(lines.find((l) => l.startsWith('pv-released-old'))).toMatch(/Released\s+web\/data-1\s+fast\s+41d ⚠/);
  });

  it('--stale keeps only volumes Released longer than the threshold, in table and json', () => {
    const a = api();
    const table = paneSnapshot(a, 'pvs', { stale: true }).print('table', Date.now()).stdout.trimEnd().split('\n');
    expect(table.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['pv-released-old']);
    const json = JSON.parse(paneSnapshot(a, 'pvs', { stale: true }).print('json', Date.now()).stdout);
    expect(json.kind).toBe('List');
    expect(json.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['pv-released-old']);
    a.volumes.settings = { ...a.volumes.settings, releasedThresholdMs: 60 * 86_400_000 };
    const none = paneSnapshot(a, 'pvs', { stale: true }).print('table', Date.now());
    expect(none).toEqual({ stdout: '', stderr: 'No resources found\n' });
  });
});
