// The pods pane's render gate (usePodRows): a store flush or a filter slice re-renders
// the pane only when the rows on screen or the count under them may change. A filter's
// pass that ends without finding anything more must still let its count through, or the
// count says "counting…" until the next key.
import { expect, test } from 'vitest';
import type { KubeObject } from '../../src/k8s/types.js';
import { podRow } from '../../src/state/pods.js';
import { RowIndex, type RowQuery } from '../../src/state/rowindex.js';
import { Store } from '../../src/state/store.js';
import { RenderGate } from '../../src/views/panes/pods/usePodRows.js';

let rv = 0;
const pod = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace, name, uid: `${namespace}-${name}`, resourceVersion: String(++rv), creationTimestamp: '2026-12-01T00:00:00Z' },
  spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'img' }] },
  status: { phase: 'Running' },
});

function bigIndex() {
  const store = new Store({ frameMs: 0 });
  store.listStart();
  // the matches sort first (namespace "aa-first"): the screen's read finds 20 of them, the
  // first slice the rest, and every slice after that scans pods that never match
  const pods = [...Array.from({ length: 60 }, (_, i) => pod('aa-first', `onlyfirst-${i}`)), ...Array.from({ length: 5000 }, (_, i) => pod(`team-${i % 7}`, `worker-${i}`))];
  store.listPage(pods);
  store.listDone('1');
  const index = new RowIndex(store, (p, now, key) => podRow(p, now, key));
  return { store, index, gate: new RenderGate(index) };
}

const q: RowQuery = { filter: 'onlyfirst', col: 0, desc: false, partial: true };

test('a filter pass whose last slices find nothing still lets the count through, once', () => {
  const { store, index, gate } = bigIndex();
  const view = { cursor: 0, height: 20, counted: true };
  gate.snapshot(q, store.size, view);
  // what a render reads: the rows on screen
  expect(index.rows(q).slice(0, 20)).toHaveLength(20);
  expect(index.rows(q).complete).toBe(false);
  let before = gate.snapshot(q, store.size, view);
  let steps = 0;
  // a budget of 0 scans 256 rows a step: many steps, the last ones with no match
  while (!index.filterStep(0)) {
    before = gate.snapshot(q, store.size, view);
    steps++;
  }
  expect(steps).toBeGreaterThan(3);
  const after = gate.snapshot(q, store.size, view);
  expect(after).not.toBe(before);
  expect(index.rows(q).complete).toBe(true);
  expect(index.rows(q).length).toBe(60);
  // nothing new after that: no render
  expect(gate.snapshot(q, store.size, view)).toBe(after);
});

test('while the filter line is open, the pass ending draws nothing (the count is not shown)', () => {
  const { store, index, gate } = bigIndex();
  const view = { cursor: 0, height: 20, counted: false };
  gate.snapshot(q, store.size, view);
  index.rows(q).slice(0, 20);
  // the first slice finds the 40 matches left below the screen; later ones find none
  index.filterStep(0);
  const before = gate.snapshot(q, store.size, view);
  while (!index.filterStep(0)) expect(gate.snapshot(q, store.size, view)).toBe(before);
  expect(gate.snapshot(q, store.size, view)).toBe(before);
});
