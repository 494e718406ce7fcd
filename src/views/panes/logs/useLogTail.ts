import { useEffect, useState, useSyncExternalStore } from 'react';
import type { LogsApi, LogTail, LogTarget, TailOptions, TailSnapshot } from '../../../k8s/logs.js';

const EMPTY: TailSnapshot = { pod: undefined, containers: [], tailed: [], entries: [], streams: {}, received: 0, dropped: 0 };
const none = { subscribe: () => () => {}, snapshot: () => EMPTY };

/**
 * Opens a tail through the logs API for the target and options, closes it when they
 * change or the pane goes away, and re-renders at most once per coalesced batch.
 */
export function useLogTail(api: LogsApi, target: LogTarget | null, options: TailOptions): { tail: LogTail | null; snap: TailSnapshot } {
  const [tail, setTail] = useState<LogTail | null>(null);
  const key = target ? JSON.stringify([target.namespace, target.pod, options]) : '';
  useEffect(() => {
    // opening a tail starts a stream: a side effect, so it lives here, and the render
    // reads the tail it opened as state
    if (!target) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the tail of no target is none; see above
      setTail(null);
      return;
    }
    const t = api.open(target, options);
    setTail(t);
    return () => t.close();
    // the key holds everything the tail depends on
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);
  const source = tail ?? none;
  const snap = useSyncExternalStore(
    (l) => source.subscribe(l),
    () => source.snapshot(),
  );
  return { tail, snap };
}
