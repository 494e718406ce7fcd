import { useCallback, useSyncExternalStore } from 'react';
import type { ConsoleApi, SessionInfo } from '../../k8s/types.js';

// one copy per change: a session may update its info object in place
const copies = new WeakMap<ConsoleApi, SessionInfo>();
function snapshot(api: ConsoleApi): SessionInfo {
  let copy = copies.get(api);
  if (!copy) copies.set(api, (copy = { ...api.info() }));
  return copy;
}

/** The session's info, refreshed when the session says it changed. */
export function useInfo(api: ConsoleApi): SessionInfo {
  const subscribe = useCallback(
    (changed: () => void) =>
      api.onInfo(() => {
        copies.set(api, { ...api.info() });
        changed();
      }),
    [api],
  );
  return useSyncExternalStore(subscribe, () => snapshot(api));
}
