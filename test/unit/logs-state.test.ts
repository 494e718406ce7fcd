import { describe, expect, test } from 'vitest';
import { RingBuffer } from '../../src/state/logbuffer.js';
import { lifecycleLine, lifecycleOrder, podContainers, stateText } from '../../src/state/containers.js';
import { cleanLine, colorFor, formatForSave, highlight, mergeByTime, parseTimestamp, searchMatches, toEntry, windowEndingAt, type LogEntry } from '../../src/state/loglines.js';
import type { KubeObject } from '../../src/k8s/types.js';

const ESC = '\x1b';

describe('ring buffer', () => {
  test('keeps the newest lines up to its capacity and counts what it dropped', () => {
    const b = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) b.push(i);
    expect(b.toArray()).toEqual([3, 4, 5]);
    expect(b.size).toBe(3);
    expect(b.dropped).toBe(2);
    expect(b.last()).toBe(5);
    expect(() => new RingBuffer(0)).toThrow(/positive integer/);
  });
});

const sidecarPod: KubeObject = {
  metadata: { name: 'orders-1', namespace: 'web' },
  spec: {
    initContainers: [{ name: 'migrate' }, { name: 'proxy', restartPolicy: 'Always' }],
    containers: [{ name: 'app' }],
    ephemeralContainers: [{ name: 'debugger' }],
  },
  status: {
    initContainerStatuses: [
      { name: 'migrate', state: { terminated: { exitCode: 0, reason: 'Completed' } }, restartCount: 0 },
      { name: 'proxy', state: { running: {} }, ready: true, started: true, restartCount: 2, containerID: 'containerd://p2', lastState: { terminated: { containerID: 'containerd://p1' } } },
    ],
    containerStatuses: [{ name: 'app', state: { running: {} }, ready: true, started: true, restartCount: 0, containerID: 'containerd://a1' }],
    ephemeralContainerStatuses: [{ name: 'debugger', state: { waiting: { reason: 'ContainerCreating' } } }],
  },
};

describe('containers and lifecycle', () => {
  test('init (sidecars marked), main, then ephemeral, with state and restarts', () => {
    const cs = podContainers(sidecarPod);
    expect(cs.map((c) => `${c.kind}:${c.name}`)).toEqual(['init:migrate', 'sidecar:proxy', 'main:app', 'ephemeral:debugger']);
    expect(cs[1]).toMatchObject({ restarts: 2, containerID: 'containerd://p2', hasPrevious: true });
    expect(stateText(cs[1]!)).toBe('▶ ready ↻2');
    expect(lifecycleLine(cs)).toBe('init: migrate ✓  sidecars: proxy ▶ ready ↻2  main: app ▶ ready  debug: debugger … ContainerCreating');
  });

  test('sidecars start before main containers and stop after them, in reverse order', () => {
    const pod = structuredClone(sidecarPod);
    pod.spec.initContainers.push({ name: 'shipper', restartPolicy: 'Always' });
    const order = lifecycleOrder(podContainers(pod));
    expect(order.start).toEqual(['migrate', 'proxy', 'shipper', 'app']);
    expect(order.stop).toEqual(['app', 'shipper', 'proxy']);
  });
});

const entry = (container: string, at: number, text = `${container}@${at}`): LogEntry => ({ container, ts: '', at, text, kind: 'line' });

describe('log lines', () => {
  test('server timestamps are parsed to sub-millisecond precision and split off the text', () => {
    expect(parseTimestamp('2025-06-01T10:41:02.123456789Z') - Date.UTC(2025, 5, 1, 10, 41, 2, 123)).toBeCloseTo(0.456789, 3);
    const e = toEntry('2025-06-01T10:41:02Z GET /healthz 200', 'app', true, 0);
    expect(e).toMatchObject({ ts: '2025-06-01T10:41:02Z', text: 'GET /healthz 200' });
    expect(toEntry('no timestamp here', 'app', true, 42)).toMatchObject({ at: 42, text: 'no timestamp here' });
  });

  test('escape sequences never survive except colors, which are closed at the end of the line', () => {
    const nasty = `${ESC}[32mok${ESC}[2J${ESC}[H${ESC}]0;title${ESC}\\${ESC}]52;c;cHduZWQ=\x07${ESC}[?1049h\rend`;
    const kept = cleanLine(nasty, true);
    expect(kept).toBe(`${ESC}[32mok⏎end${ESC}[0m`); // a carriage return shows, it cannot move the cursor
    const stripped = cleanLine(nasty, false);
    expect(stripped).toBe('ok⏎end');
    expect(cleanLine('plain', true)).toBe('plain');
  });

  test('containers merge in time order; ties keep --all-containers order', () => {
    const merged = mergeByTime([[entry('init', 1), entry('init', 5)], [entry('app', 2), entry('app', 5)], [entry('dbg', 3)]]);
    expect(merged.map((e) => e.text)).toEqual(['init@1', 'app@2', 'dbg@3', 'init@5', 'app@5']);
  });

  test('prefix colors are stable per container name', () => {
    expect(colorFor('proxy')).toBe(colorFor('proxy'));
    const colors = new Set(['proxy', 'app', 'migrate', 'shipper', 'envoy', 'worker'].map(colorFor));
    expect(colors.size).toBeGreaterThan(2);
  });

  test('search is smart-case, highlights runs and ignores colors', () => {
    const es = [entry('a', 1, 'GET /orders 200'), entry('a', 2, `${ESC}[31mERROR${ESC}[0m orders failed`), entry('a', 3, 'nothing')];
    expect(searchMatches(es, 'orders')).toEqual([0, 1]);
    expect(searchMatches(es, 'error')).toEqual([1]);
    expect(searchMatches(es, 'Error')).toEqual([]);
    expect(highlight(es[1]!.text, 'orders')).toEqual([
      { text: 'ERROR ', match: false },
      { text: 'orders', match: true },
      { text: ' failed', match: false },
    ]);
  });

  test('the window holds whole lines only and ends at the requested line', () => {
    const rows = [1, 3, 1, 2, 1];
    expect(windowEndingAt(5, 4, 4, (i) => rows[i]!)).toEqual({ from: 2, to: 5 });
    expect(windowEndingAt(5, 1, 4, (i) => rows[i]!)).toEqual({ from: 0, to: 2 });
    expect(windowEndingAt(0, -1, 4, () => 1)).toEqual({ from: 0, to: 0 });
  });

  test('saved text has timestamps, container names when merged, and no escapes', () => {
    const es = [{ ...entry('app', 1, `${ESC}[32mok${ESC}[0m`), ts: '2025-06-01T10:00:00Z' }];
    expect(formatForSave(es, true)).toBe('2025-06-01T10:00:00Z [app] ok\n');
    expect(formatForSave(es, false)).toBe('2025-06-01T10:00:00Z ok\n');
  });
});
