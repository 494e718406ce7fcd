import type { Key } from 'ink';

/**
 * Key bindings as data: components dispatch by command name, and `?` and the footer
 * are generated from the table, so a binding cannot exist without being documented.
 * The table the console uses is built by `bindings.ts` from these, each pane's own
 * and the config file's remapping.
 */
/** global, list and dialog are everyone's; a pane's own scope is its id (pods, claims, …) */
export type Scope = 'global' | 'list' | 'dialog' | (string & {});

/** built-in commands; a pane may add its own, and `pane:ID` shows pane ID */
export type Command =
  | (string & {})
  | 'quit'
  | 'help'
  | 'commandLine'
  | 'back'
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
  | 'copy'
  | 'ungate'
  | 'ungateReady'
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
  /** resourceclaims (delete) and resourceclaims/status (patch: release), asked by the claims list */
  canDeleteClaims?: boolean;
  canPatchClaimStatus?: boolean;
  /** the resource chosen in pane 6 (delete) */
  canDeleteResource?: boolean;
}

export interface Binding {
  /** the keys, space-separated, as help shows them and as they match: a character, ^x (Ctrl), esc, ⏎, tab, space, ↓ ↑ ← →, PgDn, PgUp, Home, End */
  keys: string;
  command: Command;
  description: string;
  scope: Scope;
  /** a short word for the footer's key hints; bindings without one are only in help */
  hint?: string;
  /** a reason the binding is not offered now, or undefined when it is */
  unavailable?(ctx: KeyContext): string | undefined;
}

const NAMED: Record<string, (key: Key) => boolean> = {
  esc: (k) => k.escape,
  '⏎': (k) => k.return,
  enter: (k) => k.return,
  tab: (k) => k.tab && !k.shift,
  '↓': (k) => k.downArrow,
  '↑': (k) => k.upArrow,
  '←': (k) => k.leftArrow,
  '→': (k) => k.rightArrow,
  pgdn: (k) => k.pageDown,
  pgup: (k) => k.pageUp,
  home: (k) => k.home,
  end: (k) => k.end,
};

/** whether one key token (see Binding.keys) is a valid key name */
export function validKey(token: string): boolean {
  return token.toLowerCase() in NAMED || token === 'space' || /^\^[a-z]$/.test(token) || [...token].length === 1;
}

function tokenMatches(token: string, input: string, key: Key): boolean {
  const named = NAMED[token.toLowerCase()];
  if (named) return named(key);
  if (token === 'space') return input === ' ' && !key.ctrl && !key.meta;
  if (/^\^[a-z]$/.test(token)) return key.ctrl && input === token[1];
  return input === token && !key.ctrl && !key.meta;
}

/** whether the keypress is one of the binding's keys */
export function matches(binding: Pick<Binding, 'keys'>, input: string, key: Key): boolean {
  return binding.keys.split(' ').some((t) => t && tokenMatches(t, input, key));
}

/** "x is off: …readonly" or "…the cluster says you may not VERB RESOURCE" */
export const mutating =
  (what: string, can: (ctx: KeyContext) => boolean | undefined, verb: string, resource: string) =>
  (ctx: KeyContext): string | undefined => {
    if (ctx.readonly) return `${what} is off: kubedeck was started with --readonly`;
    if (can(ctx) === false) return `${what} is not offered: the cluster says you may not ${verb} ${resource}`;
    return undefined;
  };

/** Everyone's keys: global, lists and dialogs. Each pane brings its own (src/views/panes/<id>/bindings.ts). */
export const baseBindings: readonly Binding[] = [
  { keys: '?', command: 'help', hint: 'help', description: 'show this help', scope: 'global' },
  { keys: ':', command: 'commandLine', hint: 'command', description: 'command: :pods :ns NAME :ctx NAME :q', scope: 'global' },
  { keys: 'q', command: 'quit', hint: 'quit', description: 'quit', scope: 'global' },
  { keys: 'esc', command: 'back', description: 'back; clear filter, then marks', scope: 'global' },
  { keys: 'j ↓', command: 'down', description: 'next row', scope: 'list' },
  { keys: 'k ↑', command: 'up', description: 'previous row', scope: 'list' },
  { keys: 'PgDn ^f', command: 'pageDown', description: 'page down', scope: 'list' },
  { keys: 'PgUp ^b', command: 'pageUp', description: 'page up', scope: 'list' },
  { keys: 'g Home', command: 'top', description: 'first row', scope: 'list' },
  { keys: 'G End', command: 'bottom', description: 'last row', scope: 'list' },
  { keys: '/', command: 'filter', hint: 'filter', description: 'filter (/!text inverts; ⏎ keep)', scope: 'list' },
  { keys: '<', command: 'sortPrev', description: 'sort by the column to the left', scope: 'list' },
  { keys: '>', command: 'sortNext', description: 'sort by the column to the right', scope: 'list' },
  { keys: 'r', command: 'sortReverse', description: 'reverse the sort order', scope: 'list' },
  { keys: 'space', command: 'mark', hint: 'mark', description: 'mark or unmark the row', scope: 'list' },
  { keys: '⏎ d', command: 'detail', hint: 'detail', description: 'details and recent events', scope: 'list' },
  { keys: 'y', command: 'yaml', description: 'YAML of the object, fetched fresh', scope: 'list' },
  { keys: 'Y', command: 'copy', description: 'copy the name to your clipboard (OSC 52, works over SSH)', scope: 'list' },
  { keys: 'j ↓', command: 'down', description: 'next option', scope: 'dialog' },
  { keys: 'k ↑', command: 'up', description: 'previous option', scope: 'dialog' },
  { keys: '⏎', command: 'confirm', description: 'apply / choose', scope: 'dialog' },
  { keys: 'esc', command: 'cancel', description: 'cancel (never quits)', scope: 'dialog' },
];

/** The first binding in the given scopes that matches the keypress. */
export function findBinding(input: string, key: Key, scopes: readonly Scope[], table: readonly Binding[] = baseBindings): Binding | undefined {
  return table.find((b) => scopes.includes(b.scope) && matches(b, input, key));
}

/** titles of the shared scopes; a pane's scope is titled by the pane */
export const scopeTitles: Record<string, string> = {
  global: 'Everywhere',
  list: 'Lists',
  dialog: 'Dialogs',
};

/** Bindings offered in this context, grouped by scope in table order. */
export function helpSections(ctx: KeyContext, table: readonly Binding[] = baseBindings): { scope: Scope; bindings: Binding[] }[] {
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
export function hints(ctx: KeyContext, scopes: readonly Scope[], table: readonly Binding[] = baseBindings): string {
  return table
    .filter((b) => b.hint && scopes.includes(b.scope) && !b.unavailable?.(ctx))
    .map((b) => `${b.keys.split(' ')[0]} ${b.hint}`)
    .join('  ');
}
