import { useState } from 'react';
import { onFlowDone } from '../../results.js';
import { Box } from 'ink';
import type { ConsoleApi, Health, KubeObject } from '../../../k8s/types.js';
import { podColumns, podGates } from '../../../state/pods.js';
import { sanitize } from '../../../state/sanitize.js';
import { ActionFlow, type ActionFlowProps, type Intent } from '../../ActionFlow.js';
import { GatePicker } from './GatePicker.js';
import { PODS } from '../../../k8s/extensions.js';
import { leftOutNotes, nothingToDo, pickTargets, targetsLabel, type Guard } from '../../../state/targets.js';
import { useFilterMemory, useUIActions, useUIState } from '../../context.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { useListPane } from '../../hooks/useListPane.js';
import { POD_SCOPE_MEMORY, podScopeOf, usePodRows, type PodScope } from './usePodRows.js';
import { useGateStates } from './useGateStates.js';
import type { PodGateState } from '../../../state/why/gates.js';
import { ListBody } from '../../ListBody.js';
import { FocusLayer, LEVEL, useRouter } from '../../router/react.js';

const DIALOG = 'dialog:pods';

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

/** ages move every few seconds at most; the table redraws them only when one on screen changes */
const CLOCK_MS = 5000;

/** the selected pod's long fields: gates (with their readiness by rule), then why it is not running */
export function podDetails(pod: KubeObject | undefined, gateState?: PodGateState): string {
  if (!pod) return '';
  const parts: string[] = [];
  const gates = podGates(pod);
  if (gateState) {
    // short: the whole story is one w away
    const said = gateState.gates.map(({ gate, readiness: r }) => (r.ready === true ? `${gate} ✓` : r.ready === null ? `${gate} (manual)` : `${gate} ✗ ${r.detail}`));
    parts.push(`${gateState.ready ? 'ready to ungate · ' : ''}gates: ${said.join(', ')}`);
  } else if (gates.length) parts.push(`gates: ${gates.join(', ')}`);
  const statuses: unknown = pod.status?.containerStatuses;
  const waiting = (Array.isArray(statuses) ? statuses : []).map((c: { state?: { waiting?: { message?: string } } } | null) => c?.state?.waiting?.message).find(Boolean);
  const message = pod.status?.message ?? waiting;
  if (message) parts.push(String(message));
  return sanitize(parts.join('   '));
}

const SCOPE_WORDS: Record<PodScope, string> = { all: '', gated: 'gated only', ready: 'ready to ungate' };

function emptyText(health: Health, filter: string, scope: PodScope): string {
  if (health.state === 'forbidden' || health.state === 'unauthorized' || health.state === 'unavailable') return `pods: ${health.state}: ${sanitize(health.message)}`;
  if (health.state === 'syncing') return 'loading pods…';
  if (filter || scope !== 'all') return `no pods match${scope !== 'all' ? ` (${SCOPE_WORDS[scope]})` : ''}${filter ? ` /${filter}` : ''}`;
  return 'no pods in this scope';
}

/** o: all → gated → ready to ungate (only when gate rules exist) → all */
function nextScope(scope: PodScope, rules: boolean): PodScope {
  if (scope === 'all') return 'gated';
  if (scope === 'gated' && rules) return 'ready';
  return 'all';
}

/** kept in the console's memory (the same record as the filters), so a :ns switch keeps it */
function rememberScope(memory: Record<string, string> | null, scope: PodScope): void {
  if (memory) memory[POD_SCOPE_MEMORY] = scope;
}

type Flow = { verb: string; intent: ActionFlowProps['intent'] };

export function PodsPane({ api, width, height, active }: PodsPaneProps) {
  const { keyCtx } = useUIState();
  const ui = useUIActions();
  const memory = useFilterMemory();
  const [scope, setShownScope] = useState<PodScope>(() => podScopeOf(memory?.[POD_SCOPE_MEMORY]));
  const setScope = (next: PodScope) => {
    rememberScope(memory, next);
    setShownScope(next);
  };
  const [flow, setFlow] = useState<Flow | null>(null);
  const gates = useGateStates(api);

  const list = useListPane({ memoryKey: 'pods', columns: podColumns, width, height, useRows: (filter, sort, view) => usePodRows(api.pods, filter, sort, scope, gates?.ready, view) });
  const { sel } = list;
  const selectedPod = sel.selected && api.pods.get(sel.selected.key);

  // the dialog is a focus level: opened now, so the next key of a burst already goes there
  const router = useRouter();
  const openFlow = (next: Flow | null) => {
    if (next) router.open(DIALOG, { level: LEVEL.dialog, modal: true });
    else router.close(DIALOG);
    setFlow(next);
  };

  const execute = api.resource(PODS).execute;
  /** the ungate intention for these pods and this gate (null: all of them) */
  const ungating = (pods: KubeObject[], gate: string | null, notes: string[] = []): Intent => ({
    verb: 'ungate',
    past: 'ungated',
    label: targetsLabel(pods, 'pods'),
    notes,
    plan: () => api.extensions.pods.ungate(pods, gate),
    execute,
  });
  const start = (kind: 'ungate' | 'delete') => {
    const targets = pickTargets(api.pods, sel.marked, sel.selected?.key, kind === 'ungate' ? GATED : undefined);
    const refusal = nothingToDo(targets, 'pod', kind === 'ungate' ? GATED : undefined);
    if (refusal) return ui.setStatus(refusal, 'warn');
    const pods = targets.chosen;
    const notes = leftOutNotes(targets);
    if (kind === 'delete') {
      return openFlow({ verb: 'delete', intent: { verb: 'delete', past: 'deleted', label: targetsLabel(pods, 'pods'), notes, plan: () => api.resource(PODS).planDelete(pods), execute } });
    }
    openFlow({
      verb: 'ungate',
      intent: {
        pick: (choose, cancel) => <GatePicker targetLabel={targetsLabel(pods, 'pods')} gates={unionGates(pods)} width={width} onCancel={cancel} onPick={(gate) => choose(ungating(pods, gate, notes))} />,
      },
    });
  };
  /** U: every shown pod (the filter applies) whose gates are all ready by rule, all its gates */
  const ungateReady = () => {
    if (!gates) return ui.setStatus('no gate rules: add gates.rules to the config file to say when a gate may go (docs/config.md)', 'warn');
    const pods = list.rows.filter((r) => gates.ready.has(r.key)).map((r) => api.pods.get(r.key)).filter((p): p is KubeObject => p !== undefined);
    if (pods.length === 0) return ui.setStatus(`no ${list.filter ? 'matching ' : ''}pod is ready to ungate by rule`, 'warn');
    openFlow({ verb: 'ungate', intent: ungating(pods, null) });
  };

  useKeymap({
    scopes: ['global', 'list', 'pods'],
    isActive: active,
    ctx: keyCtx,
    onUnavailable: (reason) => ui.setStatus(reason, 'warn'),
    handlers: {
      ...list.handlers,
      gatedOnly: () => setScope(nextScope(scope, gates !== undefined)),
      ungateReady,
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
      empty={emptyText(api.pods.health, list.filter, scope)}
      details={podDetails(selectedPod, selectedPod && gates?.states.get(sel.selected!.key))}
      scope={scope === 'all' ? [] : [SCOPE_WORDS[scope]]}
      liveStepMs={CLOCK_MS}
    />
  );
}
