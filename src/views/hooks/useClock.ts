import { useEffect, useState } from 'react';
import type { KubeObject, ReadableStore } from '../../k8s/types.js';

/**
 * A coarse clock: returns Date.now() rounded to the last tick, and changes once per
 * tick. Ages only need to move every few seconds; rows are rebuilt when it changes.
 * Given a store, it also ticks when the store changes: an object that just changed is
 * never newer than the clock (its age would read <invalid>).
 */
export function useClock(ms: number, store?: ReadableStore<KubeObject>): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    timer.unref?.();
    const off = store?.subscribe(() => setNow(Date.now()));
    return () => {
      clearInterval(timer);
      off?.();
    };
  }, [ms, store]);
  return now;
}
