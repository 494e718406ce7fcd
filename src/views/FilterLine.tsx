import { useCallback, useRef } from 'react';
import { Box, Text, useInput, type Key } from 'ink';
import { useTheme } from './theme.js';

export interface FilterLineProps {
  value: string;
  onChange(value: string): void;
  /** Enter: keep the filter */
  onSubmit(): void;
  /** Esc: clear the filter */
  onCancel(): void;
  width: number;
}

/** `/` line: filters as you type; a leading "!" keeps the rows that do not match. */
export function FilterLine({ value, onChange, onSubmit, onCancel, width }: FilterLineProps) {
  const theme = useTheme();
  // keys can arrive faster than renders: edit the latest text, not the rendered one
  const latest = useRef(value);
  latest.current = value;
  const props = useRef({ onChange, onSubmit, onCancel });
  props.current = { onChange, onSubmit, onCancel };
  // One subscription for the line's life: a handler that changed identity every
  // render would make Ink unsubscribe and resubscribe between keystrokes.
  const closed = useRef(false);
  const onKey = useCallback((input: string, key: Key) => {
    // After ⏎ or esc the line is on its way out; keys typed meanwhile belong to the pane.
    if (closed.current) return;
    const set = (next: string) => {
      latest.current = next;
      props.current.onChange(next);
    };
    if (key.escape || key.return) {
      closed.current = true;
      return key.escape ? props.current.onCancel() : props.current.onSubmit();
    }
    if (key.backspace || key.delete) return set(latest.current.slice(0, -1));
    if (key.ctrl && input === 'u') return set('');
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
    if (!input) return;
    // Fast typing or a paste arrives as one string, Enter included ("nginx⏎").
    const enter = input.search(/[\r\n]/);
    if (enter === -1) return set(latest.current + input);
    set(latest.current + input.slice(0, enter));
    closed.current = true;
    props.current.onSubmit();
  }, []);
  useInput(onKey);
  const inverted = value.startsWith('!');
  return (
    <Box width={width}>
      <Text wrap="truncate-end">
        <Text color={theme.accent}>/</Text>
        {value}
        <Text inverse>{' '}</Text>
        <Text dimColor={theme.dim}>{inverted ? '  (rows NOT matching)' : ''}   ⏎ keep  esc clear</Text>
      </Text>
    </Box>
  );
}
