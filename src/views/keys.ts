import type { Key } from 'ink';

/**
 * The one key-binding table: components dispatch by command name through it, and the
 * `?` help is generated from it, so a binding cannot exist without being documented.
 */
export type Scope = 'global' | 'list' | 'pods' | 'logs' | 'claims' | 'identity' | 'volumes' | 'dialog';

export type Command =
  | 'quit'
  | 'help'
  | 'commandLine'
  | 'back'
  | 'pane1'
  | 'pane2'
  | 'pane3'
  | 'pane4'
  | 'pane5'
  | 'down'
  | 'up'
  | 'pageDown'
  | 'pageUp'
  | 'top'
  | 'bottom'
  | 'filter'
  | 'sortPrev'
  | 'sortNext'
  | 'sortReverse'
  | 'mark'
  | 'detail'
  | 'yaml'
  | 'ungate'
  | 'gatedOnly'
  | 'delete'
  | 'confirm'
  | 'cancel'
  | 'logs'
  | 'logFollow'
  | 'logPause'
  | 'logContainer'
  | 'logTimestamps'
  | 'logWrap'
  | 'logPrevious'
  | 'logSince'
  | 'logTail'
  | 'search'
  | 'searchNext'
  | 'searchPrev'
  | 'logSave'
  | 'claimsView'
  | 'slicesView'
  | 'classesView'
  | 'waitingView'
  | 'nextView'
  | 'releaseReservation'
  | 'deleteClaim'
  | 'refreshIdentity'
  | 'staleOnly'
  | 'makeAvailable'
  | 'reclaimPolicy'
  | 'cleanupFinalizer'
  | 'deleteVolume';

/** What decides whether a binding is offered right now. */
export interface KeyContext {
  readonly: boolean;
  /** canI answers; undefined while unknown (the plan's access check still answers) */
  canPatchPods?: boolean;
  canDeletePods?: boolean;
  /** persistentvolumes, asked by the volumes pane */
  canPatchPvs?: boolean;
  canDeletePvs?: boolean;
}

export interface Binding {
  /** how the key is shown in help and hints */
  keys: string;
  match(input: string, key: Key): boolean;
  command: Command;
  description: string;
  scope: Scope;
  /** a short word for the footer's key hints; bindings without one are only in help */
  hint?: string;
  /** a reason the binding is not offered now, or undefined when it is */
  unavailable?(ctx: KeyContext): string | undefined;
}

const plain = (ch: string) => (input: string, key: Key) => input === ch && !key.ctrl && !key.meta;
const ctrl = (ch: string) => (input: string, key: Key) => input === ch && key.ctrl;

const mutating =
  (what: string, can: (ctx: KeyContext) => boolean | undefined, verb: string) =>
  (ctx: KeyContext): string | undefined => {
    if (ctx.readonly) return `${what} is off: kubedeck was started with --readonly`;
    if (can(ctx) === false) return `${what} is not offered: the cluster says you may not ${verb} pods here`;
    return undefined;
  };

const pvMutating =
  (what: string, can: (ctx: KeyContext) => boolean | undefined, verb: string) =>
  (ctx: KeyContext): string | undefined => {
    if (ctx.readonly) return `${what} is off: kubedeck was started with --readonly`;
    if (can(ctx) === false) return `${what} is not offered: the cluster says you may not ${verb} persistentvolumes`;
    return undefined;
  };

export const bindings: readonly Binding[] = [
  { keys: '?', match: plain('?'), command: 'help', hint: 'help', description: 'show this help', scope: 'global' },
  { keys: ':', match: plain(':'), command: 'commandLine', hint: 'command', description: 'command: :pods :ns NAME :ctx NAME :q', scope: 'global' },
  { keys: 'q', match: plain('q'), command: 'quit', hint: 'quit', description: 'quit', scope: 'global' },
  { keys: 'esc', match: (_i, k) => k.escape, command: 'back', description: 'back; clear filter, then marks', scope: 'global' },
  { keys: '1', match: plain('1'), command: 'pane1', description: 'pods pane', scope: 'global' },
  { keys: '2', match: plain('2'), command: 'pane2', description: 'claims pane', scope: 'global' },
  { keys: '3', match: plain('3'), command: 'pane3', description: 'volumes pane', scope: 'global' },
  { keys: '4', match: plain('4'), command: 'pane4', description: 'logs pane', scope: 'global' },
  { keys: '5', match: plain('5'), command: 'pane5', description: 'identity pane', scope: 'global' },

  { keys: 'j ↓', match: (i, k) => k.downArrow || plain('j')(i, k), command: 'down', description: 'next row', scope: 'list' },
  { keys: 'k ↑', match: (i, k) => k.upArrow || plain('k')(i, k), command: 'up', description: 'previous row', scope: 'list' },
  { keys: 'PgDn ^f', match: (i, k) => k.pageDown || ctrl('f')(i, k), command: 'pageDown', description: 'page down', scope: 'list' },
  { keys: 'PgUp ^b', match: (i, k) => k.pageUp || ctrl('b')(i, k), command: 'pageUp', description: 'page up', scope: 'list' },
  { keys: 'g', match: (i, k) => k.home || plain('g')(i, k), command: 'top', description: 'first row', scope: 'list' },
  { keys: 'G', match: (i, k) => k.end || plain('G')(i, k), command: 'bottom', description: 'last row', scope: 'list' },
  { keys: '/', match: plain('/'), command: 'filter', hint: 'filter', description: 'filter (/!text inverts; ⏎ keep)', scope: 'list' },
  { keys: '<', match: plain('<'), command: 'sortPrev', description: 'sort by the column to the left', scope: 'list' },
  { keys: '>', match: plain('>'), command: 'sortNext', description: 'sort by the column to the right', scope: 'list' },
  { keys: 'r', match: plain('r'), command: 'sortReverse', description: 'reverse the sort order', scope: 'list' },
  { keys: 'space', match: plain(' '), command: 'mark', hint: 'mark', description: 'mark or unmark the row', scope: 'list' },
  { keys: '⏎ d', match: (i, k) => k.return || plain('d')(i, k), command: 'detail', hint: 'detail', description: 'details and recent events', scope: 'list' },
  { keys: 'y', match: plain('y'), command: 'yaml', description: 'YAML of the object, fetched fresh', scope: 'list' },

  { keys: 'o', match: plain('o'), command: 'gatedOnly', hint: 'gated', description: 'only gated pods (toggle)', scope: 'pods' },
  { keys: 'l', match: plain('l'), command: 'logs', hint: 'logs', description: 'logs of the pod, all containers', scope: 'pods' },
  {
    keys: 'u',
    match: plain('u'),
    command: 'ungate', hint: 'ungate',
    description: 'remove scheduling gates',
    scope: 'pods',
    unavailable: mutating('ungate', (c) => c.canPatchPods, 'patch'),
  },
  {
    keys: '^d',
    match: ctrl('d'),
    command: 'delete',
    description: 'delete pods, after confirmation',
    scope: 'pods',
    unavailable: mutating('delete', (c) => c.canDeletePods, 'delete'),
  },

  // claims pane: uppercase view keys, because c/s/d/w are taken or may be by list keys
  { keys: 'tab', match: (_i, k) => k.tab && !k.shift, command: 'nextView', hint: 'view', description: 'next view: claims, slices, classes, waiting', scope: 'claims' },
  { keys: 'C', match: plain('C'), command: 'claimsView', description: 'ResourceClaims', scope: 'claims' },
  { keys: 'S', match: plain('S'), command: 'slicesView', description: 'ResourceSlices: devices per node/driver/pool', scope: 'claims' },
  { keys: 'D', match: plain('D'), command: 'classesView', description: 'DeviceClasses', scope: 'claims' },
  { keys: 'W', match: plain('W'), command: 'waitingView', description: 'pods waiting for a claim', scope: 'claims' },
  {
    keys: 'x',
    match: plain('x'),
    command: 'releaseReservation',
    hint: 'release stale',
    description: 'release a stale reservation (pod gone; break-glass)',
    scope: 'claims',
    unavailable: (c) => (c.readonly ? 'releasing a reservation is off: kubedeck was started with --readonly' : undefined),
  },
  {
    keys: '^d',
    match: ctrl('d'),
    command: 'deleteClaim',
    description: 'delete claims, after confirmation',
    scope: 'claims',
    unavailable: (c) => (c.readonly ? 'delete is off: kubedeck was started with --readonly' : undefined),
  },

  // identity pane: R, because r reverses the sort in lists
  { keys: 'R', match: plain('R'), command: 'refreshIdentity', hint: 'refresh', description: 'ask again: who am I, what may I do', scope: 'identity' },

  // volumes pane
  { keys: 'o', match: plain('o'), command: 'staleOnly', description: 'only volumes Released longer than volumes.releasedThreshold (toggle)', scope: 'volumes' },
  { keys: 'a', match: plain('a'), command: 'makeAvailable', hint: 'avail', description: 'make Released volumes Available (clears the claimRef)', scope: 'volumes', unavailable: pvMutating('make Available', (c) => c.canPatchPvs, 'patch') },
  { keys: 'p', match: plain('p'), command: 'reclaimPolicy', description: 'set the reclaim policy: Retain or Delete', scope: 'volumes', unavailable: pvMutating('reclaim policy', (c) => c.canPatchPvs, 'patch') },
  { keys: 'c', match: plain('c'), command: 'cleanupFinalizer', hint: 'cleanup', description: 'run the backup and cleanup hooks, then remove the custom finalizer', scope: 'volumes', unavailable: pvMutating('cleanup', (c) => c.canPatchPvs, 'patch') },
  { keys: '^d', match: ctrl('d'), command: 'deleteVolume', description: 'delete volumes, after confirmation', scope: 'volumes', unavailable: pvMutating('delete', (c) => c.canDeletePvs, 'delete') },

  // logs pane: p pauses and scrolls back (j/k, PgUp/PgDn, g); G follows again
  { keys: 'f', match: plain('f'), command: 'logFollow', hint: 'follow', description: 'follow new lines (toggle)', scope: 'logs' },
  { keys: 'p', match: plain('p'), command: 'logPause', hint: 'pause', description: 'pause / resume the view', scope: 'logs' },
  { keys: 'c', match: plain('c'), command: 'logContainer', hint: 'container', description: 'next container, then all', scope: 'logs' },
  { keys: 't', match: plain('t'), command: 'logTimestamps', description: 'timestamps (toggle)', scope: 'logs' },
  { keys: 'w', match: plain('w'), command: 'logWrap', description: 'wrap long lines (toggle)', scope: 'logs' },
  { keys: 'P', match: plain('P'), command: 'logPrevious', description: 'previous instance (toggle)', scope: 'logs' },
  { keys: 's', match: plain('s'), command: 'logSince', description: 'since: all, 1m, 5m, 15m, 1h', scope: 'logs' },
  { keys: 'T', match: plain('T'), command: 'logTail', description: 'tail: 500, 100, 1000, 5000, all lines', scope: 'logs' },
  { keys: '/', match: plain('/'), command: 'search', hint: 'search', description: 'search and highlight', scope: 'logs' },
  { keys: 'n', match: plain('n'), command: 'searchNext', description: 'next match', scope: 'logs' },
  { keys: 'N', match: plain('N'), command: 'searchPrev', description: 'previous match', scope: 'logs' },
  { keys: 'S', match: plain('S'), command: 'logSave', hint: 'save', description: 'save lines to a file (0600)', scope: 'logs' },

  { keys: 'j ↓', match: (i, k) => k.downArrow || plain('j')(i, k), command: 'down', description: 'next option', scope: 'dialog' },
  { keys: 'k ↑', match: (i, k) => k.upArrow || plain('k')(i, k), command: 'up', description: 'previous option', scope: 'dialog' },
  { keys: '⏎', match: (_i, k) => k.return, command: 'confirm', description: 'apply / choose', scope: 'dialog' },
  { keys: 'esc', match: (_i, k) => k.escape, command: 'cancel', description: 'cancel (never quits)', scope: 'dialog' },
];

/** The first binding in the given scopes that matches the keypress. */
export function findBinding(input: string, key: Key, scopes: readonly Scope[], table: readonly Binding[] = bindings): Binding | undefined {
  return table.find((b) => scopes.includes(b.scope) && b.match(input, key));
}

export const scopeTitles: Record<Scope, string> = {
  global: 'Everywhere',
  list: 'Lists',
  pods: 'Pods',
  claims: 'Claims',
  identity: 'Identity',
  volumes: 'Volumes',
  logs: 'Logs',
  dialog: 'Dialogs',
};

/** Bindings offered in this context, grouped by scope in table order. */
export function helpSections(ctx: KeyContext, table: readonly Binding[] = bindings): { scope: Scope; bindings: Binding[] }[] {
  const sections: { scope: Scope; bindings: Binding[] }[] = [];
  for (const b of table) {
    if (b.unavailable?.(ctx)) continue;
    let section = sections.find((s) => s.scope === b.scope);
    if (!section) {
      section = { scope: b.scope, bindings: [] };
      sections.push(section);
    }
    section.bindings.push(b);
  }
  return sections;
}

/** "? help  / filter  …": the footer's hints for the scopes in view, offered ones only */
export function hints(ctx: KeyContext, scopes: readonly Scope[], table: readonly Binding[] = bindings): string {
  return table
    .filter((b) => b.hint && scopes.includes(b.scope) && !b.unavailable?.(ctx))
    .map((b) => `${b.keys.split(' ')[0]} ${b.hint}`)
    .join('  ');
}
