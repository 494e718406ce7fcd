import { useState } from 'react';
import { Box, Text } from 'ink';
import { sanitize } from '../state/sanitize.js';
import { useKeymap } from './hooks/useKeymap.js';
import { useTheme } from './theme.js';

/** `:ctx` alone: the kubeconfig's contexts, picked with j/k and ⏎. */
export function ContextPicker({ contexts, current, onPick, onCancel, width }: { contexts: readonly string[]; current: string; onPick(name: string): void; onCancel(): void; width: number }) {
  const theme = useTheme();
  const [index, setIndex] = useState(Math.max(0, contexts.indexOf(current)));
  useKeymap({
    scopes: ['dialog'],
    handlers: {
      down: () => setIndex((i) => Math.min(contexts.length - 1, i + 1)),
      up: () => setIndex((i) => Math.max(0, i - 1)),
      confirm: () => contexts[index] !== undefined && onPick(contexts[index]),
      cancel: onCancel,
    },
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} width={Math.min(width, 90)} paddingX={1}>
      <Text bold wrap="truncate-end">Switch context</Text>
      {contexts.map((c, i) => (
        <Text key={c} inverse={i === index && theme.inverse} wrap="truncate-end">
          {i === index ? '(•) ' : '( ) '}
          {sanitize(c)}
          {c === current ? ' (current)' : ''}
        </Text>
      ))}
      <Text dimColor={theme.dim} wrap="truncate-end">
        j/k choose   ⏎ switch   esc cancel
      </Text>
    </Box>
  );
}
