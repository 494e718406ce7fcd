// "Why is it waiting?" for one pod or claim: the reasons list (src/state/why), numbered,
// each with how long and what unblocks it, fitted to the pane. Scrolls by `offset`.
// Ready for wiring to `w` in the pods and claims panes; it takes data, never the API.
import { Box, Text } from 'ink';
import type { Reason, ReasonKind } from '../../state/why/types.js';
import { humanDuration, parseTime } from '../../state/format.js';
import { sanitize } from '../../state/sanitize.js';
import { truncate } from '../../state/width.js';
import { useTheme } from '../theme.js';

export interface WhyViewProps {
  /** "pod ml/train-0" */
  title: string;
  /** undefined while the stores sync */
  reasons: readonly Reason[] | undefined;
  now: number;
  width: number;
  height: number;
  /** first entry shown */
  offset?: number;
}

const ESTIMATE: ReasonKind[] = ['node-fit-estimate'];
const UNKNOWN: ReasonKind[] = ['unknown'];

interface Line {
  text: string;
  tone: 'normal' | 'warn' | 'dim';
}

/** The lines the view shows, before fitting: exported for the pane that scrolls them. */
export function whyLines(reasons: readonly Reason[], now: number): Line[] {
  const lines: Line[] = [];
  reasons.forEach((r, i) => {
    const t = parseTime(r.since);
    const since = t === undefined ? '' : ` (for ${humanDuration(now - t)})`;
    const tone = UNKNOWN.includes(r.kind) || ESTIMATE.includes(r.kind) ? 'dim' : 'warn';
    lines.push({ text: sanitize(`${i + 1}. ${r.subject}${since}: ${r.detail}`), tone });
    const tail = [r.unblock ? `unblock: ${r.unblock}` : '', r.actionKey ? `key ${r.actionKey}` : ''].filter(Boolean).join('   ');
    if (tail) lines.push({ text: sanitize(`   ${tail}`), tone: 'normal' });
  });
  return lines;
}

export function WhyView({ title, reasons, now, width, height, offset = 0 }: WhyViewProps) {
  const theme = useTheme();
  const body = Math.max(0, height - 2);
  const lines = reasons === undefined ? [{ text: 'reading pods, claims, slices, volumes and nodes…', tone: 'dim' as const }] : reasons.length === 0 ? [{ text: 'nothing holds it', tone: 'normal' as const }] : whyLines(reasons, now);
  const shown = lines.slice(offset, offset + body);
  const more = lines.length - offset - shown.length;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{truncate(`Why: ${sanitize(title)}`, width)}</Text>
      {shown.map((l, i) => (
        <Text key={i} color={l.tone === 'warn' ? theme.warn : undefined} dimColor={l.tone === 'dim' ? theme.dim : undefined}>
          {truncate(l.text, width)}
        </Text>
      ))}
      {more > 0 && <Text dimColor={theme.dim}>{truncate(`… ${more} more line${more > 1 ? 's' : ''}`, width)}</Text>}
    </Box>
  );
}
