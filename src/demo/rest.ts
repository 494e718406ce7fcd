// Request routing: authentication, authorization, discovery, then the REST verbs
// of the resource table.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../k8s/types.js';
import { accessReview, authorize, rulesReview, selfReview, type Identity } from './auth.js';
import * as discovery from './discovery.js';
import { list } from './list.js';
import { serveLog } from './logs.js';
import type { Ops } from './ops.js';
import { PATCH_TYPES } from './patch.js';
import { findResource, isVirtual, type ResourceDef } from './resources.js';
import { includeObjectOf, TABLE_TYPE, toTable, wantsTable } from './tables.js';
import { badRequest, methodNotAllowed, notFoundPath, StatusError, unauthorized, unsupportedMediaType } from './status.js';
import type { WatchHub } from './watch.js';
import { acceptsGzip, maybeGzip } from './gzip.js';

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  body?: unknown;
  user?: string;
}

export interface RestContext {
  ops: Ops;
  hub: WatchHub;
  identities: Identity[];
  serverAddress(): string;
  record(r: RequestRecord): void;
  /** false: never gzip, whatever the client accepts */
  gzip?: boolean;
}

interface Target {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource: string;
}

const MAX_BODY = 8 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(badRequest('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** responses whose request said Accept-Encoding: gzip */
const gzipOk = new WeakSet<ServerResponse>();

function send(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const out = maybeGzip(text, gzipOk.has(res));
  const headers: Record<string, string | number> = { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(out.body), 'Cache-Control': 'no-cache, private' };
  if (out.encoding) Object.assign(headers, { 'Content-Encoding': out.encoding, Vary: 'Accept-Encoding' });
  res.writeHead(code, headers);
  res.end(out.body);
}

/** /api/v1/... or /apis/<g>/<v>/... into resource, namespace, name, subresource. */
function resolve(segs: string[]): Target | undefined {
  let group = '';
  let rest: string[];
  let version: string;
  if (segs[0] === 'api') [version, ...rest] = segs.slice(1);
  else [group, version, ...rest] = segs.slice(1);
  let namespace: string | undefined;
  const nsSubresource = rest.length === 3 && rest[0] === 'namespaces' && findResource(group, version, 'namespaces')?.subresources.includes(rest[2]);
  if (rest[0] === 'namespaces' && rest.length >= 3 && !nsSubresource) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const def = findResource(group, version, rest[0] ?? '');
  if (!def || rest.length > 3 || (namespace && !def.namespaced)) return undefined;
  const subresource = rest[2] ?? '';
  if (subresource && !def.subresources.includes(subresource)) return undefined;
  return { def, namespace, name: rest[1], subresource };
}

function verbOf(method: string, t: Target, query: URLSearchParams): string | undefined {
  const watch = /^(true|1)$/.test(query.get('watch') ?? '');
  if (t.name === undefined) {
    if (method === 'GET') return watch ? 'watch' : 'list';
    if (method === 'POST') return 'create';
    if (method === 'DELETE') return 'deletecollection';
    return undefined;
  }
  return ({ GET: watch ? 'watch' : 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method];
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`error decoding body: ${(e as Error).message}`);
  }
}

export function createHandler(ctx: RestContext) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://demo');
    const method = req.method ?? 'GET';
    const contentType = req.headers['content-type']?.split(';')[0].trim();
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const id = ctx.identities.find((i) => i.token === token);
    const record: RequestRecord = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), contentType, user: id?.username };
    if (ctx.gzip !== false && acceptsGzip(req)) gzipOk.add(res);
    try {
      const text = method === 'GET' ? '' : await readBody(req);
      if (text) record.body = contentType?.includes('json') ? (() => { try { return JSON.parse(text); } catch { return text; } })() : text;
      ctx.record(record);
      if (!id) throw unauthorized();
      await route(ctx, id, method, url, text, req, res);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof StatusError) send(res, e.code, e.body);
      else send(res, 500, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: String(e), reason: 'InternalError', code: 500 });
    }
  };
}

async function route(ctx: RestContext, id: Identity, method: string, url: URL, text: string, req: IncomingMessage, res: ServerResponse) {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const segs = path.split('/').filter(Boolean);
  const accept = req.headers.accept;
  if (method === 'GET') {
    if (path === '/version') return send(res, 200, discovery.versionInfo());
    if (['/healthz', '/livez', '/readyz'].includes(path)) return send(res, 200, 'ok', 'text/plain; charset=utf-8');
    if (path === '/api' || path === '/apis') {
      if (discovery.wantsAggregated(accept)) return send(res, 200, discovery.aggregated(path === '/api'), discovery.AGGREGATED_TYPE);
      return send(res, 200, path === '/api' ? discovery.coreVersions(ctx.serverAddress()) : discovery.groupList());
    }
    if (segs[0] === 'api' && segs.length === 2) {
      const doc = discovery.resourceList('', segs[1]);
      if (doc) return send(res, 200, doc);
    }
    if (segs[0] === 'apis' && segs.length === 2) {
      const doc = discovery.group(segs[1]);
      if (doc) return send(res, 200, doc);
    }
    if (segs[0] === 'apis' && segs.length === 3) {
      const doc = discovery.resourceList(segs[1], segs[2]);
      if (doc) return send(res, 200, doc);
    }
  }
  const t = segs[0] === 'api' || segs[0] === 'apis' ? resolve(segs) : undefined;
  if (!t) throw notFoundPath();
  const query = url.searchParams;
  const verb = verbOf(method, t, query);
  if (!verb || !t.def.verbs.includes(verb)) throw methodNotAllowed();
  authorize(id, { verb, group: t.def.group, resource: t.def.plural, subresource: t.subresource || undefined, namespace: t.namespace, name: t.name });
  const dryRun = query.getAll('dryRun').includes('All');
  const { ops } = ctx;
  const { def, namespace: ns, subresource } = t;
  const name = t.name!;
  if (verb === 'get' && subresource === 'log' && ns) return serveLog(ops.store, def, ns, name, query, res);
  // Server-side printing (kubectl's Accept header): lists, gets and watches as Tables
  const table = wantsTable(accept) && ['list', 'watch', 'get'].includes(verb) ? { includeObject: includeObjectOf(query) } : undefined;
  switch (verb) {
    case 'list': {
      const answer = list(ops.store, def, ns, query) as { metadata: Record<string, unknown>; items: KubeObject[] };
      if (table) return send(res, 200, toTable(def, answer.items, { ...table, metadata: answer.metadata }), TABLE_TYPE);
      return send(res, 200, answer);
    }
    case 'watch':
      return ctx.hub.serve(def, ns, query, res, table, acceptsGzip(req));
    case 'get': {
      const obj = ops.getOrThrow(def, ns, name);
      if (table) return send(res, 200, toTable(def, [obj], { ...table, metadata: { resourceVersion: obj.metadata.resourceVersion } }), TABLE_TYPE);
      return send(res, 200, obj);
    }
    case 'create': {
      const body = parseJson(text) as KubeObject;
      if (isVirtual(def)) return send(res, 201, review(def, id, body ?? ({} as KubeObject)));
      return send(res, 201, ops.create(def, ns, body, { dryRun }));
    }
    case 'update':
      return send(res, 200, ops.update(def, ns, name, parseJson(text) as KubeObject, subresource, { dryRun }));
    case 'patch': {
      const type = req.headers['content-type']?.split(';')[0].trim() ?? '';
      if (!PATCH_TYPES.includes(type)) throw unsupportedMediaType(type, [...PATCH_TYPES, 'application/apply-patch+yaml']);
      return send(res, 200, ops.patch(def, ns, name, type, parseJson(text), subresource, { dryRun }));
    }
    case 'delete': {
      const body = (parseJson(text) ?? {}) as { gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string }; dryRun?: string[] };
      const graceParam = query.get('gracePeriodSeconds');
      const gracePeriodSeconds = graceParam !== null ? Number(graceParam) : body.gracePeriodSeconds;
      const result = ops.delete(def, ns, name, {
        gracePeriodSeconds,
        preconditions: body.preconditions,
        dryRun: dryRun || (body.dryRun ?? []).includes('All'),
      });
      return send(res, 200, result.body);
    }
    case 'deletecollection': {
      const items = (list(ops.store, def, ns, query) as { items: KubeObject[] }).items;
      const out = items.map((o) => ops.delete(def, o.metadata.namespace, o.metadata.name, { dryRun }).body);
      return send(res, 200, { kind: `${def.kind}List`, apiVersion: def.group ? `${def.group}/${def.version}` : def.version, metadata: {}, items: out });
    }
  }
  throw methodNotAllowed();
}

function review(def: ResourceDef, id: Identity, body: KubeObject): KubeObject {
  if (def.plural === 'selfsubjectaccessreviews') return accessReview(id, body);
  if (def.plural === 'selfsubjectrulesreviews') return rulesReview(id, body);
  return selfReview(id);
}
