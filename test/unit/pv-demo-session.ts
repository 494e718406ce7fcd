// Opens a real Session (transport, discovery, pipeline, audit log) against the demo
// cluster for the volumes tests, with the volumes settings they need.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoCluster } from '../../src/demo/index.js';
import { defaultAppConfig, type AppConfig } from '../../src/config.js';
import { auditedDemoSession, type DemoUser } from '../support/demo-session.js';

export interface SessionOpts {
  user?: DemoUser;
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

export function demoSession(demo: DemoCluster, dir: string, opts: SessionOpts = {}) {
  return auditedDemoSession(demo, dir, { user: opts.user, readonly: opts.readonly, config: configWith(opts) });
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
