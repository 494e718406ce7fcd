import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

import type { PaneDef } from './panes/types.js';
import { findPane } from './panes/registry.js';

/** a pane's id in the registry (pods, claims, volumes, logs, identity, …) */
export type PaneId = string;

export type ParsedCommand =
  | { kind: 'pane'; pane: PaneId }
  | { kind: 'namespace'; namespace: string | null }
  | { kind: 'context'; name: string }
  /** `:ctx` alone: pick one */
  | { kind: 'contexts' }
  | { kind: 'quit' }
  /** namespace undefined: the session's namespace */
  | { kind: 'logs'; namespace?: string; pod: string; container?: string }
  /** anything else: a resource for discovery to resolve (`:deploy`, `:res apps/deployments`) */
  | { kind: 'resource'; typed: string }
  | { kind: 'error'; message: string };

const WORDS = ['ns', 'namespace', 'ctx', 'context', 'logs', 'res', 'q', 'quit'];

/** `:pods`, `:pv`, `:ns web`, `:ns all`, `:ctx prod`, `:ctx`, `:logs NS/POD`, `:q` */
export function parseCommand(text: string, panes: readonly PaneDef[]): ParsedCommand {
  const [word = '', ...args] = text.trim().replace(/^:/, '').split(/\s+/);
  const arg = args.join(' ');
  if (word === 'logs' && args.length) {
    const [ref = '', container] = args;
    const [ns, pod] = ref.includes('/') ? ref.split('/', 2) : [undefined, ref];
    if (!pod || args.length > 2) return { kind: 'error', message: ':logs takes NAMESPACE/POD and optionally a CONTAINER' };
    return { kind: 'logs', namespace: ns || undefined, pod, container };
  }
  const pane = word ? findPane(word, panes) : undefined;
  if (pane) return { kind: 'pane', pane: pane.id };
  if (word === 'q' || word === 'quit') return { kind: 'quit' };
  if (word === 'ns' || word === 'namespace') {
    if (!arg) return { kind: 'error', message: ':ns needs a namespace name, or "all"' };
    return { kind: 'namespace', namespace: arg === 'all' ? null : arg };
  }
  if (word === 'ctx' || word === 'context') return arg ? { kind: 'context', name: arg } : { kind: 'contexts' };
  if (word === 'res' || word === 'resource') {
    if (args.length !== 1) return { kind: 'error', message: ':res takes one RESOURCE or GROUP/RESOURCE, e.g. :res apps/deployments' };
    return { kind: 'resource', typed: args[0]! };
  }
  if (word && !args.length) return { kind: 'resource', typed: word };
  const names = panes.map((p) => `:${p.aliases[0] ?? p.id}`).join(' ');
  return { kind: 'error', message: `unknown command ":${word}" (try ${names} :deploy :nodes :res GROUP/RESOURCE :ns NAME :ctx :q)` };
}

/**
 * Tab in the command line: the first word completes over the panes' words and the
 * commands; `:ns`/`:ctx` complete over the names given. The longest common start of
 * the candidates, and the candidates themselves for the line's hint.
 */
export function completeCommand(text: string, panes: readonly PaneDef[], names: { namespaces?: readonly string[]; contexts?: readonly string[] } = {}): { text: string; candidates: string[] } {
  const space = text.indexOf(' ');
  const pool =
    space === -1
      ? [...panes.flatMap((p) => [p.id, ...p.aliases]), ...WORDS]
      : /^(ns|namespace)$/.test(text.slice(0, space))
        ? [...(names.namespaces ?? []), 'all']
        : /^(ctx|context)$/.test(text.slice(0, space))
          ? [...(names.contexts ?? [])]
          : [];
  const head = space === -1 ? '' : text.slice(0, space + 1);
  const part = space === -1 ? text : text.slice(space + 1);
  const candidates = [...new Set(pool)].filter((w) => w.startsWith(part)).sort();
  if (candidates.length === 0) return { text, candidates };
  let common = candidates[0]!;
  for (const c of candidates) while (!c.startsWith(common)) common = common.slice(0, -1);
  const done = candidates.length === 1 && space === -1 ? ' ' : '';
  return { text: head + common + done, candidates };
}

export interface CommandLineProps {
  text: string;
  /** what tab offered last, shown dim after the cursor */
  hint?: string;
  width: number;
}

/** The `:` line as drawn; its keys are handled by its focus layer (router/textInput.ts). */
export function CommandLine({ text, hint = '', width }: CommandLineProps) {
  const theme = useTheme();
  return (
    <Box width={width}>
      <Text wrap="truncate-end">
        <Text color={theme.accent}>:</Text>
        {text}
        <Text inverse>{' '}</Text>
        <Text dimColor={theme.dim}>{hint ? `  ${hint}` : ''}</Text>
      </Text>
    </Box>
  );
}
