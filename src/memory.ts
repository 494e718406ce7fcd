// Giving the garbage of a large initial list back (docs/performance.md, "RSS after sync").
// Syncing 50,000 pods parses ~150 MB of JSON; what survives a scavenge or two and then
// dies (event batches, the rows' growing arrays, the store's growing tables) stays in the
// old generation and the large-object space, and V8 keeps both semi-spaces and the grown
// old space committed, until its memory reducer runs tens of seconds later, if ever. Once
// a list of many objects has ended, one memory-reducing collection returns that at once.
//
// The collection is V8's own (`gc` with flavor "last-resort", what a low-memory
// notification does), reached the one way Node leaves open to a running program: the
// `--expose-gc` flag set for the moment it takes to get the function, then unset again
// (so the flag hash that code caches are checked against is the same as at start).
// It is one pause of the main thread, 0.2-0.3 s at 50,000 pods on a quiet 2-core machine,
// taken right after the frame that shows the full count (within a person's reaction to
// it; a key pressed during it waits). KUBEDECK_GC_AFTER_LIST=off turns it off.
// The executable starts with V8's memory reducer off (scripts/build.mjs): after this
// collection its two follow-up collections, 8-30 s later, freed nothing and were the
// console's idle CPU.
import v8 from 'node:v8';
import vm from 'node:vm';
import { trace } from './trace.js';

/** a list of at least this many objects leaves enough garbage to be worth a collection */
export const LARGE_LIST = 10_000;
/**
 * After the list's end and the frame that shows it: the store publishes a list's end at
 * once, on a timer set before this one (state/store.ts, listDone), and that frame is
 * drawn as the store publishes. The count is not held back by the pause.
 */
export const RELEASE_DELAY_MS = 0;
/** at most one collection in this long (a server that makes kubedeck relist again and again) */
export const RELEASE_EVERY_MS = 5 * 60_000;

type Collect = () => void;

function v8Collect(): Collect | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as ((o?: object) => void) | undefined;
    if (typeof gc !== 'function') return undefined;
    return () => gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

export interface Releaser {
  /** a (re)list of `items` objects ended */
  listEnded(items: number): void;
  dispose(): void;
}

/** Exported for tests; the process has one (`listEnded` below). */
export function releaser(opts: { collect?: () => Collect | undefined; now?: () => number; off?: boolean } = {}): Releaser {
  const now = opts.now ?? Date.now;
  let collect: Collect | undefined | null = null;
  let timer: NodeJS.Timeout | undefined;
  let last = -Infinity;
  const run = () => {
    timer = undefined;
    last = now();
    collect ??= (opts.collect ?? v8Collect)();
    if (!collect) return;
    const t = performance.now();
    const before = process.memoryUsage.rss();
    collect();
    trace('gc', { reason: 'after a large list', ms: Math.round(performance.now() - t), rssBefore: Math.round(before / 2 ** 20), rssAfter: Math.round(process.memoryUsage.rss() / 2 ** 20) });
  };
  return {
    listEnded(items) {
      if (opts.off || items < LARGE_LIST || now() - last < RELEASE_EVERY_MS) return;
      // several large lists ending together (pods, then events) get one collection, after the last
      clearTimeout(timer);
      timer = setTimeout(run, RELEASE_DELAY_MS);
      timer.unref();
    },
    dispose() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

const process_ = releaser({ off: process.env.KUBEDECK_GC_AFTER_LIST === 'off' });

/** the watch loop: a (re)list of `items` objects ended */
export function listEnded(items: number): void {
  process_.listEnded(items);
}
