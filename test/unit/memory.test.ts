import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LARGE_LIST, RELEASE_DELAY_MS, RELEASE_EVERY_MS, releaser, type Releaser } from '../../src/memory.js';

describe('the collection after a large list', () => {
  let collected = 0;
  let r: Releaser;
  beforeEach(() => {
    vi.useFakeTimers();
    collected = 0;
    // fake timers move Date.now as they run
    r = releaser({ collect: () => () => collected++, now: () => Date.now() });
  });
  afterEach(() => {
    r.dispose();
    vi.useRealTimers();
  });
  const wait = (ms: number) => vi.advanceTimersByTime(ms);

  it('runs once after a list of many objects ended, before the frame that shows it', () => {
    const order: string[] = [];
    r = releaser({ collect: () => () => order.push('collected'), now: () => Date.now() });
    setTimeout(() => order.push('frame'), 20); // the store's frame timer, set by an earlier page
    r.listEnded(50_000);
    expect(order).toEqual([]); // not inside the watch loop's own turn
    wait(40);
    expect(order).toEqual(['collected', 'frame']);
    wait(10_000);
    expect(order).toEqual(['collected', 'frame']);
  });

  it('does nothing after a small list', () => {
    r.listEnded(LARGE_LIST - 1);
    r.listEnded(120);
    wait(1000);
    expect(collected).toBe(0);
  });

  it('large lists ending in the same turn get one collection', () => {
    r.listEnded(50_000);
    r.listEnded(20_000);
    wait(10);
    expect(collected).toBe(1);
  });

  it('a server that makes kubedeck relist again and again gets at most one in RELEASE_EVERY_MS', () => {
    for (let i = 0; i < 10; i++) {
      r.listEnded(50_000);
      wait(RELEASE_EVERY_MS / 10);
    }
    expect(collected).toBe(1);
    r.listEnded(50_000); // RELEASE_EVERY_MS since that collection
    wait(1);
    expect(collected).toBe(2);
  });

  it('off (KUBEDECK_GC_AFTER_LIST=off) never collects', () => {
    const off = releaser({ collect: () => () => collected++, off: true });
    off.listEnded(50_000);
    wait(1000);
    expect(collected).toBe(0);
  });
});

describe("V8's collection", () => {
  it('collects, and leaves --expose-gc as it was: no gc function for code that did not have one', async () => {
    const exposed = vm.runInNewContext('typeof gc');
    const gcs = new v8.GCProfiler();
    gcs.start();
    const r = releaser({ now: () => Date.now() });
    r.listEnded(LARGE_LIST);
    await new Promise((res) => setTimeout(res, RELEASE_DELAY_MS + 50));
    r.dispose();
    // a full collection, not only the scavenges a test's own allocations cause
    expect(gcs.stop().statistics.map((g) => g.gcType)).toContain('MarkSweepCompact');
    expect(vm.runInNewContext('typeof gc')).toBe(exposed);
  });
});
