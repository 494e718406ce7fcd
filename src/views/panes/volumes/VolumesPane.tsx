import { useEffect, useMemo, useState } from 'react';
import { onFlowDone } from '../../results.js';
import { Box } from 'ink';
import type { ConsoleApi, Health, KubeObject } from '../../../k8s/types.js';
import { isStaleReleased, pvColumns, pvDetails, type PvSettings } from '../../../state/pvs.js';
import { humanDuration } from '../../../state/format.js';
import { sanitize } from '../../../state/sanitize.js';
import { useUIActions, useUIState } from '../../context.js';
import { useClock } from '../../hooks/useClock.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { useListPane } from '../../hooks/useListPane.js';
import type { KeyContext } from '../../keys.js';
import { ListBody } from '../../ListBody.js';
import { FocusLayer, LEVEL, useRouter } from '../../router/react.js';
import { CleanupDialog } from './CleanupDialog.js';
import { usePvRows } from './usePvRows.js';
import { VolumeActionFlow, type VolumeActionKind } from './VolumeActionFlow.js';

export interface VolumesPaneProps {
  api: ConsoleApi;
  width: number;
  /** lines available to the pane */
  height: number;
  /** false while another view (detail, YAML, help, command line) has the keyboard */
  active: boolean;
}

/** ages move every few seconds; rebuilding rows more often buys nothing */
const CLOCK_MS = 5000;

const DIALOG = 'dialog:volumes';

type Flow = { kind: VolumeActionKind; pvs: KubeObject[] } | { kind: 'cleanup'; pv: KubeObject };

function emptyText(health: Health, filter: string, staleOnly: boolean, threshold: string): string {
  if (health.state === 'forbidden' || health.state === 'unauthorized' || health.state === 'unavailable') return `persistentvolumes: ${health.state}: ${sanitize(health.message)}`;
  if (health.state === 'syncing') return 'loading persistent volumes…';
  if (filter || staleOnly) return `no volumes match${staleOnly ? ` (Released over ${threshold})` : ''}${filter ? ` /${filter}` : ''}`;
  return 'no persistent volumes';
}

/** can-i for the volume actions, asked once per pane; unknown stays unknown */
function usePvAccess(api: ConsoleApi, readonly: boolean): Pick<KeyContext, 'canPatchPvs' | 'canDeletePvs'> {
  const [access, setAccess] = useState<Pick<KeyContext, 'canPatchPvs' | 'canDeletePvs'>>({});
  useEffect(() => {
    if (readonly) return;
    let current = true;
    const ask = (verb: string, key: 'canPatchPvs' | 'canDeletePvs') =>
      api.canI(verb, 'persistentvolumes').then(
        (ok) => current && setAccess((a) => ({ ...a, [key]: ok })),
        () => undefined,
      );
    void ask('patch', 'canPatchPvs');
    void ask('delete', 'canDeletePvs');
    return () => void (current = false);
  }, [api, readonly]);
  return access;
}

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
  const access = usePvAccess(api, keyCtx.readonly);
  const ctx = useMemo<KeyContext>(() => ({ ...keyCtx, ...access }), [keyCtx, access]);
  const [staleOnly, setStaleOnly] = useState(false);
  const [flow, setFlow] = useState<Flow | null>(null);

  const list = useListPane({ memoryKey: 'volumes', columns: pvColumns, width, height, useRows: (filter, sort) => usePvRows(store, settings, now, filter, sort, staleOnly) });
  const { sel } = list;
  const selected = sel.selected && store.get(sel.selected.key);
  const threshold = humanDuration(settings.releasedThresholdMs);

  const router = useRouter();
  const openFlow = (next: Flow | null) => {
    if (next) router.open(DIALOG, { level: LEVEL.dialog, modal: true });
    else router.close(DIALOG);
    setFlow(next);
  };
  const targets = (): KubeObject[] => {
    const marked = [...sel.marked].map((k) => store.get(k)).filter((p): p is KubeObject => p !== undefined);
    if (marked.length) return marked;
    return selected ? [selected] : [];
  };
  const start = (kind: VolumeActionKind) => {
    let pvs = targets();
    if (kind === 'available') pvs = pvs.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Released');
    if (pvs.length === 0) return ui.setStatus(kind === 'available' ? 'only Released volumes can be made Available: none selected or marked' : 'no volume selected', 'warn');
    openFlow({ kind, pvs });
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

  const stale = useStaleCount(store, list.total, now, settings.releasedThresholdMs);

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
          <VolumeActionFlow volumes={volumes} kind={flow.kind} pvs={flow.pvs} width={width} height={height} onDone={done} />
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
    />
  );
}

/** how many volumes are Released longer than the threshold, whatever the filter */
function useStaleCount(store: ConsoleApi['pods'], version: number, now: number, threshold: number): number {
  // version (the row count) and now stand for the store's contents and the clock
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => store.list().filter((p) => isStaleReleased(p, now, threshold)).length, [store, version, store.version, now, threshold]);
}
