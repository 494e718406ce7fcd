import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

// The project brings its own Node (the node-linux-* packages in package.json): npm
// scripts put it first on the PATH. A run on another Node would test something else.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 26) {
  throw new Error(`kubedeck's tests run on the project's Node 26, not ${process.version}: use npm test (or npx vitest), after npm ci`);
}

// Ink's renderer draws with src/views/ink/output.ts, as in the build (scripts/build.mjs's
// ink-output plugin): Ink and ink-testing-library go through Vite for that, not Node.
const inkOutput: Plugin = {
  name: 'ink-output',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source === './output.js' && importer && /[\\/]node_modules[\\/]ink[\\/]build[\\/]renderer\.js$/.test(importer)) {
      return fileURLToPath(new URL('./src/views/ink/output.ts', import.meta.url));
    }
    return undefined;
  },
  // Ink's files name source maps whose sources it does not ship: Vite would warn for each
  load(id) {
    if (!/[\\/]node_modules[\\/](ink|ink-testing-library)[\\/].*\.js$/.test(id)) return undefined;
    return readFileSync(id, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
  },
};
const drawn = { plugins: [inkOutput] };
const inlined = { server: { deps: { inline: ['ink', 'ink-testing-library'] } } };

export default defineConfig({
  test: {
    projects: [
      { ...drawn, test: { ...inlined, name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], testTimeout: 20_000 } },
      { ...drawn, test: { ...inlined, name: 'component', include: ['test/component/**/*.test.{ts,tsx}'], testTimeout: 20_000 } },
      // the hostile API server (test/fault/server.ts) and the defects it found
      // the CLI tests start kubedeck from source (tsx): slow on 2 shared cores under the full suite
      { test: { name: 'fault', include: ['test/fault/**/*.test.{ts,tsx}'], testTimeout: 120_000 } },
      { ...drawn, test: { ...inlined, name: 'integration', include: ['test/integration/**/*.test.{ts,tsx}'], testTimeout: 60_000 } },
      // The contract suite (test/contract/suite.ts) against the demo cluster; the cluster
      // project runs the same suite against a real kube-apiserver.
      { test: { name: 'contract', include: ['test/contract/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'pty', include: ['test/e2e/pty/**/*.test.ts'], testTimeout: 120_000, fileParallelism: false } },
      {
        test: {
          name: 'cluster',
          include: ['test/e2e/cluster/**/*.test.ts'],
          // starts the real control plane once, unless run-e2e.sh already did (KUBEDECK_E2E_*)
          globalSetup: ['test/e2e/cluster/global-setup.ts'],
          hookTimeout: 180_000,
          testTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
