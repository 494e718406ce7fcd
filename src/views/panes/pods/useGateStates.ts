import { useMemo } from 'react';
import type { ConsoleApi, KubeObject, ReadableStore } from '../../../k8s/types.js';
import { gateStates, type PodGateState } from '../../../state/why/gates.js';
import { useStore } from '../../hooks/useStore.js';

const none: ReadableStore<KubeObject> = {
  version: 0,
  size: 0,
  health: { state: 'syncing', count: 0 },
  get: () => undefined,
  list: () => [],
  subscribe: () => () => {},
};

/**
 * Each gated pod's readiness by the config's gate rules, recomputed when the pods, the
 * claims or the PVCs change. undefined when no rule is configured (every gate manual).
 */
export function useGateStates(api: ConsoleApi): ReadonlyMap<string, PodGateState> | undefined {
  const source = useMemo(() => api.gateRules?.(), [api]);
  const pods = useStore(api.pods);
  const claims = useStore(source?.claims ?? none);
  const pvcs = useStore(source?.pvcs ?? none);
  return useMemo(
    () => (source && source.rules.length > 0 ? gateStates(api.pods.list(), source) : undefined),
    // the versions stand for the stores' contents
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [source, pods, claims, pvcs],
  );
}
