// Shared by the scenario tests on the real control plane: the cluster (from
// KUBEDECK_E2E_* as run-e2e.sh or a globalSetup exports them, else one started for
// the file), kubectl as the oracle, a namespace per file, and kubedeck sessions
// opened exactly as the console opens them (kubeconfig → openSession, audit to a
// temp file).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { clusterFromEnv, startCluster, type E2ECluster } from '../cluster.mjs';
import { loadKubeconfig } from '../../../../src/k8s/kubeconfig.js';
import { openSession, type Session } from '../../../../src/k8s/session.js';
import { createFileAuditSink } from '../../../../src/k8s/audit.js';
import { defaultAppConfig, type AppConfig } from '../../../../src/config.js';
import type { AuditEntry, KubeObject, ReadableStore } from '../../../../src/k8s/types.js';

const exec = promisify(execFile);
export const KUBECTL = process.env.KUBECTL ?? 'kubectl';

export interface ScenarioEnv {
  cluster: E2ECluster;
  ns: string;
  /** a temp dir of this file's own (audit log, hooks, kubeconfigs) */
  dir: string;
  kubectl(args: string[], input?: string): Promise<string>;
  kubectlJson<T = any>(args: string[]): Promise<T>;
  /** kubectl apply -f - of one or more objects */
  apply(...objects: unknown[]): Promise<string>;
  /** a raw GET through kubectl (admin), parsed */
  getRaw<T = any>(path: string): Promise<T>;
  teardown(): Promise<void>;
}

/**
 * The cluster for one test file, and a namespace of its own (a fresh name per run, so
 * reruns against one long-lived cluster never meet a namespace still terminating).
 */
export async function scenarioEnv(name: string): Promise<ScenarioEnv> {
  let cluster = clusterFromEnv();
  let own = false;
  if (!cluster) {
    cluster = await startCluster();
    own = true;
  }
  const ns = `e2e-${name}-${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), `kubedeck-scn-${name}-`));
  const kubectl = async (args: string[], input?: string) => {
    const child = exec(KUBECTL, ['--kubeconfig', cluster!.kubeconfig, ...args], { maxBuffer: 32 << 20 });
    if (input !== undefined) child.child.stdin?.end(input);
    const { stdout } = await child;
    return stdout;
  };
  const kubectlJson = async <T = any>(args: string[]) => JSON.parse(await kubectl([...args, '-o', 'json'])) as T;
  const apply = (...objects: unknown[]) =>
    kubectl(['apply', '--server-side', '--field-manager=e2e', '-f', '-'], objects.map((o) => JSON.stringify(o)).join('\n'));
  const getRaw = async <T = any>(path: string) => JSON.parse(await kubectl(['get', '--raw', path])) as T;
  await kubectl(['create', 'namespace', ns]);
  await eventually('service account default in the test namespace', () => kubectl(['-n', ns, 'get', 'serviceaccount', 'default', '-o', 'name']));
  return {
    cluster,
    ns,
    dir,
    kubectl,
    kubectlJson,
    apply,
    getRaw,
    async teardown() {
      await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
      if (own) await cluster!.stop();
    },
  };
}

/** Polls fn until it returns a truthy value; the last error or value is in the failure. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined | false | null> | T | undefined | false | null, timeoutMs = 60_000, pollMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
}

export interface OpenedSession {
  s: Session;
  auditPath: string;
  auditLines(): AuditEntry[];
  close(): Promise<void>;
}

/** A kubedeck session on the admin (or another) kubeconfig, auditing to a temp file. */
export async function openKubedeck(
  env: ScenarioEnv,
  opts: { kubeconfig?: string; namespace?: string | null; config?: AppConfig; auditName?: string } = {},
): Promise<OpenedSession> {
  const loaded = loadKubeconfig({ kubeconfig: opts.kubeconfig ?? env.cluster.kubeconfig, env: {} });
  const auditPath = join(env.dir, opts.auditName ?? `audit-${Date.now().toString(36)}.log`);
  const audit = createFileAuditSink(auditPath);
  const s = await openSession({
    ctx: loaded.forContext(loaded.currentContext),
    contexts: loaded.contexts,
    namespace: opts.namespace === undefined ? env.ns : opts.namespace,
    readonly: false,
    config: opts.config ?? defaultAppConfig,
    requestTimeoutMs: 15_000,
    audit,
  });
  return {
    s,
    auditPath,
    auditLines: () => {
      let text: string;
      try {
        text = readFileSync(auditPath, 'utf8');
      } catch {
        return [];
      }
      return text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AuditEntry)
        .filter((l) => l.phase !== 'intent'); // result lines: what each request did
    },
    async close() {
      s.close();
      await audit.close();
    },
  };
}

/** Waits until the store holds an object for which pred is true; returns it. */
export function waitInStore(store: ReadableStore<KubeObject>, what: string, pred: (o: KubeObject) => boolean, timeoutMs = 60_000): Promise<KubeObject> {
  return eventually(what, () => store.list().find(pred), timeoutMs, 100);
}

export const byName = (name: string) => (o: KubeObject) => o.metadata?.name === name;

/** A pod manifest in the file's namespace. */
export function pod(env: ScenarioEnv, name: string, spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: env.ns, ...meta }, spec } as KubeObject;
}

/** The first KWOK node (KWOK runs pods bound to it). */
export function kwokNode(env: ScenarioEnv): string {
  return (env.cluster.env.KUBEDECK_E2E_KWOK_NODES ?? 'kwok-node-0').split(' ')[0]!;
}
