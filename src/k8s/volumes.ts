// PersistentVolumes: the volumes pane's store and cleanup (hooks, then the finalizer's
// removal), and the intentions make Available and reclaim policy, planned through
// resource(persistentvolumes). Every request pins what the user looked at (JSON Patch `test`).
import type { SessionCore } from './session.js';
import { jsonPatchRequest, resourcePath } from './paths.js';
import { prepareCleanup, runCleanup, type CleanupDeps } from './pvcleanup.js';
import type { ActionPlan, Health, KubeObject, PlannedRequest, ReadableStore, ResourceApi, ResourceType } from './types.js';
import type { ReclaimPolicy, VolumeSettings, VolumesApi } from './types.js';
export type { ReclaimPolicy, VolumeSettings, VolumesApi } from './types.js';





const targetOf = (pv: KubeObject) => pv.metadata.name;

/**
 * `test` on the claim's uid as read, then remove the whole claimRef. If the volume
 * was bound to another claim meanwhile, the test fails and nothing changes.
 */
export function makeAvailableRequest(pv: KubeObject, rt: ResourceType): PlannedRequest {
  const name = targetOf(pv);
  const uid: unknown = pv.spec?.claimRef?.uid;
  if (!pv.spec?.claimRef) throw new Error(`${name} has no claimRef: nothing to release`);
  if (typeof uid !== 'string' || uid === '') throw new Error(`${name}: its claimRef has no uid (pre-bound, never bound); refusing to clear it`);
  return jsonPatchRequest(name, resourcePath(rt, { name }), [
    { op: 'test', path: '/spec/claimRef/uid', value: uid },
    { op: 'remove', path: '/spec/claimRef' },
  ]);
}

/** `test` on the current policy, then replace it: a concurrent change is not overwritten. */
export function reclaimPolicyRequest(pv: KubeObject, policy: ReclaimPolicy, rt: ResourceType): PlannedRequest {
  const name = targetOf(pv);
  const current: unknown = pv.spec?.persistentVolumeReclaimPolicy;
  if (typeof current !== 'string') throw new Error(`${name} has no reclaim policy to change`);
  return jsonPatchRequest(name, resourcePath(rt, { name }), [
    { op: 'test', path: '/spec/persistentVolumeReclaimPolicy', value: current },
    { op: 'replace', path: '/spec/persistentVolumeReclaimPolicy', value: policy },
  ]);
}

const isReleased = (pv: KubeObject) => !pv.metadata.deletionTimestamp && pv.status?.phase === 'Released';

/** persistentvolumes: Released → Available, planned as a patch; volumes not Released are left out */
export async function planMakeAvailable(volumes: ResourceApi, pvs: KubeObject[]): Promise<ActionPlan> {
  const rt = volumes.type;
  if (!rt) throw new Error('the server does not serve persistentvolumes');
  const chosen = pvs.filter(isReleased);
  const left = pvs.filter((p) => !isReleased(p)).map(targetOf);
  const warnings = ['the volume keeps the old data: a new claim can bind it and read it (clean it first if needed)'];
  if (left.length) warnings.push(`left out, not Released: ${left.join(', ')}`);
  return volumes.planPatch({
    title: chosen.length === 1 ? 'Make volume Available' : `Make ${chosen.length} volumes Available`,
    requests: chosen.map((p) => makeAvailableRequest(p, rt)),
    warnings,
  });
}

/** persistentvolumes: the reclaim policy, planned as a patch; volumes that already have it are left out */
export async function planReclaimPolicy(volumes: ResourceApi, pvs: KubeObject[], policy: ReclaimPolicy): Promise<ActionPlan> {
  const rt = volumes.type;
  if (!rt) throw new Error('the server does not serve persistentvolumes');
  const chosen = pvs.filter((p) => p.spec?.persistentVolumeReclaimPolicy !== policy);
  const left = pvs.filter((p) => p.spec?.persistentVolumeReclaimPolicy === policy).map(targetOf);
  const warnings: string[] = [];
  if (left.length) warnings.push(`left out, already ${policy}: ${left.join(', ')}`);
  if (policy === 'Delete') {
    const released = chosen.filter((p) => p.status?.phase === 'Released').map(targetOf);
    if (released.length) warnings.push(`Released volumes with policy Delete are deleted with their data by the provisioner: ${released.join(', ')}`);
  }
  return volumes.planPatch({ title: `Set reclaim policy ${policy}`, requests: chosen.map((p) => reclaimPolicyRequest(p, policy, rt)), warnings });
}

/** Stands in when the server serves no PersistentVolumes, or watching them is not allowed. */
function unavailableStore(message: string): ReadableStore<KubeObject> {
  const health: Health = { state: 'unavailable', message };
  return { version: 0, size: 0, health, get: () => undefined, list: () => [], subscribe: () => () => undefined };
}

export function createVolumesApi(core: SessionCore): VolumesApi {
  const v = core.config.volumes;
  const settings: VolumeSettings = {
    releasedThresholdMs: v.releasedThreshold,
    customFinalizer: v.customFinalizer,
    hooks: { backup: v.hooks.backup, cleanup: v.hooks.cleanup },
  };
  let store: ReadableStore<KubeObject> | undefined;
  const rt = (): ResourceType => {
    const found = core.discovery.resolve('', 'persistentvolumes', ['v1']);
    if (!found) throw new Error('the server does not serve persistentvolumes');
    return found;
  };
  const deps = (): CleanupDeps => ({
    transport: core.transport,
    volumes: core.resource({ group: '', resource: 'persistentvolumes' }),
    rt: rt(),
    customFinalizer: settings.customFinalizer,
    hooks: settings.hooks,
    readonly: core.readonly,
    context: core.ctx.name,
    server: core.transport.server,
    user: core.user,
    audit: core.audit,
  });
  return {
    settings,
    store() {
      store ??= core.watched('', 'persistentvolumes', ['v1'])?.store ?? unavailableStore('the server does not serve persistentvolumes, or you may not watch them');
      return store;
    },
    prepareCleanup: (name, expectUid) => prepareCleanup(deps(), name, expectUid),
    runCleanup: (plan, opts) => runCleanup(deps(), plan, opts),
  };
}
