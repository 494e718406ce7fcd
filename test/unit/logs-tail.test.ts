// The tail against a scripted transport and pods store: what it asks the server,
// how it reconnects, and what the user ends up seeing.
import { describe, expect, test } from 'vitest';
import { createLogTail, restartMarker, type TailOptions } from '../../src/k8s/logtail.js';
import { ABORTED } from '../../src/k8s/transport.js';
import { ApiError, type KubeObject, type StreamOptions, type Transport } from '../../src/k8s/types.js';
import { MemoryStore } from '../component/fake-api.js';

interface OpenStream {
  path: string;
  query: Record<string, unknown>;
  line(raw: string): void;
  end(): void;
  fail(err: unknown): void;
  aborted: boolean;
}

function fakeTransport() {
  const streams: OpenStream[] = [];
  const transport: Transport = {
    server: 'https://fake',
    request: async () => {
      throw new ApiError(404, 'pods "x" not found');
    },
    stream: (path: string, so: StreamOptions) =>
      new Promise<void>((resolve, reject) => {
        const s: OpenStream = { path, query: { ...so.query }, line: (l) => so.onLine(l), end: resolve, fail: reject, aborted: false };
        so.signal?.addEventListener('abort', () => {
          s.aborted = true;
          reject(new ApiError(0, 'stream cancelled', { reason: ABORTED }));
        });
        streams.push(s);
      }),
  };
  return { transport, streams };
}

function pod(ids: Record<string, string>, restarts = 0): KubeObject {
  const st = (name: string) => ({ name, state: { running: {} }, ready: true, containerID: ids[name], restartCount: restarts });
  return {
    metadata: { namespace: 'web', name: 'orders-1', uid: 'u1' },
    spec: { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'app' }] },
    status: { initContainerStatuses: [st('proxy')], containerStatuses: [st('app')] },
  };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const opts = (o: Partial<TailOptions> = {}): TailOptions => ({ container: null, follow: true, previous: false, tailLines: 500, ...o });

function setup(o: Partial<TailOptions> = {}, keepSgr = true) {
  const { transport, streams } = fakeTransport();
  const pods = new MemoryStore();
  pods.set([pod({ proxy: 'c://p1', app: 'c://a1' })]);
  const tail = createLogTail({ transport, pods, bufferLines: 100, keepSgr, connectTimeoutMs: 1000, frameMs: 1, restartGraceMs: 50 }, { namespace: 'web', pod: 'orders-1' }, opts(o));
  const texts = () => tail.snapshot().entries.map((e) => `${e.container}: ${e.text}`);
  return { tail, streams, pods, texts };
}

describe('log tail', () => {
  test('one follow stream per container, in --all-containers order, always with timestamps', async () => {
    const { tail, streams } = setup({ sinceSeconds: 300 });
    await tick();
    expect(streams.map((s) => s.query.container)).toEqual(['proxy', 'app']);
    expect(streams[0]!.path).toBe('/api/v1/namespaces/web/pods/orders-1/log');
    expect(streams[0]!.query).toMatchObject({ follow: true, timestamps: true, tailLines: 500, sinceSeconds: 300 });
    expect(streams[0]!.query.previous).toBeUndefined();
    tail.close();
    expect(streams.every((s) => s.aborted)).toBe(true);
  });

  test('lines of both containers merge in time order', async () => {
    const { tail, streams, texts } = setup();
    await tick();
    streams[1]!.line('2025-06-01T10:00:02Z app two');
    streams[0]!.line('2025-06-01T10:00:01Z proxy one');
    streams[0]!.line('2025-06-01T10:00:03Z proxy three');
    expect(texts()).toEqual(['proxy: proxy one', 'app: app two', 'proxy: proxy three']);
    expect(tail.snapshot().received).toBe(3);
    tail.close();
  });

  test('a restarted container (new containerID) gets a fresh stream after a gap marker', async () => {
    const { tail, streams, pods, texts } = setup({ container: 'app' });
    await tick();
    streams[0]!.line('2025-06-01T10:00:01Z before');
    pods.set([pod({ proxy: 'c://p1', app: 'c://a2' }, 3)]);
    streams[0]!.end(); // the kubelet ends the old instance's stream
    await tick(10);
    expect(streams).toHaveLength(2);
    expect(streams[1]!.query.tailLines).toBeUndefined(); // the new instance from its first line
    streams[1]!.line('2025-06-01T10:00:05Z after');
    expect(texts()).toEqual(['app: before', `app: ${restartMarker(3)}`, 'app: after']);
    expect(restartMarker(3)).toBe('— container restarted (restart 3) —');
    tail.close();
  });

  test('a restart seen in the pods store while the old stream hangs on still reconnects', async () => {
    const { tail, streams, pods, texts } = setup({ container: 'app' });
    await tick();
    pods.set([pod({ proxy: 'c://p1', app: 'c://a2' }, 1)]);
    await tick(120);
    expect(streams[0]!.aborted).toBe(true);
    expect(streams).toHaveLength(2);
    expect(texts()).toEqual([`app: ${restartMarker(1)}`]);
    tail.close();
  });

  test('a broken stream resumes from its last line without showing any line twice', async () => {
    const { tail, streams, texts } = setup({ container: 'app' });
    await tick();
    streams[0]!.line('2025-06-01T10:00:01Z a');
    streams[0]!.line('2025-06-01T10:00:02Z b');
    streams[0]!.fail(new ApiError(0, 'connection lost mid-stream'));
    await tick();
    expect(tail.snapshot().streams.app).toMatchObject({ state: 'reconnecting', message: 'connection lost mid-stream' });
    await tick(1100);
    expect(streams).toHaveLength(2);
    expect(streams[1]!.query.sinceSeconds).toBeGreaterThanOrEqual(1);
    expect(streams[1]!.query.tailLines).toBeUndefined();
    for (const l of ['2025-06-01T10:00:01Z a', '2025-06-01T10:00:02Z b', '2025-06-01T10:00:03Z c']) streams[1]!.line(l);
    expect(texts()).toEqual(['app: a', 'app: b', 'app: c']);
    tail.close();
  });

  test("a refused stream shows the server's message and waits for the pod to change", async () => {
    const { tail, streams } = setup({ container: 'nosuch' });
    await tick();
    streams[0]!.fail(new ApiError(400, 'container nosuch is not valid for pod orders-1'));
    await tick();
    expect(tail.snapshot().streams.nosuch).toEqual({ state: 'error', status: 400, message: 'container nosuch is not valid for pod orders-1' });
    await tick(50);
    expect(streams).toHaveLength(1);
    tail.close();
  });

  test('previous instance: asked once, never followed', async () => {
    const { tail, streams } = setup({ container: 'app', previous: true });
    await tick();
    expect(streams[0]!.query).toMatchObject({ previous: true, timestamps: true });
    expect(streams[0]!.query.follow).toBeUndefined();
    streams[0]!.end();
    await tick();
    expect(tail.snapshot().streams.app).toEqual({ state: 'ended' });
    tail.close();
  });

  test('colors are kept or stripped per config; other escapes always go', async () => {
    for (const keep of [true, false]) {
      const { tail, streams, texts } = setup({ container: 'app' }, keep);
      await tick();
      streams[0]!.line('2025-06-01T10:00:01Z \x1b[31mred\x1b]0;pwned\x07\x1b[2J');
      expect(texts()).toEqual([keep ? 'app: \x1b[31mred\x1b[0m' : 'app: red']);
      tail.close();
    }
  });

  test('the ring buffer bounds each container', async () => {
    const { tail, streams } = setup({ container: 'app' });
    await tick();
    for (let i = 0; i < 150; i++) streams[0]!.line(`2025-06-01T10:00:00.${String(i).padStart(3, '0')}Z line ${i}`);
    const snap = tail.snapshot();
    expect(snap.entries).toHaveLength(100);
    expect(snap.entries[0]!.text).toBe('line 50');
    expect(snap.dropped).toBe(50);
    tail.close();
  });
});
