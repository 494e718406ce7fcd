import { useRef } from 'react';
import { Box, Text, useInput } from 'ink';
import { useTheme } from './theme.js';

export interface LogSearchLineProps {
  value: string;
  onChange(value: string): void;
  /** Enter: jump to the newest match */
  onSubmit(): void;
  /** Esc: no search */
  onCancel(): void;
  width: number;
}

/** `/` in the logs pane: highlights as you type; lower case ignores case. */
export function LogSearchLine({ value, onChange, onSubmit, onCancel, width }: LogSearchLineProps) {
  const theme = useTheme();
  // keys can arrive faster than renders: edit the latest text, not the rendered one
  const latest = useRef(value);
  latest.current = value;
  const set = (next: string) => {
    latest.current = next;
    onChange(next);
  };
  useInput((input, key) => {
    if (key.escape) return onCancel();
    if (key.return) return onSubmit();
    if (key.backspace || key.delete) return set(latest.current.slice(0, -1));
    if (key.ctrl && input === 'u') return set('');
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
    if (input) set(latest.current + input.replace(/[\r\n]/g, ''));
  });
  return (
    <Box width={width}>
      <Text wrap="truncate-end">
        <Text color={theme.accent}>/</Text>
        {value}
        <Text inverse>{' '}</Text>
        <Text dimColor={theme.dim}>   ⏎ find  esc clear  then n/N next/previous</Text>
      </Text>
    </Box>
  );
}
