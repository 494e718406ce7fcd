// A pod row is built once per version of its pod; its time cells (RESTARTS' "ago", AGE,
// GATED FOR) are live: the table asks for them at the clock's time, for the rows on screen.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/k8s/types.js';
import { podColumns, podRow } from '../../src/state/pods.js';
import { sortRows } from '../../src/state/table.js';
import { trimObject } from '../../src/state/store.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const col = (id: string) => podColumns.findIndex((c) => c.id === id);

function gatedPod(name: string, createdAgoS: number, gatedAgoS?: number): KubeObject {
  return trimObject({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns', resourceVersion: '1', creationTimestamp: iso(T0 - createdAgoS * 1000) },
    spec: gatedAgoS === undefined ? { containers: [{ name: 'c' }] } : { containers: [{ name: 'c' }], schedulingGates: [{ name: 'example.com/quota' }] },
    status: {
      phase: 'Pending',
      conditions: gatedAgoS === undefined ? [] : [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', lastTransitionTime: iso(T0 - gatedAgoS * 1000) }],
    },
  });
}

describe('live time cells', () => {
  it('shows AGE and GATED FOR as of the time asked, other cells as built', () => {
    const row = podRow(gatedPod('a', 90, 30), T0);
    expect(row.cells[col('age')]).toBe('90s');
    expect(row.cells[col('gatedFor')]).toBe('30s');
    const later = row.live!(T0 + 60_000);
    expect(later[col('age')]).toBe('2m30s');
    expect(later[col('gatedFor')]).toBe('90s');
    expect(later[col('name')]).toBe(row.cells[col('name')]);
  });

  it('never shows a time before the row was built (a coarse clock behind a fresh change)', () => {
    const row = podRow(gatedPod('a', 5, 5), T0);
    expect(row.live!(T0 - 4_000)).toEqual(row.cells);
  });

  it('sorts by GATED FOR without the time, in the order of the shown durations', () => {
    const rows = [podRow(gatedPod('long', 900, 600), T0), podRow(gatedPod('none', 900), T0), podRow(gatedPod('short', 900, 60), T0)];
    const names = (rs: readonly { cells: string[] }[]) => rs.map((r) => r.cells[col('name')]);
    expect(names(sortRows(rows, col('gatedFor')))).toEqual(['none', 'short', 'long']);
    expect(names(sortRows(rows, col('gatedFor'), true))).toEqual(['long', 'short', 'none']);
  });
});
