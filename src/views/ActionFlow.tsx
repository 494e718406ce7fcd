// The one action flow, for every action of every kind:
//   (pick: a gate, a policy) → plan (the exact requests, the access review, the server's
//   dry run) → confirm → execute (audited by the transport) → one result line (onFlowDone).
// An intent is anything that produces a plan and can execute it: resource(gr).planDelete,
// an extension (ungate, release, make Available, reclaim policy), or a pane's own.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { ActionPlan, ActionResult } from '../k8s/types.js';
import { sanitize } from '../state/sanitize.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import type { Status } from './context.js';
import { useKeymap } from './hooks/useKeymap.js';
import { describeResults } from './results.js';
import { useTheme } from './theme.js';

export interface Intent {
  /** what is done, for the waiting line and errors: "ungate", "delete", "release" */
  verb: string;
  /** past tense for the result line: "ungated" */
  past: string;
  /** what it applies to: "batch/train-0", "3 pods" */
  label: string;
  plan(): Promise<ActionPlan>;
  execute(plan: ActionPlan): Promise<ActionResult[]>;
  /** shown with the plan's warnings, e.g. the targets left out and why */
  notes?: string[];
}

export interface ActionFlowProps {
  /** the intent, or a picker that makes one (the gate to remove, the policy to set) */
  intent: Intent | { pick(choose: (intent: Intent) => void, cancel: () => void): ReactNode };
  width: number;
  height: number;
  /** the footer line to show, or null when cancelled (see onFlowDone) */
  onDone(status: Status | null): void;
}

type Stage = { name: 'pick' } | { name: 'planning'; intent: Intent } | { name: 'confirm'; intent: Intent; plan: ActionPlan } | { name: 'executing'; intent: Intent };

const message = (err: unknown) => sanitize(String((err as Error)?.message ?? err));

export function ActionFlow({ intent, width, height, onDone }: ActionFlowProps) {
  const theme = useTheme();
  const [stage, setStage] = useState<Stage>('pick' in intent ? { name: 'pick' } : { name: 'planning', intent });
  const live = useRef(true);
  useEffect(() => () => void (live.current = false), []);

  const planning = stage.name === 'planning' ? stage.intent : undefined;
  useEffect(() => {
    if (!planning) return;
    let current = true;
    planning.plan().then(
      (plan) => current && setStage({ name: 'confirm', intent: planning, plan: { ...plan, warnings: [...(planning.notes ?? []), ...plan.warnings] } }),
      (err: unknown) => current && onDone({ text: `✗ could not prepare ${planning.verb}: ${message(err)}`, tone: 'error' }),
    );
    return () => void (current = false);
    // planning runs once per intent
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [planning]);

  // while waiting, Esc abandons the plan (nothing has been sent that changes anything)
  useKeymap({ scopes: ['dialog'], isActive: stage.name === 'planning', handlers: { cancel: () => onDone(null) } });

  const execute = (chosen: Intent, plan: ActionPlan) => {
    setStage({ name: 'executing', intent: chosen });
    chosen.execute(plan).then(
      (results) => live.current && onDone(describeResults(chosen.past, results)),
      (err: unknown) => live.current && onDone({ text: `✗ ${chosen.verb} failed: ${message(err)}`, tone: 'error' }),
    );
  };

  if (stage.name === 'pick' && 'pick' in intent) return <>{intent.pick((chosen) => setStage({ name: 'planning', intent: chosen }), () => onDone(null))}</>;
  if (stage.name === 'confirm') return <ConfirmDialog plan={stage.plan} width={width} height={height} onCancel={() => onDone(null)} onConfirm={() => execute(stage.intent, stage.plan)} />;
  if (stage.name === 'pick') return null;
  const { verb, label } = stage.intent;
  return (
    <Box borderStyle="round" borderColor={theme.accent} paddingX={1} width={Math.min(width, 90)}>
      <Text wrap="wrap">{stage.name === 'planning' ? `Checking access and dry-running ${verb} of ${sanitize(label)}…   esc cancel` : `Applying ${verb} to ${sanitize(label)}…`}</Text>
    </Box>
  );
}
