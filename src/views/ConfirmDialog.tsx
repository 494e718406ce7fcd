import { Box, Text } from 'ink';
import type { ActionPlan, PlannedRequest } from '../k8s/types.js';
import { sanitize } from '../state/sanitize.js';
import { useKeymap } from './hooks/useKeymap.js';
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
  for (const line of compactJson(request.body).map((l) => sanitize(l))) {
    for (let i = 0; i < line.length || i === 0; i += w) out.push(line.slice(i, i + w));
  }
  return out;
}

function RequestLines({ request, answer, width }: { request: PlannedRequest; answer?: ActionPlan['dryRun'][number]; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text wrap="truncate-end">
        <Text bold>{request.method}</Text> {sanitize(request.path)}
      </Text>
      {request.contentType ? <Text dimColor={theme.dim} wrap="truncate-end">{request.contentType}</Text> : null}
      {bodyLines(request, width).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
      {answer ? (
        <Text color={answer.ok ? theme.ok : theme.error} wrap="truncate-end">
          {dryRunWords(answer)}
        </Text>
      ) : null}
    </Box>
  );
}

/** Shows exactly what an action will send, who may send it, and what the dry run said. */
export function ConfirmDialog({ plan, onConfirm, onCancel, width, height }: ConfirmDialogProps) {
  const theme = useTheme();
  const failures = plan.dryRun.filter((d) => !d.ok).length;
  // a failed dry run is shown, not enforced: the object may have changed since, and the real answer is per object
  const canApply = plan.allowed.ok;
  const allFail = failures > 0 && failures === plan.dryRun.length;
  useKeymap({
    scopes: ['dialog'],
    isActive: true,
    handlers: { confirm: () => canApply && onConfirm(), cancel: onCancel },
  });
  // as tall as its content, at most the pane: show the requests that fit and count the rest
  const fixed = 2 + 2 + plan.warnings.length + 1; // borders, title and access, warnings, actions
  const inner = width - 4; // border and padding
  const linesOf = (r: PlannedRequest, i: number) =>
    2 + (r.contentType ? 1 : 0) + (r.body === undefined ? 0 : bodyLines(r, inner).length) + (plan.dryRun[i] ? 1 : 0);
  let used = fixed;
  let count = 0;
  for (const [i, r] of plan.requests.entries()) {
    const more = i < plan.requests.length - 1 ? 1 : 0; // room for "… and N more"
    if (count > 0 && used + linesOf(r, i) + more > height) break;
    used += linesOf(r, i);
    count++;
  }
  const shown = plan.requests.slice(0, count);
  const hidden = plan.requests.length - count;
  const boxHeight = Math.min(height, used + (hidden > 0 ? 1 : 0));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} width={width} height={boxHeight} paddingX={1}>
      <Text bold wrap="truncate-end">
        {plan.title} — {plan.requests.length === 1 ? plan.requests[0].target : `${plan.requests.length} objects`}
      </Text>
      <Text color={plan.allowed.ok ? theme.ok : theme.error} wrap="truncate-end">
        {plan.allowed.ok ? '✓ access check: allowed' : `✗ access check: not allowed${plan.allowed.reason ? `: ${sanitize(plan.allowed.reason)}` : ''}`}
        {failures > 0 && plan.requests.length > 1 ? `   ${failures} of ${plan.requests.length} would fail` : ''}
      </Text>
      {plan.warnings.map((w, i) => (
        <Text key={i} color={theme.warn} wrap="truncate-end">
          ⚠ {sanitize(w)}
        </Text>
      ))}
      <Box flexDirection="column" flexGrow={1} flexShrink={1} overflowY="hidden">
        {shown.map((r, i) => (
          <RequestLines key={i} request={r} answer={plan.dryRun[i]} width={inner} />
        ))}
        {hidden > 0 ? <Text dimColor={theme.dim}>… and {hidden} more requests of the same shape</Text> : null}
      </Box>
      <Box justifyContent="flex-end">
        <Text wrap="truncate-end">{canApply ? (allFail ? '⏎ apply anyway (the dry run failed)   esc cancel' : '⏎ apply   esc cancel') : 'not allowed: nothing to apply   esc back'}</Text>
      </Box>
    </Box>
  );
}
