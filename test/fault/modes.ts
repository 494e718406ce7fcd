// The misbehaviours of the hostile API server, as route handlers a test installs.
import type http from 'node:http';
import { gzipSync, createGzip, constants as zconst } from 'node:zlib';
import { AGGREGATED_TYPE, aggregated, versionInfo, wantsAggregated } from '../../src/demo/discovery.js';
import type { FaultServer, Handler } from './server.js';

type Obj = Record<string, unknown>;

export const PODS = '/api/v1/pods';
export const nsPods = (ns: string) => `/api/v1/namespaces/${ns}/pods`;

export function pod(name: string, rv = '1', ns = 'default', extra: Obj = {}): Obj {
  return {
    metadata: { name, namespace: ns, uid: `uid-${name}`, resourceVersion: rv, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox' }] },
    status: { phase: 'Running' },
    ...extra,
  };
}

export const statusBody = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });

export function json(res: http.ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export const list = (items: unknown[], rv = '100', cont?: string) => ({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: rv, ...(cont ? { continue: cont } : {}) }, items });

/** Discovery as the demo serves it (aggregated and /version), plus /livez. */
export function serveDiscovery(fs: FaultServer): void {
  fs.on('GET', (p) => p === '/api' || p === '/apis', (req, res) => {
    if (!wantsAggregated(req.headers.accept)) return json(res, 406, statusBody(406, 'NotAcceptable', 'aggregated only'));
    res.writeHead(200, { 'Content-Type': AGGREGATED_TYPE });
    res.end(JSON.stringify(aggregated(req.path === '/api')));
  });
  fs.on('GET', '/version', (_req, res) => json(res, 200, versionInfo()));
  fs.on('GET', '/livez', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
  });
  fs.on('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', (_req, res) =>
    json(res, 201, { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', status: { userInfo: { username: 'fault-user', groups: ['system:authenticated'] } } }),
  );
  fs.on('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', (req, res) =>
    json(res, 201, { ...JSON.parse(req.body || '{}'), status: { allowed: true } }),
  );
}

// --- LIST ------------------------------------------------------------------

/** GET of the collection (not a watch) answered by fn; watches are left to other routes. */
export const isList = (path: string) => (p: string, req: { query: Record<string, string> }) => p === path && req.query.watch !== '1' && req.query.watch !== 'true';
/** a plain watch (not a watch-list: those get the server's default answer, see server.ts) */
export const isWatch = (path: string) => (p: string, req: { query: Record<string, string> }) => p === path && (req.query.watch === '1' || req.query.watch === 'true') && req.query.sendInitialEvents === undefined;
/** a watch-list request (sendInitialEvents) */
export const isWatchList = (path: string) => (p: string, req: { query: Record<string, string> }) => p === path && req.query.sendInitialEvents !== undefined;

/** Every page says "there is more" with the same continue token. */
export const repeatingContinue = (): Handler => (_req, res) => json(res, 200, list([pod('a')], '100', 'same-token'));

/** Answers after ms. */
export const slowPage = (ms: number, body: unknown): Handler => (_req, res) => {
  setTimeout(() => json(res, 200, body), ms);
};

/** A null among the items, and items that are not objects. */
export const nullItem = (): Handler => (_req, res) => json(res, 200, list([pod('a'), null, pod('b'), 7, 'x'], '100'));

/** n pods whose names are `bytes` long. */
export const hugeNames = (n: number, bytes: number): Handler => (_req, res) =>
  json(res, 200, list(Array.from({ length: n }, (_, i) => pod(`${String(i)}${'n'.repeat(bytes)}`)), '100'));

// --- WATCH -----------------------------------------------------------------

// the API server sends the headers at once, before any event
const watchHead = (res: http.ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
};
export const event = (type: string, object: unknown) => JSON.stringify({ type, object }) + '\n';

/** Writes the lines, then 'end' closes, 'hang' keeps the stream open and silent. */
export const watchLines = (lines: string[], after: 'end' | 'hang' = 'hang'): Handler => (_req, res) => {
  watchHead(res);
  for (const l of lines) res.write(l);
  if (after === 'end') res.end();
};

/** One event per watch, then a normal end: the reopen-at-once trap. */
export const closeAfterEachEvent = (): Handler => (req, res, n) => {
  watchLines([event('MODIFIED', pod('a', String(Number(req.query.resourceVersion || 100) + n)))], 'end')(req, res, n);
};

/** 410 on the watch request itself. */
export const gone = (): Handler => (_req, res) => json(res, 410, statusBody(410, 'Expired', 'too old resource version'));

/** 200, then an ERROR event carrying 410. */
export const goneEvent = (): Handler => watchLines([event('ERROR', statusBody(410, 'Expired', 'too old resource version'))], 'end');

/** Half an event, then silence with the connection open. */
export const halfLineThenStall = (): Handler => (_req, res) => {
  watchHead(res);
  res.write(event('ADDED', pod('half')).slice(0, 20));
};

export const garbageLine = (): Handler => watchLines(['this is not json\n'], 'hang');

/** n events in one write. */
export const flood = (n: number): Handler => watchLines(Array.from({ length: n }, (_, i) => event('ADDED', pod(`f${i}`, String(1000 + i)))), 'hang');

export const bookmarks = (rv: string): Handler => watchLines([event('BOOKMARK', { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: rv } })], 'hang');

/** A ghost (DELETED of an unknown object), a duplicate ADDED, resourceVersion going backwards. */
export const lies = (): Handler =>
  watchLines([event('DELETED', pod('ghost', '200')), event('ADDED', pod('a', '201')), event('ADDED', pod('a', '202')), event('MODIFIED', pod('b', '5'))], 'hang');

// --- status codes, silence --------------------------------------------------

export const failWith = (code: number, retryAfter?: string): Handler => (_req, res) =>
  json(res, code, statusBody(code, code === 429 ? 'TooManyRequests' : 'InternalError', `fault ${code}`), retryAfter !== undefined ? { 'Retry-After': retryAfter } : {});

/** Reads the request and never answers. */
export const neverAnswer = (): Handler => () => {};

// --- logs ------------------------------------------------------------------

/** One line of `bytes` bytes without a newline, written in 64 KiB chunks. */
export const hugeLogLine = (bytes: number): Handler => (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  const chunk = 'x'.repeat(64 * 1024);
  let left = bytes;
  const more = () => {
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(chunk.slice(0, n))) return void res.once('drain', more);
    }
    res.end();
  };
  more();
};

/** n short lines. */
export const manyLogLines = (n: number): Handler => (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  let i = 0;
  const more = () => {
    while (i < n) {
      let batch = '';
      for (let k = 0; k < 1000 && i < n; k++, i++) batch += `line ${i}\n`;
      if (!res.write(batch)) return void res.once('drain', more);
    }
    res.end();
  };
  more();
};

// --- gzip (the transport sends Accept-Encoding: gzip) ------------------------

const gzipHead = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' };

/** The body gzipped, as kube-apiserver sends an answer over 128 KiB. */
export const gzipJson = (code: number, body: unknown): Handler => (_req, res) => {
  res.writeHead(code, gzipHead);
  res.end(gzipSync(JSON.stringify(body)));
};

/** A gzip member cut in the middle; the response itself ends normally. */
export const truncatedGzip = (body: unknown): Handler => (_req, res) => {
  const whole = gzipSync(JSON.stringify(body));
  res.writeHead(200, gzipHead);
  res.end(whole.subarray(0, Math.floor(whole.length / 2)));
};

/** A valid gzip header, then garbage. */
export const corruptGzip = (): Handler => (_req, res) => {
  res.writeHead(200, gzipHead);
  res.end(Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03]), Buffer.from('this is not deflate data at all, not at all')]));
};

/** Content-Encoding: gzip on a plain JSON body. */
export const gzipHeaderPlainBody = (body: unknown): Handler => (_req, res) => {
  res.writeHead(200, gzipHead);
  res.end(JSON.stringify(body));
};

/** A watch stream gzipped and flushed after every line (watch-list on 1.37); 'cut' ends it mid-member. */
export const gzipWatchLines = (lines: string[], after: 'end' | 'hang' | 'cut' = 'hang', gapMs = 0): Handler => (_req, res) => {
  res.writeHead(200, { ...gzipHead, 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const gz = createGzip({ level: 1 });
  gz.on('data', (c: Buffer) => res.write(c));
  let i = 0;
  const next = () => {
    if (i < lines.length) {
      gz.write(lines[i++]!);
      gz.flush(zconst.Z_SYNC_FLUSH, () => (gapMs ? setTimeout(next, gapMs) : next()));
      return;
    }
    if (after === 'end') {
      gz.on('end', () => res.end());
      gz.end();
    } else if (after === 'cut') setTimeout(() => res.end(), 20); // a member without its trailer
  };
  next();
};
