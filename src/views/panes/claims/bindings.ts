import { mutating, type Binding } from '../../keys.js';

/** the claims pane's own keys: uppercase view keys, because c/s/d/w are taken or may be by list keys */
export const claimBindings: readonly Binding[] = [
  { keys: 'w', command: 'why', hint: 'why', description: 'why is it not allocated? device by device, per request', scope: 'claims' },
  { keys: 'tab', command: 'nextView', hint: 'view', description: 'next view: claims, slices, classes, waiting', scope: 'claims' },
  { keys: 'C', command: 'claimsView', description: 'ResourceClaims', scope: 'claims' },
  { keys: 'S', command: 'slicesView', description: 'ResourceSlices: devices per node/driver/pool', scope: 'claims' },
  { keys: 'D', command: 'classesView', description: 'DeviceClasses', scope: 'claims' },
  { keys: 'W', command: 'waitingView', description: 'pods waiting for a claim', scope: 'claims' },
  {
    keys: 'x',
    command: 'releaseReservation',
    hint: 'release stale',
    description: 'release a stale reservation (pod gone; break-glass)',
    scope: 'claims',
    unavailable: mutating('releasing a reservation', (c) => c.canPatchClaimStatus, 'patch', 'resourceclaims/status here'),
  },
  {
    keys: '^d',
    command: 'deleteClaim',
    description: 'delete claims, after confirmation',
    scope: 'claims',
    unavailable: mutating('delete', (c) => c.canDeleteClaims, 'delete', 'resourceclaims here'),
  },
];
