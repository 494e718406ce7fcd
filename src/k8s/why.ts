// What the why analysis reads, from the session's watched stores: pods, claims,
// slices, device classes, PVCs, PVs, storage classes, nodes and namespaces. A store
// that cannot sync (not served, forbidden) is passed as undefined, so the analysis
// says it cannot know instead of guessing. Events and managedFields come from one
// fresh GET of the pod.
import type { Session } from './session.js';
import type { KubeObject, ReadableStore } from './types.js';
import type { WhyInput } from '../state/why/types.js';

export type WhyStores = Omit<WhyInput, 'now' | 'evaluator' | 'gateReadiness' | 'events'>;

function storesOf(session: Session): Record<keyof WhyStores, ReadableStore<KubeObject> | undefined> {
  const core = session.core;
  return {
    pods: session.pods,
    claims: session.claims.store('resourceclaims'),
    slices: session.claims.store('resourceslices'),
    deviceClasses: session.claims.store('deviceclasses'),
    pvcs: core.watched('', 'persistentvolumeclaims', ['v1'])?.store,
    pvs: core.watched('', 'persistentvolumes', ['v1'])?.store,
    storageClasses: core.watched('storage.k8s.io', 'storageclasses', ['v1'])?.store,
    nodes: core.watched('', 'nodes', ['v1'])?.store,
    namespaces: core.watched('', 'namespaces', ['v1'])?.store,
  };
}

/** Waits until every store has synced or given up; one that gave up stays undefined. */
export async function collectWhyStores(session: Session, wait: (store: ReadableStore<KubeObject>) => Promise<string | undefined>): Promise<{ stores: WhyStores; notes: string[] }> {
  const entries = Object.entries(storesOf(session)) as [keyof WhyStores, ReadableStore<KubeObject> | undefined][];
  const results = await Promise.all(entries.map(async ([key, store]) => [key, store, store ? await wait(store) : 'not served'] as const));
  const stores: WhyStores = {};
  const notes: string[] = [];
  for (const [key, store, failure] of results) {
    if (store && !failure) stores[key] = store.list();
    else notes.push(`${key}: ${failure}`);
  }
  return { stores, notes };
}
