import { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
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
  /** text typed together with ':' */
  initial?: string;
  onSubmit(text: string): void;
  onCancel(): void;
  width: number;
}

export function CommandLine({ onSubmit, onCancel, width, initial = '' }: CommandLineProps) {
  const theme = useTheme();
  const [text, setRendered] = useState(initial);
  // keys can arrive faster than renders: Enter must see every key typed before it
  const latest = useRef(initial);
  const setText = (next: string) => {
    latest.current = next;
    setRendered(next);
  };
  useInput((input, key) => {
    if (key.escape) return onCancel();
    if (key.return) return onSubmit(latest.current);
    if (key.backspace || key.delete) {
      if (latest.current === '') return onCancel();
      return setText(latest.current.slice(0, -1));
    }
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
    if (!input) return;
    // Fast typing or a paste arrives as one string, Enter included (":ns web⏎").
    const enter = input.search(/[\r\n]/);
    if (enter === -1) return setText(latest.current + input);
    onSubmit(latest.current + input.slice(0, enter));
  });
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
