// The server floor of the benchmark (bench/serverfloor.ts): the end-marker scan over a
// watch-list stream in arbitrary chunks, a LIST page's continue token from its head, and
// both floors against the demo cluster, which must see the whole initial state.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeFromConfig, type Kube } from '../../bench/kube.js';
import { END_MARKER, listHead, listPagesFloor, MarkerScan, watchListFloor } from '../../bench/serverfloor.js';
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
