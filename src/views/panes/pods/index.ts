import { paneSnapshot } from '../../../panes.js';
import { ALIASES } from '../aliases.js';
import type { PaneDef } from '../types.js';
import { podBindings } from './bindings.js';
import { PodsPane } from './PodsPane.js';

export const podsPane: PaneDef = {
  id: 'pods',
  title: 'Pods',
  digit: '1',
  aliases: ALIASES.pods,
  scopes: ['pods', 'list', 'global'],
  bindings: podBindings,
  badge: (api) => ({ name: 'pods', store: api.pods }),
  component: PodsPane,
  keepMounted: () => true,
  snapshot: (api, filters) => paneSnapshot(api, 'pods', filters),
};
