import { ReadonlyError, type HttpMethod } from './types.js';

// Creating one of these only asks the server a question about the caller; nothing
// is stored. Matched exactly so that "../" tricks or look-alike paths are refused.
const SELF_REVIEWS = new Set([
  '/apis/authentication.k8s.io/v1/selfsubjectreviews',
  '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
  '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
]);

function pathOnly(path: string): string {
  const q = path.search(/[?#]/);
  return q === -1 ? path : path.slice(0, q);
}

function isSelfReviewCreate(method: string, path: string): boolean {
  return method === 'POST' && SELF_REVIEWS.has(pathOnly(path));
}

/** True for every request that can change cluster state: what the audit log records. */
export function isMutating(method: HttpMethod, path: string): boolean {
  const m = method.toUpperCase();
  if (m === 'GET') return false;
  return !isSelfReviewCreate(m, path);
}

/**
 * Throws ReadonlyError when --readonly forbids the request. Only reads and
 * self-review questions pass; a dryRun=All write is still a write request.
 */
export function assertAllowed(readonly: boolean, method: HttpMethod, path: string): void {
  if (!readonly) return;
  if (isMutating(method, path)) throw new ReadonlyError(method, path);
}
