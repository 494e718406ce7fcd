// Limited RBAC: when listing pods cluster-wide is forbidden, find the namespaces the
// user may list pods in: the context's namespace, plus every namespace the user may
// see (when listing namespaces is allowed) that a SelfSubjectAccessReview admits.
import type { AccessChecker } from './access.js';
import { mapLimit } from './actions.js';
import type { KubeObject, Transport } from './types.js';
import { debug } from '../log.js';

/** Enough for a bastion console; a user with more namespaces than this should use -n. */
const MAX_PROBED = 200;

export async function reachableNamespaces(
  access: AccessChecker,
  transport: Transport,
  contextNamespace: string,
  resource = 'pods',
  group = '',
): Promise<string[]> {
  const candidates = new Set<string>([contextNamespace]);
  if ((await access.canI({ verb: 'list', group: '', resource: 'namespaces' })).ok) {
    try {
      const list = await transport.request<{ items?: KubeObject[] }>('/api/v1/namespaces', { query: { limit: MAX_PROBED } });
      for (const ns of list.items ?? []) candidates.add(ns.metadata.name);
    } catch (err) {
      debug('namespace list failed', { error: String(err) });
    }
  }
  const names = [...candidates].slice(0, MAX_PROBED);
  const answers = await mapLimit(names, 8, (namespace) => access.canI({ verb: 'list', group, resource, namespace }));
  return names.filter((_, i) => answers[i]!.ok).sort();
}
