import { useSyncExternalStore } from 'react';
import type { IdentityApi, IdentityState } from '../../k8s/identity.js';

/** Re-renders when the session's identity answers change; returns the latest state. */
export function useIdentity(identity: IdentityApi): IdentityState {
  return useSyncExternalStore(
    (listener) => identity.subscribe(listener),
    () => identity.state(),
  );
}
