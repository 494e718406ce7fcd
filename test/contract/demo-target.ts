// The contract target for the in-process demo cluster (`kubedeck --demo`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import type { ContractTarget } from './target.js';

export async function demoTarget(): Promise<{ target: ContractTarget; demo: DemoCluster; close(): Promise<void> }> {
  const demo = await startDemoCluster();
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-contract-'));
  const file = (user: 'demo-admin' | 'demo-viewer') => {
    const f = join(dir, `${user}.kubeconfig`);
    writeFileSync(f, demo.kubeconfig(user), { mode: 0o600 });
    return f;
  };
  const target: ContractTarget = {
    name: 'demo',
    admin: { kubeconfig: file('demo-admin'), username: 'demo-admin', groups: ['system:masters'] },
    viewer: { kubeconfig: file('demo-viewer'), username: 'demo-viewer', groups: ['demo:viewers'], namespace: 'web' },
    controls: {
      namespaceReady: async () => {},
      compactPast: async () => demo.control.compact(),
      // A restarted kube-apiserver builds a new watch cache at the current revision;
      // compact() is the demo's way to forget the history before it.
      restartApiServer: async () => {
        demo.control.compact();
        await demo.control.restart();
      },
    },
  };
  return {
    target,
    demo,
    close: async () => {
      await demo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
