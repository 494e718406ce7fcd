import type { Binding } from '../../keys.js';

/** R, because r reverses the sort in lists */
export const identityBindings: readonly Binding[] = [
  { keys: 'R', command: 'refreshIdentity', hint: 'refresh', description: 'ask again: who am I, what may I do', scope: 'identity' },
];
