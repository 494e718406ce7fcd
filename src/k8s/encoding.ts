// Response bodies as they arrive, inflated when the server gzipped them. kube-apiserver
// gzips (with Accept-Encoding: gzip) a response whose first write, or the first 128 KiB a
// streamed list buffers, exceeds 128 KiB; plain watches never; watch-list streams from
// 1.37, flushed per write. So inflation is streaming: each inflated chunk goes on at
// once, and a bad gzip body is one clear ApiError, never a crash or a hang.
import type http from 'node:http';
import zlib from 'node:zlib';
import { trace } from '../trace.js';
import { debug } from '../log.js';
import { ApiError } from './types.js';

/** what kubedeck asks for on every GET (requests and streams) */
export const ACCEPT_ENCODING = 'gzip';

/** bytes of one response body: as received (compressed when gzipped) and as read */
export interface WireBytes {
  encoding: 'gzip' | 'identity';
  /** body bytes as they came off the connection */
  wire: number;
  /** body bytes after inflation (equal to wire without gzip) */
  bytes: number;
}

export interface BodyHandlers {
  onData(chunk: Buffer): void;
  onEnd(): void;
  /** the body cannot be read (bad or truncated gzip, an unknown encoding); nothing more follows */
  onError(err: ApiError): void;
}

function gzipProblem(err: NodeJS.ErrnoException, what: string): ApiError {
  const truncated = err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message);
  const message = truncated
    ? `the server's gzip data for ${what} ended before it was complete (truncated)`
    : `the server sent data that is not valid gzip for ${what} (Content-Encoding: gzip): ${err.message}`;
  return new ApiError(0, message, { reason: 'BadEncoding', code: err.code });
}

/**
 * Reads res's body, inflating gzip as it arrives (Z_SYNC_FLUSH, so a server's per-event
 * flush reaches onData at once). Returns the live byte counts. `what` names the request
 * in error messages ("GET /api/v1/pods").
 */
export function readBody(res: http.IncomingMessage, what: string, h: BodyHandlers): WireBytes {
  const raw = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const gzip = raw === 'gzip' || raw === 'x-gzip';
  const counts: WireBytes = { encoding: gzip ? 'gzip' : 'identity', wire: 0, bytes: 0 };
  let failed = false;
  const fail = (err: ApiError) => {
    if (failed) return;
    failed = true;
    res.resume(); // drain what is left so the socket can close or be reused
    h.onError(err);
  };
  if (raw && raw !== 'identity' && !gzip) {
    queueMicrotask(() => fail(new ApiError(0, `the server answered ${what} with Content-Encoding "${raw}", which kubedeck did not ask for`, { reason: 'BadEncoding' })));
    return counts;
  }
  res.on('data', (c: Buffer) => (counts.wire += c.length));

  if (!gzip) {
    res.on('data', (c: Buffer) => {
      counts.bytes += c.length;
      if (!failed) h.onData(c);
    });
    res.on('end', () => !failed && h.onEnd());
    return counts;
  }
  // a large output buffer: each buffer filled is one round trip to zlib's thread, and
  // Kubernetes JSON inflates ~10x (16 KiB of gzip is ~200 KiB of events)
  const gunzip = zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, chunkSize: 256 * 1024 });
  gunzip.on('data', (c: Buffer) => {
    counts.bytes += c.length;
    if (!failed) h.onData(c);
  });
  gunzip.on('end', () => !failed && h.onEnd());
  gunzip.on('error', (err) => fail(gzipProblem(err, what)));
  // Not res.pipe(gunzip): pipe ends the gunzip with the last chunk still queued, and a
  // truncated member then loses that chunk's output with the error. Flush, then end.
  res.on('data', (c: Buffer) => {
    if (!failed && !gunzip.write(c)) res.pause();
  });
  gunzip.on('drain', () => res.resume());
  res.on('end', () => {
    if (!failed) gunzip.flush(zlib.constants.Z_SYNC_FLUSH, () => gunzip.end());
  });
  return counts;
}

/** one response as it came over the wire */
export type WireRecord = { method: string; path: string; status: number; ms: number; watch?: boolean; error?: string } & WireBytes;

/** One `wire` trace event (KUBEDECK_TRACE) and debug log line (--log-file) per response. */
export function recordWire(fields: WireRecord): void {
  const { error, watch, ...rest } = fields;
  trace('wire', { ...rest, ...(watch ? { watch } : {}), ...(error ? { error } : {}) });
  debug('wire', { ...fields });
}
