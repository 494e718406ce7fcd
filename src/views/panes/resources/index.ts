import type { PaneDef } from '../types.js';
import { resourceBindings } from './bindings.js';
import { RESOURCES } from './id.js';
import { ResourcesPane, resourceName } from './ResourcesPane.js';

export const resourcesPane: PaneDef = {
  id: RESOURCES,
  title: 'Resources',
  digit: '6',
  aliases: ['resources'],
  scopes: [RESOURCES, 'list', 'global'],
  // no list keys while no resource is chosen: there is no list
  scopesNow: (ui) => (ui.resourceTarget ? [RESOURCES, 'list', 'global'] : ['global']),
  bindings: resourceBindings,
  component: ResourcesPane,
  // the chosen resource's list health in the tab line: "deployments.apps ✗ forbidden: …"
  badge: (api, ui) => (ui.resourceTarget && api.tables ? { name: resourceName(ui.resourceTarget), store: api.tables.table(ui.resourceTarget).store } : undefined),
  // filter, sort and marks survive a visit to another pane
  keepMounted: () => true,
};
