import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

export interface TextLineProps {
  /** shown before the text, e.g. "/" */
  prefix: string;
  value: string;
  /** dim words after the cursor */
  hint: string;
  width: number;
}

/**
 * A single-line text input as drawn. Its keys (backspace, ^u clears, ⏎ submits, esc
 * cancels, a paste appends) are handled by its focus layer, `router/textInput.ts`.
 */
export function TextLine({ prefix, value, hint, width }: TextLineProps) {
  const theme = useTheme();
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
