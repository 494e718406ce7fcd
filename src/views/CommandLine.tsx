import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

export type PaneId = 'pods' | 'claims' | 'volumes' | 'logs' | 'identity';

export type ParsedCommand =
  | { kind: 'pane'; pane: PaneId }
  | { kind: 'namespace'; namespace: string | null }
  | { kind: 'context'; name: string }
  | { kind: 'quit' }
  /** namespace undefined: the session's namespace */
  | { kind: 'logs'; namespace?: string; pod: string; container?: string }
  | { kind: 'error'; message: string };

const paneWords: Record<string, PaneId> = {
  pods: 'pods',
  po: 'pods',
  claims: 'claims',
  pvs: 'volumes',
  volumes: 'volumes',
  logs: 'logs',
  whoami: 'identity',
  identity: 'identity',
};

/** `:pods`, `:ns web`, `:ns all`, `:ctx prod`, `:q` */
export function parseCommand(text: string): ParsedCommand {
  const [word = '', ...args] = text.trim().replace(/^:/, '').split(/\s+/);
  const arg = args.join(' ');
  if (word === 'logs' && args.length) {
    const [ref = '', container] = args;
    const [ns, pod] = ref.includes('/') ? ref.split('/', 2) : [undefined, ref];
    if (!pod || args.length > 2) return { kind: 'error', message: ':logs takes NAMESPACE/POD and optionally a CONTAINER' };
    return { kind: 'logs', namespace: ns || undefined, pod, container };
  }
  if (word in paneWords) return { kind: 'pane', pane: paneWords[word] };
  if (word === 'q' || word === 'quit') return { kind: 'quit' };
  if (word === 'ns' || word === 'namespace') {
    if (!arg) return { kind: 'error', message: ':ns needs a namespace name, or "all"' };
    return { kind: 'namespace', namespace: arg === 'all' ? null : arg };
  }
  if (word === 'ctx' || word === 'context') {
    if (!arg) return { kind: 'error', message: ':ctx needs a context name' };
    return { kind: 'context', name: arg };
  }
  return { kind: 'error', message: `unknown command ":${word}" (try :pods :claims :pvs :logs :whoami :ns NAME :ctx NAME :q)` };
}

export interface CommandLineProps {
  text: string;
  width: number;
}

/** The `:` line as drawn; its keys are handled by its focus layer (router/textInput.ts). */
export function CommandLine({ text, width }: CommandLineProps) {
  const theme = useTheme();
  return (
    <Box width={width}>
      <Text wrap="truncate-end">
        <Text color={theme.accent}>:</Text>
        {text}
        <Text inverse>{' '}</Text>
      </Text>
    </Box>
  );
}
