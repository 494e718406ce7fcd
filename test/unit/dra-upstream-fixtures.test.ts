// Every upstream serialization fixture of the four DRA kinds (HEAD and v1.33.0)
// normalizes and renders: placeholder values everywhere, every optional field set.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/k8s/types.js';
import { claimContext, claimRow, claimState } from '../../src/state/claims.js';
import { claimsPerClass, deviceClassRow } from '../../src/state/deviceclasses.js';
import { claimRequests, normalizeClaim, normalizeSlice, versionOf } from '../../src/state/dra.js';
import { inventory, poolRow } from '../../src/state/slices.js';

// copied into the repository: test/fixtures/upstream (see its README)
const ROOT = fileURLToPath(new URL('../fixtures/upstream/', import.meta.url));
const KINDS = ['ResourceClaim', 'ResourceClaimTemplate', 'DeviceClass', 'ResourceSlice'];
const files = ['HEAD', 'v1.33.0'].flatMap((dir) =>
  readdirSync(ROOT + dir)
    .filter((f) => /^resource\.k8s\.io\.v[^.]+\.(\w+)\.json$/.test(f) && KINDS.includes(f.split('.').at(-2)!))
    .map((f) => `${dir}/${f}`),
);
const load = (f: string): KubeObject => JSON.parse(readFileSync(ROOT + f, 'utf8'));
const NOW = Date.parse('2010-01-01T00:00:00Z');
const sane = (cells: string[]) => cells.every((c) => typeof c === 'string' && !/undefined|NaN|\[object/.test(c));

describe('upstream DRA fixtures', () => {
  it('finds every kind in every served version, v1alpha3 from v1.33.0', () => {
    expect(files.length).toBe(16);
    expect(files).toContain('v1.33.0/resource.k8s.io.v1alpha3.ResourceClaim.json');
    expect(files).toContain('HEAD/resource.k8s.io.v1beta1.ResourceSlice.json');
  });

  it.each(files.filter((f) => f.endsWith('.ResourceClaim.json')))('%s', (f) => {
    const claim = load(f);
    const row = claimRow(claim, NOW, claimContext([]));
    expect(sane(row.cells)).toBe(true);
    expect(claimState(claim)).toBe('deleted,allocated,reserved');
    expect(row.cells[3]).toContain('deviceClassNameValue');
    expect(row.cells[4]).toContain('driverValue/poolValue/deviceValue');
    expect(row.cells[5]).toBe('resourceValue.apiGroupValue/nameValue');
    // keyValue is neither metadata.name nor a hostname label
    expect(row.cells[6]).toBe('<selector>');
    expect(normalizeClaim(claim).requests[0]).toMatchObject({ name: 'nameValue', adminAccess: true, alternatives: true });
  });

  it.each(files.filter((f) => f.endsWith('.ResourceClaimTemplate.json')))('%s', (f) => {
    const t = load(f);
    const requests = claimRequests(t.spec.spec, versionOf(t));
    expect(requests[0].classes[0]).toBe('deviceClassNameValue');
    expect(requests[0].adminAccess).toBe(true);
  });

  it.each(files.filter((f) => f.endsWith('.ResourceSlice.json')))('%s', (f) => {
    const s = normalizeSlice(load(f));
    expect(s.devices[0]).toMatchObject({ name: 'nameValue', consumesCounters: true });
    expect(s.devices[0].taints[0]).toMatchObject({ key: 'keyValue', effect: 'effectValue' });
    const [pool] = inventory([load(f)], []);
    const row = poolRow(pool);
    expect(sane(row.cells)).toBe(true);
    expect(row.cells.slice(0, 4)).toEqual(['nodeNameValue', 'driverValue', 'nameValue', '0/1']);
    expect(row.cells[6]).toContain('partitionable');
  });

  it.each(files.filter((f) => f.endsWith('.DeviceClass.json')))('%s', (f) => {
    const row = deviceClassRow(load(f), NOW, claimsPerClass([]));
    expect(sane(row.cells)).toBe(true);
    expect(row.cells[2]).toBe('expressionValue');
    expect(row.cells[3]).toBe('driverValue');
  });
});
