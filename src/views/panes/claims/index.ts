import { paneSnapshot } from '../../../panes.js';
import { ALIASES } from '../aliases.js';
import type { PaneDef } from '../types.js';
import { claimBindings } from './bindings.js';
import { ClaimsPane } from './ClaimsPane.js';

export const claimsPane: PaneDef = {
  id: 'claims',
  title: 'Claims',
  digit: '2',
  aliases: ALIASES.claims,
  scopes: ['claims', 'list', 'global'],
  bindings: claimBindings,
  badge: (api) => {
    const store = api.claims.store('resourceclaims');
    return store ? { name: 'claims', store } : undefined;
  },
  component: ClaimsPane,
  snapshot: (api, filters) => paneSnapshot(api, 'claims', filters),
};
