import { useEffect, useState } from 'react';
import type { ConsoleApi, GroupResource } from '../../k8s/types.js';

/** one question for the key context: ctx[key] answers may I VERB (on SUBRESOURCE) */
export interface Ask {
  key: string;
  verb: string;
  subresource?: string;
}

/**
 * resource(gr).can for each ask, in one namespace (none: cluster-wide); undefined
 * until answered, and unknown stays unknown (the plan's own access review still
 * answers). --readonly answers no without asking the server.
 */
export function useCan(api: ConsoleApi, gr: GroupResource, asks: readonly Ask[], namespace?: string): Record<string, boolean | undefined> {
  // answers are kept with the question they are for: a new scope starts unknown
  const scope = JSON.stringify([gr.group, gr.resource, namespace ?? '', asks]);
  const [answers, setAnswers] = useState<{ scope: string; can: Record<string, boolean> }>({ scope, can: {} });
  useEffect(() => {
    let current = true;
    const res = api.resource(gr);
    for (const ask of asks) {
      res.can(ask.verb, { namespace, subresource: ask.subresource }).then(
        (a) => current && setAnswers((prev) => ({ scope, can: { ...(prev.scope === scope ? prev.can : {}), [ask.key]: a.ok } })),
        () => undefined,
      );
    }
    return () => void (current = false);
    // the scope string stands for gr, asks and namespace
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, scope]);
  return answers.scope === scope ? answers.can : {};
}
