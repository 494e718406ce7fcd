import { useEffect, useState } from 'react';
import type { ConsoleApi } from '../../k8s/types.js';

export interface Access {
  canPatchPods?: boolean;
  canDeletePods?: boolean;
}

/** canI for the pod actions in the current scope; undefined until answered. */
export function useAccess(api: ConsoleApi, namespace: string | null, readonly: boolean): Access {
  // answers are kept with the scope they are for: a new scope starts unknown
  const scope = `${namespace ?? '*'}|${readonly}`;
  const [answers, setAnswers] = useState<{ scope: string; access: Access }>({ scope, access: {} });
  useEffect(() => {
    if (readonly) return;
    let current = true;
    const ns = namespace ?? undefined;
    const ask = (verb: string, key: keyof Access) =>
      api.canI(verb, 'pods', ns).then(
        (ok) => current && setAnswers((a) => ({ scope, access: { ...(a.scope === scope ? a.access : {}), [key]: ok } })),
        // unknown stays unknown: the plan's own access check will answer
        () => undefined,
      );
    void ask('patch', 'canPatchPods');
    void ask('delete', 'canDeletePods');
    return () => void (current = false);
  }, [api, namespace, readonly, scope]);
  return answers.scope === scope ? answers.access : {};
}
