// The entry point. (The console tells Ink it is interactive itself, whatever the
// environment's CI variable says: src/app.tsx.)
import { constants, enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { phase, traceGc } from './trace.js';

compileCache();
phase('entry');
traceGc();
await import('./cli.js');

/**
 * V8's compile cache (Node >= 22.1) for the demo cluster's worker, which starts this
 * bundle again (src/demo/worker.ts; a worker reads NODE_COMPILE_CACHE when it starts).
 * This process's own bundle is compiled before any of its code runs, so only a later
 * load can use the cache (docs/performance.md, "Start-up"); dist/kubedeck.mjs is a
 * launcher that turns the cache on before it loads the bundle and sets
 * NODE_COMPILE_CACHE, so this does nothing there ("First rows, again"). In the user's cache folder,
 * not the shared tmpdir, whose files another user could write. Never fails or prints: a
 * folder that cannot be written means no cache.
 */
function compileCache(): void {
  try {
    if (typeof enableCompileCache !== 'function' || process.env.NODE_COMPILE_CACHE) return;
    const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kubedeck', 'compile-cache');
    const { status } = enableCompileCache(dir);
    if (status === constants.compileCacheStatus.ENABLED) process.env.NODE_COMPILE_CACHE = dir;
  } catch {
    // no cache
  }
}
