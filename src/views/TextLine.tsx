import { useCallback, useRef } from 'react';
import { Box, Text, useInput, type Key } from 'ink';
import { useTheme } from './theme.js';

export interface TextLineProps {
  /** shown before the text, e.g. "/" */
  prefix: string;
  value: string;
  onChange(value: string): void;
  /** Enter: told the final text */
  onSubmit(value: string): void;
  /** Esc */
  onCancel(): void;
  /** dim words after the cursor */
  hint: string;
  width: number;
}

/**
 * Text typed together with the key that opens a line (one read: "/nginx", "/nginx⏎"):
 * the text up to ⏎, and whether ⏎ came, i.e. the line is already done.
 */
export function typedAhead(typed: string | undefined): { text?: string; done: boolean } {
  if (!typed) return { done: false };
  const enter = typed.search(/[\r\n]/);
  return enter === -1 ? { text: typed, done: false } : { text: typed.slice(0, enter), done: true };
}

/** A single-line text input: backspace, ^u clears, ⏎ submits, esc cancels. */
export function TextLine({ prefix, value, onChange, onSubmit, onCancel, hint, width }: TextLineProps) {
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
      return key.escape ? props.current.onCancel() : props.current.onSubmit(latest.current);
    }
    if (key.backspace || key.delete) return set(latest.current.slice(0, -1));
    if (key.ctrl && input === 'u') return set('');
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
    if (!input) return;
    // Fast typing or a paste arrives as one string, Enter included ("nginx⏎").
    const { text, done } = typedAhead(input);
    set(latest.current + (text ?? ''));
    if (!done) return;
    closed.current = true;
    props.current.onSubmit(latest.current);
  }, []);
  useInput(onKey);
  return (
    <Box width={width}>
      <Text wrap="truncate-end">
        <Text color={theme.accent}>{prefix}</Text>
        {value}
        <Text inverse>{' '}</Text>
        <Text dimColor={theme.dim}>{hint}</Text>
      </Text>
    </Box>
  );
}
