// A ClaimsApi over in-memory stores: records intentions and answers with scripted plans.
import type { ClaimsApi, DraKind } from '../../src/k8s/claims.js';
import type { WatchedResource } from '../../src/k8s/session.js';
import type { ActionPlan, Health, KubeObject, ReadableStore } from '../../src/k8s/types.js';
import { keyOf } from '../../src/state/store.js';

/** an in-memory store keyed like the real one ("ns/name", or "name" when cluster-scoped) */
export class KeyedStore implements ReadableStore<KubeObject> {
  version = 0;
  health: Health = { state: 'syncing', count: 0 };
  private objects = new Map<string, KubeObject>();
  private items: readonly KubeObject[] = [];
  private listeners = new Set<() => void>();
  get size(): number {
    return this.objects.size;
  }
  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }
  list(): readonly KubeObject[] {
    return this.items;
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(objects: KubeObject[], health?: Health): void {
    this.objects = new Map(objects.map((o) => [keyOf(o), o]));
    this.items = [...this.objects.values()];
    this.health = health ?? { state: 'synced', count: objects.length, since: Date.now() };
    this.version++;
    for (const l of [...this.listeners]) l();
  }
}

const TYPES: Record<DraKind, { kind: string; namespaced: boolean }> = {
  resourceclaims: { kind: 'ResourceClaim', namespaced: true },
  resourceclaimtemplates: { kind: 'ResourceClaimTemplate', namespaced: true },
  deviceclasses: { kind: 'DeviceClass', namespaced: false },
  resourceslices: { kind: 'ResourceSlice', namespaced: false },
};

export class FakeClaimsApi implements ClaimsApi {
  /** false: the cluster serves no resource.k8s.io */
  served = true;
  readonly stores: Record<DraKind, KeyedStore> = {
    resourceclaims: new KeyedStore(),
    resourceclaimtemplates: new KeyedStore(),
    deviceclasses: new KeyedStore(),
    resourceslices: new KeyedStore(),
  };
  readonly calls: { method: string; args: unknown[] }[] = [];
  plan: ActionPlan | null = null;
  planError: Error | null = null;

  watched(kind: DraKind): WatchedResource | undefined {
    if (!this.served) return undefined;
    const t = TYPES[kind];
    return { type: { group: 'resource.k8s.io', version: 'v1', resource: kind, kind: t.kind, namespaced: t.namespaced, verbs: ['get', 'list', 'watch', 'patch', 'delete'], subresources: kind === 'resourceclaims' ? ['status'] : [] }, store: this.stores[kind] };
  }
  store(kind: DraKind) {
    return this.watched(kind)?.store;
  }
  private answer(method: string, ...args: unknown[]): Promise<ActionPlan> {
    this.calls.push({ method, args });
    if (this.planError) return Promise.reject(this.planError);
    if (!this.plan) return Promise.reject(new Error('no plan scripted'));
    return Promise.resolve(this.plan);
  }
  planDelete(claims: KubeObject[]) {
    return this.answer('planDelete', claims);
  }
  planRelease(claim: KubeObject, uid: string) {
    return this.answer('planRelease', claim, uid);
  }
  async get(object: KubeObject, kind: DraKind) {
    this.calls.push({ method: 'get', args: [object, kind] });
    return object;
  }
}
