import { useState } from 'react';
import { onFlowDone } from '../../results.js';
import { Box } from 'ink';
import type { ConsoleApi, Health, KubeObject } from '../../../k8s/types.js';
import { podColumns, podGates } from '../../../state/pods.js';
import { sanitize } from '../../../state/sanitize.js';
import { ActionFlow, type ActionFlowProps } from '../../ActionFlow.js';
import { GatePicker } from './GatePicker.js';
import { PODS } from '../../../k8s/extensions.js';
import { leftOutNotes, nothingToDo, pickTargets, targetsLabel, type Guard } from '../../../state/targets.js';
import { useUIActions, useUIState } from '../../context.js';
import { useClock } from '../../hooks/useClock.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { useListPane } from '../../hooks/useListPane.js';
import { usePodRows } from './usePodRows.js';
import { ListBody } from '../../ListBody.js';
import { FocusLayer, LEVEL, useRouter } from '../../router/react.js';

const DIALOG = 'dialog:pods';

type ActionFlowIntent = ActionFlowProps['intent'];

const GATED: Guard = { fits: (p) => podGates(p).length > 0, reason: 'no scheduling gates', none: 'no scheduling gates on the selected or marked pods' };

/** gates of every pod, each once, in the order first seen */
function unionGates(pods: readonly KubeObject[]): string[] {
  return [...new Set(pods.flatMap((p) => podGates(p)))];
}

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
  const [flow, setFlow] = useState<{ verb: string; intent: ActionFlowIntent } | null>(null);

  const list = useListPane({ memoryKey: 'pods', columns: podColumns, width, height, useRows: (filter, sort) => usePodRows(api.pods, now, filter, sort, gatedOnly) });
  const { sel } = list;
  const selectedPod = sel.selected && api.pods.get(sel.selected.key);

  // the dialog is a focus level: opened now, so the next key of a burst already goes there
  const router = useRouter();
  const openFlow = (next: { verb: string; intent: ActionFlowIntent } | null) => {
    if (next) router.open(DIALOG, { level: LEVEL.dialog, modal: true });
    else router.close(DIALOG);
    setFlow(next);
  };

  const start = (kind: 'ungate' | 'delete') => {
    const targets = pickTargets(api.pods, sel.marked, sel.selected?.key, kind === 'ungate' ? GATED : undefined);
    const refusal = nothingToDo(targets, 'pod', kind === 'ungate' ? GATED : undefined);
    if (refusal) return ui.setStatus(refusal, 'warn');
    const pods = targets.chosen;
    const base = { label: targetsLabel(pods, 'pods'), notes: leftOutNotes(targets), execute: api.resource(PODS).execute };
    if (kind === 'delete') return openFlow({ verb: 'delete', intent: { ...base, verb: 'delete', past: 'deleted', plan: () => api.resource(PODS).planDelete(pods) } });
    openFlow({
      verb: 'ungate',
      intent: {
        pick: (choose, cancel) => (
          <GatePicker
            targetLabel={base.label}
            gates={unionGates(pods)}
            width={width}
            onCancel={cancel}
            onPick={(gate) => choose({ ...base, verb: 'ungate', past: 'ungated', plan: () => api.extensions.pods.ungate(pods, gate) })}
          />
        ),
      },
    });
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
          intent={flow.intent}
          width={width}
          height={height}
          onDone={onFlowDone({ close: () => openFlow(null), setStatus: ui.setStatus, cancelled: `${flow.verb} cancelled: nothing was sent`, clearMarks: sel.clearMarks })}
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
    />
  );
}
