import { useMemo, useState } from 'react';
import { onFlowDone } from '../../results.js';
import { Box } from 'ink';
import type { ConsoleApi, Health, KubeObject } from '../../../k8s/types.js';
import { pvColumns, pvDetails, StaleReleased, type PvSettings } from '../../../state/pvs.js';
import { humanDuration } from '../../../state/format.js';
import { sanitize } from '../../../state/sanitize.js';
import { useUIActions, useUIState } from '../../context.js';
import { useClock } from '../../hooks/useClock.js';
import { useCan, type Ask } from '../../hooks/useCan.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { useListPane } from '../../hooks/useListPane.js';
import type { KeyContext } from '../../keys.js';
import { ListBody } from '../../ListBody.js';
import { FocusLayer, LEVEL, useRouter } from '../../router/react.js';
import { CleanupDialog } from './CleanupDialog.js';
import { usePvRows, useStaleCount } from './usePvRows.js';
import { ActionFlow, type ActionFlowProps } from '../../ActionFlow.js';
import { PolicyPicker } from './PolicyPicker.js';
import { PERSISTENT_VOLUMES } from '../../../k8s/extensions.js';
import { leftOutNotes, nothingToDo, pickTargets, targetsLabel, type Guard } from '../../../state/targets.js';

export interface VolumesPaneProps {
  api: ConsoleApi;
  width: number;
  /** lines available to the pane */
  height: number;
  /** false while another view (detail, YAML, help, command line) has the keyboard */
  active: boolean;
}

/** ages move every few seconds; drawing them more often buys nothing */
const CLOCK_MS = 5000;

const DIALOG = 'dialog:volumes';

type VolumeActionKind = 'available' | 'policy' | 'delete';

type Flow = { kind: VolumeActionKind; intent: ActionFlowProps['intent'] } | { kind: 'cleanup'; pv: KubeObject };

const RELEASED: Guard = {
  fits: (p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Released',
  reason: 'not Released',
  none: 'only Released volumes can be made Available: none selected or marked',
};

/** the targets' reclaim policy when they all have the same one */
function commonPolicy(pvs: readonly KubeObject[]): string | undefined {
  const policies = new Set(pvs.map((pv) => pv.spec?.persistentVolumeReclaimPolicy));
  return policies.size === 1 ? [...policies][0] : undefined;
}

function emptyText(health: Health, filter: string, staleOnly: boolean, threshold: string): string {
  if (health.state === 'forbidden' || health.state === 'unauthorized' || health.state === 'unavailable') return `persistentvolumes: ${health.state}: ${sanitize(health.message)}`;
  if (health.state === 'syncing') return 'loading persistent volumes…';
  if (filter || staleOnly) return `no volumes match${staleOnly ? ` (Released over ${threshold})` : ''}${filter ? ` /${filter}` : ''}`;
  return 'no persistent volumes';
}

const PV_ASKS: Ask[] = [
  { key: 'canPatchPvs', verb: 'patch' },
  { key: 'canDeletePvs', verb: 'delete' },
];

export function VolumesPane({ api, width, height, active }: VolumesPaneProps) {
  const { keyCtx } = useUIState();
  const ui = useUIActions();
  const volumes = api.volumes;
  const store = useMemo(() => volumes.store(), [volumes]);
  const now = useClock(CLOCK_MS);
  const settings = useMemo<PvSettings>(
    () => ({ releasedThresholdMs: volumes.settings.releasedThresholdMs, customFinalizer: volumes.settings.customFinalizer }),
    [volumes],
  );
  const access = useCan(api, PERSISTENT_VOLUMES, keyCtx.readonly ? [] : PV_ASKS);
  const ctx = useMemo<KeyContext>(() => ({ ...keyCtx, ...access }), [keyCtx, access]);
  const [staleOnly, setStaleOnly] = useState(false);
  const [flow, setFlow] = useState<Flow | null>(null);

  const staleIndex = useMemo(() => new StaleReleased(store, settings.releasedThresholdMs), [store, settings]);
  const list = useListPane({ memoryKey: 'volumes', columns: pvColumns, width, height, useRows: (filter, sort) => usePvRows(store, settings, staleIndex, now, filter, sort, staleOnly) });
  const { sel } = list;
  const selected = sel.selected && store.get(sel.selected.key);
  const threshold = humanDuration(settings.releasedThresholdMs);

  const router = useRouter();
  const openFlow = (next: Flow | null) => {
    if (next) router.open(DIALOG, { level: LEVEL.dialog, modal: true });
    else router.close(DIALOG);
    setFlow(next);
  };
  const start = (kind: VolumeActionKind) => {
    const guard = kind === 'available' ? RELEASED : undefined;
    const targets = pickTargets(store, sel.marked, sel.selected?.key, guard);
    const refusal = nothingToDo(targets, 'volume', guard);
    if (refusal) return ui.setStatus(refusal, 'warn');
    const pvs = targets.chosen;
    const res = api.resource(PERSISTENT_VOLUMES);
    const base = { label: targetsLabel(pvs, 'volumes'), notes: leftOutNotes(targets), execute: res.execute };
    if (kind === 'delete') return openFlow({ kind, intent: { ...base, verb: 'delete', past: 'deleted', plan: () => res.planDelete(pvs) } });
    if (kind === 'available') return openFlow({ kind, intent: { ...base, verb: 'make Available', past: 'made Available', plan: () => api.extensions.persistentvolumes.makeAvailable(pvs) } });
    openFlow({
      kind,
      intent: {
        pick: (choose, cancel) => (
          <PolicyPicker
            targetLabel={base.label}
            current={commonPolicy(pvs)}
            bound={pvs.filter((pv) => pv.status?.phase === 'Bound').length}
            width={width}
            onCancel={cancel}
            onPick={(policy) => choose({ ...base, verb: 'set reclaim policy', past: 'changed', plan: () => api.extensions.persistentvolumes.reclaimPolicy(pvs, policy) })}
          />
        ),
      },
    });
  };
  const cleanup = () => {
    if (!selected) return ui.setStatus('no volume selected', 'warn');
    if (sel.marked.size > 1) return ui.setStatus('cleanup runs the hooks for one volume at a time: select it, unmark the others', 'warn');
    openFlow({ kind: 'cleanup', pv: selected });
  };

  useKeymap({
    scopes: ['global', 'list', 'volumes'],
    isActive: active,
    ctx,
    onUnavailable: (reason) => ui.setStatus(reason, 'warn'),
    handlers: {
      ...list.handlers,
      staleOnly: () => setStaleOnly((s) => !s),
      detail: () => selected && ui.openDetail(selected, 'persistentvolumes'),
      yaml: () => selected && ui.openYaml(selected, 'persistentvolumes'),
      makeAvailable: () => start('available'),
      reclaimPolicy: () => start('policy'),
      deleteVolume: () => start('delete'),
      cleanupFinalizer: cleanup,
    },
  });

  const stale = useStaleCount(store, staleIndex, now);

  if (flow) {
    const done = onFlowDone({
      close: () => openFlow(null),
      setStatus: ui.setStatus,
      cancelled: `${flow.kind === 'cleanup' ? 'cleanup' : 'action'} cancelled: nothing was run or sent`,
      clearMarks: sel.clearMarks,
    });
    return (
      <FocusLayer id={DIALOG} level={LEVEL.dialog} modal>
      <Box height={height} flexDirection="column" overflowY="hidden">
        {flow.kind === 'cleanup' ? (
          <CleanupDialog volumes={volumes} pv={flow.pv} width={width} height={height} onDone={done} />
        ) : (
          <ActionFlow intent={flow.intent} width={width} height={height} onDone={done} />
        )}
      </Box>
      </FocusLayer>
    );
  }

  return (
    <ListBody
      list={list}
      columns={pvColumns}
      width={width}
      height={height}
      empty={emptyText(store.health, list.filter, staleOnly, threshold)}
      details={pvDetails(selected, settings)}
      scope={staleOnly ? [`Released > ${threshold}`] : []}
      notice={stale ? `⚠ ${stale} Released > ${threshold}  ` : ''}
      now={now}
    />
  );
}
