import { Box, Text } from 'ink';
import type { ActionPlan, PlannedRequest } from '../k8s/types.js';
import { sanitize } from '../state/sanitize.js';
import { displayWidth, truncate } from '../state/width.js';
import { useKeymap } from './hooks/useKeymap.js';
import { useScroller } from './hooks/useScroller.js';
import { useTheme } from './theme.js';

export interface ConfirmDialogProps {
  plan: ActionPlan;
  onConfirm(): void;
  onCancel(): void;
  width: number;
  height: number;
}

/** A JSON Patch reads best one operation per line: pretty but compact. */
export function compactJson(body: unknown): string[] {
  if (body === undefined) return [];
  if (Array.isArray(body)) {
    if (body.length === 0) return ['[]'];
    return body.map((op, i) => `${i === 0 ? '[' : ' '}${JSON.stringify(op)}${i === body.length - 1 ? ']' : ','}`);
  }
  return [JSON.stringify(body)];
}

const statusWords: Record<number, string> = {
  0: 'no answer from the server',
  400: 'the server found the request malformed',
  403: 'forbidden',
  404: 'not found (already gone?)',
  409: 'conflict: changed since you looked',
  422: 'the server would refuse it as invalid',
  429: 'the server is throttling requests',
};

/** A dry-run answer in plain words. */
export function dryRunWords(answer: ActionPlan['dryRun'][number]): string {
  if (answer.ok) return '✓ dry run: would succeed';
  const words = statusWords[answer.status] ?? `failed (HTTP ${answer.status})`;
  return `✗ dry run: ${words} (${answer.status}): ${sanitize(answer.message)}`;
}

/** The exact request must be readable whole at 80 columns: hard-wrap, never cut. */
function bodyLines(request: PlannedRequest, width: number): string[] {
  const w = Math.max(10, width);
  const out: string[] = [];
  const graphemes = new Intl.Segmenter();
  for (const line of compactJson(request.body).map((l) => sanitize(l))) {
    // cut at the width, character by character: every byte of the body stays, in order
    let piece = '';
    for (const { segment } of graphemes.segment(line)) {
      if (displayWidth(piece + segment) > w) {
        out.push(piece);
        piece = '';
      }
      piece += segment;
    }
    out.push(piece);
  }
  return out;
}

/** a line of the dialog's body, wrapped to the dialog's width */
interface BodyLine {
  text: string;
  tone?: 'ok' | 'error' | 'warn' | 'dim';
  bold?: boolean;
}

/** Words wrapped to width; a word longer than the line is cut into line-wide pieces. */
export function wrapText(text: string, width: number, hang = 2): string[] {
  const w = Math.max(10, width);
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let rest = word;
    const room = () => w - displayWidth(line) - (line ? 1 : 0);
    if (line && displayWidth(rest) > room()) {
      out.push(line);
      line = ' '.repeat(hang);
    }
    while (displayWidth(rest) > w - displayWidth(line) - (line.trim() ? 1 : 0)) {
      const fit = Math.max(1, w - displayWidth(line) - (line.trim() ? 1 : 0));
      const piece = truncate(rest, fit + 1).slice(0, -1) || rest.slice(0, 1);
      out.push(`${line}${line.trim() ? ' ' : ''}${piece}`);
      rest = rest.slice(piece.length);
      line = ' '.repeat(hang);
    }
    line = line.trim() ? `${line} ${rest}` : `${line}${rest}`;
  }
  if (line.trim() || out.length === 0) out.push(line);
  return out;
}

/** Everything the dialog says below its title, as screen lines: warnings, then every request. */
export function dialogLines(plan: ActionPlan, width: number): BodyLine[] {
  const lines: BodyLine[] = [];
  for (const w of plan.warnings) for (const text of wrapText(`⚠ ${sanitize(w)}`, width)) lines.push({ text, tone: 'warn' });
  plan.requests.forEach((r, i) => {
    lines.push({ text: '' });
    wrapText(`${r.method} ${sanitize(r.path)}`, width).forEach((text, j) => lines.push({ text, bold: j === 0 }));
    if (r.contentType) lines.push({ text: sanitize(r.contentType), tone: 'dim' });
    for (const text of bodyLines(r, width)) lines.push({ text });
    const answer = plan.dryRun[i];
    if (answer) for (const text of wrapText(dryRunWords(answer), width)) lines.push({ text, tone: answer.ok ? 'ok' : 'error' });
  });
  return lines;
}

/** Shows exactly what an action will send, who may send it, and what the dry run said: every target, never cut. */
export function ConfirmDialog({ plan, onConfirm, onCancel, width, height }: ConfirmDialogProps) {
  const theme = useTheme();
  const failures = plan.dryRun.filter((d) => !d.ok).length;
  // a failed dry run is shown, not enforced: the object may have changed since, and the real answer is per object
  const canApply = plan.allowed.ok;
  const allFail = failures > 0 && failures === plan.dryRun.length;
  const inner = width - 4; // border and padding
  const head = [
    ...wrapText(`${plan.title} — ${plan.requests.length === 1 ? plan.requests[0].target : `${plan.requests.length} objects`}`, inner),
  ];
  const access = wrapText(
    (plan.allowed.ok ? '✓ access check: allowed' : `✗ access check: not allowed${plan.allowed.reason ? `: ${sanitize(plan.allowed.reason)}` : ''}`) +
      (failures > 0 && plan.requests.length > 1 ? `   ${failures} of ${plan.requests.length} would fail` : ''),
    inner,
  );
  const body = dialogLines(plan, inner);
  // as tall as its content, at most the pane: borders 2, head, access, the scroll line, the actions line
  const room = Math.max(1, height - 2 - head.length - access.length - 2);
  const { top, handlers: scroll } = useScroller(body.length, room);
  useKeymap({
    scopes: ['dialog', 'list'],
    isActive: true,
    handlers: { confirm: () => canApply && onConfirm(), cancel: onCancel, ...scroll },
  });
  const shown = body.slice(top, top + room);
  const scrolls = body.length > room;
  const tone = (t?: BodyLine['tone']) => (t === 'ok' ? theme.ok : t === 'error' ? theme.error : t === 'warn' ? theme.warn : undefined);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} width={width} paddingX={1}>
      {head.map((text, i) => (
        <Text key={`h${i}`} bold>
          {text}
        </Text>
      ))}
      {access.map((text, i) => (
        <Text key={`a${i}`} color={plan.allowed.ok ? theme.ok : theme.error}>
          {text}
        </Text>
      ))}
      {shown.map((l, i) => (
        <Text key={top + i} bold={l.bold} color={tone(l.tone)} dimColor={l.tone === 'dim' ? theme.dim : undefined}>
          {l.text || ' '}
        </Text>
      ))}
      {scrolls ? (
        <Text dimColor={theme.dim}>
          {`lines ${top + 1}–${top + shown.length} of ${body.length} (${plan.requests.length} requests)   j/k PgDn/PgUp scroll`}
        </Text>
      ) : null}
      <Box justifyContent="flex-end">
        <Text>{canApply ? (allFail ? '⏎ apply anyway (the dry run failed)   esc cancel' : '⏎ apply   esc cancel') : 'not allowed: nothing to apply   esc back'}</Text>
      </Box>
    </Box>
  );
}
