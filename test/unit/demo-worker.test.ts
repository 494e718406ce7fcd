// The worker form the CLI uses: an entry module that calls
// runDemoWorkerIfRequested() first, started with startDemoClusterWorker().
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startDemoClusterWorker } from '../../src/demo/index.js';
import { call } from './demo-client.js';

const dir = mkdtempSync(join(tmpdir(), 'kubedeck-demo-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Under vitest the worker has no TypeScript loader; the entry registers tsx
// itself, as the CLI's bundled file needs none.
function entry(): URL {
  const tsxApi = new URL('../../node_modules/tsx/dist/esm/api/index.mjs', import.meta.url);
  const demo = new URL('../../src/demo/index.ts', import.meta.url);
  const file = join(dir, 'entry.mjs');
  writeFileSync(
    file,
    `import { register } from '${tsxApi.href}';\nregister();\nconst demo = await import('${demo.href}');\nif (!demo.runDemoWorkerIfRequested()) throw new Error('not the demo worker');\n`,
  );
  return pathToFileURL(file);
}

describe('startDemoClusterWorker', () => {
  it('serves the demo cluster from a worker thread until closed', async () => {
    const cluster = await startDemoClusterWorker(entry(), { seed: 'scenario' });
    try {
      expect(parse(cluster.kubeconfig('demo-viewer'))['current-context']).toBe('kubedeck-demo-viewer');
 const pods = await call(cluster, '/api/v1/namespaces/web/pods', { as: 'demo-viewer' });
      expect(pods.status).toBe(200);
      expect(pods.body.items.length).toBeGreaterThan(5);
    } finally {
      await cluster.close();
    }
    await expect(call(cluster, '/version')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('reports a start failure instead of hanging', async () => {
    const first = await startDemoClusterWorker(entry(), { seed: 'empty' });
    try {
      const port = Number(new URL(first.url).port);
      await expect(startDemoClusterWorker(entry(), { seed: 'empty', port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
