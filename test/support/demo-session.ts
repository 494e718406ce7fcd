// Opens a real Session (kubeconfig → transport, discovery, watches, pipeline) against
// the in-process demo cluster, exactly as the console opens one. Shared by the unit and
// integration tests that run against the demo cluster.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoCluster } from '../../src/demo/index.js';
import { loadKubeconfig } from '../../src/k8s/kubeconfig.js';
import { openSession, type Session } from '../../src/k8s/session.js';
import { createFileAuditSink } from '../../src/k8s/audit.js';
import type { AuditSink } from '../../src/k8s/types.js';
import { defaultAppConfig, type AppConfig } from '../../src/config.js';

export type DemoUser = 'demo-admin' | 'demo-viewer';

/** writes the demo's kubeconfig for user (default: the admin) into dir; returns its path */
export function demoKubeconfig(demo: DemoCluster, dir: string, user?: DemoUser): string {
  const file = join(dir, `kubeconfig-${user ?? 'admin'}`);
  writeFileSync(file, demo.kubeconfig(user), { mode: 0o600 });
  return file;
}

export interface OpenOpts {
  /** default: all namespaces (null) */
  namespace?: string | null;
  readonly?: boolean;
  config?: AppConfig;
  audit?: AuditSink;
}

/** a session on the kubeconfig file's current context */
export function openKubeconfigSession(kubeconfig: string, opts: OpenOpts = {}): Promise<Session> {
  const loaded = loadKubeconfig({ kubeconfig, env: {} });
  return openSession({
    ctx: loaded.forContext(loaded.currentContext),
    contexts: loaded.contexts,
    namespace: opts.namespace === undefined ? null : opts.namespace,
    readonly: opts.readonly ?? false,
    config: opts.config ?? defaultAppConfig,
    requestTimeoutMs: 10_000,
    audit: opts.audit,
  });
}

export interface AuditedOpts {
  user?: DemoUser;
  namespace?: string | null;
  readonly?: boolean;
  config?: AppConfig;
}

/** a session on the demo's kubeconfig for opts.user, auditing to dir/audit.log */
export async function auditedDemoSession(demo: DemoCluster, dir: string, opts: AuditedOpts = {}) {
  const file = demoKubeconfig(demo, dir, opts.user);
  const audit = createFileAuditSink(join(dir, 'audit.log'));
  const session = await openKubeconfigSession(file, { namespace: opts.namespace, readonly: opts.readonly, config: opts.config, audit });
  /** the audit log's entries so far ([] before the first write) */
  const auditLines = (): Record<string, any>[] =>
    // result lines: what each request did (the intent lines before them: test/fault/audit.test.ts)
    existsSync(audit.path) ? readFileSync(audit.path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((l) => l.phase !== 'intent') : [];
  const close = async () => {
    session.close();
    await audit.close();
  };
  return { session, audit, auditLines, close };
}
