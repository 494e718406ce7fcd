import { useState } from 'react';
import { Box, Text } from 'ink';
import type { ReclaimPolicy } from '../../../k8s/volumes.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { useTheme } from '../../theme.js';

const POLICIES: { policy: ReclaimPolicy; words: string }[] = [
  { policy: 'Retain', words: 'keep the volume and its data when the claim goes' },
  { policy: 'Delete', words: 'delete the volume and its data when the claim goes' },
];

/**
 * Chooses the reclaim policy to set. It starts on the volume's current policy (Retain
 * when the volumes differ), so ⏎ ⏎ never flips one by accident, and it warns before
 * Delete on a Bound volume: its data goes when its claim is deleted.
 */
export function PolicyPicker({
  targetLabel,
  current,
  bound,
  onPick,
  onCancel,
  width,
}: {
  targetLabel: string;
  current: string | undefined;
  /** how many of the targets are Bound */
  bound: number;
  onPick(p: ReclaimPolicy): void;
  onCancel(): void;
  width: number;
}) {
  const theme = useTheme();
  const [index, setIndex] = useState(Math.max(0, POLICIES.findIndex((p) => p.policy === current)));
  const chosen = POLICIES[index]!.policy;
  const unchanged = chosen === current;
  useKeymap({
    scopes: ['dialog'],
    isActive: true,
    handlers: {
      down: () => setIndex((i) => Math.min(POLICIES.length - 1, i + 1)),
      up: () => setIndex((i) => Math.max(0, i - 1)),
      confirm: () => !unchanged && onPick(chosen),
      cancel: onCancel,
    },
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} width={Math.min(width, 90)} paddingX={1}>
      <Text bold wrap="wrap">Set reclaim policy: {targetLabel}</Text>
      {POLICIES.map((p, i) => (
        <Text key={p.policy} inverse={i === index && theme.inverse} wrap="wrap">
          {i === index ? '(•) ' : '( ) '}
          {p.policy}
          {p.policy === current ? ' (current)' : ''} <Text dimColor={theme.dim}>{p.words}</Text>
        </Text>
      ))}
      {chosen === 'Delete' && bound > 0 ? (
        <Text color={theme.warn} wrap="wrap">
          ⚠ {bound === 1 ? 'this volume is Bound' : `${bound} of these volumes are Bound`}: with Delete, deleting the claim deletes the volume and its data
        </Text>
      ) : null}
      <Text dimColor={theme.dim} wrap="wrap">
        {unchanged ? `already ${chosen}: j/k choose the other policy   esc cancel` : 'j/k choose   ⏎ plan and check   esc cancel'}
      </Text>
    </Box>
  );
}
