import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { HookResult } from '../../../k8s/hooks.js';
import type { CleanupEvent, CleanupOutcome, CleanupPlan, HookName } from '../../../k8s/pvcleanup.js';
import type { KubeObject } from '../../../k8s/types.js';
import type { VolumesApi } from '../../../k8s/volumes.js';
import { sanitize } from '../../../state/sanitize.js';
import { compactJson, dryRunWords, wrapText } from '../../ConfirmDialog.js';
import type { Status } from '../../context.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { useTheme } from '../../theme.js';

type Stage = { name: 'preparing' } | { name: 'confirm'; plan: CleanupPlan } | { name: 'running'; plan: CleanupPlan } | { name: 'done'; plan: CleanupPlan; outcome: CleanupOutcome };

interface OutLine {
  hook: HookName;
  text: string;
  stderr: boolean;
}

/** lines of hook output kept for the screen; the CLI prints everything */
const KEEP = 500;
const FLUSH_MS = 50;

const argvText = (argv: readonly string[]) => sanitize(argv.map((a) => (/[\s"'\\]/.test(a) || a === '' ? JSON.stringify(a) : a)).join(' '));

/** hooks only run when the finalizer removal they lead to is allowed and would succeed */
const canRun = (plan: CleanupPlan) => plan.plan.allowed.ok && plan.plan.dryRun.length > 0 && plan.plan.dryRun.every((d) => d.ok);

function hookState(r: HookResult | undefined, running: boolean): string {
  if (r) return `${r.ok ? '✓' : '✗'} ${sanitize(r.summary)}`;
  return running ? '▶ running' : '· waiting';
}

/**
 * c on a Terminating volume: read it fresh and plan → confirm (hooks, exact request,
 * dry run) → run the hooks with their output live → the finalizer removal's answer.
 */
export function CleanupDialog({ volumes, pv, width, height, onDone }: { volumes: VolumesApi; pv: KubeObject; width: number; height: number; onDone(status: Status | null): void }) {
  const theme = useTheme();
  const [stage, setStage] = useState<Stage>({ name: 'preparing' });
  const [results, setResults] = useState<Partial<Record<HookName, HookResult>>>({});
  const [current, setCurrent] = useState<HookName | null>(null);
  // what the last flush showed: output arrives faster than frames
  const [shownLines, setShownLines] = useState<readonly OutLine[]>([]);
  const lines = useRef<OutLine[]>([]);
  const flush = useRef<NodeJS.Timeout | null>(null);
  const abort = useRef<AbortController | null>(null);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
      abort.current?.abort();
      if (flush.current) clearTimeout(flush.current);
    },
    [],
  );

  useEffect(() => {
    volumes.prepareCleanup(pv.metadata.name, pv.metadata.uid).then(
      (plan) => live.current && setStage({ name: 'confirm', plan }),
      (err: unknown) => live.current && onDone({ text: `✗ cleanup refused: ${sanitize(String((err as Error)?.message ?? err))}`, tone: 'error' }),
    );
    // prepared once per dialog
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onEvent = (e: CleanupEvent) => {
    if (!live.current) return;
    if (e.kind === 'hook-start') setCurrent(e.hook);
    else if (e.kind === 'hook-end') setResults((r) => ({ ...r, [e.hook]: e.result }));
    else if (e.kind === 'output') {
      lines.current.push({ hook: e.hook, text: sanitize(e.line.text), stderr: e.line.stream === 'stderr' });
      if (lines.current.length > KEEP) lines.current.splice(0, lines.current.length - KEEP);
      flush.current ??= setTimeout(() => {
        flush.current = null;
        if (live.current) setShownLines(lines.current.slice());
      }, FLUSH_MS);
    }
  };

  const run = (plan: CleanupPlan) => {
    setStage({ name: 'running', plan });
    abort.current = new AbortController();
    volumes.runCleanup(plan, { onEvent, signal: abort.current.signal }).then(
      (outcome) => live.current && setStage({ name: 'done', plan, outcome }),
      (err: unknown) => live.current && setStage({ name: 'done', plan, outcome: { ok: false, message: String((err as Error)?.message ?? err), hooks: [] } }),
    );
  };

  const finish = () => {
    if (stage.name !== 'done') return;
    onDone({ text: `${stage.outcome.ok ? '✓' : '✗'} cleanup ${sanitize(pv.metadata.name)}: ${sanitize(stage.outcome.message)}`, tone: stage.outcome.ok ? 'ok' : 'error' });
  };
  useKeymap({
    scopes: ['dialog'],
    isActive: true,
    handlers: {
      confirm: () => {
        if (stage.name === 'confirm' && canRun(stage.plan)) run(stage.plan);
        else if (stage.name === 'done') finish();
      },
      cancel: () => {
        if (stage.name === 'running') abort.current?.abort();
        else if (stage.name === 'done') finish();
        else onDone(null);
      },
    },
  });

  const name = sanitize(pv.metadata.name);
  const box = (children: ReactNode, rows: number) => (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} width={width} height={Math.min(height, rows + 2)} paddingX={1} overflowY="hidden">
      {children}
    </Box>
  );

  if (stage.name === 'preparing') {
    return box(<Text wrap="truncate-end">Reading {name} fresh, checking access and dry-running the finalizer removal…   esc cancel</Text>, 1);
  }

  const { plan } = stage;
  const request = plan.plan.requests[0];
  const hooksLines = plan.hooks.map((h, i) => (
    <Text key={h.name} wrap={stage.name === 'confirm' ? 'wrap' : 'truncate-end'}>
      {`${i + 1}. ${h.name}: `}
      {stage.name === 'confirm' ? argvText(h.argv) : hookState(results[h.name], current === h.name && stage.name === 'running')}
    </Text>
  ));

  if (stage.name === 'confirm') {
    const body = compactJson(request.body);
    // every line wraps (a refusal, a warning, a long hook command): count the rows each takes
    const inner = width - 4;
    const rowsOf = (text: string) => wrapText(text, inner).length;
    const access = plan.plan.allowed.ok ? '✓ access check: allowed' : `✗ access check: not allowed${plan.plan.allowed.reason ? `: ${sanitize(plan.plan.allowed.reason)}` : ''}`;
    const rows =
      rowsOf(`Finalizer cleanup — ${name} uid ${sanitize(String(plan.pv.metadata.uid))}`) +
      rowsOf(access) +
      plan.plan.warnings.reduce((n, w) => n + rowsOf(`⚠ ${sanitize(w)}`), 0) +
      plan.hooks.reduce((n, h, i) => n + rowsOf(`${i + 1}. ${h.name}: ${argvText(h.argv)}`), 0) +
      2 +
      rowsOf(`${request.method} ${sanitize(request.path)} ${request.contentType ?? ''}`) +
      body.reduce((n, l) => n + rowsOf(sanitize(l)), 0) +
      rowsOf(plan.plan.dryRun[0] ? dryRunWords(plan.plan.dryRun[0]) : '') +
      1;
    return box(
      <>
        <Text bold wrap="wrap">
          Finalizer cleanup — {name} <Text dimColor={theme.dim}>uid {sanitize(String(plan.pv.metadata.uid))}</Text>
        </Text>
        <Text color={plan.plan.allowed.ok ? theme.ok : theme.error} wrap="wrap">
          {access}
        </Text>
        {plan.plan.warnings.map((w, i) => (
          <Text key={i} color={theme.warn} wrap="wrap">
            ⚠ {sanitize(w)}
          </Text>
        ))}
        {hooksLines}
        <Text wrap="wrap">then, only if {plan.hooks.length > 1 ? 'both exit' : 'it exits'} 0, remove {sanitize(plan.finalizer)}:</Text>
        <Text wrap="wrap">
          <Text bold>{request.method}</Text> {sanitize(request.path)} <Text dimColor={theme.dim}>{request.contentType}</Text>
        </Text>
        {body.map((l, i) => (
          <Text key={i} wrap="wrap">
            {sanitize(l)}
          </Text>
        ))}
        <Text color={plan.plan.dryRun[0]?.ok ? theme.ok : theme.error} wrap="wrap">
          {plan.plan.dryRun[0] ? dryRunWords(plan.plan.dryRun[0]) : ''}
        </Text>
        <Box justifyContent="flex-end">
          <Text wrap="wrap">{canRun(plan) ? '⏎ run the hooks   esc cancel' : `${plan.plan.allowed.ok ? 'the dry run failed' : 'not allowed'}: nothing to run   esc back`}</Text>
        </Box>
      </>,
      rows,
    );
  }

  // running or done: hook states, then as much output as fits, newest last
  const fixed = 1 + plan.hooks.length + 1;
  const room = Math.max(1, height - 2 - fixed);
  const shown = shownLines.slice(-room);
  const done = stage.name === 'done' ? stage.outcome : undefined;
  return box(
    <>
      <Text bold wrap="truncate-end">
        Finalizer cleanup — {name}
        <Text dimColor={theme.dim}>{done ? '' : '   esc stops the hook: nothing is removed'}</Text>
      </Text>
      {hooksLines}
      <Box flexDirection="column" height={room} overflowY="hidden">
        {shown.map((l, i) => (
          <Text key={i} color={l.stderr ? theme.warn : undefined} wrap="truncate-end">
            <Text dimColor={theme.dim}>{`${l.hook} │ `}</Text>
            {l.text}
          </Text>
        ))}
      </Box>
      <Text color={done ? (done.ok ? theme.ok : theme.error) : undefined} wrap="truncate-end">
        {done ? `${done.ok ? '✓' : '✗'} ${sanitize(done.message)}   ⏎ close` : '…'}
      </Text>
    </>,
    fixed + room,
  );
}
