// The clock of a table's live cells (ages): when the text of one on screen next changes,
// and a component that renders the table again then, so an idle screen costs nothing.
import { useEffect } from 'react';
import type { TableRow } from '../k8s/types.js';

/** a day: the furthest ahead the next change of a live cell is looked for */
const HORIZON_MS = 24 * 3_600_000;

const sameCells = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c, i) => c === b[i]);

/**
 * The first time after `at` at which a row's live cells read differently from `shown`
 * (their text at `at`), to the ms; undefined when none changes within `horizonMs`. A live
 * cell's text (an age) changes only forward, never back to an earlier text, so each row
 * is a binary search, and a row that reads the same at the best time found so far is
 * skipped with one look.
 */
export function nextLiveChange(rows: readonly TableRow[], shown: readonly (readonly string[])[], at: number, horizonMs = HORIZON_MS): number | undefined {
  let best = at + horizonMs;
  let found = false;
  rows.forEach((row, i) => {
    const { live } = row;
    if (!live) return;
    const same = (t: number) => sameCells(live(t), shown[i]!);
    if (same(best)) return;
    let lo = at;
    let hi = best;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (same(mid)) lo = mid;
      else hi = mid;
    }
    best = hi;
    found = true;
  });
  return found ? best : undefined;
}

/**
 * A table with `liveStepMs` shows its live cells at the time of each render and renders
 * again on its own (`onDue`) at `next`, the next change of a visible live cell's text (not
 * sooner than `stepMs` after `at`), so a clock tick that would change nothing on screen
 * costs nothing. Draws nothing itself.
 */
export function RedrawAt({ stepMs, at, next, onDue }: { stepMs: number; at: number; next: number | undefined; onDue(): void }) {
  useEffect(() => {
    const when = Math.max(next ?? at + HORIZON_MS, at + stepMs);
    const timer = setTimeout(onDue, Math.max(0, when - Date.now()));
    timer.unref?.();
    return () => clearTimeout(timer);
  }, [stepMs, at, next, onDue]);
  return null;
}

