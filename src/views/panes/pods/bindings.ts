import { mutating, type Binding } from '../../keys.js';

/** the pods pane's own keys */
export const podBindings: readonly Binding[] = [
  { keys: 'w', command: 'why', hint: 'why', description: 'why is it waiting? gates, claims, volumes, node fit, containers', scope: 'pods' },
  { keys: 'o', command: 'gatedOnly', hint: 'gated', description: 'only gated pods, then (with gate rules) only pods ready to ungate, then all', scope: 'pods' },
  { keys: 'l', command: 'logs', hint: 'logs', description: 'logs of the pod, all containers', scope: 'pods' },
  {
    keys: 'u',
    command: 'ungate', hint: 'ungate',
    description: 'remove scheduling gates',
    scope: 'pods',
    unavailable: mutating('ungate', (c) => c.canPatchPods, 'patch', 'pods here'),
  },
  {
    keys: 'U',
    command: 'ungateReady', hint: 'ungate ready',
    description: 'remove every gate of the shown pods whose gates are all ready by rule (gates.rules)',
    scope: 'pods',
    unavailable: mutating('ungate', (c) => c.canPatchPods, 'patch', 'pods here'),
  },
  {
    keys: '^d',
    command: 'delete',
    description: 'delete pods, after confirmation',
    scope: 'pods',
    unavailable: mutating('delete', (c) => c.canDeletePods, 'delete', 'pods here'),
  },
];
