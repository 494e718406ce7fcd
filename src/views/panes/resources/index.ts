import type { PaneDef } from '../types.js';
import { resourceBindings } from './bindings.js';
import { RESOURCES } from './id.js';
import { ResourcesPane } from './ResourcesPane.js';

export const resourcesPane: PaneDef = {
  id: RESOURCES,
  title: 'Resources',
  digit: '6',
  aliases: ['resources'],
  scopes: [RESOURCES, 'list', 'global'],
  bindings: resourceBindings,
  component: ResourcesPane,
  // filter, sort and marks survive a visit to another pane
  keepMounted: () => true,
};
