// The console's binding table: everyone's keys, a digit per pane, each pane's own keys,
// then the config file's remapping (`keys:`), checked for unknown commands and clashes.
import { createContext, useContext } from 'react';
import { ConfigError } from '../config.js';
import { baseBindings, scopeTitles, validKey, type Binding } from './keys.js';
import type { PaneDef } from './panes/types.js';

export interface KeyTable {
  bindings: readonly Binding[];
  /** titles of scopes, panes' included */
  titles: Readonly<Record<string, string>>;
}

/** a `keys:` entry of the config file that cannot be used */
export class KeyConfigError extends ConfigError {}

/** command id → keys, e.g. { quit: 'x', down: 'j ↓ n' } (config `keys:`) */
export type KeyRemap = Readonly<Record<string, string>>;

/** g and G are two keys; Esc and esc one */
const norm = (token: string) => ([...token].length > 1 ? token.toLowerCase() : token);

/** bindings in scopes that can be in effect together cannot share a key */
function together(a: Binding, b: Binding): boolean {
  if (a.scope === b.scope) return true;
  // global keys reach every pane; dialogs take all keys themselves (esc there is cancel)
  return (a.scope === 'global' && b.scope !== 'dialog') || (b.scope === 'global' && a.scope !== 'dialog');
}

export function buildKeyTable(panes: readonly PaneDef[], remap: KeyRemap = {}): KeyTable {
  const global = baseBindings.filter((b) => b.scope === 'global');
  const words = panes.map((p) => `:${p.aliases[0] ?? p.id}`).join(' ');
  const paneKeys: Binding[] = panes.map((p) => ({ keys: p.digit, command: `pane:${p.id}`, description: `${p.title} (:${p.aliases.slice(0, 3).join(' :')})`, scope: 'global' }));
  let bindings: Binding[] = [
    ...global.map((b) => (b.command === 'commandLine' ? { ...b, description: `${words} :ns :ctx :q` } : b)),
    ...paneKeys,
    ...baseBindings.filter((b) => b.scope === 'list'),
    ...panes.flatMap((p) => p.bindings ?? []),
    ...baseBindings.filter((b) => b.scope === 'dialog'),
  ];
  const commands = new Set(bindings.map((b) => b.command));
  for (const [command, keys] of Object.entries(remap)) {
    if (!commands.has(command)) throw new KeyConfigError(`keys: unknown command "${command}" (commands: ${[...commands].join(', ')})`);
    const tokens = String(keys).split(' ').filter(Boolean);
    const bad = tokens.find((t) => !validKey(t));
    if (!tokens.length || bad !== undefined) throw new KeyConfigError(`keys.${command}: "${keys}" is not a key (a character, ^x, esc, ⏎, tab, space, ↓ ↑ ← →, PgDn, PgUp, Home, End; several apart by spaces)`);
    bindings = bindings.map((b) => (b.command === command ? { ...b, keys: tokens.join(' ') } : b));
  }
  for (const [i, a] of bindings.entries()) {
    const mine = new Set(a.keys.split(' ').map(norm));
    for (const b of bindings.slice(i + 1)) {
      const shared = b.keys.split(' ').find((t) => mine.has(norm(t)));
      if (shared !== undefined && together(a, b) && a.command !== b.command)
        throw new KeyConfigError(`keys: "${shared}" is bound to both ${a.command} (${a.scope}) and ${b.command} (${b.scope})`);
    }
  }
  const titles = { ...scopeTitles, ...Object.fromEntries(panes.map((p) => [p.id, p.title])) };
  return { bindings, titles };
}

export const KeyTableContext = createContext<KeyTable>({ bindings: baseBindings, titles: scopeTitles });

export function useKeyTable(): KeyTable {
  return useContext(KeyTableContext);
}
