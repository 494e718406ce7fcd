// `kubedeck pv cleanup NAME [--yes]`: the volumes pane's finalizer cleanup without
// the UI, for tmux, nohup or a Job. Same checks, hooks, request and audit trail.
// Exit codes: 0 done; 1 a hook or the finalizer removal failed (or interrupted);
// 2 refused before anything ran (usage, checks, access, dry run, not confirmed).
import { createInterface } from 'node:readline/promises';
import type { AppConfig } from './config.js';
import type { Target } from './target.js';
import { createFileAuditSink } from './k8s/audit.js';
import { CleanupRefused, type CleanupEvent, type CleanupPlan } from './k8s/pvcleanup.js';
import { openSession, type Session } from './k8s/session.js';
import { errorMessage } from './k8s/transport.js';
import type { AuditSink } from './k8s/types.js';
import { sanitize } from './state/sanitize.js';

export interface PvCleanupOptions {
  target: Target;
  name: string;
  /** run without asking */
  yes: boolean;
  config: AppConfig;
  requestTimeoutMs: number;
  readonly: boolean;
  /** defaults: process.stdout / process.stderr, the config's audit file, a y/N prompt on the terminal */
  out?: (text: string) => void;
  err?: (text: string) => void;
  audit?: AuditSink & { close(): Promise<void> };
  ask?: (question: string) => Promise<boolean>;
}

const argvText = (argv: readonly string[]) => argv.map((a) => (/[\s"'\\$`;|&<>]/.test(a) || a === '' ? JSON.stringify(a) : a)).join(' ');

/** The confirmation, as text: what runs, then the exact request and what the server said. */
export function describePlan(plan: CleanupPlan): string {
  const p = plan.plan;
  const req = p.requests[0];
  const lines = [
    `PersistentVolume ${plan.pv.metadata.name} (uid ${plan.pv.metadata.uid}) is being deleted; finalizers: ${(plan.pv.metadata.finalizers ?? []).join(', ')}`,
    'Hooks, in order (volume JSON on stdin, KUBEDECK_PV_NAME and KUBEDECK_CONTEXT set):',
    ...plan.hooks.map((h, i) => `  ${i + 1}. ${h.name}: ${argvText(h.argv)}`),
    `Then, only if ${plan.hooks.length > 1 ? 'both exit' : 'it exits'} 0, remove ${plan.finalizer}:`,
    `  ${req.method} ${req.path}  ${req.contentType ?? ''}`.trimEnd(),
    `  ${JSON.stringify(req.body)}`,
    p.allowed.ok ? '  ✓ access check: allowed' : `  ✗ access check: not allowed${p.allowed.reason ? `: ${p.allowed.reason}` : ''}`,
    ...p.dryRun.map((d) => (d.ok ? '  ✓ dry run: would succeed' : `  ✗ dry run (HTTP ${d.status}): ${d.message}`)),
    ...p.warnings.map((w) => `⚠ ${w}`),
  ];
  return lines.map((l) => sanitize(l)).join('\n') + '\n';
}

async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export async function runPvCleanup(opts: PvCleanupOptions): Promise<number> {
  const out = opts.out ?? ((t: string) => void process.stdout.write(t));
  const err = opts.err ?? ((t: string) => void process.stderr.write(t));
  const fail = (code: number, message: string) => {
    err(`kubedeck: ${sanitize(message)}\n`);
    return code;
  };
  const audit = opts.audit ?? createFileAuditSink(opts.config.audit.file || undefined);
  const ctx = opts.target.loaded.forContext(opts.target.loaded.currentContext);
  let session: Session | undefined;
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  try {
    session = await openSession({
      ctx,
      contexts: opts.target.loaded.contexts,
      namespace: null,
      readonly: opts.readonly,
      config: opts.config,
      requestTimeoutMs: opts.requestTimeoutMs,
      audit,
    });
    let plan: CleanupPlan;
    try {
      plan = await session.volumes.prepareCleanup(opts.name);
    } catch (e) {
      if (e instanceof CleanupRefused) return fail(2, `cleanup refused: ${e.message}`);
      throw e;
    }
    out(describePlan(plan));
    if (!plan.plan.allowed.ok) return fail(2, `not allowed to patch persistentvolumes: ${plan.plan.allowed.reason ?? 'forbidden'}; nothing was run`);
    const dry = plan.plan.dryRun[0];
    if (dry && !dry.ok) return fail(2, `the dry run of the finalizer removal failed: ${dry.message}; nothing was run`);
    if (!opts.yes) {
      const ask = opts.ask ?? (process.stdin.isTTY ? askOnTerminal : undefined);
      if (!ask) return fail(2, 'not confirmed: no terminal to ask on; add --yes to run the hooks without asking');
      if (!(await ask(`Run the hooks and remove ${plan.finalizer} from ${sanitize(opts.name)}? [y/N] `))) return fail(2, 'not confirmed: nothing was run');
    }
    for (const s of signals) process.on(s, onSignal);
    const onEvent = (e: CleanupEvent) => {
      if (e.kind === 'hook-start') out(`[${e.hook}] running ${sanitize(argvText(e.argv))}\n`);
      else if (e.kind === 'output') (e.line.stream === 'stderr' ? err : out)(`[${e.hook}] ${sanitize(e.line.text)}\n`);
      else if (e.kind === 'hook-end') out(`[${e.hook}] ${e.result.ok ? '✓' : '✗'} ${sanitize(e.result.summary)}\n`);
      else out(`${e.request.method} ${sanitize(e.request.path)} ${sanitize(JSON.stringify(e.request.body))}\n`);
    };
    const outcome = await session.volumes.runCleanup(plan, { onEvent, signal: abort.signal });
    if (!outcome.ok) return fail(1, outcome.message);
    out(`✓ ${sanitize(outcome.message)}\n`);
    return 0;
  } catch (e) {
    return fail(1, errorMessage(e));
  } finally {
    for (const s of signals) process.off(s, onSignal);
    session?.close();
    await audit.close();
  }
}
