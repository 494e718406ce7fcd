// A minimal HTTPS client for the demo cluster tests: verifies TLS with the demo CA
// and authenticates with the token from the generated kubeconfig.
import https from 'node:https';
import { parse } from 'yaml';
import type { DemoCluster } from '../../src/demo/index.js';

export type Who = 'demo-admin' | 'demo-viewer' | 'nobody';

export function tokenOf(cluster: Pick<DemoCluster, 'kubeconfig'>, user: 'demo-admin' | 'demo-viewer'): string {
  return parse(cluster.kubeconfig(user)).users[0].user.token;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
   
  body: any;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  contentType?: string;
  accept?: string;
  as?: Who;
}

const bodyText = (b: unknown) => (typeof b === 'string' ? b : JSON.stringify(b));

type Target = Pick<DemoCluster, 'url' | 'caPem' | 'kubeconfig'>;

function options(cluster: Target, path: string, o: CallOptions): https.RequestOptions {
  const url = new URL(path, cluster.url);
  const headers: Record<string, string> = {};
  if ((o.as ?? 'demo-admin') !== 'nobody') headers.Authorization = `Bearer ${tokenOf(cluster, (o.as ?? 'demo-admin') as 'demo-admin')}`;
  if (o.accept) headers.Accept = o.accept;
  if (o.body !== undefined) {
    headers['Content-Type'] = o.contentType ?? 'application/json';
    // Node sends DELETE bodies without framing unless told the length.
    headers['Content-Length'] = String(Buffer.byteLength(bodyText(o.body)));
  }
  return { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: o.method ?? 'GET', ca: cluster.caPem, headers, agent: false };
}

export function call(cluster: Target, path: string, o: CallOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(options(cluster, path, o), (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    if (o.body !== undefined) req.write(bodyText(o.body));
    req.end();
  });
}

export interface WatchStream {
  status: number;
   
  events: any[];
  /** resolves with the first event (already received or future) that matches */
   
  next(pred: (e: any) => boolean, timeoutMs?: number): Promise<any>;
  /** resolves when the server ends the stream */
  ended: Promise<'end' | 'error'>;
  close(): void;
}

export function watch(cluster: Target, path: string, o: CallOptions = {}): Promise<WatchStream> {
  return new Promise((resolve, reject) => {
    const req = https.request(options(cluster, path, o), (res) => {
       
      const events: any[] = [];
      const waiters: (() => void)[] = [];
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
        }
        for (const w of [...waiters]) w();
      });
      const ended = new Promise<'end' | 'error'>((r) => {
        res.on('end', () => r('end'));
        res.on('error', () => r('error'));
        res.on('aborted', () => r('error'));
        req.on('error', () => r('error'));
      });
      resolve({
        status: res.statusCode ?? 0,
        events,
        ended,
        close: () => req.destroy(),
        next(pred, timeoutMs = 5000) {
          return new Promise((ok, fail) => {
            const check = () => {
              const hit = events.find(pred);
              if (!hit) return false;
              clearTimeout(timer);
              waiters.splice(waiters.indexOf(check), 1);
              ok(hit);
              return true;
            };
            const timer = setTimeout(() => {
              waiters.splice(waiters.indexOf(check), 1);
              fail(new Error(`no matching watch event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.type))}`));
            }, timeoutMs);
            waiters.push(check);
            check();
          });
        },
      });
    });
    req.on('error', reject);
    req.end();
  });
}
