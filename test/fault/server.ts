// The hostile API server: HTTPS on 127.0.0.1 with its own CA (the demo's cert code),
// scripted per test by routes, recording every request as it reached the wire
// (method, raw path, query, headers, body, time). See modes.ts for the misbehaviours.
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { makeCerts } from '../../src/demo/cert.js';

export interface Recorded {
  method: string;
  /** req.url exactly as the client sent it: the bytes on the wire */
  rawUrl: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request's headers arrived */
  time: number;
}

export type Handler = (req: Recorded, res: http.ServerResponse, n: number) => void | Promise<void>;

interface Route {
  method: string | undefined;
  match: (path: string, req: Recorded) => boolean;
  handler: Handler;
  hits: number;
}

/** What happens to a TCP connection before any HTTP: the TLS handshake faults. */
export type ConnectionFault = 'none' | 'close-during-handshake' | 'hang-handshake';

export interface FaultServer {
  url: string;
  caPem: string;
  requests: Recorded[];
  /** TCP connections accepted so far */
  connections: number;
  /** most TCP connections open at the same time */
  peakConnections: number;
  /** ALPN protocol of each TLS session ('http/1.1', 'h2' or false) */
  alpn: (string | false | null)[];
  connectionFault: ConnectionFault;
  /** adds a route; later routes win over earlier ones; method or path undefined matches any */
  on(method: string | undefined, path: string | RegExp | ((path: string, req: Recorded) => boolean) | undefined, handler: Handler): void;
  /** requests whose path matches (and, if given, method) */
  hits(path: string | RegExp, method?: string): Recorded[];
  kubeconfig(opts?: { insecure?: boolean; namespace?: string }): KubeConfig;
  /** writes a kubeconfig file and returns its path (removed by close()) */
  kubeconfigFile(opts?: { insecure?: boolean; namespace?: string; user?: string }): string;
  close(): Promise<void>;
}

const TOKEN = 'fault-token';
export const WATCH_LIST_OFF = 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled';

function status(res: http.ServerResponse, code: number, reason: string, message: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message }));
}

export async function startFaultServer(): Promise<FaultServer> {
  const certs = makeCerts();
  const server = https.createServer({ cert: certs.certPem, key: certs.keyPem, ALPNProtocols: ['http/1.1'] });
  const routes: Route[] = [];
  const sockets = new Set<Socket>();
  const dirs: string[] = [];
  let open = 0;

  const fs: FaultServer = {
    url: '',
    caPem: certs.caPem,
    requests: [],
    connections: 0,
    peakConnections: 0,
    alpn: [],
    connectionFault: 'none',
    on(method, path, handler) {
      const match =
        path === undefined ? () => true : typeof path === 'string' ? (p: string) => p === path : path instanceof RegExp ? (p: string) => path.test(p) : path;
      routes.unshift({ method, match, handler, hits: 0 });
    },
    hits(path, method) {
      return fs.requests.filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)) && (!method || r.method === method));
    },
    kubeconfig(opts = {}) {
      const kc = new KubeConfig();
      kc.loadFromString(yamlFor(fs.url, certs.caPem, opts));
      return kc;
    },
    kubeconfigFile(opts = {}) {
      const dir = mkdtempSync(join(tmpdir(), 'kubedeck-fault-'));
      dirs.push(dir);
      const file = join(dir, 'kubeconfig');
      writeFileSync(file, yamlFor(fs.url, certs.caPem, opts), { mode: 0o600 });
      return file;
    },
    async close() {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise((r) => tcp.close(r));
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };

  // A plain TCP listener in front: each connection is ours before any TLS, so the
  // handshake faults can read the ClientHello and then close, or never answer it.
  const tcp = net.createServer((socket: Socket) => {
    fs.connections++;
    open++;
    fs.peakConnections = Math.max(fs.peakConnections, open);
    sockets.add(socket);
    socket.on('close', () => {
      open--;
      sockets.delete(socket);
    });
    socket.on('error', () => undefined);
    if (fs.connectionFault === 'close-during-handshake') return void socket.once('data', () => socket.destroy());
    if (fs.connectionFault === 'hang-handshake') return void socket.on('data', () => undefined);
    server.emit('connection', socket);
  });
  server.on('secureConnection', (tls) => fs.alpn.push(tls.alpnProtocol));

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const time = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://fault.invalid');
      const rec: Recorded = {
        method: req.method ?? '',
        rawUrl: req.url ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        time,
      };
      fs.requests.push(rec);
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return status(res, 401, 'Unauthorized', 'Unauthorized');
      const route = routes.find((r) => (!r.method || r.method === rec.method) && r.match(rec.path, rec));
      // Unless a test scripts watch-list, this server is one with the WatchList feature gate off.
      if (!route && rec.query.sendInitialEvents !== undefined) return status(res, 422, 'Invalid', WATCH_LIST_OFF);
      if (!route) return status(res, 404, 'NotFound', `the server could not find the requested resource (${rec.method} ${rec.path})`);
      route.hits++;
      Promise.resolve(route.handler(rec, res, route.hits)).catch((err: unknown) => status(res, 500, 'InternalError', String(err)));
    });
  });

  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  fs.url = `https://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
  return fs;
}

function yamlFor(server: string, caPem: string, opts: { insecure?: boolean; namespace?: string; user?: string }): string {
  const cluster = opts.insecure
    ? { server, 'insecure-skip-tls-verify': true }
    : { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fault', cluster }],
    users: [{ name: opts.user ?? 'fault-user', user: { token: TOKEN } }],
    contexts: [{ name: 'fault', context: { cluster: 'fault', user: opts.user ?? 'fault-user', ...(opts.namespace ? { namespace: opts.namespace } : {}) } }],
    'current-context': 'fault',
  });
}
