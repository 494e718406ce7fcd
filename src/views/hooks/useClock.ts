import { useEffect, useState } from 'react';

/**
 * A coarse clock: returns Date.now() rounded to the last tick, and changes once per
 * tick. Ages only need to move every few seconds; rows are rebuilt when it changes.
 */
export function useClock(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    timer.unref?.();
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
