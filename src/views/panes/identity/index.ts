import { paneSnapshot } from '../../../panes.js';
import { ALIASES } from '../aliases.js';
import type { PaneDef } from '../types.js';
import { identityBindings } from './bindings.js';
import { IdentityPane } from './IdentityPane.js';

export const identityPane: PaneDef = {
  id: 'identity',
  title: 'Identity',
  digit: '5',
  aliases: ALIASES.identity,
  scopes: ['identity', 'global'],
  bindings: identityBindings,
  component: IdentityPane,
  snapshot: (api, filters) => paneSnapshot(api, 'whoami', filters),
};
