import { useState } from 'react';
import { Box, Text } from 'ink';
import type { ReclaimPolicy } from '../../../k8s/volumes.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { useTheme } from '../../theme.js';

const POLICIES: { policy: ReclaimPolicy; words: string }[] = [
  { policy: 'Retain', words: 'keep the volume and its data when the claim goes' },
  { policy: 'Delete', words: 'delete the volume and its data when the claim goes' },
];

/** Chooses the reclaim policy to set; starts on the one most volumes do not have yet. */
export function PolicyPicker({ targetLabel, current, onPick, onCancel, width }: { targetLabel: string; current: string | undefined; onPick(p: ReclaimPolicy): void; onCancel(): void; width: number }) {
  const theme = useTheme();
  const [index, setIndex] = useState(current === 'Retain' ? 1 : 0);
  useKeymap({
    scopes: ['dialog'],
    isActive: true,
    handlers: {
      down: () => setIndex((i) => Math.min(POLICIES.length - 1, i + 1)),
      up: () => setIndex((i) => Math.max(0, i - 1)),
      confirm: () => onPick(POLICIES[index].policy),
      cancel: onCancel,
    },
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} width={Math.min(width, 90)} paddingX={1}>
      <Text bold wrap="truncate-end">Set reclaim policy: {targetLabel}</Text>
      {POLICIES.map((p, i) => (
        <Text key={p.policy} inverse={i === index && theme.inverse} wrap="truncate-end">
          {i === index ? '(•) ' : '( ) '}
          {p.policy}
          {p.policy === current ? ' (current)' : ''} <Text dimColor={theme.dim}>{p.words}</Text>
        </Text>
      ))}
      <Text dimColor={theme.dim} wrap="truncate-end">
        j/k choose   ⏎ plan and check   esc cancel
      </Text>
    </Box>
  );
}
