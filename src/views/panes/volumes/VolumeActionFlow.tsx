import { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { ActionPlan, KubeObject } from '../../../k8s/types.js';
import type { ReclaimPolicy, VolumesApi } from '../../../k8s/volumes.js';
import { sanitize } from '../../../state/sanitize.js';
import { ConfirmDialog } from '../../ConfirmDialog.js';
import type { Status } from '../../context.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { describeResults } from '../../results.js';
import { useTheme } from '../../theme.js';
import { PolicyPicker } from './PolicyPicker.js';

/** the targets' reclaim policy when they all have the same one */
function commonPolicy(pvs: readonly KubeObject[]): string | undefined {
  const policies = new Set(pvs.map((pv) => pv.spec?.persistentVolumeReclaimPolicy));
  return policies.size === 1 ? [...policies][0] : undefined;
}

export type VolumeActionKind = 'available' | 'policy' | 'delete';

type Stage = { name: 'pick' } | { name: 'planning'; policy?: ReclaimPolicy } | { name: 'confirm'; plan: ActionPlan } | { name: 'executing' };

const words: Record<VolumeActionKind, { doing: string; done: string }> = {
  available: { doing: 'make Available', done: 'made Available' },
  policy: { doing: 'set reclaim policy', done: 'changed' },
  delete: { doing: 'delete', done: 'deleted' },
};

/** (pick a policy) → plan with access check and dry run → confirm → execute → results */
export function VolumeActionFlow({ volumes, kind, pvs, width, height, onDone }: { volumes: VolumesApi; kind: VolumeActionKind; pvs: readonly KubeObject[]; width: number; height: number; onDone(status: Status | null): void }) {
  const theme = useTheme();
  const [stage, setStage] = useState<Stage>(kind === 'policy' ? { name: 'pick' } : { name: 'planning' });
  const live = useRef(true);
  useEffect(() => () => void (live.current = false), []);
  const w = words[kind];

  useEffect(() => {
    if (stage.name !== 'planning') return;
    let current = true;
    const list = [...pvs];
    const planning = kind === 'available' ? volumes.planMakeAvailable(list) : kind === 'policy' ? volumes.planReclaimPolicy(list, stage.policy!) : volumes.planDelete(list);
    planning.then(
      (plan) => current && setStage({ name: 'confirm', plan }),
      (err: unknown) => current && onDone({ text: `✗ could not prepare ${w.doing}: ${sanitize(String((err as Error)?.message ?? err))}`, tone: 'error' }),
    );
    return () => void (current = false);
    // planning runs once per entry into the stage
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stage.name]);

  const execute = (plan: ActionPlan) => {
    setStage({ name: 'executing' });
    volumes.execute(plan).then(
      (results) => live.current && onDone(describeResults(w.done, results)),
      (err: unknown) => live.current && onDone({ text: `✗ ${w.doing} failed: ${sanitize(String((err as Error)?.message ?? err))}`, tone: 'error' }),
    );
  };

  useKeymap({ scopes: ['dialog'], isActive: stage.name === 'planning', handlers: { cancel: () => onDone(null) } });

  const label = pvs.length === 1 ? sanitize(pvs[0].metadata.name) : `${pvs.length} volumes`;
  switch (stage.name) {
    case 'pick':
      return <PolicyPicker targetLabel={label} current={commonPolicy(pvs)} bound={pvs.filter((pv) => pv.status?.phase === 'Bound').length} width={width} onCancel={() => onDone(null)} onPick={(policy) => setStage({ name: 'planning', policy })} />;
    case 'confirm':
      return <ConfirmDialog plan={stage.plan} width={width} height={height} onCancel={() => onDone(null)} onConfirm={() => execute(stage.plan)} />;
    default:
      return (
        <Box borderStyle="round" borderColor={theme.accent} paddingX={1} width={Math.min(width, 90)}>
          <Text wrap="truncate-end">{stage.name === 'planning' ? `Checking access and dry-running ${w.doing} of ${label}…   esc cancel` : `Applying ${w.doing} to ${label}…`}</Text>
        </Box>
      );
  }
}
