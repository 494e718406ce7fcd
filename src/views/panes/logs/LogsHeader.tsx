import { Box, Text } from 'ink';
import type { StreamState, TailSnapshot } from '../../../k8s/logs.js';
import { lifecycleLine, lifecycleSummary } from '../../../state/containers.js';
import { sanitize } from '../../../state/sanitize.js';
import { useTheme } from '../../theme.js';

export interface LogsHeaderProps {
  title: string;
  snap: TailSnapshot;
  follow: boolean;
  wrap: boolean;
  timestamps: boolean;
  /** "container all · tail 500 · since all · current" */
  settings: string;
  width: number;
}

const dot = (on: boolean) => (on ? '●' : '○');

/** Two lines: the pod and its containers in lifecycle order, then what is tailed and how. */
export function LogsHeader({ title, snap, follow, wrap, timestamps, settings, width }: LogsHeaderProps) {
  const theme = useTheme();
  const order = lifecycleSummary(snap.containers);
  return (
    <Box flexDirection="column" width={width}>
      <Box width={width}>
        <Box flexGrow={1} flexShrink={1}>
          <Text wrap="truncate-end">
            <Text bold>{` ${title}`}</Text>
            {'  '}
            {lifecycleLine(snap.containers)}
          </Text>
        </Box>
        <Box flexShrink={0}>
          <Text dimColor={theme.dim} wrap="truncate">{`  follow ${dot(follow)} wrap ${dot(wrap)} ts ${dot(timestamps)}`}</Text>
        </Box>
      </Box>
      <Text wrap="truncate-end" dimColor={theme.dim}>
        {` ${settings}${order ? `   ${order}` : ''}`}
      </Text>
    </Box>
  );
}

/** "proxy ● app ◌ reconnecting: …" and, first, any stream the server refused, in its words */
export function streamProblems(snap: TailSnapshot): string {
  if (snap.problem) return sanitize(snap.problem);
  const bad = Object.entries(snap.streams).filter(([, s]) => s.state === 'error' || s.state === 'reconnecting' || s.state === 'waiting');
  return bad.map(([name, s]) => `${name}: ${describe(s)}`).join('  ');
}

export function describe(s: StreamState): string {
  switch (s.state) {
    case 'error':
      return `✗ ${sanitize(s.message)}`;
    case 'reconnecting':
      return `◌ reconnecting (${s.attempt}): ${sanitize(s.message)}`;
    case 'waiting':
      return `… ${sanitize(s.message)}`;
    case 'ended':
      return s.message ? `ended: ${sanitize(s.message)}` : 'ended';
    case 'connecting':
      return 'connecting…';
    default:
      return 'streaming';
  }
}
