// The server's floor: how long the API server takes to hand a trivial client the complete
// initial state of the pods, by the same requests kubedeck sends (src/k8s/watch.ts):
//   - LIST pages: GET /api/v1/pods?limit=500[&continue=…], one after the other, each sent
//     when the previous one's last byte is in; timed from the first request to the last
//     byte of the last page. The client inflates only the head of each page (for its
//     continue token) and parses nothing else.
//   - watch-list: GET /api/v1/pods?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan
//     &allowWatchBookmarks=true&resourceVersion=&timeoutSeconds=300, timed from the request
//     to the inflated bytes holding the BOOKMARK's annotation k8s.io/initial-events-end:
//     "true". The stream is inflated as it arrives (1.37 gzips watch-list streams) and
//     scanned for the annotation; no event is parsed.
// Both ask for gzip with Accept: application/json, as kubedeck does. What the server takes
// here no client can beat; the harness runs this in a process of its own on the core the
// tools get (bench/serverfloor-client.ts), so the server keeps its core as it does for them.
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import type { Kube } from './kube.js';

export const END_MARKER = '"k8s.io/initial-events-end":"true"';

/**
 * Finds END_MARKER in a byte stream fed in chunks, wherever the chunks split it. The
 * servers write compact JSON (Go's encoding/json, JSON.stringify): the annotation's key,
 * colon and value come with no whitespace between them.
 */
export class MarkerScan {
  private readonly needle: Buffer;
  private tail: Buffer = Buffer.alloc(0);
  /** bytes fed before the chunk holding the marker's last byte, plus that chunk up to it */
  at = -1;
  /** newlines (one per watch event) before the marker */
  lines = 0;
  private seen = 0;

  constructor(marker = END_MARKER) {
    this.needle = Buffer.from(marker);
  }

  get found(): boolean {
    return this.at >= 0;
  }

  /** feed the next chunk; true once the marker has been seen (later chunks are ignored) */
  push(chunk: Buffer): boolean {
    if (this.found) return true;
    const n = this.needle.length;
    // a marker split between the end of what came before and this chunk
    if (this.tail.length) {
      const joined = Buffer.concat([this.tail, chunk.subarray(0, n - 1)]);
      const i = joined.indexOf(this.needle);
      if (i >= 0) return this.hit(chunk, i + n - this.tail.length);
    }
    const i = chunk.indexOf(this.needle);
    if (i >= 0) return this.hit(chunk, i + n);
    this.lines += countNewlines(chunk, chunk.length);
    this.seen += chunk.length;
    // keep at most n - 1 bytes: the longest part of a marker that can still be completed
    const keep = Math.min(n - 1, this.tail.length + chunk.length);
    this.tail = keep <= chunk.length ? Buffer.from(chunk.subarray(chunk.length - keep)) : Buffer.concat([this.tail.subarray(this.tail.length - (keep - chunk.length)), chunk]);
    return false;
  }

  private hit(chunk: Buffer, end: number): true {
    this.lines += countNewlines(chunk, end);
    this.at = this.seen + end;
    this.tail = Buffer.alloc(0);
    return true;
  }
}

function countNewlines(b: Buffer, end: number): number {
  let n = 0;
  for (let i = b.indexOf(10); i >= 0 && i < end; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * The continue token of a LIST page from the first bytes of its JSON: the servers write
 * `metadata` before `items` (Go's field order; the demo's object literal). undefined: the
 * head is not complete yet (feed more bytes); '' : the last page.
 */
export function listHead(text: string): { continue: string; resourceVersion: string } | undefined {
  const i = text.indexOf('"items":');
  if (i < 0) return undefined;
  const head = JSON.parse(text.slice(0, i) + '"items":[]}') as { metadata?: { continue?: string; resourceVersion?: string } };
  return { continue: head.metadata?.continue ?? '', resourceVersion: head.metadata?.resourceVersion ?? '' };
}

/** CPU seconds the named server processes (kube-apiserver, etcd; the demo) used during one part, added by the harness */
export type ServerCpu = Record<string, number>;

export interface ServerFloor {
  list: {
    /** this client's own CPU (user + system) over the part: far below ms, or the client was the limit */
    cpuMs: number;
    serverCpu?: ServerCpu;
    /** first request → the last byte of the last page */
    ms: number;
    pages: number;
    /** first request → the first page's response headers */
    firstByteMs: number;
    /** bytes as received (gzip where the server gzipped: pages over 128 KiB) */
    wireBytes: number;
  };
  watchList: {
    cpuMs: number;
    serverCpu?: ServerCpu;
    /** request → the end marker in the inflated stream */
    ms: number;
    /** request → the response headers */
    firstByteMs: number;
    /** newlines before the marker: the ADDED events of the initial state */
    events: number;
    encoding: string;
    /** bytes as received up to the marker (the chunk holding it included) */
    wireBytes: number;
    /** the inflated stream up to the marker */
    bytes: number;
  };
}

const GZIP = { 'accept-encoding': 'gzip' };

/** the paginated LIST, timed as described above */
export async function listPagesFloor(kube: Kube, path = '/api/v1/pods', limit = 500): Promise<ServerFloor['list']> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let firstByteMs = -1;
  let wireBytes = 0;
  let pages = 0;
  let cont = '';
  do {
    const q = `${path}?limit=${limit}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
    const { res } = await kube.stream(q, GZIP);
    if (firstByteMs < 0) firstByteMs = performance.now() - t0;
    const gz = res.headers['content-encoding'] === 'gzip';
    const status = res.statusCode ?? 0;
    const head: Buffer[] = [];
    let found: { continue: string } | undefined;
    await new Promise<void>((resolve, reject) => {
      res.on('data', (c: Buffer) => {
        wireBytes += c.length;
        if (found || status !== 200) {
          if (status !== 200) head.push(c);
          return;
        }
        head.push(c);
        const bytes = Buffer.concat(head);
        // a page's first bytes inflate on their own (Z_SYNC_FLUSH: no error for the missing rest)
        const text = (gz ? gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }) : bytes).toString('utf8');
        found = listHead(text);
      });
      res.on('end', resolve);
      res.on('error', reject);
    });
    if (status !== 200) throw new Error(`GET ${q}: HTTP ${status} ${Buffer.concat(head).toString().slice(0, 200)}`);
    if (!found) throw new Error(`GET ${q}: no "items" in the page`);
    pages++;
    cont = found.continue;
  } while (cont);
  const ms = performance.now() - t0;
  return { ms, cpuMs: cpuMsSince(cpu0), pages, firstByteMs, wireBytes };
}

/** the watch-list stream up to its end marker, timed as described above */
export async function watchListFloor(kube: Kube, path = '/api/v1/pods', timeoutMs = 600_000): Promise<ServerFloor['watchList']> {
  const q = `${path}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion=&timeoutSeconds=300`;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { res, abort } = await kube.stream(q, GZIP);
  const firstByteMs = performance.now() - t0;
  const status = res.statusCode ?? 0;
  if (status !== 200) {
    const body: Buffer[] = [];
    for await (const c of res) body.push(c as Buffer);
    throw new Error(`GET ${q}: HTTP ${status} ${Buffer.concat(body).toString().slice(0, 200)}`);
  }
  const encoding = String(res.headers['content-encoding'] ?? 'identity');
  const scan = new MarkerScan();
  let wireBytes = 0;
  let wireAtMarker = 0;
  let cpuMs = 0;
  const ms = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`GET ${q}: no end marker in ${timeoutMs / 1000} s`)), timeoutMs).unref();
    let once = false;
    const done = () => {
      if (once) return;
      once = true;
      wireAtMarker = wireBytes;
      cpuMs = cpuMsSince(cpu0);
      clearTimeout(timer);
      resolve(performance.now() - t0);
    };
    const ended = () => scan.found || reject(new Error(`GET ${q}: the stream ended before the end marker`));
    res.on('data', (c: Buffer) => (wireBytes += c.length));
    res.on('error', reject);
    if (encoding === 'gzip') {
      // the same inflate as kubedeck's (src/k8s/encoding.ts): each flushed write at once, 256 KiB out
      const gunzip = createGunzip({ finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 256 * 1024 });
      gunzip.on('data', (c: Buffer) => scan.push(c) && done());
      gunzip.on('error', reject);
      gunzip.on('end', ended); // after the last inflated bytes, not the last received ones
      res.pipe(gunzip);
    } else {
      res.on('data', (c: Buffer) => scan.push(c) && done());
      res.on('end', ended);
    }
  }).finally(abort);
  return { ms, cpuMs, firstByteMs, events: scan.lines, encoding, wireBytes: wireAtMarker, bytes: scan.at };
}

function cpuMsSince(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
}
