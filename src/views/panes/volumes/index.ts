import { paneSnapshot } from '../../../panes.js';
import { ALIASES } from '../aliases.js';
import type { PaneDef } from '../types.js';
import { volumeBindings } from './bindings.js';
import { VolumesPane } from './VolumesPane.js';

export const volumesPane: PaneDef = {
  id: 'volumes',
  title: 'Volumes',
  digit: '3',
  aliases: ALIASES.volumes,
  scopes: ['volumes', 'list', 'global'],
  bindings: volumeBindings,
  badge: (api) => ({ name: 'pvs', store: api.volumes.store() }),
  component: VolumesPane,
  snapshot: (api, filters) => paneSnapshot(api, 'pvs', filters),
};
