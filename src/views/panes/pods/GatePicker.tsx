import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeymap } from '../../hooks/useKeymap.js';
import { useTheme } from '../../theme.js';

export interface GatePickerProps {
  /** what is being ungated, e.g. "batch/train-0" or "3 marked pods" */
  targetLabel: string;
  gates: readonly string[];
  /** a gate name, or null for all gates */
  onPick(gate: string | null): void;
  onCancel(): void;
  width: number;
}

/** Chooses one of the pods' scheduling gates, or all of them. */
export function GatePicker({ targetLabel, gates, onPick, onCancel, width }: GatePickerProps) {
  const theme = useTheme();
  const options: (string | null)[] = [...gates, null];
  const [index, setIndex] = useState(0);
  useKeymap({
    scopes: ['dialog'],
    isActive: true,
    handlers: {
      down: () => setIndex((i) => Math.min(options.length - 1, i + 1)),
      up: () => setIndex((i) => Math.max(0, i - 1)),
      confirm: () => onPick(options[index]),
      cancel: onCancel,
    },
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} width={Math.min(width, 90)} paddingX={1}>
      <Text bold wrap="truncate-end">Remove scheduling gate: {targetLabel}</Text>
      {options.map((gate, i) => (
        <Text key={gate ?? '\u0000all'} inverse={i === index && theme.inverse} wrap="truncate-end">
          {i === index ? '(•) ' : '( ) '}
          {gate ?? `all gates (${gates.length})`}
        </Text>
      ))}
      <Text dimColor={theme.dim} wrap="truncate-end">
        j/k choose   ⏎ plan and check   esc cancel
      </Text>
    </Box>
  );
}
