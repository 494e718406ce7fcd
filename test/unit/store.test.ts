import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject, TableRow } from '../../src/k8s/types.js';
import { LIST_FRAME_MS, Store, deriveRows, keyOf, trimObject } from '../../src/state/store.js';
import { readFileSync } from 'node:fs';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const obj = (name: string, rv = '1', ns: string | null = 'default', extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(ns === null ? {} : { namespace: ns }), resourceVersion: rv },
  ...extra,
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('keyOf and trimObject', () => {
  it('keys namespaced objects as ns/name and cluster-scoped ones by name', () => {
    expect(keyOf(obj('a', '1', 'kube-system'))).toBe('kube-system/a');
    expect(keyOf(obj('node-1', '1', null))).toBe('node-1');
  });

  it('drops managedFields and last-applied, keeps other annotations, and freezes', () => {
    const input = obj('a', '1', 'ns', { spec: { containers: [{ name: 'c' }] } });
    input.metadata.managedFields = [{ manager: 'kubectl' }];
    input.metadata.annotations = { [LAST_APPLIED]: '{"huge":true}', team: 'blue' };
    const out = trimObject(input);
    expect(out.metadata.managedFields).toBeUndefined();
    expect(out.metadata.annotations).toEqual({ team: 'blue' });
    expect(Object.isFrozen(out)).toBe(true);
    expect(Object.isFrozen(out.spec.containers[0])).toBe(true);
    expect(() => {
      (out.spec.containers[0] as { name: string }).name = 'x';
    }).toThrow();
    // the caller's metadata is left as it was
    expect(input.metadata.managedFields).toHaveLength(1);
    expect(input.metadata.annotations).toHaveProperty(LAST_APPLIED);
  });

  it('keeps every other field of a fully populated pod exactly, repeated strings and all', () => {
    const text = readFileSync(new URL('../fixtures/upstream/HEAD/core.v1.Pod.json', import.meta.url), 'utf8');
    const { managedFields: _mf, ...metadata } = (JSON.parse(text) as KubeObject).metadata;
    // two pods from separate parses: the second one's repeated strings are the first one's
    trimObject(JSON.parse(text) as KubeObject);
    const out = trimObject(JSON.parse(text) as KubeObject);
    expect(out).toEqual({ ...(JSON.parse(text) as KubeObject), metadata });
    expect(Object.isFrozen(out.status.conditions[0])).toBe(true);
  });

  it('removes the annotations map when last-applied was the only one', () => {
    const input = obj('a');
    input.metadata.annotations = { [LAST_APPLIED]: '{}' };
    expect(trimObject(input).metadata).not.toHaveProperty('annotations');
  });
});

describe('Store', () => {
  it('applies ADDED, MODIFIED and DELETED', () => {
    const s = new Store();
    s.apply('ADDED', obj('a'));
    s.apply('ADDED', obj('b'));
    s.apply('MODIFIED', obj('a', '2', 'default', { status: { phase: 'Running' } }));
    s.apply('DELETED', obj('b', '3'));
    expect(s.size).toBe(1);
    expect(s.get('default/a')?.status.phase).toBe('Running');
    expect(s.get('default/b')).toBeUndefined();
  });

  it('stores trimmed objects', () => {
    const s = new Store();
    const input = obj('a');
    input.metadata.managedFields = [{}];
    s.apply('ADDED', input);
    expect(s.get('default/a')?.metadata.managedFields).toBeUndefined();
  });

  it('calls listeners once per frame however many events arrive, and bumps version once', () => {
    const s = new Store({ frameMs: 33 });
    const listener = vi.fn();
    s.subscribe(listener);
    for (let i = 0; i < 1000; i++) s.apply('ADDED', obj(`p${i}`));
    expect(listener).not.toHaveBeenCalled();
    expect(s.version).toBe(0);
    vi.advanceTimersByTime(33);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(s.version).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(listener).toHaveBeenCalledTimes(1);
    s.apply('DELETED', obj('p1'));
    vi.advanceTimersByTime(33);
    expect(listener).toHaveBeenCalledTimes(2);
    expect(s.version).toBe(2);
  });

  it('publishes its first objects without waiting a frame, and paces every change after them', () => {
    const s = new Store({ frameMs: 1000 });
    const listener = vi.fn();
    s.subscribe(listener);
    s.setHealth({ state: 'syncing', count: 0 });
    vi.advanceTimersByTime(500);
    expect(listener).not.toHaveBeenCalled();
    // the first rows of the console: a frame sooner, also when the health was waiting for one
    s.apply('ADDED', obj('a'));
    vi.advanceTimersByTime(0);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(s.list().map((o) => o.metadata.name)).toEqual(['a']);
    s.apply('ADDED', obj('b'));
    s.apply('ADDED', obj('c'));
    vi.advanceTimersByTime(999);
    expect(listener).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('does not notify for a delete of an unknown object or an unchanged resourceVersion', () => {
    const s = new Store();
    s.apply('ADDED', obj('a', '5'));
    vi.advanceTimersByTime(50);
    const listener = vi.fn();
    s.subscribe(listener);
    s.apply('DELETED', obj('ghost'));
    s.apply('MODIFIED', obj('a', '5'));
    vi.advanceTimersByTime(50);
    expect(listener).not.toHaveBeenCalled();
  });

  it('stops notifying after unsubscribe, and one throwing listener does not block others', () => {
    const s = new Store();
    const bad = vi.fn(() => {
      throw new Error('view bug');
    });
    const good = vi.fn();
    const off = s.subscribe(good);
    s.subscribe(bad);
    s.apply('ADDED', obj('a'));
    vi.advanceTimersByTime(40);
    expect(good).toHaveBeenCalledTimes(1);
    off();
    s.apply('ADDED', obj('b'));
    vi.advanceTimersByTime(40);
    expect(good).toHaveBeenCalledTimes(1);
    expect(bad).toHaveBeenCalledTimes(2);
  });

  it('list() is cached per version and frozen', () => {
    const s = new Store();
    s.apply('ADDED', obj('a'));
    vi.advanceTimersByTime(40);
    const first = s.list();
    expect(first).toHaveLength(1);
    expect(s.list()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    s.apply('ADDED', obj('b'));
    // not yet notified: readers keep a consistent snapshot until the frame ends
    expect(s.list()).toBe(first);
    vi.advanceTimersByTime(40);
    expect(s.list()).not.toBe(first);
    expect(s.list().map(keyOf).sort()).toEqual(['default/a', 'default/b']);
  });

  it('a relist shows pages as they arrive and deletes what it did not return', () => {
    const s = new Store();
    s.listStart();
    s.listPage([obj('a'), obj('b'), obj('c')]);
    s.listDone('100');
    vi.advanceTimersByTime(40);
    expect(s.size).toBe(3);

    const listener = vi.fn();
    s.subscribe(listener);
    s.listStart();
    s.listPage([obj('a', '2')]);
    // pages of a list are shown a list frame apart, not every frame
    vi.advanceTimersByTime(40);
    expect(listener).toHaveBeenCalledTimes(0);
    vi.advanceTimersByTime(LIST_FRAME_MS - 40);
    // the first page is visible before the list finishes, nothing deleted yet
    expect(listener).toHaveBeenCalledTimes(1);
    expect(s.get('default/a')?.metadata.resourceVersion).toBe('2');
    expect(s.size).toBe(3);
    s.listPage([obj('c')]);
    s.listDone('200');
    // its end at once
    vi.advanceTimersByTime(0);
    expect(s.list().map(keyOf).sort()).toEqual(['default/a', 'default/c']);
    expect(s.resourceVersion).toBe('200');
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('a list coming in is drawn a list frame apart, and its end with the synced health at once', () => {
    const s = new Store({ frameMs: 33 });
    const listener = vi.fn();
    s.subscribe(listener);
    s.listStart();
    s.listPage([obj('a')]);
    // the first objects at once (the first rows)
    vi.advanceTimersByTime(0);
    expect(listener).toHaveBeenCalledTimes(1);
    // then a page every 10 ms for a second: about ten publishes, not thirty
    for (let i = 0; i < 100; i++) {
      s.listPage([obj(`p${i}`)]);
      vi.advanceTimersByTime(10);
    }
    expect(listener.mock.calls.length).toBeGreaterThanOrEqual(9);
    expect(listener.mock.calls.length).toBeLessThanOrEqual(12);
    const during = listener.mock.calls.length;
    s.listPage([obj('last')]);
    s.listDone('5');
    s.setHealth({ state: 'synced', count: s.size, since: 0 });
    vi.advanceTimersByTime(0);
    expect(listener).toHaveBeenCalledTimes(during + 1);
    expect(s.list().map((o) => o.metadata.name)).toContain('last');
    expect(s.health.state).toBe('synced');
    // a watch event after the list: one frame, as before
    s.apply('ADDED', obj('after'));
    vi.advanceTimersByTime(32);
    expect(listener).toHaveBeenCalledTimes(during + 1);
    vi.advanceTimersByTime(1);
    expect(listener).toHaveBeenCalledTimes(during + 2);
  });

  it('keeps an object added by a watch event during a relist', () => {
    const s = new Store();
    s.apply('ADDED', obj('old'));
    s.listStart();
    s.listPage([obj('a')]);
    s.apply('ADDED', obj('late'));
    s.listDone('9');
    expect(s.get('default/late')).toBeDefined();
    expect(s.get('default/old')).toBeUndefined();
  });

  it('an unchanged relist keeps object identity and does not bump the version', () => {
    const s = new Store();
    s.listStart();
    s.listPage([obj('a', '7')]);
    s.listDone('1');
    vi.advanceTimersByTime(40);
    const before = s.get('default/a');
    const v = s.version;
    s.listStart();
    s.listPage([obj('a', '7')]);
    s.listDone('2');
    vi.advanceTimersByTime(40);
    expect(s.get('default/a')).toBe(before);
    expect(s.version).toBe(v);
  });

  it('reports health changes to listeners', () => {
    const s = new Store();
    const listener = vi.fn();
    s.subscribe(listener);
    s.setHealth({ state: 'forbidden', message: 'pods is forbidden' });
    vi.advanceTimersByTime(40);
    expect(s.health).toEqual({ state: 'forbidden', message: 'pods is forbidden' });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('handles 50,000 objects with one notification and one list rebuild', () => {
    const s = new Store();
    const listener = vi.fn();
    s.subscribe(listener);
    s.listStart();
    for (let page = 0; page < 100; page++) {
      s.listPage(Array.from({ length: 500 }, (_, i) => obj(`p-${page}-${i}`)));
    }
    s.listDone('1');
    vi.advanceTimersByTime(40);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(s.list()).toHaveLength(50_000);
    expect(s.list()).toBe(s.list());
  });
});

describe('deriveRows', () => {
  const toRowOf = () =>
    vi.fn((o: KubeObject, now: number): TableRow => ({ key: keyOf(o), cells: [o.metadata.name, String(now)] }));

  it('recomputes only when the version or the clock changes, and only changed objects', () => {
    const s = new Store();
    s.apply('ADDED', obj('a'));
    s.apply('ADDED', obj('b'));
    vi.advanceTimersByTime(40);
    const toRow = toRowOf();
    const rows = deriveRows(s, toRow);

    const first = rows(1000);
    expect(first.map((r) => r.cells[0])).toEqual(['a', 'b']);
    expect(toRow).toHaveBeenCalledTimes(2);
    expect(rows(1000)).toBe(first);
    expect(toRow).toHaveBeenCalledTimes(2);

    s.apply('MODIFIED', obj('b', '2'));
    vi.advanceTimersByTime(40);
    const second = rows(1000);
    expect(toRow).toHaveBeenCalledTimes(3);
    expect(second[0]).toBe(first[0]);

    const ticked = rows(2000);
    expect(toRow).toHaveBeenCalledTimes(5);
    expect(ticked.map((r) => r.cells[1])).toEqual(['2000', '2000']);
  });

  it('reads an object that changed after the clock ticked at the real time, not in its past', () => {
    const s = new Store();
    s.apply('ADDED', obj('a'));
    let real = 1000;
    const toRow = toRowOf();
    const rows = deriveRows(s, toRow, () => real);
    expect(rows(1000).map((r) => r.cells[1])).toEqual(['1000']);
    real = 4000; // the coarse clock still says 1000
    s.apply('MODIFIED', obj('a', '2'));
    vi.advanceTimersByTime(40);
    expect(rows(1000).map((r) => r.cells[1])).toEqual(['4000']);
  });
});
