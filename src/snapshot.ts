// `kubedeck snapshot PANE`: wait until the pane's data is synced, print its rows as
// `kubectl get` would, exit. Scripts and cron jobs on a bastion use it.
import type { Target } from './target.js';
import type { AppConfig } from './config.js';
import { openSession, type Session } from './k8s/session.js';
import { errorMessage } from './k8s/transport.js';
import { sanitize } from './state/sanitize.js';
import type { SnapshotFilters } from './panes.js';
import { findPane, paneWords, type PaneDef } from './views/panes/registry.js';
import { parseLogTarget } from './logsnapshot.js';
import { resourceSnapshot, type ResourceOutput } from './resourcesnapshot.js';
import type { Health } from './k8s/types.js';

export interface SnapshotOptions {
  target: Target;
  /** a pane name (pods, claims, pvs, whoami, logs) or any resource discovery knows */
  pane: string;
  output: 'table' | 'wide' | 'json' | string;
  config: AppConfig;
  requestTimeoutMs: number;
  readonly: boolean;
  /** pvs: only volumes Released longer than volumes.releasedThreshold */
  stale?: boolean;
  /** logs: the NS/POD and optional container after the pane name */
  args?: string[];
  /** how long to wait for a sync before giving up */
  waitMs?: number;
}

const WIDE_AS_RESOURCE = new Set(['pods', 'volumes', 'claims']);

export async function runSnapshot(opts: SnapshotOptions): Promise<number> {
  // a pane the registry names (with a snapshot printer), else any resource the server serves
  let def: PaneDef | undefined = findPane(opts.pane);
  if (!def?.snapshot) def = undefined;
  if (def && opts.output === 'wide') {
    // -o wide is the server's printing: pods, pvs and claims go the way of any resource
    if (!WIDE_AS_RESOURCE.has(def.id)) {
      process.stderr.write(`kubedeck: -o wide is for resources the server prints (e.g. snapshot deployments -o wide), not for ${def.aliases[0] ?? def.id}\n`);
      return 2;
    }
    def = undefined;
  }
  const ctx = opts.target.loaded.forContext(opts.target.loaded.currentContext);
  let session: Session | undefined;
  try {
    session = await openSession({
      ctx,
      contexts: opts.target.loaded.contexts,
      namespace: opts.target.namespace,
      readonly: true, // a snapshot never writes
      config: opts.config,
      requestTimeoutMs: opts.requestTimeoutMs,
    });
    if (!def?.snapshot) return await snapshotResource(session, opts);
    const { snapshot, id: pane } = def;
    let logs: SnapshotFilters['logs'];
    if (pane === 'logs') {
      const target = parseLogTarget(opts.args?.[0]);
      if (!target || (opts.args?.length ?? 0) > 2) {
        process.stderr.write('kubedeck: usage: kubedeck snapshot logs NAMESPACE/POD [CONTAINER]\n');
        return 2;
      }
      logs = { ...target, container: opts.args?.[1] ?? null };
    }
    const snap = snapshot(session, { stale: opts.stale, logs });
    const store = snap.store;
    const failure = snap.load ? await snap.load() : store ? await waitForSync(() => store.health, opts.waitMs ?? Math.max(opts.requestTimeoutMs, 30_000)) : undefined;
    if (failure) {
      process.stderr.write(`kubedeck: ${sanitize(failure, { multiline: true })}\n`);
      return 1;
    }
    const out = (pane === 'logs' ? snap : snapshot(session, { stale: opts.stale })).print(opts.output === 'json' ? 'json' : 'table', Date.now());
    if (out.stderr) process.stderr.write(out.stderr);
    process.stdout.write(out.stdout);
    return 0;
  } catch (err) {
    process.stderr.write(`kubedeck: ${sanitize(errorMessage(err), { multiline: true })}\n`);
    return 1;
  } finally {
    await session?.close();
  }
}

/** Any resource discovery knows, as `kubectl get` prints it. */
async function snapshotResource(session: Session, opts: SnapshotOptions): Promise<number> {
  if (opts.stale || (opts.args?.length ?? 0) > 0) {
    process.stderr.write('kubedeck: usage: kubedeck snapshot RESOURCE [-n NAMESPACE | -A] [-o wide|json]\n');
    return 2;
  }
  const found = await session.tables.resolve(opts.pane);
  if (!found.ok) {
    process.stderr.write(`kubedeck: ${sanitize(found.message)} (panes: ${paneWords(undefined, (p) => p.snapshot !== undefined)}; or any resource the server serves)\n`);
    return 2;
  }
  if (!found.resource.verbs.includes('list')) {
    process.stderr.write(`kubedeck: the server does not list ${found.resource.resource}\n`);
    return 1;
  }
  const output: ResourceOutput = opts.output === 'json' ? 'json' : opts.output === 'wide' ? 'wide' : 'table';
  const snap = resourceSnapshot({ tables: session.tables, transport: session.transport, namespace: session.info().namespace }, found.resource, output);
  const store = snap.store;
  const failure = snap.load ? await snap.load() : store ? await waitForSync(() => store.health, opts.waitMs ?? Math.max(opts.requestTimeoutMs, 30_000)) : undefined;
  if (failure) {
    process.stderr.write(`kubedeck: ${sanitize(failure, { multiline: true })}\n`);
    return 1;
  }
  const out = snap.print('table', Date.now());
  if (out.stderr) process.stderr.write(out.stderr);
  process.stdout.write(out.stdout); // cli.tsx exits once stdout has flushed
  return 0;
}

/** Resolves to undefined once synced, or to a one-line reason it never will be. */
async function waitForSync(health: () => Health, waitMs: number): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const h = health();
    switch (h.state) {
      case 'synced':
        return undefined;
      case 'forbidden':
      case 'unauthorized':
      case 'unavailable':
        return `${h.state}: ${h.message}`;
      case 'reconnecting':
        if (h.attempt >= 3) return `cannot sync: ${h.lastError}`;
    }
    if (Date.now() > deadline) return `not synced after ${Math.round(waitMs / 1000)}s`;
    await new Promise((r) => setTimeout(r, 50));
  }
}
