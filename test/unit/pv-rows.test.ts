import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../../src/k8s/types.js';
import { accessModesCell, isStaleReleased, pvColumns, pvDetails, pvRow, quantityValue, shortFinalizer, STALE_MARK, StaleReleased, type PvSettings } from '../../src/state/pvs.js';
import { Store, trimObject } from '../../src/state/store.js';
import { sortRows } from '../../src/state/table.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const CONTROL = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const settings: PvSettings = { releasedThresholdMs: 24 * 3_600_000, customFinalizer: 'example.com/custom-cleanup' };

// Upstream serialization fixtures, copied into test/fixtures/upstream (see its README).
const upstreamDir = fileURLToPath(new URL('../fixtures/upstream/', import.meta.url));
const localDir = fileURLToPath(new URL('../fixtures/pvs/', import.meta.url));
const load = (path: string): KubeObject => JSON.parse(readFileSync(path, 'utf8')) as KubeObject;
const local = (name: string) => trimObject(load(`${localDir}${name}.json`));

const col = (id: string) => pvColumns.findIndex((c) => c.id === id);
const cellsOf = (pv: KubeObject, s = settings) => Object.fromEntries(pvColumns.map((c, i) => [c.title, pvRow(pv, NOW, s).cells[i]]));

describe('upstream core.v1.PersistentVolume fixtures (every field filled)', () => {
  const versions = ['HEAD', 'v1.33.0'];

  it('finds the PersistentVolume fixture of each API version', () => {
    for (const v of versions) expect(readdirSync(`${upstreamDir}${v}`)).toContain('core.v1.PersistentVolume.json');
  });

  it.each(versions)('derives a sane row from %s', (v) => {
    const pv = load(`${upstreamDir}${v}/core.v1.PersistentVolume.json`);
    const row = pvRow(trimObject(pv), NOW, settings);
    expect(row.cells).toHaveLength(pvColumns.length);
    expect(row.sort).toHaveLength(pvColumns.length);
    for (const cell of row.cells) expect(cell).not.toMatch(CONTROL);
    const cells = cellsOf(pv);
    expect(cells.NAME).toBe('nameValue');
    // no "storage" key: a zero Quantity, as kubectl prints it
    expect(cells.CAPACITY).toBe('0');
    // an unknown access mode prints nothing, as upstream's GetAccessModesAsString
    expect(cells['ACCESS MODES']).toBe('');
    expect(cells.STATUS).toBe('Terminating');
    expect(cells.CLAIM).toBe('namespaceValue/nameValue');
    expect(cells.STORAGECLASS).toBe('storageClassNameValue');
    expect(cells['IN PHASE FOR']).toMatch(/^\d+y$/);
    expect(cells.FINALIZERS).toBe('finalizersValue');
    expect(cells.AGE).toMatch(/^\d+y$/);
  });
});

describe('pv fixtures per tricky state', () => {
  it('Released 41 days: flagged with ⚠ and the warn tone', () => {
    const pv = local('released-stale');
    expect(cellsOf(pv)).toEqual({
      NAME: 'pv-data-api-1',
      CAPACITY: '100Gi',
      'ACCESS MODES': 'RWO',
      'RECLAIM POLICY': 'Retain',
      STATUS: 'Released',
      CLAIM: 'web/data-api-1',
      STORAGECLASS: 'gp3',
      'IN PHASE FOR': '41d ⚠',
      FINALIZERS: 'pv-protection',
      AGE: '90d',
    });
    expect(pvRow(pv, NOW, settings).tone).toBe('warn');
    expect(isStaleReleased(pv, NOW, settings.releasedThresholdMs)).toBe(true);
  });

  it('the threshold comes from the config: 60 days leaves a 41-day Released volume alone', () => {
    const pv = local('released-stale');
    const row = pvRow(pv, NOW, { ...settings, releasedThresholdMs: 60 * 86_400_000 });
    expect(row.cells[col('inPhaseFor')]).toBe('41d');
    expect(row.tone).toBe('dim');
  });

  it('Terminating with the custom finalizer: short finalizer names, Terminating wins over the phase', () => {
    const pv = local('terminating-custom');
    const cells = cellsOf(pv);
    expect(cells.STATUS).toBe('Terminating');
    expect(cells.FINALIZERS).toBe('custom-cleanup,pv-protection,external-provisioner');
    expect(cells['IN PHASE FOR']).toBe('2d');
    expect(cells.CLAIM).toBe('ml/scratch-trainer-0');
    expect(pvRow(pv, NOW, settings).tone).toBe('warn');
    expect(pvDetails(pv, settings)).toContain('c: run the cleanup hooks');
  });

  it('no lastPhaseTransitionTime: "-" and never flagged; the beta class annotation wins; modes once each, in order', () => {
    const pv = local('no-transition-time');
    const cells = cellsOf(pv);
    expect(cells['IN PHASE FOR']).toBe('-');
    expect(cells.STORAGECLASS).toBe('archive-legacy');
    expect(cells['ACCESS MODES']).toBe('ROX,RWX');
    expect(cells.AGE).toBe('699d');
    expect(isStaleReleased(pv, NOW, 0)).toBe(false);
    expect(pvRow(pv, NOW, settings).tone).toBe('dim');
  });

  it('Failed: error tone, RWOP after RWO, reason and message in the details line', () => {
    const pv = local('failed');
    const row = pvRow(pv, NOW, settings);
    expect(row.cells[col('accessModes')]).toBe('RWO,RWOP');
    expect(row.cells[col('capacity')]).toBe('1500Mi');
    expect(row.cells[col('finalizers')]).toBe('pv-protection,pv-controller');
    expect(row.cells[col('inPhaseFor')]).toBe('7d');
    expect(row.tone).toBe('error');
    expect(pvDetails(pv, settings)).toBe('VolumeFailedDelete: error deleting volume: export /srv/legacy busy   finalizers: kubernetes.io/pv-protection, kubernetes.io/pv-controller');
  });

  it('escape sequences and bidi overrides from the cluster never reach the terminal', () => {
    const pv = local('hostile-text');
    const row = pvRow(pv, NOW, settings);
    for (const cell of row.cells) expect(cell).not.toMatch(CONTROL);
    expect(row.cells[col('storageClass')]).toBe('wipe');
    expect(row.cells[col('claim')]).toBe('web/x⟨U+202E⟩evil');
    expect(pvDetails(pv, settings)).not.toMatch(CONTROL);
  });

  it('sorts CAPACITY by size and IN PHASE FOR by time, not as text', () => {
    const rows = ['released-stale', 'terminating-custom', 'no-transition-time', 'failed'].map((n) => pvRow(local(n), NOW, settings));
    const byName = (rs: typeof rows) => rs.map((r) => r.key);
    expect(byName(sortRows(rows, col('capacity')))).toEqual(['pv-legacy-nfs', 'pv-data-api-1', 'pv-scratch-ml', 'pv-archive-2019']);
    expect(byName(sortRows(rows, col('inPhaseFor'), true))).toEqual(['pv-data-api-1', 'pv-legacy-nfs', 'pv-scratch-ml', 'pv-archive-2019']);
  });
});

describe('helpers', () => {
  it('reads quantities', () => {
    expect(quantityValue('100Gi')).toBe(100 * 2 ** 30);
    expect(quantityValue('1500M')).toBe(1.5e9);
    expect(quantityValue('1e3')).toBe(1000);
    expect(quantityValue('lots')).toBeNaN();
  });

  it('shortens finalizers to what an admin recognises', () => {
    expect(shortFinalizer('kubernetes.io/pv-protection')).toBe('pv-protection');
    expect(shortFinalizer('external-provisioner.volume.kubernetes.io/finalizer')).toBe('external-provisioner');
    expect(shortFinalizer('plain')).toBe('plain');
  });

  it('prints access modes as kubectl', () => {
    expect(accessModesCell(['ReadWriteOncePod', 'ReadWriteMany', 'ReadWriteOnce', 'ReadOnlyMany'])).toBe('RWO,ROX,RWX,RWOP');
    expect(accessModesCell(undefined)).toBe('');
  });
});

describe('live time cells and the stale index', () => {
  const HOUR = 3_600_000;
  const pv = (name: string, phase: string, inPhaseMs: number, rv = '1'): KubeObject => ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, resourceVersion: rv, creationTimestamp: new Date(NOW - 100 * HOUR).toISOString() },
    spec: { persistentVolumeReclaimPolicy: 'Retain' },
    status: { phase, lastPhaseTransitionTime: new Date(NOW - inPhaseMs).toISOString() },
  });

  it('IN PHASE FOR, its ⚠ and AGE move with the clock; the sort keys do not', () => {
    const row = pvRow(pv('pv-a', 'Released', 23 * HOUR), NOW, settings);
    expect(row.cells[col('inPhaseFor')]).toBe('23h');
    const later = row.live!(NOW + 2 * HOUR);
    expect(later[col('inPhaseFor')]).toBe(`25h ${STALE_MARK}`);
    expect(later[col('age')]).toBe('4d6h');
    // never before the row was built: no age in the future
    expect(row.live!(NOW - HOUR)).toEqual(row.cells);
    expect(pvRow(pv('pv-a', 'Released', 23 * HOUR), NOW + 2 * HOUR, settings).sort).toEqual(row.sort);
  });

  it('counts the volumes Released over the threshold and names those that cross it between two ticks', () => {
    vi.useFakeTimers();
    try {
      const store = new Store({ frameMs: 1 });
      store.apply('ADDED', pv('old', 'Released', 30 * HOUR));
      store.apply('ADDED', pv('soon', 'Released', 23 * HOUR));
      store.apply('ADDED', pv('later', 'Released', 10 * HOUR));
      store.apply('ADDED', pv('bound', 'Bound', 40 * HOUR));
      vi.advanceTimersByTime(1);
      const stale = new StaleReleased(store, settings.releasedThresholdMs);
      expect(stale.count(NOW)).toBe(1);
      expect(stale.crossed(NOW, NOW + 2 * HOUR)).toEqual(['soon']);
      expect(stale.count(NOW + 2 * HOUR)).toBe(2);
      expect(stale.crossed(NOW + 2 * HOUR, NOW + 3 * HOUR)).toEqual([]);
      // a change reaches it per event: bound is Released now, old is Available
      store.apply('MODIFIED', pv('bound', 'Released', 40 * HOUR, '2'));
      store.apply('MODIFIED', pv('old', 'Available', 30 * HOUR, '2'));
      vi.advanceTimersByTime(1);
      expect(stale.count(NOW)).toBe(1);
      expect(stale.crossed(NOW - 20 * HOUR, NOW + 20 * HOUR).sort()).toEqual(['bound', 'later', 'soon']);
      store.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
