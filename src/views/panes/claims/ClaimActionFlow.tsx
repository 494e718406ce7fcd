// plan (access check + dry run, in src/k8s/claims.ts) → confirm with the exact
// requests and the dry run's answers → execute → one footer line.
import { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { ActionPlan, ConsoleApi } from '../../../k8s/types.js';
import { sanitize } from '../../../state/sanitize.js';
import { ConfirmDialog } from '../../ConfirmDialog.js';
import type { Status } from '../../context.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { describeResults } from '../../results.js';
import { useTheme } from '../../theme.js';

export interface PaneFlow {
  verb: string;
  /** what the action applies to, for the waiting line */
  label: string;
  plan(): Promise<ActionPlan>;
  /** past tense for the result line, e.g. "released" */
  past: string;
  /** called after a fully successful run */
  clearMarks?(): void;
}

export interface ClaimActionFlowProps {
  api: ConsoleApi;
  flow: PaneFlow;
  width: number;
  height: number;
  onDone(status: Status | null): void;
}

type Stage = { name: 'planning' } | { name: 'confirm'; plan: ActionPlan } | { name: 'executing' };

const message = (err: unknown) => sanitize(String((err as Error)?.message ?? err));

export function ClaimActionFlow({ api, flow, width, height, onDone }: ClaimActionFlowProps) {
  const theme = useTheme();
  const [stage, setStage] = useState<Stage>({ name: 'planning' });
  const live = useRef(true);
  useEffect(() => () => void (live.current = false), []);
  useEffect(() => {
    let current = true;
    flow.plan().then(
      (plan) => current && setStage({ name: 'confirm', plan }),
      (err: unknown) => current && onDone({ text: `✗ could not prepare ${flow.verb}: ${message(err)}`, tone: 'error' }),
    );
    return () => void (current = false);
    // planning runs once per flow
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flow]);
  useKeymap({ scopes: ['dialog'], isActive: stage.name === 'planning', handlers: { cancel: () => onDone(null) } });

  const execute = (plan: ActionPlan) => {
    setStage({ name: 'executing' });
    api.execute(plan).then(
      (results) => {
        if (!live.current) return;
        const status = describeResults(flow.past, results);
        if (status.tone === 'ok') flow.clearMarks?.();
        onDone(status);
      },
      (err: unknown) => live.current && onDone({ text: `✗ ${flow.verb} failed: ${message(err)}`, tone: 'error' }),
    );
  };

  if (stage.name === 'confirm') {
    return <ConfirmDialog plan={stage.plan} width={width} height={height} onCancel={() => onDone(null)} onConfirm={() => execute(stage.plan)} />;
  }
  return (
    <Box borderStyle="round" borderColor={theme.accent} paddingX={1} width={Math.min(width, 90)}>
      <Text wrap="truncate-end">
        {stage.name === 'planning' ? `Checking access and dry-running ${flow.verb} of ${sanitize(flow.label)}…   esc cancel` : `Applying ${flow.verb} to ${sanitize(flow.label)}…`}
      </Text>
    </Box>
  );
}
