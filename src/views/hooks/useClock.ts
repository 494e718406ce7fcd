import { useEffect, useState } from 'react';

/**
 * A coarse clock: returns Date.now() rounded to the last tick, and changes once per
 * tick. Ages only need to move every few seconds; rows are rebuilt when it changes.
 * `running` false: no timer (nothing shown depends on the time now), so an idle console
 * does not render; the clock reads the time again when it starts.
 */
export function useClock(ms: number, running = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const tick = () => setNow(Date.now());
    // a clock that starts late reads the time at once, not a tick later
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, ms);
    timer.unref?.();
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ms, running]);
  return now;
}
