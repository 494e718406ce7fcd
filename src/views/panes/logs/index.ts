import { paneSnapshot } from '../../../panes.js';
import { ALIASES } from '../aliases.js';
import type { PaneDef } from '../types.js';
import { logBindings } from './bindings.js';
import { LogsPane } from './LogsPane.js';

export const logsPane: PaneDef = {
  id: 'logs',
  title: 'Logs',
  digit: '4',
  aliases: ALIASES.logs,
  scopes: ['logs', 'global'],
  bindings: logBindings,
  component: LogsPane,
  // keeps tailing while another pane is shown
  keepMounted: (ui) => ui.logTarget !== null,
  snapshot: (api, filters) => paneSnapshot(api, 'logs', filters),
};
