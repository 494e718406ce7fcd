// w on a pod or a claim: why it waits, exactly as `kubedeck why` tells it, scrollable.
// The answer is computed by the session (src/k8s/why.ts) over the stores it watches.
import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import type { ConsoleApi, KubeObject } from '../../k8s/types.js';
import type { WhyKind } from '../../k8s/why.js';
import { sanitize } from '../../state/sanitize.js';
import { wrapText } from '../../state/width.js';
import { useKeymap } from '../hooks/useKeymap.js';
import { useScroller } from '../hooks/useScroller.js';
import { useTheme } from '../theme.js';

export interface WhyPanelProps {
  api: ConsoleApi;
  kind: WhyKind;
  object: KubeObject;
  width: number;
  height: number;
  onClose(): void;
}

type Answer = { state: 'working' } | { state: 'done'; lines: string[]; notes: string[] } | { state: 'failed'; message: string };

export function WhyPanel({ api, kind, object, width, height, onClose }: WhyPanelProps) {
  const theme = useTheme();
  const [answer, setAnswer] = useState<Answer>(() => (api.why ? { state: 'working' } : { state: 'failed', message: 'this session cannot explain waits' }));
  useEffect(() => {
    if (!api.why) return;
    let current = true;
    api.why(kind, object).then(
      (e) => current && setAnswer({ state: 'done', lines: e.text.replace(/\n$/, '').split('\n'), notes: e.notes }),
      (err: unknown) => current && setAnswer({ state: 'failed', message: String((err as Error)?.message ?? err) }),
    );
    return () => void (current = false);
  }, [api, kind, object]);
  // wrapped under their own indentation: a reason is read whole, never cut
  const lines = (answer.state === 'done' ? [...answer.lines, ...answer.notes.map((n) => `(could not read ${n})`)] : []).flatMap((l) =>
    l === '' ? [''] : wrapText(l, width, (/^ */.exec(l)?.[0].length ?? 0) + 3),
  );
  const room = Math.max(1, height - 2);
  const { top, handlers: scroll } = useScroller(lines.length, room);
  useKeymap({ scopes: ['global', 'list'], isActive: true, handlers: { back: onClose, ...scroll } });
  const name = sanitize(`${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`);
  return (
    <Box flexDirection="column" height={height} width={width} overflowY="hidden">
      <Text bold wrap="truncate-end">
        Why is {kind} {name} waiting? <Text dimColor={theme.dim}>  as kubedeck why {kind} {name} prints it   j/k scroll   esc back</Text>
      </Text>
      {answer.state === 'working' ? <Text dimColor={theme.dim}>reading pods, claims, slices, classes, volumes, nodes and events…</Text> : null}
      {answer.state === 'failed' ? <Text color={theme.error}>could not explain {name}: {sanitize(answer.message)}</Text> : null}
      {lines.slice(top, top + room).map((l, i) => (
        <Text key={top + i} wrap="truncate-end" color={/^\s*(✗|blocked|waiting)/i.test(l) ? theme.warn : undefined}>
          {l || ' '}
        </Text>
      ))}
      {lines.length > room ? <Text dimColor={theme.dim}>{`lines ${top + 1}–${Math.min(lines.length, top + room)} of ${lines.length}`}</Text> : null}
    </Box>
  );
}
