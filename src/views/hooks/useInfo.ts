import { useEffect, useState } from 'react';
import type { ConsoleApi, SessionInfo } from '../../k8s/types.js';

/** The session's info, refreshed when the session says it changed. */
export function useInfo(api: ConsoleApi): SessionInfo {
  const [info, setInfo] = useState(() => api.info());
  useEffect(() => {
    setInfo(api.info());
    // copy: a session may update its info object in place
    return api.onInfo(() => setInfo({ ...api.info() }));
  }, [api]);
  return info;
}
