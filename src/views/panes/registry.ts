// The one pane registry. Adding a pane: its folder (component, bindings, index.ts with
// its PaneDef) and one line here; see docs/adding-a-pane.md.
import { claimsPane } from './claims/index.js';
import { identityPane } from './identity/index.js';
import { logsPane } from './logs/index.js';
import { podsPane } from './pods/index.js';
import { resourcesPane } from './resources/index.js';
import type { PaneDef } from './types.js';
import { volumesPane } from './volumes/index.js';

export type { PaneDef, PaneProps } from './types.js';

export const panes: readonly PaneDef[] = [podsPane, claimsPane, volumesPane, logsPane, identityPane, resourcesPane];

/** the pane a user's word names (`:pv`, `--pane po`, `snapshot pod`), any case */
export function findPane(word: string, list: readonly PaneDef[] = panes): PaneDef | undefined {
  const w = word.toLowerCase();
  return list.find((p) => p.id === w || p.aliases.includes(w));
}

/** "pods, claims, pvs, logs, whoami": the first word of each, for messages */
export function paneWords(list: readonly PaneDef[] = panes, only?: (p: PaneDef) => boolean): string {
  return list
    .filter((p) => !only || only(p))
    .map((p) => p.aliases[0] ?? p.id)
    .join(', ');
}

/** `--pane NAME`, checked before the terminal is touched */
export function paneFromFlag(name: string | undefined, list: readonly PaneDef[] = panes): PaneDef {
  if (name === undefined) return list[0]!;
  const def = findPane(name, list);
  if (!def) throw new Error(`unknown pane "${name}" (${paneWords(list)})`);
  return def;
}

/** `snapshot NAME`: the pane and its printer, or the one-line reason there is none */
export function snapshotPane(name: string, list: readonly PaneDef[] = panes): PaneDef & Required<Pick<PaneDef, 'snapshot'>> {
  const def = findPane(name, list);
  if (!def?.snapshot) throw new Error(`unknown pane "${name}" (panes: ${paneWords(list, (p) => p.snapshot !== undefined)})`);
  return def as PaneDef & Required<Pick<PaneDef, 'snapshot'>>;
}
