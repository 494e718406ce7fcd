import type { Query, ResourceType, PlannedRequest } from './types.js';

/**
 * The REST path of a resource, a namespace's collection, one object or its subresource:
 * "/api/v1/namespaces/ns/pods/name/status", "/apis/resource.k8s.io/v1/resourceclaims".
 * namespace null or undefined on a namespaced resource means all namespaces;
 * a cluster-scoped resource ignores it.
 */
export function resourcePath(
  rt: Pick<ResourceType, 'group' | 'version' | 'resource' | 'namespaced'>,
  opts: { namespace?: string | null; name?: string; subresource?: string } = {},
): string {
  let path = rt.group ? `/apis/${rt.group}/${rt.version}` : `/api/${rt.version}`;
  if (rt.namespaced && opts.namespace) path += `/namespaces/${segment(opts.namespace, 'namespace')}`;
  path += `/${rt.resource}`;
  if (opts.name !== undefined) {
    path += `/${segment(opts.name, 'name')}`;
    if (opts.subresource) path += `/${segment(opts.subresource, 'subresource')}`;
  }
  return path;
}

/** Thrown before a request is built when a name cannot be one path segment. */
export class PathSegmentError extends Error {
  constructor(what: string, value: string, why: string) {
    super(`refusing ${what} ${JSON.stringify(value)}: ${why}; no request was sent`);
    this.name = 'PathSegmentError';
  }
}

/**
 * apimachinery's IsValidPathSegmentName: not "." or ".." (a URL would resolve them
 * away, so `DELETE .../pods/..` would reach `.../namespaces/ns1/`), and no "/" or "%".
 * What passes is encoded, so the bytes on the wire are the path that was shown.
 */
export function pathSegmentProblem(value: string): string | undefined {
  if (value === '') return 'it is empty';
  if (value === '.' || value === '..') return `it may not be "${value}"`;
  if (value.includes('/')) return 'it may not contain "/"';
  if (value.includes('%')) return 'it may not contain "%"';
  return undefined;
}

function segment(value: string, what: string): string {
  const why = pathSegmentProblem(String(value));
  if (why) throw new PathSegmentError(what, String(value), why);
  return encodeURIComponent(value);
}

/** Appends a query string; undefined values are left out. */
export function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  const qs = params.toString();
  if (!qs) return path;
  return path + (path.includes('?') ? '&' : '?') + qs;
}

export const JSON_PATCH = 'application/json-patch+json';

/** A JSON Patch of one object: kubedeck's patches pin what they read with `test` ops. */
export function jsonPatchRequest(target: string, path: string, ops: object[]): PlannedRequest {
  return { target, method: 'PATCH', path, contentType: JSON_PATCH, body: ops };
}
