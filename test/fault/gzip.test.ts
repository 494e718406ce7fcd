// gzip on the wire: kubedeck asks for it, inflates as data arrives, and turns every bad
// gzip body into one clear error while the watch keeps retrying.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../../src/k8s/transport.js';
import { ApiError } from '../../src/k8s/types.js';
import { corruptGzip, event, gzipHeaderPlainBody, gzipJson, gzipWatchLines, isList, isWatch, json, list, nsPods, pod, statusBody, truncatedGzip, watchLines } from './modes.js';
import { until, watchAgainst } from './helpers.js';
import { startFaultServer, type FaultServer } from './server.js';

const PATH = nsPods('default');
let fs: FaultServer;
beforeAll(async () => {
  fs = await startFaultServer();
});
afterAll(() => fs.close());

async function failure(path: string): Promise<ApiError> {
  try {
    await createTransport(fs.kubeconfig(), { requestTimeoutMs: 5000 }).request(path);
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}

const pods = (n: number) => list(Array.from({ length: n }, (_, i) => pod(`p${i}`, String(10 + i))), '100');

describe('gzip answers to requests', () => {
  it('asks for gzip and reads a gzipped list', async () => {
    fs.on('GET', '/gz/ok', gzipJson(200, pods(300)));
    const got = await createTransport(fs.kubeconfig()).request<{ items: unknown[] }>('/gz/ok');
    expect(got.items).toHaveLength(300);
    expect(fs.hits('/gz/ok')[0]!.headers['accept-encoding']).toBe('gzip');
  });

  it('gzip: false asks for no encoding (requests and streams)', async () => {
    fs.on('GET', '/gz/none', (_req, res) => json(res, 200, { ok: true }));
    fs.on('GET', '/gz/none-stream', watchLines([], 'end'));
    const t = createTransport(fs.kubeconfig(), { gzip: false });
    await t.request('/gz/none');
    await t.stream('/gz/none-stream', { onLine: () => {} });
    expect(fs.hits('/gz/none')[0]!.headers['accept-encoding']).toBeUndefined();
    expect(fs.hits('/gz/none-stream')[0]!.headers['accept-encoding']).toBeUndefined();
  });

  it('a gzip body cut mid-member is a one-line error naming the request, not a hang', async () => {
    fs.on('GET', '/gz/truncated', truncatedGzip(pods(300)));
    const err = await failure('/gz/truncated');
    expect(err.message).toBe("the server's gzip data for GET /gz/truncated ended before it was complete (truncated)");
    expect(err.reason).toBe('BadEncoding');
  });

  it('gzip garbage is a clear error', async () => {
    fs.on('GET', '/gz/corrupt', corruptGzip());
    const err = await failure('/gz/corrupt');
    expect(err.message).toMatch(/^the server sent data that is not valid gzip for GET \/gz\/corrupt \(Content-Encoding: gzip\): /);
    expect(err.message).not.toContain('\n');
  });

  it('Content-Encoding: gzip on a plain body is a clear error', async () => {
    fs.on('GET', '/gz/plain', gzipHeaderPlainBody(pods(2)));
    const err = await failure('/gz/plain');
    expect(err.message).toMatch(/not valid gzip for GET \/gz\/plain .*incorrect header check/);
  });

  it('a gzipped Status error keeps the server’s message and code', async () => {
    fs.on('GET', '/gz/forbidden', gzipJson(403, statusBody(403, 'Forbidden', 'pods is forbidden: User "x" cannot list resource "pods"')));
    const err = await failure('/gz/forbidden');
    expect(err.status).toBe(403);
    expect(err.message).toBe('pods is forbidden: User "x" cannot list resource "pods"');
  });

  it('an error answer whose gzip body is broken still says its status', async () => {
    fs.on('GET', '/gz/broken-500', (_req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end('{"kind":"Status"');
    });
    const err = await failure('/gz/broken-500');
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/^HTTP 500 Internal Server Error \(the server sent data that is not valid gzip/);
  });

  it('an encoding it did not ask for is refused by name', async () => {
    fs.on('GET', '/gz/br', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'br' });
      res.end('xx');
    });
    expect((await failure('/gz/br')).message).toBe('the server answered GET /gz/br with Content-Encoding "br", which kubedeck did not ask for');
  });
});

describe('gzip in the watch loop', () => {
  it('a gzipped LIST syncs the store; the watch asks for gzip too', async () => {
    const w = await watchAgainst((s) => {
      s.on('GET', isList(PATH), gzipJson(200, pods(250)));
      s.on('GET', isWatch(PATH), watchLines([]));
    });
    try {
      await until(() => w.store.health.state === 'synced', 'synced');
      expect(w.store.list()).toHaveLength(250);
      await until(() => w.fs.hits(PATH).length >= 2, 'the watch request');
      expect(w.fs.hits(PATH).map((r) => r.headers['accept-encoding'])).toEqual(['gzip', 'gzip']);
    } finally {
      await w.stop();
    }
  });

  it('a truncated gzip LIST shows the error and retries; the next good answer syncs', async () => {
    const w = await watchAgainst(
      (s) => {
        s.on('GET', isList(PATH), (req, res, n) => (n === 1 ? truncatedGzip(pods(300)) : gzipJson(200, pods(300)))(req, res, n));
        s.on('GET', isWatch(PATH), watchLines([]));
      },
      { backoff: { initialMs: 50, maxMs: 100 } },
    );
    try {
      await until(() => w.events.some((e) => e.type === 'error'), 'the error');
      const err = w.events.find((e) => e.type === 'error');
      expect(err).toMatchObject({ message: expect.stringContaining('ended before it was complete (truncated)') });
      await until(() => w.store.health.state === 'synced', 'synced after the retry');
      expect(w.store.list()).toHaveLength(300);
    } finally {
      await w.stop();
    }
  });

  it('gzipped watch events reach the store one by one while the stream stays open', async () => {
    const lines = [event('ADDED', pod('w1', '201')), event('ADDED', pod('w2', '202')), event('MODIFIED', pod('w1', '203', 'default', { status: { phase: 'Failed' } }))];
    const w = await watchAgainst((s) => {
      s.on('GET', isList(PATH), gzipJson(200, pods(1)));
      s.on('GET', isWatch(PATH), gzipWatchLines(lines, 'hang', 50));
    });
    try {
      await until(() => w.store.get('default/w1')?.status?.phase === 'Failed', 'all three events');
      expect(w.store.list()).toHaveLength(3);
      expect(w.events.filter((e) => e.type === 'watch-end')).toHaveLength(0); // still open
    } finally {
      await w.stop();
    }
  });

  it('a gzip watch stream cut mid-member is an error and the watch resumes', async () => {
    const w = await watchAgainst(
      (s) => {
        s.on('GET', isList(PATH), gzipJson(200, pods(1)));
        s.on('GET', isWatch(PATH), (req, res, n) => (n === 1 ? gzipWatchLines([event('ADDED', pod('c1', '301'))], 'cut') : watchLines([event('ADDED', pod('c2', '302'))]))(req, res, n));
      },
      { backoff: { initialMs: 50, maxMs: 100 } },
    );
    try {
      await until(() => !!w.store.get('default/c2'), 'the resumed watch');
      expect(w.store.get('default/c1')).toBeDefined();
      expect(w.events.find((e) => e.type === 'error')).toMatchObject({ message: expect.stringContaining('truncated') });
      expect(w.fs.hits(PATH).filter((r) => r.query.watch === '1')[1]!.query.resourceVersion).toBe('301');
    } finally {
      await w.stop();
    }
  });
});
