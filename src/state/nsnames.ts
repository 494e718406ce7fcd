// What `:ns` completes over: the namespaces the server lists, or, when the user may not
// list them, the kubeconfig's namespace, the namespaces the session could reach and
// those of the objects its stores hold.
import type { KubeObject } from '../k8s/types.js';

export interface NamespaceHints {
  /** the kubeconfig context's namespace */
  kubeconfig?: string;
  /** the namespaces the session fell back to (cluster-wide list forbidden) */
  visible?: readonly string[];
  /** the objects in the session's stores */
  seen?: readonly (readonly KubeObject[])[];
}

export function namespaceCandidates(listed: readonly string[] | undefined, hints: NamespaceHints): string[] {
  if (listed) return [...listed];
  const out = new Set<string>();
  if (hints.kubeconfig) out.add(hints.kubeconfig);
  for (const ns of hints.visible ?? []) out.add(ns);
  for (const list of hints.seen ?? []) for (const o of list) if (o.metadata.namespace) out.add(o.metadata.namespace);
  return [...out].sort();
}
