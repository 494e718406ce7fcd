// The JSON.parse floor: the pods LIST as the harness fetches it (pages of 500, as
// kubedeck lists), and the time this process takes to inflate (when the server gzipped
// it) and JSON.parse the same bytes, measured in the same run. A tool cannot sync faster
// than it parses what it receives.
import { gunzipSync } from 'node:zlib';
import type { Kube } from './kube.js';

export interface Floor {
  items: number;
  pages: number;
  /** bytes of the JSON (after inflating) */
  jsonBytes: number;
  /** bytes as received with Accept-Encoding: gzip (the server gzips responses over 128 KiB) */
  gzipBytes: number;
  /** ms to JSON.parse every page */
  parseMs: number;
  /** ms to gunzip and JSON.parse every page */
  inflateParseMs: number;
}

export async function measureFloor(kube: Kube, path = '/api/v1/pods', limit = 500): Promise<Floor> {
  const f: Floor = { items: 0, pages: 0, jsonBytes: 0, gzipBytes: 0, parseMs: 0, inflateParseMs: 0 };
  let cont = '';
  do {
    const q = `${path}?limit=${limit}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
    const r = await kube.request('GET', q, { headers: { 'accept-encoding': 'gzip' } });
    if (r.status !== 200) throw new Error(`GET ${q}: HTTP ${r.status} ${r.body.toString().slice(0, 200)}`);
    const gz = r.headers['content-encoding'] === 'gzip';
    f.gzipBytes += r.body.length;
    let t = performance.now();
    const json = gz ? gunzipSync(r.body) : r.body;
    const list = JSON.parse(json.toString('utf8')) as { items: unknown[]; metadata?: { continue?: string } };
    f.inflateParseMs += performance.now() - t;
    t = performance.now();
    JSON.parse(json.toString('utf8'));
    f.parseMs += performance.now() - t;
    f.jsonBytes += json.length;
    f.items += list.items.length;
    f.pages++;
    cont = list.metadata?.continue ?? '';
  } while (cont);
  return f;
}
