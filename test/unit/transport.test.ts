import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTransport, errorMessage, isAborted, type TransportOptions } from '../../src/k8s/transport.js';
import { ApiError, ReadonlyError, type AuditEntry } from '../../src/k8s/types.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

interface Scripted {
  url: string;
  connections: number;
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
}

async function serve(handler: Handler, server: http.Server = http.createServer()): Promise<Scripted> {
  const state: Scripted = { url: '', connections: 0, requests: [] };
  server.on('connection', () => state.connections++);
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  state.url = `${server instanceof https.Server ? 'https' : 'http'}://127.0.0.1:${port}`;
  return state;
}

function kubeconfig(server: string, cluster: Record<string, unknown> = { skipTLSVerify: true }): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, ...cluster }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
}

function transportFor(s: Scripted, opts: TransportOptions = {}) {
  return createTransport(kubeconfig(s.url), opts);
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });

describe('request', () => {
  it('sends the token, user agent and impersonation headers and parses the JSON answer', async () => {
    const s = await serve((_req, res) => json(res, 200, { kind: 'Pod', metadata: { name: 'a' } }));
    const t = transportFor(s, { userAgent: 'kubedeck/0.1', impersonate: { user: 'alice', groups: ['dev', 'ops'] } });
    const pod = await t.request<{ metadata: { name: string } }>('/api/v1/namespaces/x/pods/a', { query: { pretty: undefined, limit: 5 } });
    expect(pod.metadata.name).toBe('a');
    const seen = s.requests[0];
    expect(seen.url).toBe('/api/v1/namespaces/x/pods/a?limit=5');
    expect(seen.headers.authorization).toBe('Bearer secret-token');
    expect(seen.headers['user-agent']).toBe('kubedeck/0.1');
    expect(seen.headers['impersonate-user']).toBe('alice');
    expect(seen.headers['impersonate-group']).toBe('dev, ops');
  });

  it("surfaces the server's Status message, reason and code", async () => {
    const s = await serve((_req, res) => json(res, 422, status(422, 'Invalid', 'spec.schedulingGates[1].name: Forbidden: only deletion is allowed')));
    const err = await transportFor(s).request('/api/v1/pods', { method: 'PATCH', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, reason: 'Invalid', message: 'spec.schedulingGates[1].name: Forbidden: only deletion is allowed' });
  });

  it('uses the text of a non-JSON error body, shortened', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end(`<html>Bad gateway ${'x'.repeat(1000)}</html>`);
    });
    const err = (await transportFor(s).request('/api').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(502);
    expect(err.message.startsWith('<html>Bad gateway xxx')).toBe(true);
    expect(err.message.length).toBeLessThan(320);
  });

  it('names the server it cannot reach', async () => {
    const s = await serve(() => {});
    const t = transportFor(s);
    const url = s.url;
    await new Promise((r) => servers.pop()!.close(r));
    const err = (await t.request('/version').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(0);
    expect(err.message).toMatch(new RegExp(`^cannot reach ${url}: connect ECONNREFUSED 127.0.0.1:\\d+$`));
  });

  it('gives up after the request timeout', async () => {
    const s = await serve(() => {}); // never answers
    const err = (await transportFor(s, { requestTimeoutMs: 300 }).request('/api').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(0);
    expect(err.message).toBe(`no answer from ${s.url} to GET /api after 300ms`);
  });

  it('re-reads a rotated token file, trimmed, within a minute (as client-go)', async () => {
    const s = await serve((_req, res) => json(res, 200, {}));
    const dir = mkdtempSync(join(tmpdir(), 'kd-token-'));
    const file = join(dir, 'token');
    writeFileSync(file, 'first-token\n');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const t = transportFor(s, { tokenFile: file });
      await t.request('/api');
      writeFileSync(file, 'rotated-token\n');
      await t.request('/api');
      vi.setSystemTime(Date.now() + 61_000);
      await t.request('/api');
      expect(s.requests.map((r) => r.headers.authorization)).toEqual(['Bearer first-token', 'Bearer first-token', 'Bearer rotated-token']);
    } finally {
      vi.useRealTimers();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--request-timeout 0 means no timeout, as in kubectl', async () => {
    const s = await serve((_req, res) => setTimeout(() => json(res, 200, { kind: 'APIVersions' }), 50));
    await expect(transportFor(s, { requestTimeoutMs: 0 }).request('/api')).resolves.toEqual({ kind: 'APIVersions' });
  });

  it('refuses writes in read-only mode before a single byte is sent, but still reads', async () => {
    const s = await serve((_req, res) => json(res, 200, {}));
    const t = transportFor(s, { readonly: true });
    await expect(t.request('/api/v1/namespaces/x/pods/a', { method: 'DELETE' })).rejects.toBeInstanceOf(ReadonlyError);
    await expect(t.request('/api/v1/namespaces/x/pods/a', { method: 'PATCH', query: { dryRun: 'All' }, body: {} })).rejects.toBeInstanceOf(ReadonlyError);
    expect(s.connections).toBe(0);
    await t.request('/api/v1/pods');
    expect(s.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('writes the audit entry before the promise settles, for successes and failures', async () => {
    const s = await serve((req, res) =>
      req.method === 'DELETE' ? json(res, 404, status(404, 'NotFound', 'pods "gone" not found')) : json(res, 201, { kind: 'Pod' }),
    );
    const written: AuditEntry[] = [];
    const sink = {
      async write(entry: AuditEntry) {
        await new Promise((r) => setTimeout(r, 30)); // a slow disk
        written.push(entry);
      },
    };
    const t = transportFor(s, { audit: { sink, context: 'prod', user: () => 'alice@example.com' } });
    const body = { metadata: { name: 'a' } };
    await t.request('/api/v1/namespaces/x/pods', { method: 'POST', body, query: { dryRun: 'All' } });
    // an intent line before the request, a result line after it, with one id
    expect(written.map((e) => e.phase)).toEqual(['intent', 'result']);
    expect(written[0].id).toBe(written[1].id);
    expect(written[0].result).toBeUndefined();
    expect(written[1]).toMatchObject({
      context: 'prod',
      server: s.url,
      user: 'alice@example.com',
      verb: 'POST',
      path: '/api/v1/namespaces/x/pods?dryRun=All',
      contentType: 'application/json',
      body,
      dryRun: true,
      result: { status: 201, ok: true },
    });
    await expect(t.request('/api/v1/namespaces/x/pods/gone', { method: 'DELETE' })).rejects.toThrow('pods "gone" not found');
    expect(written[3]).toMatchObject({ phase: 'result', verb: 'DELETE', dryRun: false, result: { status: 404, ok: false, message: 'pods "gone" not found' } });
    expect(written[2].id).toBe(written[3].id);
    expect(written[2].id).not.toBe(written[0].id);
    await t.request('/api/v1/pods');
    await t.request('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { method: 'POST', body: {} });
    expect(written).toHaveLength(4); // reads and access questions are not audited
  });

  it('sends no change at all when the audit log cannot be written', async () => {
    const s = await serve((_req, res) => json(res, 200, {}));
    const sink = {
      async ready() {
        throw new Error("EROFS: read-only file system, open '/home/alice/.local/state/kubedeck/audit.log'");
      },
      async write() {},
    };
    const t = transportFor(s, { audit: { sink, context: 'prod', user: () => 'alice' } });
    const err = (await t.request('/api/v1/namespaces/x/pods/a', { method: 'DELETE' }).catch((e: unknown) => e)) as ApiError;
    expect(err.message).toMatch(/^the audit log cannot be written \(EROFS.*\); nothing was sent$/);
    expect(s.requests).toHaveLength(0);
    await t.request('/api/v1/pods'); // reads still work
    expect(s.requests).toHaveLength(1);
  });
});

describe('credentials', () => {
  const withExec = (server: string, script: string) => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server, skipTLSVerify: true }],
      users: [{ name: 'u', exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', script], interactiveMode: 'Never' } }],
      contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
      currentContext: 'ctx',
    });
    return kc;
  };

  it('sends the token an exec plugin hands out', async () => {
    const s = await serve((_req, res) => json(res, 200, {}));
    const script = `console.log(JSON.stringify({apiVersion:'client.authentication.k8s.io/v1',kind:'ExecCredential',status:{token:'from-exec'}}))`;
    await createTransport(withExec(s.url, script)).request('/api');
    expect(s.requests[0].headers.authorization).toBe('Bearer from-exec');
  });

  it('cancelling while a slow exec plugin fetches credentials neither crashes nor sends', async () => {
    const s = await serve((_req, res) => json(res, 200, {}));
    const slow = `setTimeout(() => console.log(JSON.stringify({apiVersion:'client.authentication.k8s.io/v1',kind:'ExecCredential',status:{token:'late'}})), 300)`;
    const t = createTransport(withExec(s.url, slow));
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const a = new AbortController();
      const b = new AbortController();
      const req = t.request('/api', { signal: a.signal }).catch((e: unknown) => e);
      const stream = t.stream('/api/v1/pods', { signal: b.signal, onLine: () => {} }).catch((e: unknown) => e);
      a.abort();
      b.abort();
      expect(isAborted(await req)).toBe(true);
      expect(isAborted(await stream)).toBe(true);
      await new Promise((r) => setTimeout(r, 500)); // the plugin answers after the aborts
      expect(uncaught).toEqual([]);
      expect(s.requests).toHaveLength(0);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('says so in plain words when the exec plugin fails, without sending anything', async () => {
    const s = await serve((_req, res) => json(res, 200, {}));
    const err = (await createTransport(withExec(s.url, 'process.exit(3)')).request('/api').catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toMatch(/^cannot get credentials for http:\/\/127\.0\.0\.1:\d+: /);
    expect(s.connections).toBe(0);
  });
});

describe('stream', () => {
  it('splits lines across chunk boundaries, multi-byte characters included, and resolves at the end', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const e = Buffer.from('{"name":"caf\u00e9"}\n{"b"');
      res.write(e.subarray(0, 14)); // cuts the two-byte é in half
      setTimeout(() => res.write(e.subarray(14)), 20);
      setTimeout(() => res.end(':2}\n{"last":true}'), 40);
    });
    const lines: string[] = [];
    await transportFor(s).stream('/api/v1/pods', { query: { watch: 1 }, onLine: (l) => lines.push(l) });
    expect(lines).toEqual(['{"name":"café"}', '{"b":2}', '{"last":true}']);
    expect(s.requests[0].url).toBe('/api/v1/pods?watch=1');
  });

  it("rejects with the server's message on a non-200 answer", async () => {
    const s = await serve((_req, res) => json(res, 403, status(403, 'Forbidden', 'pods is forbidden: User "bob" cannot watch resource "pods"')));
    const err = (await transportFor(s).stream('/api/v1/pods', { onLine: () => {} }).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ status: 403, reason: 'Forbidden', message: 'pods is forbidden: User "bob" cannot watch resource "pods"' });
  });

  it('times out when no headers arrive', async () => {
    const s = await serve(() => {});
    const started = Date.now();
    const err = (await transportFor(s).stream('/api/v1/pods', { connectTimeoutMs: 200, onLine: () => {} }).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(0);
    expect(err.message).toMatch(/^no answer from http:\/\/127\.0\.0\.1:\d+ after 200ms$/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(isAborted(err)).toBe(false);
  });

  it('times out when an open stream goes silent', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200);
      res.write('{"first":1}\n'); // then silence
    });
    const lines: string[] = [];
    const err = (await transportFor(s).stream('/api/v1/pods', { idleTimeoutMs: 200, onLine: (l) => lines.push(l) }).catch((e: unknown) => e)) as ApiError;
    expect(lines).toEqual(['{"first":1}']);
    expect(err.message).toBe('no data from the server for 200ms');
    expect(isAborted(err)).toBe(false);
  });

  it('rejects, not resolves, when the connection drops mid-stream', async () => {
    const s = await serve((req, res) => {
      res.writeHead(200);
      res.write('{"a":1}\n');
      setTimeout(() => req.socket.destroy(), 30);
    });
    const err = (await transportFor(s).stream('/api/v1/pods', { onLine: () => {} }).then(() => 'resolved', (e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(0);
    expect(errorMessage(err)).toMatch(/connection to http:\/\/127\.0\.0\.1:\d+ lost/);
  });

  it('rejects with an abort the caller can tell from a failure', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200);
      res.write('{"a":1}\n');
    });
    const ac = new AbortController();
    const p = transportFor(s).stream('/api/v1/pods', { signal: ac.signal, onLine: () => ac.abort() });
    const err = await p.catch((e: unknown) => e);
    expect(isAborted(err)).toBe(true);
  });

  it('ends the stream with the error a line handler throws', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200);
      res.write('{"a":1}\nnot json\n');
    });
    const p = transportFor(s).stream('/api/v1/pods', {
      onLine: (l) => {
        if (!l.startsWith('{')) throw new Error(`malformed: ${l}`);
      },
    });
    await expect(p).rejects.toThrow('malformed: not json');
  });
});

describe('TLS', () => {
  it('trusts the kubeconfig CA and reuses one connection across requests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubedeck-tls-'));
    try {
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      ], { stdio: 'ignore' });
      const cert = readFileSync(join(dir, 'cert.pem'));
      const server = https.createServer({ cert, key: readFileSync(join(dir, 'key.pem')) });
      const s = await serve((_req, res) => json(res, 200, { gitVersion: 'v1.34.1' }), server);
      const t = createTransport(kubeconfig(s.url, { caData: cert.toString('base64') }));
      expect(await t.request('/version')).toEqual({ gitVersion: 'v1.34.1' });
      await t.request('/version');
      expect(s.connections).toBe(1);
      const untrusted = createTransport(kubeconfig(s.url, {}));
      const err = (await untrusted.request('/version').catch((e: unknown) => e)) as ApiError;
      expect(err.status).toBe(0);
      expect(err.message).toMatch(/^cannot reach https:\/\/127\.0\.0\.1:\d+: .*(self-signed|self signed)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
