import { mutating, type Binding } from '../../keys.js';

const pvMutating = (what: string, can: Parameters<typeof mutating>[1], verb: string) => mutating(what, can, verb, 'persistentvolumes');

/** the volumes pane's own keys */
export const volumeBindings: readonly Binding[] = [
  { keys: 'o', command: 'staleOnly', description: 'only volumes Released longer than volumes.releasedThreshold (toggle)', scope: 'volumes' },
  { keys: 'a', command: 'makeAvailable', hint: 'avail', description: 'make Released volumes Available (clears the claimRef)', scope: 'volumes', unavailable: pvMutating('make Available', (c) => c.canPatchPvs, 'patch') },
  { keys: 'p', command: 'reclaimPolicy', description: 'set the reclaim policy: Retain or Delete', scope: 'volumes', unavailable: pvMutating('reclaim policy', (c) => c.canPatchPvs, 'patch') },
  { keys: 'c', command: 'cleanupFinalizer', hint: 'cleanup', description: 'run the backup and cleanup hooks, then remove the custom finalizer', scope: 'volumes', unavailable: pvMutating('cleanup', (c) => c.canPatchPvs, 'patch') },
  { keys: '^d', command: 'deleteVolume', description: 'delete volumes, after confirmation', scope: 'volumes', unavailable: pvMutating('delete', (c) => c.canDeletePvs, 'delete') },
];
