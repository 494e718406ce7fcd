// The harness's own small client: reads a kubeconfig (certificate or token user), sends
// requests over one keep-alive agent. For creating pods, churning them and fetching the
// LIST bytes of the JSON.parse floor; the tools under test use their own clients.
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import { parse, stringify } from 'yaml';

export interface Kube {
  server: URL;
  request(method: string, path: string, opts?: { body?: unknown; contentType?: string; headers?: Record<string, string>; timeoutMs?: number }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>;
  /** a GET whose response is handed over as it arrives (for the server floor: bytes timed as they come) */
  stream(path: string, headers?: Record<string, string>): Promise<{ res: IncomingMessage; abort(): void }>;
  close(): void;
}

interface KubeconfigDoc {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string; 'tls-server-name'?: string } }[];
  users: { name: string; user: { token?: string; 'client-certificate-data'?: string; 'client-key-data'?: string } }[];
  contexts?: { name: string; context: { cluster: string; user: string } }[];
  'current-context'?: string;
}

const b64 = (s: string | undefined) => (s ? Buffer.from(s, 'base64') : undefined);

function current(doc: KubeconfigDoc) {
  const ctx = doc.contexts?.find((c) => c.name === doc['current-context']) ?? doc.contexts?.[0];
  const cluster = (doc.clusters.find((c) => c.name === ctx?.context.cluster) ?? doc.clusters[0]).cluster;
  const user = (doc.users.find((u) => u.name === ctx?.context.user) ?? doc.users[0]).user;
  return { cluster, user };
}

export function kubeFromConfig(file: string, concurrency = 32): Kube {
  const doc = parse(readFileSync(file, 'utf8')) as KubeconfigDoc;
  const { cluster, user } = current(doc);
  const server = new URL(cluster.server);
  const ca = b64(cluster['certificate-authority-data']) ?? (cluster['certificate-authority'] ? readFileSync(cluster['certificate-authority']) : undefined);
  const auth = (h: Record<string, string>) => (user.token ? { ...h, authorization: `Bearer ${user.token}` } : h);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca, cert: b64(user['client-certificate-data']), key: b64(user['client-key-data']) });
  return {
    server,
    close: () => agent.destroy(),
    stream(path, headers = {}) {
      return new Promise((resolve, reject) => {
        const req = request({ host: server.hostname, port: server.port, path, method: 'GET', agent, headers: auth({ accept: 'application/json', ...headers }), servername: cluster['tls-server-name'] }, (res) =>
          resolve({ res, abort: () => req.destroy() }),
        );
        req.on('error', reject);
        req.end();
      });
    },
    request(method, path, opts = {}) {
      return new Promise((resolve, reject) => {
        const body = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
        const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
        if (user.token) headers.authorization = `Bearer ${user.token}`;
        if (body) {
          headers['content-type'] = opts.contentType ?? 'application/json';
          headers['content-length'] = String(body.length);
        }
        const req = request({ host: server.hostname, port: server.port, path, method, agent, headers, servername: cluster['tls-server-name'] }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        });
        req.setTimeout(opts.timeoutMs ?? 60_000, () => req.destroy(new Error(`${method} ${path}: no answer in ${(opts.timeoutMs ?? 60_000) / 1000} s`)));
        req.on('error', reject);
        req.end(body);
      });
    },
  };
}

/** a copy of a kubeconfig whose every cluster points at 127.0.0.1:port (the counting proxy) */
export function kubeconfigVia(file: string, port: number, out: string): string {
  const doc = parse(readFileSync(file, 'utf8')) as KubeconfigDoc;
  for (const c of doc.clusters) {
    const u = new URL(c.cluster.server);
    // the server's certificate names 127.0.0.1; keep the name it was reached by for SNI and verification
    if (u.hostname !== '127.0.0.1') c.cluster['tls-server-name'] = u.hostname;
    u.hostname = '127.0.0.1';
    u.port = String(port);
    c.cluster.server = u.origin;
  }
  writeFileSync(out, stringify(doc), { mode: 0o600 });
  return out;
}
