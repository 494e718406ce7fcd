// Bundles kubedeck into one file that runs with `node dist/kubedeck.mjs` and no
// node_modules, for copying onto a bastion host.
import { build } from 'esbuild';
import { readFileSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
mkdirSync('dist', { recursive: true });
// Ink imports react-devtools-core only when DEV is set; a stub keeps the bundle self-contained.
writeFileSync('dist/.devtools-stub.mjs', 'export default {};\n');

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/kubedeck.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  alias: { 'react-devtools-core': './dist/.devtools-stub.mjs' },
  define: {
    'process.env.NODE_ENV': '"production"',
    KUBEDECK_VERSION: JSON.stringify(pkg.version),
  },
  // signal-exit and other CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __kdCreateRequire } from 'node:module';",
      'const require = __kdCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  logLevel: 'warning',
});
chmodSync('dist/kubedeck.mjs', 0o755);
console.log(`built dist/kubedeck.mjs (kubedeck ${pkg.version})`);
