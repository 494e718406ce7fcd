// A ClaimsApi over in-memory stores: records intentions and answers with scripted plans.
import type { ClaimsApi, DraKind } from '../../src/k8s/claims.js';
import type { WatchedResource } from '../../src/k8s/session.js';
import type { ActionPlan, KubeObject } from '../../src/k8s/types.js';
import { FakeStore } from './fake-store.js';

const TYPES: Record<DraKind, { kind: string; namespaced: boolean }> = {
  resourceclaims: { kind: 'ResourceClaim', namespaced: true },
  resourceclaimtemplates: { kind: 'ResourceClaimTemplate', namespaced: true },
  deviceclasses: { kind: 'DeviceClass', namespaced: false },
  resourceslices: { kind: 'ResourceSlice', namespaced: false },
};

export class FakeClaimsApi implements ClaimsApi {
  /** false: the cluster serves no resource.k8s.io */
  served = true;
  readonly stores: Record<DraKind, FakeStore> = {
    resourceclaims: new FakeStore(),
    resourceclaimtemplates: new FakeStore(),
    deviceclasses: new FakeStore(),
    resourceslices: new FakeStore(),
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
}
