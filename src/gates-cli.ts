// `kubedeck gates --ready [-A|-n NS] [-o json] [--apply --yes]`: the gated pods whose
// every gate is ready by the config's gate rules; with --apply --yes, their gates are
// removed through the ungate pipeline (access check, dry run, audit, a JSON Patch
// `test` op pinning the gates as read). Exit codes: 0 done; 1 a removal failed or no
// answer; 2 refused before anything changed (usage, access, dry run).
import type { AppConfig } from './config.js';
import type { Target } from './target.js';
import { createFileAuditSink } from './k8s/audit.js';
import { openSession, type Session } from './k8s/session.js';
import { errorMessage } from './k8s/transport.js';
import type { AuditSink, KubeObject } from './k8s/types.js';
import { waitForSync } from './snapshot.js';
import { kubectlTable } from './panes.js';
import { sanitize } from './state/sanitize.js';
import { readyToUngate } from './state/why/gates.js';
import { celRuleEvaluator } from './state/why/cel.js';
import { minorOfVersion } from './cel/library.js';

export const GATES_USAGE = 'usage: kubedeck gates --ready [-A|-n NAMESPACE] [-o json] [--apply --yes]';

export interface GatesOptions {
  target: Target;
  output: string;
  apply: boolean;
  config: AppConfig;
  requestTimeoutMs: number;
  readonly: boolean;
  out?: (text: string) => void;
  err?: (text: string) => void;
  audit?: AuditSink & { close(): Promise<void> };
  waitMs?: number;
}

export async function runGates(opts: GatesOptions): Promise<number> {
  const out = opts.out ?? ((t: string) => void process.stdout.write(t));
  const err = opts.err ?? ((t: string) => void process.stderr.write(t));
  const fail = (code: number, message: string) => {
    err(`kubedeck: ${sanitize(message, { multiline: true })}\n`);
    return code;
  };
  const audit = opts.apply ? (opts.audit ?? createFileAuditSink(opts.config.audit.file || undefined)) : undefined;
  let session: Session | undefined;
  try {
    const ctx = opts.target.loaded.forContext(opts.target.loaded.currentContext);
    session = await openSession({
      ctx,
      contexts: opts.target.loaded.contexts,
      namespace: opts.target.namespace,
      readonly: opts.readonly || !opts.apply,
      config: opts.config,
      requestTimeoutMs: opts.requestTimeoutMs,
      audit,
    });
    const waitMs = opts.waitMs ?? Math.max(opts.requestTimeoutMs, 30_000);
    const podsFailure = await waitForSync(() => session!.pods.health, waitMs);
    if (podsFailure) return fail(1, `pods: ${podsFailure}`);
    const optional = async (store: ReturnType<Session['claims']['store']>) => (store && !(await waitForSync(() => store.health, waitMs)) ? store.list() : undefined);
    const [claims, pvcs] = await Promise.all([optional(session.claims.store('resourceclaims')), optional(session.core.watched('', 'persistentvolumeclaims', ['v1'])?.store)]);
    const evaluator = celRuleEvaluator(minorOfVersion(session.info().serverVersion));
    const ready = readyToUngate(session.pods.list(), opts.config.gates.rules, { claims, pvcs, evaluator }).sort((a, b) => (key(a.pod) < key(b.pod) ? -1 : 1));
    if (opts.output === 'json') {
      out(JSON.stringify({ ready: ready.map((r) => ({ namespace: r.pod.metadata.namespace, name: r.pod.metadata.name, gates: r.gates.map((g) => ({ gate: g.gate, rule: g.readiness.rule, detail: g.readiness.detail })) })) }, null, 2) + '\n');
    } else {
      const rows = ready.map((r) => ({ key: key(r.pod), cells: [sanitize(r.pod.metadata.namespace ?? ''), sanitize(r.pod.metadata.name), sanitize(r.gates.map((g) => `${g.gate} (${g.readiness.rule}: ${g.readiness.detail})`).join(', '))], sort: [] }));
      const table = kubectlTable(
        [
          { id: 'namespace', title: 'NAMESPACE' },
          { id: 'name', title: 'NAME' },
          { id: 'gates', title: 'READY GATES' },
        ],
        rows,
        new Set(),
        'No gated pod is ready by rule\n',
      );
      out(table.stdout);
      if (table.stderr) err(table.stderr);
    }
    if (!opts.apply || ready.length === 0) return 0;
    const plan = await session.planUngate(
      ready.map((r) => r.pod),
      null,
    );
    if (!plan.allowed.ok) return fail(2, `not allowed to patch pods: ${plan.allowed.reason ?? 'forbidden'}; nothing was changed`);
    const refused = plan.dryRun.map((d, i) => (d.ok ? '' : `${plan.requests[i]!.target}: ${d.message}`)).filter(Boolean);
    if (refused.length) return fail(2, `the dry run failed, nothing was changed: ${refused.join('; ')}`);
    const results = await session.execute(plan);
    for (const r of results) (r.ok ? out : err)(`${r.ok ? '✓' : '✗'} ${sanitize(r.target)}: ${sanitize(r.message)}\n`);
    return results.every((r) => r.ok) ? 0 : 1;
  } catch (e) {
    return fail(1, errorMessage(e));
  } finally {
    session?.close();
    await audit?.close();
  }
}

const key = (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`;
