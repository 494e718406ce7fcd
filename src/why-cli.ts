// `kubedeck why pod NS/NAME` and `kubedeck why claim NS/NAME`: every reason it waits,
// headless, from the same session and stores the snapshot command uses. Exit codes
// as snapshot's: 0 answered, 1 no answer (not found, cannot connect), 2 usage.
import type { Target } from './target.js';
import type { AppConfig } from './config.js';
import { openSession, type Session } from './k8s/session.js';
import { ApiError } from './k8s/types.js';
import { errorMessage } from './k8s/transport.js';
import { explain } from './k8s/why.js';
import { waitForSync } from './snapshot.js';
import { sanitize } from './state/sanitize.js';

export interface WhyOptions {
  target: Target;
  kind: string;
  name: string | undefined;
  output: string;
  config: AppConfig;
  requestTimeoutMs: number;
  waitMs?: number;
  out?: (text: string) => void;
  err?: (text: string) => void;
}

export const WHY_USAGE = 'usage: kubedeck why pod|claim NAMESPACE/NAME [-o json]';

export function parseNsName(arg: string | undefined): { namespace: string; name: string } | undefined {
  const m = /^([a-z0-9][-a-z0-9]*)\/([a-z0-9][-a-z0-9.]*)$/.exec(arg ?? '');
  return m ? { namespace: m[1]!, name: m[2]! } : undefined;
}

export async function openHeadless(target: Target, config: AppConfig, requestTimeoutMs: number, namespace: string | null): Promise<Session> {
  const ctx = target.loaded.forContext(target.loaded.currentContext);
  return openSession({ ctx, contexts: target.loaded.contexts, namespace, readonly: true, config, requestTimeoutMs });
}

export async function runWhy(opts: WhyOptions): Promise<number> {
  const kind = opts.kind === 'pods' || opts.kind === 'po' ? 'pod' : opts.kind === 'resourceclaim' || opts.kind === 'resourceclaims' ? 'claim' : opts.kind;
  const out = opts.out ?? ((t: string) => void process.stdout.write(t));
  const err = opts.err ?? ((t: string) => void process.stderr.write(t));
  const ref = parseNsName(opts.name);
  if ((kind !== 'pod' && kind !== 'claim') || !ref) {
    err(`kubedeck: ${WHY_USAGE}\n`);
    return 2;
  }
  let session: Session | undefined;
  try {
    // all namespaces: a node's load is every pod bound there (the limited-RBAC fallback applies)
    session = await openHeadless(opts.target, opts.config, opts.requestTimeoutMs, null);
    const stub = { metadata: ref };
    const object = await (kind === 'pod' ? session.get(stub, 'pods') : session.resource({ group: 'resource.k8s.io', resource: 'resourceclaims' }).get(stub)).catch((failure: unknown) => {
      if (failure instanceof ApiError && failure.status === 404) throw new Error(`${kind} ${ref.namespace}/${ref.name} not found`);
      throw failure;
    });
    const waitMs = opts.waitMs ?? Math.max(opts.requestTimeoutMs, 30_000);
    const explained = await explain(session, kind, object, opts.config, (s) => waitForSync(() => s.health, waitMs));
    out(opts.output === 'json' ? JSON.stringify(explained.json, null, 2) + '\n' : explained.text);
    return 0;
  } catch (e) {
    err(`kubedeck: ${sanitize(errorMessage(e), { multiline: true })}\n`);
    return 1;
  } finally {
    session?.close();
  }
}
