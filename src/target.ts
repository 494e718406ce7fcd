// Where kubedeck points: a kubeconfig context (real cluster) or the embedded demo
// cluster, which is reached through a generated kubeconfig and the same client code.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfig, type LoadedKubeconfig } from './k8s/kubeconfig.js';
import type { AppConfig } from './config.js';

export interface TargetFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces: boolean;
  server?: string;
  certificateAuthority?: string;
  token?: string;
  tokenFile?: string;
  as?: string;
  asGroup?: string[];
  demo: boolean;
  demoPods: number;
}

export interface Target {
  loaded: LoadedKubeconfig;
  /** namespace scope for the first session: null means all namespaces */
  namespace: string | null;
  demo: boolean;
  close(): Promise<void>;
}

export async function resolveTarget(opts: { flags: TargetFlags; config: AppConfig; entry: URL }): Promise<Target> {
  const { flags, config } = opts;
  let closeDemo: (() => Promise<void>) | undefined;
  let kubeconfigPath = flags.kubeconfig;
  if (flags.demo) {
    // the demo cluster's code is loaded only for --demo
    const { startDemoClusterWorker } = await import('./demo/index.js');
    const demo = await startDemoClusterWorker(opts.entry, { extraPods: flags.demoPods });
    const dir = mkdtempSync(join(tmpdir(), 'kubedeck-demo-'));
    kubeconfigPath = join(dir, 'kubeconfig');
    writeFileSync(kubeconfigPath, demo.kubeconfig(), { mode: 0o600 });
    closeDemo = async () => {
      rmSync(dir, { recursive: true, force: true });
      await demo.close();
    };
  }
  try {
    const loaded = loadKubeconfig({
      kubeconfig: kubeconfigPath,
      context: flags.context,
      namespace: flags.namespace,
      server: flags.server,
      certificateAuthority: flags.certificateAuthority,
      token: flags.token,
      tokenFile: flags.tokenFile,
      as: flags.as,
      asGroups: flags.asGroup ?? [],
    });
    return {
      loaded,
      namespace: scopeFor(flags, config, loaded),
      demo: flags.demo,
      close: async () => {
        await closeDemo?.();
      },
    };
  } catch (err) {
    await closeDemo?.();
    throw err;
  }
}

/**
 * -n wins, -A wins; then the config file's namespace; then a namespace the context
 * names explicitly. A context without one gets all namespaces: a console is for
 * looking across the cluster, unlike kubectl's "default".
 */
function scopeFor(flags: TargetFlags, config: AppConfig, loaded: LoadedKubeconfig): string | null {
  if (flags.allNamespaces) return null;
  if (flags.namespace) return flags.namespace;
  if (config.namespace) return config.namespace;
  const ctx = loaded.forContext(loaded.currentContext);
  return ctx.kc.getContextObject(ctx.name)?.namespace ? ctx.namespace : null;
}
