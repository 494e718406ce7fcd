import { useState } from 'react';

/**
 * A window of `room` lines over `total`: the first line shown, and the move handlers
 * (one line, a page, either end) for a view's key bindings. The top never passes the
 * last full page, also when the content shrinks.
 */
export function useScroller(total: number, room: number) {
  const [wanted, setTop] = useState(0);
  const maxTop = Math.max(0, total - room);
  const top = Math.min(wanted, maxTop);
  const scroll = (to: number) => setTop(Math.max(0, Math.min(maxTop, to)));
  return {
    top,
    /** scrolls so that `line` is on screen (a third down from the top when it moves) */
    reveal: (line: number) => {
      if (line < top || line >= top + room) scroll(line - Math.floor(room / 3));
    },
    handlers: {
      down: () => scroll(top + 1),
      up: () => scroll(top - 1),
      pageDown: () => scroll(top + room),
      pageUp: () => scroll(top - room),
      top: () => scroll(0),
      bottom: () => scroll(maxTop),
    },
  };
}
