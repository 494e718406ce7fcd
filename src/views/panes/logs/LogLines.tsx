import { Box, Text } from 'ink';
import type { LogEntry } from '../../../state/loglines.js';
import { colorFor, highlight, matches, prefixText, stripSgr, timestampText } from '../../../state/loglines.js';
import { useTheme } from '../../theme.js';

export interface LogLinesProps {
  entries: readonly LogEntry[];
  /** index range shown: [from, to) */
  from: number;
  to: number;
  /** the prefix column's width, 0 for no prefix (one container) */
  prefix: number;
  timestamps: boolean;
  wrap: boolean;
  query: string;
  /** the entry the search cursor is on */
  current?: number;
  width: number;
  height: number;
}

/** The log body: one Text per entry, prefixes colored per container by a stable hash. */
export function LogLines({ entries, from, to, prefix, timestamps, wrap, query, current, width, height }: LogLinesProps) {
  const theme = useTheme();
  const rows = [];
  for (let i = from; i < to; i++) {
    const e = entries[i]!;
    const head = prefix ? <Text color={theme.colors ? colorFor(e.container) : undefined}>{prefixText(e.container, prefix)}</Text> : null;
    const ts = timestamps && e.ts ? <Text dimColor={theme.dim}>{timestampText(e)}</Text> : null;
    let body;
    if (e.kind === 'marker') {
      body = <Text color={theme.warn} bold>{e.text}</Text>;
    } else if (query && matches(e, query)) {
      body = highlight(e.text, query).map((s, k) =>
        s.match ? (
          <Text key={k} inverse bold={i === current}>
            {s.text}
          </Text>
        ) : (
          s.text
        ),
      );
    } else {
      // kept SGR colors come from the container itself (and end with a reset); NO_COLOR drops them
      body = theme.colors ? e.text : stripSgr(e.text);
    }
    rows.push(
      <Text key={i} wrap={wrap ? 'wrap' : 'truncate-end'}>
        {i === current ? <Text color={theme.accent}>{'>'}</Text> : null}
        {head}
        {ts}
        {body}
      </Text>,
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {rows}
    </Box>
  );
}
