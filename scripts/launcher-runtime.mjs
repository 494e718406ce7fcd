#!/usr/bin/env node
// kubedeck: this one file is the whole program. Below this code, one comment line per
// line, is the bundle itself (esbuild's output of src/main.ts and every dependency).
//
// Why: Node compiles a module before any of its code runs, and its compile cache only
// serves modules loaded after it was turned on, so a plain bundle is compiled from
// scratch at every start (~120 ms of CPU for 4.5 MB, before the first request). This
// launcher is small: it copies the bundle out once into the user's cache folder
// ($XDG_CACHE_HOME/kubedeck/bundle, default ~/.cache/kubedeck/bundle), turns Node's compile cache on
// ($XDG_CACHE_HOME/kubedeck/compile-cache) and imports the copy, so from the second start
// on the bundle's compiled code comes from the cache (docs/performance.md, "First rows,
// again"). The copy is named by the bundle's SHA-256 and checked against it when made;
// it is used only from a folder this user owns that nobody else may write (never the
// shared tmpdir, whose files another user could plant and have run as code). Where that
// folder cannot be made, the copy goes into a private folder of its own (mkdtemp, mode
// 0700), removed at exit, and runs without the cache. Other versions' copies are removed
// once unused for a week.
// Written by scripts/build.mjs from scripts/launcher-runtime.mjs; runs on Node >= 22.
import * as nodeModule from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BUNDLE = { sha256: '', bytes: 0 }; // filled in by scripts/build.mjs
const MARKER = '\n// ---- the bundle, one comment line per line ----\n';

const UNUSED_MS = 7 * 24 * 3600 * 1000;

const root = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kubedeck');
const name = `kubedeck-${BUNDLE.sha256.slice(0, 16)}.mjs`;

class Damaged extends Error {}

/** the bundle's text, out of this file's comment lines, checked against its hash */
function bundleText() {
  const self = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  const at = self.indexOf(MARKER);
  const text = at < 0 ? '' : self.slice(at + MARKER.length).split('\n').map((line) => line.slice(2)).join('\n');
  if (createHash('sha256').update(text).digest('hex') !== BUNDLE.sha256) throw new Damaged(`${fileURLToPath(import.meta.url)} is damaged (its bundle does not match its hash): copy it again`);
  return text;
}

/** owned by this user, and nobody else may write it */
function ours(path) {
  const st = statSync(path);
  return (process.getuid === undefined || st.uid === process.getuid()) && (st.mode & 0o022) === 0;
}

/** the copy in the user's cache folder, made when missing */
function cachedCopy() {
  const dir = join(root, 'bundle');
  const file = join(dir, name);
  try {
    if (statSync(file).size === BUNDLE.bytes && ours(dir) && ours(file)) {
      const now = new Date();
      utimesSync(file, now, now); // in use: not removed as unused (below)
      return file;
    }
  } catch {
    // not there yet
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!ours(dir)) throw new Error(`${dir} is not this user's alone`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bundleText(), { mode: 0o600 });
  renameSync(tmp, file);
  // other versions' copies unused for a week (two versions in use, say an old and a new
  // build side by side, keep theirs), never this version's that another start is writing
  for (const other of readdirSync(dir)) {
    if (other.startsWith(name) || !/^kubedeck-[0-9a-f]{16}\.mjs(\.\d+\.tmp)?$/.test(other)) continue;
    const path = join(dir, other);
    if (Date.now() - statSync(path, { throwIfNoEntry: false })?.mtimeMs > UNUSED_MS) rmSync(path, { force: true });
  }
  return file;
}

/** a private copy for this run only: no cache */
function privateCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'kubedeck.mjs');
  writeFileSync(file, bundleText(), { mode: 0o600 });
  return file;
}

function compileCache() {
  try {
    if (typeof nodeModule.enableCompileCache !== 'function' || process.env.NODE_COMPILE_CACHE) return;
    const dir = join(root, 'compile-cache');
    if (nodeModule.enableCompileCache(dir).status === nodeModule.constants.compileCacheStatus.ENABLED) process.env.NODE_COMPILE_CACHE = dir;
  } catch {
    // no cache
  }
}

let file;
try {
  try {
    file = cachedCopy();
    compileCache();
  } catch (err) {
    if (err instanceof Damaged) throw err;
    file = privateCopy();
  }
} catch (err) {
  process.stderr.write(`kubedeck: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
await import(pathToFileURL(file).href);
// A first start writes the cache once its start-up is over, not only at exit.
if (typeof nodeModule.flushCompileCache === 'function') setTimeout(() => nodeModule.flushCompileCache(), 2000).unref();
