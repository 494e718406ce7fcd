// What the why analysis reads, from the session's watched stores: pods, claims,
// slices, device classes, PVCs, PVs, storage classes, nodes and namespaces. A store
// that cannot sync (not served, forbidden) is passed as undefined, so the analysis
// says it cannot know instead of guessing. Events and managedFields come from one
// fresh GET of the pod.
import type { Session } from './session.js';
import type { KubeObject, ReadableStore } from './types.js';
import type { WhyInput } from '../state/why/types.js';
import type { AppConfig } from '../config.js';
import { minorOfVersion } from '../cel/library.js';
import { podClaimRefs } from '../state/claimwaiters.js';
import { analyzeClaim } from '../state/why/claim.js';
import { celRuleEvaluator, celSelectorEvaluator } from '../state/why/cel.js';
import { gateReadiness } from '../state/why/gates.js';
import { whyPod } from '../state/why/pod.js';
import { renderClaim, renderPod } from '../state/why/render.js';
import type { WhyKind, Explanation } from './types.js';
export type { WhyKind, Explanation } from './types.js';

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



/** Waits for a store to sync: undefined when it did, else why not. */
export type SyncWait = (store: ReadableStore<KubeObject>) => Promise<string | undefined>;

/**
 * Why a pod or a claim waits, from the session's stores: the one computation behind
 * `kubedeck why` and the console's w key.
 */
export async function explain(session: Session, kind: WhyKind, object: KubeObject, config: AppConfig, wait: SyncWait): Promise<Explanation> {
  const ns = String(object.metadata.namespace ?? '');
  const name = object.metadata.name;
  const { stores, notes } = await collectWhyStores(session, wait);
  const minor = minorOfVersion(session.info().serverVersion);
  const evaluator = celSelectorEvaluator(minor);
  const now = Date.now();
  if (kind === 'pod') {
    const events = await session.events(object).catch(() => undefined);
    const rules = config.gates.rules;
    const ruleEval = celRuleEvaluator(minor);
    const reasons = whyPod(object, {
      now,
      ...stores,
      events,
      evaluator,
      gateReadiness: (gate, pod) => gateReadiness(gate, pod, rules, { claims: stores.claims, pvcs: stores.pvcs, evaluator: ruleEval }),
    });
    return { text: renderPod(`${ns}/${name}`, reasons, now), json: { kind: 'Pod', namespace: ns, name, reasons }, notes };
  }
  // the node of a pod that uses the claim, once bound or nominated: devices must be reachable from it
  const user = stores.pods?.find((p) => p.metadata.namespace === ns && podClaimRefs(p).some((r) => r.claim === name) && (p.spec?.nodeName || p.status?.nominatedNodeName));
  const nodeName = user ? String(user.spec?.nodeName || user.status?.nominatedNodeName) : '';
  const node = nodeName ? stores.nodes?.find((n) => n.metadata.name === nodeName) : undefined;
  const analysis = analyzeClaim(object, { slices: stores.slices, deviceClasses: stores.deviceClasses, claims: stores.claims, namespaces: stores.namespaces, node, evaluator });
  return { text: renderClaim(analysis, now), json: { kind: 'ResourceClaim', namespace: ns, name, ...stripCandidates(analysis) }, notes };
}

function stripCandidates(a: ReturnType<typeof analyzeClaim>) {
  return { ...a, requests: a.requests.map((r) => ({ ...r, alternatives: r.alternatives.map(({ candidates: _c, unusablePools: _u, ...rest }) => rest) })) };
}
