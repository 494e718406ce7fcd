import { PODS } from '../../k8s/extensions.js';
import type { ConsoleApi } from '../../k8s/types.js';
import { useCan, type Ask } from './useCan.js';

export interface Access {
  canPatchPods?: boolean;
  canDeletePods?: boolean;
}

const POD_ASKS: Ask[] = [
  { key: 'canPatchPods', verb: 'patch' },
  { key: 'canDeletePods', verb: 'delete' },
];

/** may I patch and delete pods in the current scope; undefined until answered. */
export function useAccess(api: ConsoleApi, namespace: string | null, readonly: boolean): Access {
  // --readonly: the bindings already say why; no question is asked
  return useCan(api, PODS, readonly ? [] : POD_ASKS, namespace ?? undefined);
}
