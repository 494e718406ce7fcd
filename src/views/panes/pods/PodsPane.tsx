import { useState } from 'react';
import { onFlowDone } from '../../results.js';
import { Box } from 'ink';
import type { ConsoleApi, Health, KubeObject } from '../../../k8s/types.js';
import { podColumns, podGates } from '../../../state/pods.js';
import { sanitize } from '../../../state/sanitize.js';
import { ActionFlow, type ActionKind } from './ActionFlow.js';
import { useUIActions, useUIState } from '../../context.js';
import { useClock } from '../../hooks/useClock.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { useListPane } from '../../hooks/useListPane.js';
import { usePodRows } from './usePodRows.js';
import { ListBody } from '../../ListBody.js';
import { FocusLayer, LEVEL, useRouter } from '../../router/react.js';

const DIALOG = 'dialog:pods';

export interface PodsPaneProps {
  api: ConsoleApi;
  width: number;
  /** lines available to the pane */
  height: number;
  /** false while another view (detail, YAML, help, command line) has the keyboard */
  active: boolean;
}

/** ages move every few seconds; rebuilding rows more often buys nothing */
const CLOCK_MS = 5000;

/** the selected pod's long fields: gates, then why it is not running */
export function podDetails(pod: KubeObject | undefined): string {
  if (!pod) return '';
  const parts: string[] = [];
  const gates = podGates(pod);
  if (gates.length) parts.push(`gates: ${gates.join(', ')}`);
  const statuses: unknown = pod.status?.containerStatuses;
  const waiting = (Array.isArray(statuses) ? statuses : []).map((c: { state?: { waiting?: { message?: string } } } | null) => c?.state?.waiting?.message).find(Boolean);
  const message = pod.status?.message ?? waiting;
  if (message) parts.push(String(message));
  return sanitize(parts.join('   '));
}

function emptyText(health: Health, filter: string, gatedOnly: boolean): string {
  if (health.state === 'forbidden' || health.state === 'unauthorized' || health.state === 'unavailable') return `pods: ${health.state}: ${sanitize(health.message)}`;
  if (health.state === 'syncing') return 'loading pods…';
  if (filter || gatedOnly) return `no pods match${gatedOnly ? ' (gated only)' : ''}${filter ? ` /${filter}` : ''}`;
  return 'no pods in this scope';
}

export function PodsPane({ api, width, height, active }: PodsPaneProps) {
  const { keyCtx } = useUIState();
  const ui = useUIActions();
  const now = useClock(CLOCK_MS);
  const [gatedOnly, setGatedOnly] = useState(false);
  const [flow, setFlow] = useState<{ kind: ActionKind; pods: KubeObject[] } | null>(null);

  const list = useListPane({ memoryKey: 'pods', columns: podColumns, width, height, useRows: (filter, sort) => usePodRows(api.pods, filter, sort, gatedOnly) });
  const { sel } = list;
  const selectedPod = sel.selected && api.pods.get(sel.selected.key);

  // the dialog is a focus level: opened now, so the next key of a burst already goes there
  const router = useRouter();
  const openFlow = (next: { kind: ActionKind; pods: KubeObject[] } | null) => {
    if (next) router.open(DIALOG, { level: LEVEL.dialog, modal: true });
    else router.close(DIALOG);
    setFlow(next);
  };

  /** marked pods still in the store, else the selected one */
  const targets = (): KubeObject[] => {
    const marked = [...sel.marked].map((k) => api.pods.get(k)).filter((p): p is KubeObject => p !== undefined);
    if (marked.length) return marked;
    return selectedPod ? [selectedPod] : [];
  };
  const start = (kind: ActionKind) => {
    let pods = targets();
    if (kind === 'ungate') pods = pods.filter((p) => podGates(p).length > 0);
    if (pods.length === 0) return ui.setStatus(kind === 'ungate' ? 'no scheduling gates on the selected or marked pods' : 'no pod selected', 'warn');
    openFlow({ kind, pods });
  };

  useKeymap({
    scopes: ['global', 'list', 'pods'],
    isActive: active,
    ctx: keyCtx,
    onUnavailable: (reason) => ui.setStatus(reason, 'warn'),
    handlers: {
      ...list.handlers,
      gatedOnly: () => setGatedOnly((g) => !g),
      logs: () => (selectedPod ? ui.openLogs?.({ namespace: selectedPod.metadata.namespace ?? '', pod: selectedPod.metadata.name }) : ui.setStatus('no pod selected', 'warn')),
      detail: () => selectedPod && ui.openDetail(selectedPod),
      yaml: () => selectedPod && ui.openYaml(selectedPod),
      why: () => (selectedPod ? ui.openWhy?.(selectedPod, 'pod') : ui.setStatus('no pod selected', 'warn')),
      ungate: () => start('ungate'),
      delete: () => start('delete'),
    },
  });

  if (flow) {
    return (
      <FocusLayer id={DIALOG} level={LEVEL.dialog} modal>
      <Box height={height} flexDirection="column" overflowY="hidden">
        <ActionFlow
          api={api}
          kind={flow.kind}
          pods={flow.pods}
          width={width}
          height={height}
          onDone={onFlowDone({ close: () => openFlow(null), setStatus: ui.setStatus, cancelled: `${flow.kind} cancelled: nothing was sent`, clearMarks: sel.clearMarks })}
        />
      </Box>
      </FocusLayer>
    );
  }

  return (
    <ListBody
      list={list}
      columns={podColumns}
      width={width}
      height={height}
      empty={emptyText(api.pods.health, list.filter, gatedOnly)}
      details={podDetails(selectedPod)}
      scope={gatedOnly ? ['gated only'] : []}
      now={now}
    />
  );
}
