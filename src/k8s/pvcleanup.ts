// Finalizer cleanup of a PersistentVolume being deleted: run the site's backup hook,
// then its cleanup hook, and only when both exit 0 remove exactly the configured
// finalizer. Shared by the volumes pane and `kubedeck pv cleanup NAME`.
//
// Hooks must be idempotent: a dropped SSH session or Ctrl-C can stop them half-way,
// and the only recovery is running the whole cleanup again.
import { randomUUID } from 'node:crypto';
import { describeFailure } from './actions.js';
import { runHook, DEFAULT_HOOK_TIMEOUT_MS, type HookResult } from './hooks.js';
import { JSON_PATCH, jsonPatchRequest, resourcePath } from './paths.js';
import { ApiError, type ActionResult, type AuditSink, type KubeObject, type PlannedRequest, type ResourceApi, type ResourceType, type Transport } from './types.js';
import type { HookName, CleanupPlan, CleanupEvent, CleanupOutcome } from './types.js';
export type { HookName, CleanupPlan, CleanupEvent, CleanupOutcome } from './types.js';


/** Finalizers of Kubernetes and of provisioners: their owners remove them, never kubedeck. */
export const PROTECTED_FINALIZERS = [
  'kubernetes.io/pv-protection',
  'kubernetes.io/pv-controller',
  'external-provisioner.volume.kubernetes.io/finalizer',
];

export function isProtectedFinalizer(name: string): boolean {
  if (PROTECTED_FINALIZERS.includes(name)) return true;
  const domain = name.includes('/') ? name.slice(0, name.indexOf('/')) : name;
  // kubernetes.io and its subdomains, and any provisioner's (CSI external-provisioner and the like)
  return domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io') || /provision/i.test(name);
}


export interface CleanupDeps {
  transport: Transport;
  /** resource(persistentvolumes): the finalizer's removal is planned and sent as every action is */
  volumes: Pick<ResourceApi, 'planPatch' | 'execute'>;
  /** persistentvolumes at the version discovery chose */
  rt: ResourceType;
  customFinalizer: string;
  hooks: { backup: readonly string[]; cleanup: readonly string[] };
  readonly: boolean;
  context: string;
  server: string;
  user(): string | undefined;
  audit?: AuditSink;
  hookTimeoutMs?: number;
}




/** Refused before anything runs; the message says why in one line. */
export class CleanupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CleanupRefused';
  }
}

/**
 * Pins the object (uid) and the finalizer's position: a concurrent change to the
 * list makes the `test` fail (422) instead of removing another finalizer.
 */
export function removeFinalizerRequest(pv: KubeObject, finalizer: string, rt: ResourceType): PlannedRequest {
  const name = pv.metadata.name;
  const index = (pv.metadata.finalizers ?? []).indexOf(finalizer);
  if (index < 0) throw new CleanupRefused(`${name} does not hold the finalizer ${finalizer}`);
  if (!pv.metadata.uid) throw new CleanupRefused(`${name} has no uid; refusing to patch it blindly`);
  return jsonPatchRequest(name, resourcePath(rt, { name }), [
    { op: 'test', path: '/metadata/uid', value: pv.metadata.uid },
    { op: 'test', path: `/metadata/finalizers/${index}`, value: finalizer },
    { op: 'remove', path: `/metadata/finalizers/${index}` },
  ]);
}

/** Why the cleanup may not run on this volume, or undefined when it may. */
export function cleanupRefusal(pv: KubeObject, deps: Pick<CleanupDeps, 'customFinalizer' | 'hooks' | 'readonly'>): string | undefined {
  const name = pv.metadata.name;
  const f = deps.customFinalizer;
  if (deps.readonly) return 'read-only mode: the cleanup would remove a finalizer (started with --readonly)';
  if (!f) return 'no custom finalizer configured (volumes.customFinalizer)';
  if (isProtectedFinalizer(f)) return `the configured finalizer ${f} belongs to Kubernetes or a provisioner; kubedeck never removes it`;
  if (deps.hooks.cleanup.length === 0) {
    return 'no cleanup hook configured (volumes.hooks.cleanup): removing a cleanup finalizer without running its cleanup defeats its purpose';
  }
  if (!pv.metadata.deletionTimestamp) return `${name} is not being deleted (no deletionTimestamp): delete it first, then clean up`;
  if (!(pv.metadata.finalizers ?? []).includes(f)) return `${name} does not hold the finalizer ${f}`;
  return undefined;
}

async function getPv(deps: CleanupDeps, name: string): Promise<KubeObject | undefined> {
  try {
    return await deps.transport.request<KubeObject>(resourcePath(deps.rt, { name }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

/** Reads the volume fresh, checks it, and plans the finalizer removal (access check, dry run). */
export async function prepareCleanup(deps: CleanupDeps, name: string, expectUid?: string): Promise<CleanupPlan> {
  const pv = await getPv(deps, name);
  if (!pv) throw new CleanupRefused(`persistentvolume ${name} not found`);
  if (expectUid && pv.metadata.uid !== expectUid) {
    throw new CleanupRefused(`${name} was deleted and re-created since you looked (uid ${pv.metadata.uid}, you saw ${expectUid})`);
  }
  const refusal = cleanupRefusal(pv, deps);
  if (refusal) throw new CleanupRefused(refusal);
  const warnings = [
    'hooks must be idempotent: an interrupted run (dropped SSH session, Ctrl-C) is repeated from the start',
  ];
  if (deps.hooks.backup.length === 0) warnings.unshift('no backup hook configured (volumes.hooks.backup): only the cleanup hook runs');
  const others = (pv.metadata.finalizers ?? []).filter((f) => f !== deps.customFinalizer);
  if (others.length) warnings.push(`left in place: ${others.join(', ')}`);
  const plan = await deps.volumes.planPatch({
    title: `Run hooks, then remove finalizer ${deps.customFinalizer}`,
    requests: [removeFinalizerRequest(pv, deps.customFinalizer, deps.rt)],
    warnings,
  });
  const hooks: CleanupPlan['hooks'] = [];
  if (deps.hooks.backup.length) hooks.push({ name: 'backup', argv: [...deps.hooks.backup] });
  hooks.push({ name: 'cleanup', argv: [...deps.hooks.cleanup] });
  return { pv, finalizer: deps.customFinalizer, hooks, plan };
}

async function auditHook(deps: CleanupDeps, pv: KubeObject, hook: HookName, r: HookResult): Promise<void> {
  if (!deps.audit) return;
  await deps.audit.write({
    id: randomUUID(),
    phase: 'result', // the hook already ran: its record is its result
    time: new Date().toISOString(),
    context: deps.context,
    server: deps.server,
    user: deps.user() ?? '',
    verb: 'HOOK',
    path: `hook:${hook} ${resourcePath(deps.rt, { name: pv.metadata.name })}`,
    body: { hook, argv: r.argv, pv: pv.metadata.name, uid: pv.metadata.uid, exitCode: r.exitCode, signal: r.signal, durationMs: r.durationMs, timedOut: r.timedOut },
    dryRun: false,
    result: { status: r.exitCode ?? -1, ok: r.ok, message: r.summary },
  });
}

// kube-apiserver answers a failed JSON Patch op with NewGenericServerResponse(422),
// whose message drops the detail. kubedeck's volume patches only fail that way when
// a `test` failed, i.e. the volume changed since it was read.
const GENERIC_422 = 'the server rejected our request due to an error in our request';

/** Words a 422 from one of kubedeck's pinned patches as what it is: a concurrent change. */
export function explainPinnedPatch(req: PlannedRequest, result: ActionResult): ActionResult {
  if (result.ok || result.status !== 422 || req.contentType !== JSON_PATCH || !result.message.includes(GENERIC_422)) return result;
  return { ...result, message: 'changed since you looked (a JSON Patch test failed); nothing was applied, look again and retry' };
}

const sameRequest = (a: PlannedRequest, b: PlannedRequest) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Runs the hooks in order, each with the volume's JSON on stdin and its name in
 * KUBEDECK_PV_NAME; stops at the first failure with nothing removed. After both
 * succeed the volume is read again: hooks can take long, and the removal must
 * pin what is there now.
 */
export async function runCleanup(
  deps: CleanupDeps,
  prepared: CleanupPlan,
  opts: { onEvent?(e: CleanupEvent): void; signal?: AbortSignal } = {},
): Promise<CleanupOutcome> {
  const { pv } = prepared;
  const name = pv.metadata.name;
  const done: CleanupOutcome['hooks'] = [];
  const env = {
    KUBEDECK_PV_NAME: name,
    KUBEDECK_PV_UID: String(pv.metadata.uid ?? ''),
    KUBEDECK_FINALIZER: prepared.finalizer,
    KUBEDECK_CONTEXT: deps.context,
    KUBEDECK_SERVER: deps.server,
  };
  const stdin = JSON.stringify(pv) + '\n';
  for (const hook of prepared.hooks) {
    opts.onEvent?.({ kind: 'hook-start', hook: hook.name, argv: hook.argv });
    const result = await runHook(hook.argv, {
      stdin,
      env: { ...env, KUBEDECK_HOOK: hook.name },
      timeoutMs: deps.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS,
      signal: opts.signal,
      onLine: (line) => opts.onEvent?.({ kind: 'output', hook: hook.name, line }),
    });
    done.push({ name: hook.name, result });
    opts.onEvent?.({ kind: 'hook-end', hook: hook.name, result });
    try {
      await auditHook(deps, pv, hook.name, result);
    } catch (err) {
      return { ok: false, message: `${hook.name} hook ${result.summary}, but the audit log could not be written: ${String((err as Error).message ?? err)}; nothing removed`, hooks: done };
    }
    if (!result.ok) return { ok: false, message: `${hook.name} hook ${result.summary}; finalizer not removed`, hooks: done };
  }
  if (opts.signal?.aborted) return { ok: false, message: 'interrupted; finalizer not removed', hooks: done };

  let now: KubeObject | undefined;
  try {
    now = await getPv(deps, name);
  } catch (err) {
    return { ok: false, message: `hooks succeeded, but ${name} could not be read again: ${describeFailure(err).message}; finalizer not removed`, hooks: done };
  }
  if (!now) return { ok: true, message: `hooks succeeded; ${name} is already gone`, hooks: done };
  if (now.metadata.uid !== pv.metadata.uid) {
    return { ok: false, message: `hooks succeeded, but ${name} was re-created meanwhile (new uid); nothing removed`, hooks: done };
  }
  if (!(now.metadata.finalizers ?? []).includes(prepared.finalizer)) {
    return { ok: true, message: `hooks succeeded; ${prepared.finalizer} was already removed by someone else`, hooks: done };
  }
  const request = removeFinalizerRequest(now, prepared.finalizer, deps.rt);
  // The list moved meanwhile (e.g. pv-protection went): plan again against what is there now.
  const plan = sameRequest(request, prepared.plan.requests[0])
    ? prepared.plan
    : await deps.volumes.planPatch({
        title: prepared.plan.title,
        requests: [request],
        warnings: prepared.plan.warnings,
      });
  if (!plan.allowed.ok) return { ok: false, message: `hooks succeeded, but the removal is not allowed: ${plan.allowed.reason ?? 'forbidden'}`, hooks: done };
  opts.onEvent?.({ kind: 'removing', request });
  // execute words a failed pinned `test` as the concurrent change it is
  const [removal] = await deps.volumes.execute(plan);
  if (!removal) return { ok: false, message: 'nothing was sent', hooks: done };
  return {
    ok: removal.ok,
    message: removal.ok ? `hooks succeeded; removed ${prepared.finalizer} from ${name}` : `hooks succeeded, but removing ${prepared.finalizer} failed: ${removal.message}`,
    hooks: done,
    removal,
  };
}
