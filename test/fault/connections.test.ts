// How many connections one session opens: HTTP/1.1, one per open stream, capped.
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport, MAX_REQUEST_CONNECTIONS, MAX_STREAM_CONNECTIONS } from '../../src/k8s/transport.js';
import type { ApiError } from '../../src/k8s/types.js';
import { json, watchLines } from './modes.js';
import { sleep, until } from './helpers.js';
import { startFaultServer, type FaultServer } from './server.js';

let fs: FaultServer | undefined;
afterEach(async () => {
  await fs?.close();
  fs = undefined;
});

describe('connections', () => {
  it(`40 requests at once use at most ${MAX_REQUEST_CONNECTIONS} connections, and all are answered`, async () => {
    fs = await startFaultServer();
    fs.on('GET', '/slow', (_req, res) => void setTimeout(() => json(res, 200, { ok: true }), 100));
    const t = createTransport(fs.kubeconfig());
    const answers = await Promise.all(Array.from({ length: 40 }, () => t.request<{ ok: boolean }>('/slow')));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(fs.peakConnections).toBeLessThanOrEqual(MAX_REQUEST_CONNECTIONS);
  });

  it(`watches hold at most ${MAX_STREAM_CONNECTIONS} connections; requests still get through; one more stream says why it waits`, async () => {
    const server = await startFaultServer();
    fs = server;
    server.on('GET', '/watch', watchLines([], 'hang'));
    server.on('GET', '/version', (_req, res) => json(res, 200, { gitVersion: 'v1.36.0' }));
    const t = createTransport(server.kubeconfig());
    const stop = new AbortController();
    const streams = Array.from({ length: MAX_STREAM_CONNECTIONS }, () => t.stream('/watch', { signal: stop.signal, onLine: () => {} }).catch(() => undefined));
    await until(() => server.hits('/watch').length === MAX_STREAM_CONNECTIONS, 'every watch open', 20_000);
    const extra = (await t.stream('/watch', { signal: stop.signal, connectTimeoutMs: 300, onLine: () => {} }).catch((e: unknown) => e)) as ApiError;
    expect(extra.message).toBe(`no free connection to ${server.url} after 300ms: all ${MAX_STREAM_CONNECTIONS} are held by open watches and log streams`);
    expect(await t.request<{ gitVersion: string }>('/version')).toEqual({ gitVersion: 'v1.36.0' });
    await sleep(50);
    expect(server.peakConnections).toBeLessThanOrEqual(MAX_STREAM_CONNECTIONS + MAX_REQUEST_CONNECTIONS);
    expect(server.hits('/watch')).toHaveLength(MAX_STREAM_CONNECTIONS);
    stop.abort();
    await Promise.all(streams);
  });
});

describe('connection faults', () => {
  it('a server that closes the connection during the TLS handshake gives a one-line reason naming it', async () => {
    const server = await startFaultServer();
    fs = server;
    server.connectionFault = 'close-during-handshake';
    const err = (await createTransport(server.kubeconfig()).request('/version').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(0);
    expect(err.message).toMatch(new RegExp(`^cannot reach ${server.url}: `));
    expect(err.message).not.toContain('\n');
    expect(server.requests).toHaveLength(0);
  });

  it('a server that accepts TCP and never completes the handshake times out, naming the server', async () => {
    const server = await startFaultServer();
    fs = server;
    server.connectionFault = 'hang-handshake';
    const t = createTransport(server.kubeconfig(), { requestTimeoutMs: 300 });
    const err = (await t.request('/version').catch((e: unknown) => e)) as ApiError;
    expect(err.message).toBe(`no answer from ${server.url} to GET /version after 300ms`);
    const s = (await t.stream('/api/v1/pods', { query: { watch: 1 }, onLine: () => {} }).catch((e: unknown) => e)) as ApiError;
    expect(s.message).toBe(`no answer from ${server.url} after 300ms`);
  });
});
