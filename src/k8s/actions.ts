// The one path every action takes: plan (access check + server-side dry run of
// every exact request), confirm in the UI, execute (the same requests, for real).
import type { AccessAttributes, AccessChecker } from './access.js';
import { JSON_PATCH } from './paths.js';
import {
  ApiError,
  ReadonlyError,
  type ActionPlan,
  type ActionResult,
  type PlannedRequest,
  type Query,
  type Transport,
} from './types.js';

export const FIELD_MANAGER = 'kubedeck';
export const DEFAULT_CONCURRENCY = 4;

export interface ActionInput {
  title: string;
  /** checked once per distinct namespace of the targets */
  access: Omit<AccessAttributes, 'namespace' | 'name'>;
  requests: PlannedRequest[];
  warnings?: string[];
}

export interface ActionPipeline {
  plan(input: ActionInput): Promise<ActionPlan>;
  execute(plan: ActionPlan, opts?: { concurrency?: number }): Promise<ActionResult[]>;
}

export function createActionPipeline(transport: Transport, access: AccessChecker): ActionPipeline {
  return {
    async plan(input) {
      input.requests.forEach(assertAllowedWrite);
      const allowed = await checkAccess(access, input);
      const dryRun = await mapLimit(input.requests, DEFAULT_CONCURRENCY, async (req) => {
        try {
          await transport.request(req.path, {
            method: req.method,
            query: queryFor(req, true),
            body: dryRunBody(req),
            contentType: req.contentType,
          });
          return { ok: true, status: 200, message: req.method === 'DELETE' ? 'would be deleted' : 'would be changed' };
        } catch (err) {
          return { ok: false, ...describeFailure(err, req) };
        }
      });
      return { title: input.title, requests: input.requests, allowed, dryRun, warnings: [...(input.warnings ?? [])] };
    },

    async execute(plan, opts = {}) {
      plan.requests.forEach(assertAllowedWrite);
      const limit = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
      return mapLimit(plan.requests, limit, async (req): Promise<ActionResult> => {
        try {
          const res = await transport.request(req.path, {
            method: req.method,
            query: queryFor(req, false),
            body: req.body,
            contentType: req.contentType,
          });
          return { target: req.target, ok: true, status: 200, message: successMessage(req, res) };
        } catch (err) {
          return { target: req.target, ok: false, ...describeFailure(err, req) };
        }
      });
    },
  };
}

/**
 * Writes are patches or deletes (POST only for subresources such as eviction):
 * a PUT of a whole object read earlier would silently undo concurrent changes.
 */
function assertAllowedWrite(req: PlannedRequest): void {
  if (req.method === 'PUT' || req.method === 'GET') {
    throw new Error(`refused ${req.method} ${req.path}: actions only patch or delete`);
  }
  if (req.method === 'PATCH' && !req.contentType) {
    throw new Error(`refused PATCH ${req.path}: a patch needs its content type`);
  }
}

async function checkAccess(access: AccessChecker, input: ActionInput): Promise<ActionPlan['allowed']> {
  if (input.requests.length === 0) return { ok: false, reason: 'nothing to change' };
  const namespaces = [...new Set(input.requests.map((r) => namespaceOf(r.target)))];
  const answers = await Promise.all(namespaces.map((namespace) => access.canI({ ...input.access, namespace })));
  const denied = answers.find((a) => !a.ok);
  return denied ? { ok: false, reason: denied.reason ?? 'not allowed' } : { ok: true };
}

function namespaceOf(target: string): string | undefined {
  const slash = target.indexOf('/');
  return slash > 0 ? target.slice(0, slash) : undefined;
}

function queryFor(req: PlannedRequest, dryRun: boolean): Query {
  const query: Query = {};
  if (dryRun) query.dryRun = 'All';
  // DeleteOptions has no fieldManager; it only means something on writes that store an object.
  if (req.method !== 'DELETE') query.fieldManager = FIELD_MANAGER;
  return query;
}

/**
 * The API server ignores a DELETE's query parameters when the request has a
 * body (handlers/delete.go decodes DeleteOptions from one or the other), so a
 * dry-run delete with preconditions must say dryRun in the body too, or it deletes.
 */
function dryRunBody(req: PlannedRequest): unknown {
  if (req.method === 'DELETE' && isRecord(req.body)) return { ...req.body, dryRun: ['All'] };
  return req.body;
}

function successMessage(req: PlannedRequest, res: unknown): string {
  if (req.method !== 'DELETE') return req.method === 'PATCH' ? 'changed' : 'done';
  // Graceful or finalizer-held deletion answers with the object itself, now Terminating.
  if (isRecord(res) && res.kind !== 'Status' && isRecord(res.metadata) && res.metadata.deletionTimestamp) {
    return 'deletion started (Terminating)';
  }
  return 'deleted';
}

/** An error as the person at the keyboard should read it. */
export function describeFailure(err: unknown, req?: PlannedRequest): { status: number; message: string } {
  if (err instanceof ReadonlyError) return { status: 0, message: err.message };
  if (err instanceof ApiError) {
    const m = err.message;
    switch (err.status) {
      case 409:
        return { status: 409, message: changedMessage(m) };
      case 422:
        // A failed JSON Patch "test" op is a concurrent change, not bad input.
        if (req?.contentType === JSON_PATCH && JSON_PATCH_TEST_FAILED.test(m)) {
          return { status: 422, message: changedMessage(m) };
        }
        return { status: 422, message: `the server refused the change: ${m}` };
      case 403:
        return { status: 403, message: `forbidden: ${m}` };
      case 404:
        return { status: 404, message: 'already gone' };
      case 401:
        return { status: 401, message: `not authenticated (credentials expired?): ${m}` };
      case 0:
        return { status: 0, message: m };
      default:
        return { status: err.status, message: `${m} (HTTP ${err.status})` };
    }
  }
  return { status: 0, message: err instanceof Error ? err.message : String(err) };
}

// evanphx/json-patch wording across the versions API servers vendor.
// The real API server words a failed `test` op generically (patch.go answers with
// NewGenericServerResponse(422)): "the server rejected our request due to an error in
// our request". kubedeck's JSON Patches pin what was read with test ops, so for them
// that answer means the object changed.
const JSON_PATCH_TEST_FAILED =
  /test failed|testing value .* failed|test operation does not apply|the server rejected our request due to an error in our request/i;

function changedMessage(serverMessage: string): string {
  return `changed since you looked: ${serverMessage}; nothing was applied, look again and retry`;
}

/** Runs fn over items with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
