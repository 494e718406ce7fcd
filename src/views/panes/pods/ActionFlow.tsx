import { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { ActionPlan, ConsoleApi, KubeObject } from '../../../k8s/types.js';
import { podGates } from '../../../state/pods.js';
import { sanitize } from '../../../state/sanitize.js';
import { ConfirmDialog } from '../../ConfirmDialog.js';
import type { Status } from '../../context.js';
import { GatePicker } from './GatePicker.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { describeResults } from '../../results.js';
import { useTheme } from '../../theme.js';

export type ActionKind = 'ungate' | 'delete';

export interface ActionFlowProps {
  api: ConsoleApi;
  kind: ActionKind;
  pods: readonly KubeObject[];
  /** delete: the objects' resource, as session.planDelete takes it ("deployments.apps"); pods when left out */
  resource?: string;
  /** ungate: the gate to remove (null: all), chosen beforehand; left out, the user picks */
  gate?: string | null;
  width: number;
  height: number;
  /** the footer line to show, or null when cancelled */
  onDone(status: Status | null): void;
}

type Stage = { name: 'pick' } | { name: 'planning' } | { name: 'confirm'; plan: ActionPlan } | { name: 'executing' };

const podName = (p: KubeObject) => sanitize(p.metadata.namespace ? `${p.metadata.namespace}/${p.metadata.name}` : p.metadata.name);

/** gates of every pod, each once, in the order first seen */
function unionGates(pods: readonly KubeObject[]): string[] {
  return [...new Set(pods.flatMap((p) => podGates(p)))];
}

/** pick (ungate only) → plan with access check and dry run → confirm → execute → results */
export function ActionFlow({ api, kind, pods, resource = 'pods', gate: chosen, width, height, onDone }: ActionFlowProps) {
  const theme = useTheme();
  const pick = kind === 'ungate' && chosen === undefined;
  const [stage, setStage] = useState<Stage>(pick ? { name: 'pick' } : { name: 'planning' });
  const [gate, setGate] = useState<string | null | undefined>(kind === 'ungate' ? chosen : null);
  const live = useRef(true);
  useEffect(() => () => void (live.current = false), []);

  useEffect(() => {
    if (stage.name !== 'planning') return;
    let current = true;
    const planning = kind === 'ungate' ? api.planUngate([...pods], gate ?? null) : api.planDelete([...pods], resource);
    planning.then(
      (plan) => current && setStage({ name: 'confirm', plan }),
      (err: unknown) => current && onDone({ text: `✗ could not prepare ${kind}: ${sanitize(String((err as Error)?.message ?? err))}`, tone: 'error' }),
    );
    return () => void (current = false);
    // planning runs once per entry into the stage
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stage.name]);

  const execute = (plan: ActionPlan) => {
    setStage({ name: 'executing' });
    api.execute(plan).then(
      (results) => live.current && onDone(describeResults(kind === 'ungate' ? 'ungated' : 'deleted', results)),
      (err: unknown) => live.current && onDone({ text: `✗ ${kind} failed: ${sanitize(String((err as Error)?.message ?? err))}`, tone: 'error' }),
    );
  };

  // while waiting, Esc abandons the plan (nothing has been sent that changes anything)
  useKeymap({ scopes: ['dialog'], isActive: stage.name === 'planning', handlers: { cancel: () => onDone(null) } });

  const label = pods.length === 1 ? podName(pods[0]) : `${pods.length} pods`;
  switch (stage.name) {
    case 'pick':
      return (
        <GatePicker
          targetLabel={label}
          gates={unionGates(pods)}
          width={width}
          onCancel={() => onDone(null)}
          onPick={(g) => {
            setGate(g);
            setStage({ name: 'planning' });
          }}
        />
      );
    case 'confirm':
      return <ConfirmDialog plan={stage.plan} width={width} height={height} onCancel={() => onDone(null)} onConfirm={() => execute(stage.plan)} />;
    default:
      return (
        <Box borderStyle="round" borderColor={theme.accent} paddingX={1} width={Math.min(width, 90)}>
          <Text wrap="truncate-end">
            {stage.name === 'planning' ? `Checking access and dry-running ${kind} of ${label}…   esc cancel` : `Applying ${kind} to ${label}…`}
          </Text>
        </Box>
      );
  }
}
