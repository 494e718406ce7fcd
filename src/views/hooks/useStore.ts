import { useSyncExternalStore } from 'react';
import type { ReadableStore } from '../../k8s/types.js';

/** Re-renders when the store publishes a batch; returns the store's version. */
export function useStore<T>(store: ReadableStore<T>): number {
  return useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.version,
  );
}
