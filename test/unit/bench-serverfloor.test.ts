// The server floor of the benchmark (bench/serverfloor.ts): the end-marker scan over a
// watch-list stream in arbitrary chunks, a LIST page's continue token from its head, and
// both floors against the demo cluster, which must see the whole initial state.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeFromConfig, type Kube } from '../../bench/kube.js';
import { END_MARKER, listHead, listPagesFloor, MarkerScan, watchListFloor } from '../../bench/serverfloor.js';
import { syncFromTrace, type ToolRun } from '../../bench/measure.js';
import { ownableSync, table, targetChecks, type FloorMedian } from '../../bench/report.js';
import { parseTrace } from '../../bench/stats.js';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';

const event = (i: number) => JSON.stringify({ type: 'ADDED', object: { kind: 'Pod', apiVersion: 'v1', metadata: { name: `p-${i}`, annotations: { 'k8s.io/initial-events-end': 'false' } } } }) + '\n';
const bookmark = '{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"42","annotations":{"k8s.io/initial-events-end":"true"}}}}\n';
const later = event(99);
const stream = Buffer.from([0, 1, 2].map(event).join('') + bookmark + later);
const markerEnd = stream.indexOf(END_MARKER) + END_MARKER.length;

function feed(chunks: Buffer[]): MarkerScan {
  const s = new MarkerScan();
  for (const c of chunks) s.push(c);
  return s;
}

describe('the end-marker scan', () => {
  it('finds the marker wherever one split falls, and counts the events before it', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const s = feed([stream.subarray(0, cut), stream.subarray(cut)]);
      expect({ cut, at: s.at, lines: s.lines }).toEqual({ cut, at: markerEnd, lines: 3 });
    }
  });

  it('finds it fed one byte at a time (a marker across many chunks)', () => {
    const s = feed([...stream].map((b) => Buffer.from([b])));
    expect([s.at, s.lines]).toEqual([markerEnd, 3]);
  });

  it('finds it across three chunks cut inside the marker', () => {
    const m = stream.indexOf(END_MARKER);
    for (const [a, b] of [[m + 1, m + 5], [m + 10, m + 11], [m + 3, m + END_MARKER.length - 1]]) {
      expect(feed([stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)]).at).toBe(markerEnd);
    }
  });

  it('does not take "false" or half a marker for the end', () => {
    const events = Buffer.from([0, 1, 2].map(event).join(''));
    expect(feed([events]).found).toBe(false);
    const half = Buffer.from(bookmark.slice(0, bookmark.indexOf(END_MARKER) + END_MARKER.length - 1));
    const s = feed([events, half]);
    expect([s.found, s.lines]).toEqual([false, 3]);
    expect(s.push(Buffer.from('"}}}}\n'))).toBe(true); // the rest of the last quote: it completes
  });
});

describe('a LIST page head', () => {
  it('waits for the head, then gives the continue token (none on the last page)', () => {
    const page = '{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"7","continue":"eyJ2Ijoi/+a=","remainingItemCount":9500},"items":[{"metadata":{"name":"a"}}]}';
    expect(listHead(page.slice(0, page.indexOf('"items"') + 5))).toBeUndefined();
    expect(listHead(page.slice(0, page.indexOf('"items"') + 8))).toEqual({ continue: 'eyJ2Ijoi/+a=', resourceVersion: '7' });
    expect(listHead('{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"8"},"items":[')).toEqual({ continue: '', resourceVersion: '8' });
  });
});

describe("what kubedeck's sync is held against", () => {
  const trace = (watchList: boolean) =>
    parseTrace(
      [
        { t: 80, ev: 'phase', phase: 'entry' },
        { t: 412.5, ev: 'phase', phase: 'pods watch started' },
        { t: 500, ev: 'listed', resource: 'nodes', watchList: false, items: 4, pages: 1 },
        watchList ? { t: 2100, ev: 'listed', resource: 'pods', watchList: true, items: 10000, ms: 1650 } : { t: 2300, ev: 'listed', resource: 'pods', watchList: false, items: 10000, pages: 20 },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
  const floor: FloorMedian = { parseMs: 300, inflateParseMs: 350, jsonBytes: 30e6, gzipBytes: 1.5e6, server: { listMs: 2600, watchListMs: 1800, listFirstByteMs: 40, watchListFirstByteMs: 5, listCpu: { client: 0.3, 'kube-apiserver': 2.1 }, watchListCpu: { client: 0.4, 'kube-apiserver': 1.75 } } };
  const run = (watchList: boolean, fullCountS: number): ToolRun => ({ tool: 'kubedeck', run: 1, loadStart: [1, 1, 1], fullCountS, bytesToSync: 1.5e6, ...syncFromTrace(trace(watchList)) });

  it("reads the pods' path and when their watch started from the trace", () => {
    expect(syncFromTrace(trace(true))).toEqual({ syncPath: 'watch-list', watchStartedMs: 412.5, listedMs: 1650 });
    expect(syncFromTrace(trace(false))).toEqual({ syncPath: 'list', watchStartedMs: 412.5, listedMs: undefined });
  });

  it("takes the server floor of the path kubedeck used when it is slower than parsing", () => {
    expect(ownableSync([run(true, 2)], floor, 350)).toMatchObject({ path: 'watch-list', serverMs: 1800, floorMs: 1800, startedMs: 412.5 });
    expect(ownableSync([run(false, 2), run(false, 2), run(true, 2)], floor, 350)).toMatchObject({ path: 'LIST pages', floorMs: 2600 });
    expect(ownableSync([run(true, 2)], { ...floor, server: { ...floor.server!, watchListMs: 100 } }, 350)).toMatchObject({ floorMs: 350 });
    expect(ownableSync([run(true, 2)], { ...floor, server: undefined }, 350)).toBeUndefined();
  });

  it('keeps the issue\'s check against the parse floor and adds the one against the server beside it', () => {
    const group = { target: 'real control plane', size: 10000, runs: [run(true, 2.5)] };
    const checks = targetChecks(group, floor);
    expect(checks.find((c) => c.includes('gunzip + JSON.parse floor'))).toMatch(/^- \*\*not met\*\*: .*2,500 ms vs 350 ms \(7\.1×/);
    expect(checks.find((c) => c.includes('what the client can own'))).toMatch(/^- \*\*met\*\*: .*2,500 ms vs max\(watch-list 1,800 ms, parse 350 ms\) = 1,800 ms \(1\.4×\)/);
    const text = table(group, floor);
    expect(text).toContain('server floor: LIST pages 2,600 ms, watch-list 1,800 ms');
    expect(text).toContain('CPU over each: LIST client 0.30 s, kube-apiserver 2.10 s; watch-list client 0.40 s, kube-apiserver 1.75 s.');
  });
});

describe('both floors against the demo', () => {
  let cluster: DemoCluster;
  let kube: Kube;
  let dir: string;
  beforeAll(async () => {
    // 1,200 pods: more than two LIST pages of 500, and pages over the 128 KiB gzip threshold
    cluster = await startDemoCluster({ extraPods: 1200 });
    dir = mkdtempSync(join(tmpdir(), 'kubedeck-floor-test-'));
    writeFileSync(join(dir, 'kubeconfig'), cluster.kubeconfig(), { mode: 0o600 });
    kube = kubeFromConfig(join(dir, 'kubeconfig'), 2);
  });
  afterAll(async () => {
    kube.close();
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages through the whole LIST and reads the watch-list stream to its end marker, gzipped', async () => {
    const pods = cluster.control.objects('pods').length;
    const list = await listPagesFloor(kube);
    expect(list.pages).toBe(Math.ceil(pods / 500));
    const wl = await watchListFloor(kube);
    expect(wl.events).toBe(pods);
    expect(wl.encoding).toBe('gzip');
    expect(wl.wireBytes).toBeLessThan(wl.bytes / 4);
  });
});
