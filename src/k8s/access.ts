// "May I?" before an action is offered: a SelfSubjectAccessReview per set of
// attributes, cached briefly so moving the cursor over many pods costs one request.
import { ApiError, type Transport } from './types.js';
import type { AccessAttributes, AccessAnswer } from './types.js';
export type { AccessAttributes, AccessAnswer } from './types.js';



export interface AccessChecker {
  canI(attrs: AccessAttributes): Promise<AccessAnswer>;
}

export interface AccessCheckerOptions {
  /** how long an answer is trusted; RBAC changes show up after at most this long */
  ttlMs?: number;
  now?: () => number;
}

const SSAR_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

interface ReviewStatus {
  allowed?: boolean;
  denied?: boolean;
  reason?: string;
  evaluationError?: string;
}

export function createAccessChecker(transport: Transport, opts: AccessCheckerOptions = {}): AccessChecker {
  const ttlMs = opts.ttlMs ?? 60_000;
  const now = opts.now ?? Date.now;
  // Promises, so concurrent asks for the same attributes share one request.
  const cache = new Map<string, { at: number; answer: Promise<AccessAnswer> }>();

  async function review(attrs: AccessAttributes): Promise<AccessAnswer> {
    const body = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: resourceAttributes(attrs) },
    };
    const res = await transport.request<{ status?: ReviewStatus }>(SSAR_PATH, {
      method: 'POST',
      body,
      contentType: 'application/json',
    });
    const status = res?.status ?? {};
    if (status.allowed === true) return { ok: true };
    return { ok: false, reason: deniedReason(attrs, status) };
  }

  return {
    canI(attrs) {
      const key = cacheKey(attrs);
      const hit = cache.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.answer;
      const answer = review(attrs).catch((err: unknown) => {
        // A failed review says nothing about access: ask again next time.
        cache.delete(key);
        return { ok: false, reason: `could not check access: ${errorText(err)}` };
      });
      cache.set(key, { at: now(), answer });
      return answer;
    },
  };
}

function resourceAttributes(a: AccessAttributes): Record<string, string> {
  const out: Record<string, string> = { verb: a.verb, group: a.group, resource: a.resource };
  if (a.subresource) out.subresource = a.subresource;
  if (a.namespace) out.namespace = a.namespace;
  if (a.name) out.name = a.name;
  return out;
}

function cacheKey(a: AccessAttributes): string {
  return JSON.stringify([a.verb, a.group, a.resource, a.subresource ?? '', a.namespace ?? '', a.name ?? '']);
}

function deniedReason(a: AccessAttributes, s: ReviewStatus): string {
  const what = `${a.verb} ${a.group ? `${a.resource}.${a.group}` : a.resource}${a.subresource ? `/${a.subresource}` : ''}`;
  const where = a.namespace ? ` in namespace ${a.namespace}` : ' cluster-wide';
  let reason = `you may not ${what}${where}`;
  // RBAC leaves reason empty on a plain "no"; webhooks and errors say more.
  if (s.reason) reason += ` (${s.reason})`;
  if (s.evaluationError) reason += ` (the authorizer reported: ${s.evaluationError})`;
  return reason;
}

function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.status ? `${err.message} (HTTP ${err.status})` : err.message;
  return err instanceof Error ? err.message : String(err);
}
