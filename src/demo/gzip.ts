// Compression as kube-apiserver does it (endpoints/handlers/responsewriters): with
// Accept-Encoding: gzip, an answer larger than 128 KiB is gzipped (level 1, BestSpeed);
// a smaller one goes plain. Plain watches are never gzipped; watch-list streams
// (sendInitialEvents=true) are, from 1.37, whatever their size, flushed per write.
import type { IncomingMessage } from 'node:http';
import zlib from 'node:zlib';

export const GZIP_THRESHOLD_BYTES = 128 * 1024;
const LEVEL = 1;

export function acceptsGzip(req: IncomingMessage): boolean {
  const v = req.headers['accept-encoding'];
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).split(',').some((e) => e.split(';')[0]!.trim().toLowerCase() === 'gzip');
}

/** the body to send and its Content-Encoding, if any */
export function maybeGzip(text: string, accepted: boolean): { body: string | Buffer; encoding?: 'gzip' } {
  if (!accepted || Buffer.byteLength(text) <= GZIP_THRESHOLD_BYTES) return { body: text };
  return { body: zlib.gzipSync(text, { level: LEVEL }), encoding: 'gzip' };
}

export function gzipStream(): zlib.Gzip {
  return zlib.createGzip({ level: LEVEL, chunkSize: 64 * 1024 });
}
