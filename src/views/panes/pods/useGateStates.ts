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

export interface GateStates {
  /** each gated pod's gates and their readiness, current */
  states: ReadonlyMap<string, PodGateState>;
  /**
   * the keys of the pods ready to ungate; the same Set while that set is unchanged, so
   * the rows (which show only the mark) are not rebuilt on every pods change
   */
  ready: ReadonlySet<string>;
}

/**
 * Each gated pod's readiness by the config's gate rules, recomputed when the pods, the
 * claims or the PVCs change. undefined when no rule is configured (every gate manual).
 */
export function useGateStates(api: ConsoleApi): GateStates | undefined {
  const source = useMemo(() => api.gateRules?.(), [api]);
  const rules = source !== undefined && source.rules.length > 0;
  // without rules nothing here reads the pods: no re-render of the pane per pods flush
  const pods = useStore(rules ? api.pods : none);
  const claims = useStore(source?.claims ?? none);
  const pvcs = useStore(source?.pvcs ?? none);
  const states = useMemo(
    () => (source && rules ? gateStates(api.pods.list(), source) : undefined),
    // the versions stand for the stores' contents
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [source, rules, pods, claims, pvcs],
  );
  // the ready keys as one string: the Set below keeps its identity while they are the same
  const readyKeys = states ? [...states].filter(([, st]) => st.ready).map(([k]) => k).sort().join('\n') : '';
  const ready = useMemo(() => new Set(readyKeys ? readyKeys.split('\n') : []), [readyKeys]);
  return useMemo(() => (states ? { states, ready } : undefined), [states, ready]);
}
