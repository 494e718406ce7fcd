import { mutating, type Binding } from '../../keys.js';

/** the resources pane's own keys */
export const resourceBindings: readonly Binding[] = [
  { keys: 'w', command: 'why', hint: 'why', description: 'pods and resource claims: why is it waiting? (as kubedeck why)', scope: 'resources' },
  { keys: 'o', command: 'wideColumns', hint: 'wide', description: 'all columns, as kubectl get -o wide (toggle)', scope: 'resources' },
  {
    keys: '^d',
    command: 'delete',
    description: 'delete, after confirmation (access check and dry run first)',
    scope: 'resources',
    unavailable: mutating('delete', (c) => c.canDeleteResource, 'delete', 'this resource here'),
  },
];
