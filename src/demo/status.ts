// Status bodies exactly as kube-apiserver words them (apimachinery/pkg/api/errors),
// so clients show the same messages against the demo as against a real cluster.

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { continue?: string };
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[] };
  code: number;
}

/** Thrown by the object store and handlers; the HTTP layer writes `body` with `body.code`. */
export class StatusError extends Error {
  readonly body: StatusBody;
  constructor(body: StatusBody) {
    super(body.message ?? body.reason ?? String(body.code));
    this.body = body;
  }
  get code(): number {
    return this.body.code;
  }
}

/** group + resource the way GroupResource.String() prints it: "pods", "deviceclasses.resource.k8s.io" */
export function qualified(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

function failure(code: number, reason: string, message: string, details?: StatusBody['details']): StatusError {
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) body.details = stripEmpty(details);
  return new StatusError(body);
}

function stripEmpty<T extends object>(o: T): T {
  for (const [k, v] of Object.entries(o)) if (v === '' || v === undefined) delete (o as Record<string, unknown>)[k];
  return o;
}

export function notFound(group: string, resource: string, name: string): StatusError {
  return failure(404, 'NotFound', `${qualified(group, resource)} "${name}" not found`, { name, group, kind: resource });
}

export function alreadyExists(group: string, resource: string, name: string): StatusError {
  return failure(409, 'AlreadyExists', `${qualified(group, resource)} "${name}" already exists`, { name, group, kind: resource });
}

export function conflict(group: string, resource: string, name: string, why: string): StatusError {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(group, resource)} "${name}": ${why}`, {
    name,
    group,
    kind: resource,
  });
}

export const MODIFIED_CONFLICT = 'the object has been modified; please apply your changes to the latest version and try again';

export function forbidden(group: string, resource: string, name: string, why: string): StatusError {
  const what = name ? `${qualified(group, resource)} "${name}"` : qualified(group, resource);
  return failure(403, 'Forbidden', `${what} is forbidden: ${why}`, { name, group, kind: resource });
}

export function unauthorized(): StatusError {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

export function badRequest(message: string): StatusError {
  return failure(400, 'BadRequest', message);
}

export function methodNotAllowed(): StatusError {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

export function notFoundPath(): StatusError {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function unsupportedMediaType(contentType: string, accepted: string[]): StatusError {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

/** NewResourceExpired: 410 with reason Expired (watch cache and etcd compaction). */
export function expired(message: string, continueToken?: string): StatusError {
  const err = failure(410, 'Expired', message);
  if (continueToken) err.body.metadata.continue = continueToken;
  return err;
}

/** What a failed JSON patch operation (including `test`) answers: NewGenericServerResponse(422, ...) drops the detail. */
export function patchFailed(): StatusError {
  return failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

export type FieldErrorType = 'Forbidden' | 'Invalid' | 'Required' | 'Duplicate' | 'NotSupported';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  detail: string;
  value?: unknown;
}

const CAUSE: Record<FieldErrorType, string> = {
  Forbidden: 'FieldValueForbidden',
  Invalid: 'FieldValueInvalid',
  Required: 'FieldValueRequired',
  Duplicate: 'FieldValueDuplicate',
  NotSupported: 'FieldValueNotSupported',
};

/** field.Error.ErrorBody(): "Forbidden: detail", "Required value" or "Invalid value: <json>: detail" */
function errorBody(e: FieldError): string {
  if (e.type === 'Forbidden' || e.type === 'Required') {
    const label = e.type === 'Required' ? 'Required value' : 'Forbidden';
    return e.detail ? `${label}: ${e.detail}` : label;
  }
  const label = e.type === 'Invalid' ? 'Invalid value' : e.type === 'NotSupported' ? 'Unsupported value' : 'Duplicate value';
  return `${label}: ${JSON.stringify(e.value ?? null)}${e.detail ? `: ${e.detail}` : ''}`;
}

/** NewInvalid: `Pod "x" is invalid: spec.a: Forbidden: ...` (several errors in brackets). */
export function invalid(group: string, kind: string, name: string, errs: FieldError[]): StatusError {
  const parts = errs.map((e) => `${e.field}: ${errorBody(e)}`);
  const list = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  const causes = errs.map((e) => ({ reason: CAUSE[e.type], message: errorBody(e), field: e.field }));
  return failure(422, 'Invalid', `${kind} "${name}" is invalid: ${list}`, { name, group, kind, causes });
}

/** What kube-apiserver answers a watch-list (sendInitialEvents) with the WatchList feature gate off. */
export function watchListDisabled(): StatusError {
  const detail = 'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled';
  return failure(422, 'Invalid', `ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: ${detail}`, {
    group: 'meta.k8s.io',
    kind: 'ListOptions',
    causes: [{ reason: 'FieldValueForbidden', message: `Forbidden: ${detail}`, field: 'sendInitialEvents' }],
  });
}

export function successStatus(name: string, group: string, resource: string, uid?: string): StatusBody {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: stripEmpty({ name, group, kind: resource, uid }),
    code: 200,
  };
}
