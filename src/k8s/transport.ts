import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import type { KubeConfig } from '@kubernetes/client-node';
import { assertAllowed, isMutating } from './readonly.js';
import { withQuery } from './paths.js';
import { ACCEPT_ENCODING, readBody, recordWire as traceWire, type WireBytes, type WireRecord } from './encoding.js';
import {
  ApiError,
  type AuditSink,
  type HttpMethod,
  type RequestOptions,
  type StreamOptions,
  type Transport,
} from './types.js';

export interface TransportOptions {
  /** whole-request timeout for request(); also the connect timeout of stream(). Default 30 s. */
  requestTimeoutMs?: number;
  impersonate?: { user?: string; groups: string[] };
  readonly?: boolean;
  audit?: { sink: AuditSink; context: string; user(): string };
  userAgent?: string;
  /** a token file to re-read (trimmed, at most once a minute, as client-go does) */
  tokenFile?: string;
  /** each response once read (or failed): bytes as received and as inflated (see encoding.ts) */
  onWire?(record: WireRecord): void;
  /** false: do not send Accept-Encoding: gzip (measurements; default true) */
  gzip?: boolean;
}

/**
 * StreamOptions plus an optional hook this transport calls once the server answered
 * 200, so a watch can report "connected" before the first event. Other Transport
 * implementations may ignore it.
 */
export interface OpenAwareStreamOptions extends StreamOptions {
  onOpen?(): void;
  /** the stream's live byte counts (as received, inflated), updated as data arrives */
  onCounts?(counts: Readonly<WireBytes>): void;
}

/** lines longer than this (in UTF-16 code units) are cut, unless the caller asks for more */
export const MAX_LINE_CHARS = 64 * 1024;

/** what a cut line ends with: how much of it was not kept */
export function cutMarker(chars: number): string {
  return ` … [line cut: ${chars.toLocaleString('en-US')} more characters]`;
}

/**
 * Splits decoded text into lines in time linear in its length (each character is
 * looked at once: no `pending += chunk; indexOf` rescans), keeping at most
 * maxLineChars of a line. onPartial(ms) arms the half-line timer while a line is
 * open, onWhole() disarms it.
 */
export function lineReader(
  so: Pick<StreamOptions, 'onLine' | 'maxLineChars' | 'partialLineTimeoutMs'>,
  onPartial: (ms: number) => void = () => {},
  onWhole: () => void = () => {},
): { push(text: string, stopped?: () => boolean): void; end(): void } {
  const max = so.maxLineChars ?? MAX_LINE_CHARS;
  let parts: string[] = [];
  let kept = 0;
  let cut = 0;
  const add = (piece: string) => {
    const room = max - kept;
    if (piece.length <= room) {
      if (piece) {
        parts.push(piece);
        kept += piece.length;
      }
      return;
    }
    if (room > 0) {
      parts.push(piece.slice(0, room));
      kept += room;
    }
    cut += piece.length - Math.max(0, room);
  };
  const line = () => {
    let text = parts.length === 1 ? parts[0]! : parts.join('');
    parts = [];
    kept = 0;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (cut) text += cutMarker(cut);
    cut = 0;
    so.onLine(text); // a throwing onLine ends the stream with its error
  };
  return {
    push(text, stopped = () => false) {
      let start = 0;
      let nl: number;
      while (!stopped() && (nl = text.indexOf('\n', start)) >= 0) {
        add(text.slice(start, nl));
        start = nl + 1;
        line();
      }
      if (start < text.length) add(text.slice(start));
      if (so.partialLineTimeoutMs && (kept > 0 || cut > 0)) onPartial(so.partialLineTimeoutMs);
      else if (so.partialLineTimeoutMs) onWhole();
    },
    end() {
      if (kept > 0 || cut > 0) line();
    },
  };
}

/** reason of the ApiError a request or stream rejects with when its signal aborts it. */
export const ABORTED = 'Aborted';

/** True when err is the rejection of a request or stream the caller aborted itself. */
export function isAborted(err: unknown): boolean {
  return err instanceof ApiError && err.reason === ABORTED;
}

/** Plain words for any error, for the status line. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** retries of a GET answered 429 with Retry-After */
const MAX_429_RETRIES = 2;
/** connections for short requests (lists, gets, patches, access reviews); more queue */
export const MAX_REQUEST_CONNECTIONS = 16;
/** connections for watches and log streams, one each; a stream beyond this waits for a free one */
export const MAX_STREAM_CONNECTIONS = 96;
const MAX_ERROR_TEXT = 300;

export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))}s` : `${ms}ms`;
}

/**
 * Retry-After in ms: whole seconds, as API priority and fairness sends on 429 and the
 * server on some 500/503 (an HTTP date is accepted too); undefined when absent or bad.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** The server's Status.message when the body is one, else the body text, shortened. */
export function errorFromResponse(status: number, statusText: string | undefined, text: string, retryAfter?: string | string[]): ApiError {
  const retryAfterMs = parseRetryAfter(retryAfter);
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: proxies and load balancers answer in HTML or plain text
  }
  if (body && typeof body === 'object' && (body as { kind?: string }).kind === 'Status') {
    const s = body as { message?: string; reason?: string; code?: number };
    const message = s.message || s.reason || `HTTP ${status} ${statusText ?? ''}`.trim();
    return new ApiError(status, message, { reason: s.reason, body, retryAfterMs });
  }
  const trimmed = text.trim();
  const message = trimmed
    ? trimmed.length > MAX_ERROR_TEXT ? `${trimmed.slice(0, MAX_ERROR_TEXT)}…` : trimmed
    : `HTTP ${status} ${statusText ?? ''}`.trim();
  return new ApiError(status, message, { body, retryAfterMs });
}

interface Answer<T> {
  status: number;
  value: T;
}

interface Prepared {
  url: URL;
  options: https.RequestOptions;
  lib: typeof http | typeof https;
}

/**
 * kubeconfig's auth and TLS, our own HTTP. request() parses JSON answers (other 2xx
 * bodies come back as text); stream() resolves only when the server ends the stream.
 * Failures reject with ApiError in plain words; a caller's own abort rejects with
 * ApiError reason ABORTED (see isAborted), so it is never mistaken for a failure or an end.
 */
export function createTransport(kc: KubeConfig, opts: TransportOptions = {}): Transport {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/+$/, '');
  const readonly = opts.readonly ?? false;
  const timeoutMs = opts.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  let cachedAgents: { key: string; request: http.Agent; stream: http.Agent } | undefined;
  const recordWire = (r: WireRecord) => {
    traceWire(r);
    opts.onWire?.(r);
  };

  // client-node builds a fresh agent per call, which would cost a TLS handshake per
  // request; keep keep-alive agents while the TLS material stays the same. HTTP/1.1
  // (node's https; no ALPN, no h2): every open watch or log stream holds one
  // connection of its own, so streams and short requests get separate pools and a
  // request never queues behind watches. A session opens at most
  // MAX_STREAM_CONNECTIONS + MAX_REQUEST_CONNECTIONS connections (docs/reliability.md).
  function agentFor(o: https.RequestOptions, isHttps: boolean, kind: 'request' | 'stream'): http.Agent | undefined {
    if (cluster!.proxyUrl) return o.agent as http.Agent | undefined;
    const tls = { ca: o.ca, cert: o.cert, key: o.key, pfx: o.pfx, passphrase: o.passphrase, rejectUnauthorized: o.rejectUnauthorized, servername: o.servername };
    const key = JSON.stringify(tls, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
    if (cachedAgents?.key !== key) {
      // Rotated credentials: close only idle sockets, so open watches run to their end.
      for (const old of [cachedAgents?.request, cachedAgents?.stream]) {
        for (const list of Object.values(old?.freeSockets ?? {})) for (const socket of list ?? []) socket.destroy();
      }
      const make = (maxSockets: number) =>
        isHttps ? new https.Agent({ ...tls, keepAlive: true, maxSockets }) : new http.Agent({ keepAlive: true, maxSockets });
      cachedAgents = { key, request: make(MAX_REQUEST_CONNECTIONS), stream: make(MAX_STREAM_CONNECTIONS) };
    }
    return cachedAgents[kind];
  }

  // A rotated token file (projected service-account tokens, tool-managed tokens) is
  // picked up within a minute; a file that cannot be read keeps the last token.
  let token: { value: string; at: number } | undefined;
  function fileToken(): string | undefined {
    if (!opts.tokenFile) return undefined;
    if (token && Date.now() - token.at < 60_000) return token.value;
    try {
      const value = readFileSync(opts.tokenFile, 'utf8').trim();
      if (value) token = { value, at: Date.now() };
    } catch {
      // keep the last token; the server's 401 will say what is wrong
    }
    return token?.value;
  }

  // the server URL's own path (a proxy prefix such as /k8s/clusters/c-1), kept as written
  const basePath = new URL(server).pathname.replace(/\/+$/, '');

  async function prepare(method: HttpMethod, pathWithQuery: string, headers: Record<string, string>, kind: 'request' | 'stream' = 'request'): Promise<Prepared> {
    // The path goes on the wire byte for byte as it was built, previewed and audited:
    // new URL() would resolve "." and ".." segments into a different request.
    const rawPath = pathWithQuery.split('?')[0]!;
    if (!rawPath.startsWith('/') || rawPath.split('/').some((seg) => /^(?:\.|%2e){1,2}$/i.test(seg))) {
      throw new ApiError(0, `refusing to send ${method} ${pathWithQuery}: a "." or ".." path segment would change which object it names`, { reason: 'BadPath' });
    }
    const url = new URL(server + pathWithQuery);
    const o: https.RequestOptions = { headers: {} };
    try {
      // Refreshes exec/OIDC tokens and supplies client certificates and CA.
      await kc.applyToHTTPSOptions(o);
    } catch (err) {
      throw new ApiError(0, `cannot get credentials for ${server}: ${errorMessage(err)}`, { reason: 'Credentials' });
    }
    const isHttps = url.protocol === 'https:';
    const all: http.OutgoingHttpHeaders = { ...(o.headers as http.OutgoingHttpHeaders), ...headers };
    const fresh = opts.tokenFile ? fileToken() : undefined;
    if (fresh) all.Authorization = `Bearer ${fresh}`;
    if (opts.userAgent) all['User-Agent'] = opts.userAgent;
    if (opts.impersonate?.user) all['Impersonate-User'] = opts.impersonate.user;
    if (opts.impersonate?.groups.length) all['Impersonate-Group'] = opts.impersonate.groups;
    const options: https.RequestOptions = {
      method,
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || undefined,
      path: basePath + pathWithQuery,
      headers: all,
      auth: o.auth,
      agent: agentFor(o, isHttps, kind),
    };
    return { url, options, lib: isHttps ? https : http };
  }

  function networkError(err: unknown): ApiError {
    const e = err as NodeJS.ErrnoException;
    return new ApiError(0, `cannot reach ${server}: ${e.message || e.code || 'network error'}`, { code: e.code });
  }

  async function sendOnce<T>(path: string, method: HttpMethod, ro: RequestOptions, pathWithQuery: string): Promise<Answer<T>> {
    const headers: Record<string, string> = { Accept: ro.accept ?? 'application/json' };
    // the server gzips only answers over 128 KiB (lists, mostly); a small one comes plain
    if (opts.gzip !== false) headers['Accept-Encoding'] = ACCEPT_ENCODING;
    let payload: Buffer | undefined;
    if (ro.body !== undefined) {
      payload = Buffer.isBuffer(ro.body)
        ? ro.body
        : Buffer.from(typeof ro.body === 'string' ? ro.body : JSON.stringify(ro.body));
      headers['Content-Type'] = ro.contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const { options, lib } = await prepare(method, pathWithQuery, headers);
    const limit = ro.timeoutMs ?? timeoutMs;
    return new Promise<Answer<T>>((resolve, reject) => {
      let settled = false;
      let status = 0;
      const finish = (err: unknown, value?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        ro.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve({ status, value: value as T });
      };
      const started = Date.now();
      const req = lib.request(options, (res) => {
        status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const chunks: Buffer[] = [];
        const what = `${method} ${path}`;
        // readBody calls back only from later events, after counts is set
        const wire = (error?: string) => recordWire({ method, path, status, ms: Date.now() - started, ...counts, ...(error ? { error } : {}) });
        const counts = readBody(res, what, {
          onData: (c) => chunks.push(c),
          onError: (err) => {
            wire(err.message);
            // an error answer whose body cannot be read still says what the status said
            if (!ok) return finish(new ApiError(status, `${`HTTP ${status} ${res.statusMessage ?? ''}`.trim()} (${err.message})`, { reason: err.reason, retryAfterMs: parseRetryAfter(res.headers['retry-after']) }));
            finish(err);
          },
          onEnd: () => {
            wire();
            const text = Buffer.concat(chunks).toString('utf8');
            if (!ok) return finish(errorFromResponse(status, res.statusMessage, text, res.headers['retry-after']));
            if (!text) return finish(null, undefined);
            const type = String(res.headers['content-type'] ?? '');
            if (!type.includes('json')) return finish(null, text as T);
            try {
              finish(null, JSON.parse(text) as T);
            } catch {
              finish(new ApiError(status, `the server sent invalid JSON for ${method} ${path}`, { body: text }));
            }
          },
        });
        res.on('error', (err) => finish(networkError(err)));
      });
      // Listen for errors before anything can destroy the request: an abort while an
      // exec plugin was fetching credentials would otherwise throw "socket hang up".
      req.on('error', (err) => {
        const stale = req.reusedSocket && (err as NodeJS.ErrnoException).code === 'ECONNRESET';
        finish(stale ? Object.assign(networkError(err), { staleSocket: true }) : networkError(err));
      });
      // --request-timeout 0 means no timeout, as in kubectl
      const timer =
        limit > 0
          ? setTimeout(() => {
              finish(new ApiError(0, `no answer from ${server} to ${method} ${path} after ${formatDuration(limit)}`, { reason: 'Timeout' }));
              req.destroy();
            }, limit)
          : undefined;
      const onAbort = () => {
        finish(new ApiError(0, 'request cancelled', { reason: ABORTED }));
        req.destroy();
      };
      if (ro.signal?.aborted) return onAbort();
      ro.signal?.addEventListener('abort', onAbort, { once: true });
      req.end(payload);
    });
  }

  async function sendFresh<T>(path: string, method: HttpMethod, ro: RequestOptions, pathWithQuery: string): Promise<Answer<T>> {
    try {
      return await sendOnce<T>(path, method, ro, pathWithQuery);
    } catch (err) {
      // A keep-alive socket the server had closed meanwhile: a GET is safe to send again.
      if (method === 'GET' && (err as { staleSocket?: boolean }).staleSocket) return sendOnce<T>(path, method, ro, pathWithQuery);
      throw err;
    }
  }

  /**
   * API priority and fairness answers 429 with Retry-After when the server is busy: a
   * GET (safe to repeat) waits that long, at least 1 s and at most 10 s, and tries
   * again, twice at most; then the 429 goes to the caller (the watch loop backs off).
   */
  async function send<T>(path: string, method: HttpMethod, ro: RequestOptions, pathWithQuery: string): Promise<Answer<T>> {
    for (let retry = 0; ; retry++) {
      try {
        return await sendFresh<T>(path, method, ro, pathWithQuery);
      } catch (err) {
        const wait = err instanceof ApiError && err.status === 429 ? err.retryAfterMs : undefined;
        if (method !== 'GET' || wait === undefined || retry >= MAX_429_RETRIES || ro.signal?.aborted) throw err;
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, Math.min(Math.max(wait, 1000), 10_000));
          function done() {
            clearTimeout(t);
            ro.signal?.removeEventListener('abort', done);
            resolve();
          }
          ro.signal?.addEventListener('abort', done, { once: true });
        });
        if (ro.signal?.aborted) throw new ApiError(0, 'request cancelled', { reason: ABORTED });
      }
    }
  }

  async function request<T = unknown>(path: string, ro: RequestOptions = {}): Promise<T> {
    const method = ro.method ?? 'GET';
    const pathWithQuery = withQuery(path, ro.query);
    assertAllowed(readonly, method, pathWithQuery);
    const audit = opts.audit && isMutating(method, pathWithQuery) ? opts.audit : undefined;
    if (!audit) return (await send<T>(path, method, ro, pathWithQuery)).value;
    // A change the audit log cannot record is not sent at all (read-only home, full
    // disk, a log that is a symlink or writable by others): the intent line is written
    // first, so a change is never sent unlogged, even when kubedeck dies mid-request.
    const entry = {
      id: randomUUID(),
      context: audit.context,
      server,
      user: audit.user(),
      verb: method,
      path: pathWithQuery,
      contentType: ro.body !== undefined ? (ro.contentType ?? 'application/json') : undefined,
      body: ro.body,
      dryRun: ro.query?.dryRun === 'All',
    };
    try {
      await audit.sink.ready?.();
      await audit.sink.write({ ...entry, phase: 'intent', time: new Date().toISOString() });
    } catch (err) {
      throw new ApiError(0, `the audit log cannot be written (${errorMessage(err)}); nothing was sent`, { reason: 'AuditUnavailable' });
    }
    let result: { status: number; ok: boolean; message?: string };
    let value: T | undefined;
    let failure: unknown;
    try {
      const answer = await send<T>(path, method, ro, pathWithQuery);
      value = answer.value;
      result = { status: answer.status, ok: true };
    } catch (err) {
      failure = err;
      result = { status: err instanceof ApiError ? err.status : 0, ok: false, message: errorMessage(err) };
    }
    // Written before the caller learns the outcome, so the log never misses a change.
    await audit.sink.write({ ...entry, phase: 'result', time: new Date().toISOString(), result });
    if (failure !== undefined) throw failure;
    return value as T;
  }

  async function stream(path: string, so: OpenAwareStreamOptions): Promise<void> {
    const pathWithQuery = withQuery(path, so.query);
    assertAllowed(readonly, 'GET', pathWithQuery);
    if (so.signal?.aborted) throw new ApiError(0, 'stream cancelled', { reason: ABORTED });
    const { options, lib } = await prepare('GET', pathWithQuery, { Accept: so.accept ?? 'application/json', ...(opts.gzip !== false ? { 'Accept-Encoding': ACCEPT_ENCODING } : {}) }, 'stream');
    const connectMs = so.connectTimeoutMs ?? timeoutMs;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (err?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        so.signal?.removeEventListener('abort', onAbort);
        req.destroy();
        if (err) reject(err);
        else resolve();
      };
      const arm = (ms: number | undefined, message: string, reason: string) => {
        clearTimeout(timer);
        if (ms !== undefined && ms > 0) timer = setTimeout(() => finish(new ApiError(0, message, { reason })), ms);
      };
      const started = Date.now();
      const req = lib.request(options, (res) => {
        const status = res.statusCode ?? 0;
        const what = `GET ${path}`;
        let counts: ReturnType<typeof readBody> | undefined;
        let recorded = false;
        const wire = () => {
          if (recorded || !counts) return;
          recorded = true;
          recordWire({ method: 'GET', path, status, ms: Date.now() - started, watch: true, ...counts });
        };
        res.on('close', () => wire());
        if (status !== 200) {
          // Read the error body before rejecting: it holds the server's reason.
          const chunks: Buffer[] = [];
          const fail = () => finish(errorFromResponse(status, res.statusMessage, Buffer.concat(chunks).toString('utf8'), res.headers['retry-after']));
          counts = readBody(res, what, {
            onData: (c) => chunks.push(c),
            onEnd: fail,
            onError: (err) => finish(new ApiError(status, `${`HTTP ${status} ${res.statusMessage ?? ''}`.trim()} (${err.message})`, { reason: err.reason, retryAfterMs: parseRetryAfter(res.headers['retry-after']) })),
          });
          res.on('error', fail);
          return;
        }
        const idleMessage = `no data from the server for ${formatDuration(so.idleTimeoutMs ?? 0)}`;
        arm(so.idleTimeoutMs, idleMessage, 'IdleTimeout');
        try {
          so.onOpen?.();
        } catch (err) {
          return finish(err);
        }
        const decoder = new StringDecoder('utf8');
        const lines = lineReader(so, (ms) => arm(ms, `the server sent half a line, then nothing for ${formatDuration(ms)}`, 'PartialLine'), () => arm(so.idleTimeoutMs, idleMessage, 'IdleTimeout'));
        // any bytes off the wire count as life, even while gzip holds them back
        res.on('data', () => !settled && arm(so.idleTimeoutMs, idleMessage, 'IdleTimeout'));
        counts = readBody(res, what, {
          onData: (chunk) => {
            if (settled) return;
            try {
              lines.push(decoder.write(chunk), () => settled);
            } catch (err) {
              finish(err);
            }
          },
          onEnd: () => {
            if (settled) return;
            try {
              lines.push(decoder.end(), () => settled);
              lines.end();
              finish();
            } catch (err) {
              finish(err);
            }
          },
          onError: (err) => finish(err),
        });
        so.onCounts?.(counts);
        res.on('error', (err) => finish(new ApiError(0, `connection to ${server} lost: ${err.message}`, { code: (err as NodeJS.ErrnoException).code })));
        res.on('close', () => {
          if (!res.complete) finish(new ApiError(0, `connection to ${server} lost mid-stream`));
        });
      });
      req.on('error', (err) => finish(networkError(err))); // before any abort can destroy it
      let assigned = false;
      req.on('socket', () => (assigned = true));
      const onAbort = () => finish(new ApiError(0, 'stream cancelled', { reason: ABORTED }));
      so.signal?.addEventListener('abort', onAbort, { once: true });
      if (so.signal?.aborted) return onAbort(); // aborted while credentials were fetched
      if (connectMs > 0) {
        timer = setTimeout(() => {
          const message = assigned
            ? `no answer from ${server} after ${formatDuration(connectMs)}`
            : `no free connection to ${server} after ${formatDuration(connectMs)}: all ${MAX_STREAM_CONNECTIONS} are held by open watches and log streams`;
          finish(new ApiError(0, message, { reason: 'Timeout' }));
        }, connectMs);
      }
      req.end();
    });
  }

  return { server, request, stream };
}
