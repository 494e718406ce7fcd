import type { Binding } from '../../keys.js';

/** p pauses and scrolls back (j/k, PgUp/PgDn, g); G follows again */
export const logBindings: readonly Binding[] = [
  { keys: 'f', command: 'logFollow', hint: 'follow', description: 'follow new lines (toggle)', scope: 'logs' },
  { keys: 'p', command: 'logPause', hint: 'pause', description: 'pause / resume the view', scope: 'logs' },
  { keys: 'c', command: 'logContainer', hint: 'container', description: 'next container, then all', scope: 'logs' },
  { keys: 't', command: 'logTimestamps', description: 'timestamps (toggle)', scope: 'logs' },
  { keys: 'w', command: 'logWrap', description: 'wrap long lines (toggle)', scope: 'logs' },
  { keys: 'P', command: 'logPrevious', description: 'previous instance (toggle)', scope: 'logs' },
  { keys: 's', command: 'logSince', description: 'since: all, 1m, 5m, 15m, 1h', scope: 'logs' },
  { keys: 'T', command: 'logTail', description: 'tail: 500, 100, 1000, 5000, all lines', scope: 'logs' },
  { keys: '/', command: 'search', hint: 'search', description: 'search and highlight', scope: 'logs' },
  { keys: 'n', command: 'searchNext', description: 'next match', scope: 'logs' },
  { keys: 'N', command: 'searchPrev', description: 'previous match', scope: 'logs' },
  { keys: 'S', command: 'logSave', hint: 'save', description: 'save lines to a file (0600)', scope: 'logs' },
];
