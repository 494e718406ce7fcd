// Waiting for a watched store to sync, for answers that need the whole list (snapshot,
// why): synced, or the reason it will not (forbidden, gone, failing, too slow).
import type { Health } from './types.js';

/** Resolves to undefined once synced, or to a one-line reason it never will be. */
export async function waitForSync(health: () => Health, waitMs: number): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const h = health();
    switch (h.state) {
      case 'synced':
        return undefined;
      case 'forbidden':
      case 'unauthorized':
      case 'unavailable':
        return `${h.state}: ${h.message}`;
      case 'reconnecting':
        if (h.attempt >= 3) return `cannot sync: ${h.lastError}`;
    }
    if (Date.now() > deadline) return `not synced after ${Math.round(waitMs / 1000)}s`;
    await new Promise((r) => setTimeout(r, 50));
  }
}
