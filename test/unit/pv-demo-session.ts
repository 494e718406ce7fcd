// Opens a real Session (transport, discovery, pipeline, audit log) against the demo
// cluster for the volumes tests.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoCluster } from '../../src/demo/index.js';
import { loadKubeconfig } from '../../src/k8s/kubeconfig.js';
import { openSession } from '../../src/k8s/session.js';
import { createFileAuditSink } from '../../src/k8s/audit.js';
import { defaultAppConfig, type AppConfig } from '../../src/config.js';

export interface SessionOpts {
  user?: 'demo-admin' | 'demo-viewer';
  readonly?: boolean;
  hooks?: { backup: string[]; cleanup: string[] };
  customFinalizer?: string;
}

export function configWith(opts: SessionOpts): AppConfig {
  const config = structuredClone(defaultAppConfig) as AppConfig;
  if (opts.hooks) config.volumes.hooks = opts.hooks;
  if (opts.customFinalizer !== undefined) config.volumes.customFinalizer = opts.customFinalizer;
  return config;
}

export async function demoSession(demo: DemoCluster, dir: string, opts: SessionOpts = {}) {
  const file = join(dir, `kubeconfig-${opts.user ?? 'admin'}`);
  writeFileSync(file, demo.kubeconfig(opts.user), { mode: 0o600 });
  const loaded = loadKubeconfig({ kubeconfig: file, env: {} });
  const audit = createFileAuditSink(join(dir, 'audit.log'));
  const session = await openSession({
    ctx: loaded.forContext(loaded.currentContext),
    contexts: loaded.contexts,
    namespace: null,
    readonly: opts.readonly ?? false,
    config: configWith(opts),
    requestTimeoutMs: 10_000,
    audit,
  });
  const auditLines = (): Record<string, any>[] =>
    existsSync(audit.path) ? readFileSync(audit.path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
  const close = async () => {
    session.close();
    await audit.close();
  };
  return { session, audit, auditLines, close };
}

export const tempDir = () => mkdtempSync(join(tmpdir(), 'kubedeck-pv-'));

export const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(fn: () => T | undefined | false, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`never: ${what}`);
    await tick(20);
  }
}

/** A PV ready for the tests, made through the demo's own API path. */
export function pvObject(name: string, extra: { finalizers?: string[]; policy?: string; cls?: string } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, ...(extra.finalizers ? { finalizers: extra.finalizers } : {}) },
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: extra.policy ?? 'Retain',
      storageClassName: extra.cls ?? `cls-${name}`,
      hostPath: { path: `/tmp/${name}` },
    },
  };
}
