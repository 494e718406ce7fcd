import { useState } from 'react';
import { Box, Text } from 'ink';
import type { ConsoleApi, Health, KubeObject } from '../k8s/types.js';
import { podColumns, podGates } from '../state/pods.js';
import { sanitize } from '../state/sanitize.js';
import { ActionFlow, type ActionKind } from './ActionFlow.js';
import { useUIActions, useUIState } from './context.js';
import { FilterLine } from './FilterLine.js';
import { useClock } from './hooks/useClock.js';
import { useKeymap } from './hooks/useKeymap.js';
import { usePodRows } from './hooks/usePodRows.js';
import { useSelection } from './hooks/useSelection.js';
import { Table, type SortState } from './Table.js';
import { useTheme } from './theme.js';

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
  const waiting = (pod.status?.containerStatuses ?? []).map((c: any) => c?.state?.waiting?.message).find(Boolean);
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
  const theme = useTheme();
  const { keyCtx } = useUIState();
  const ui = useUIActions();
  const now = useClock(CLOCK_MS);
  const [filter, setFilter] = useState('');
  const [editingFilter, setEditingFilter] = useState(false);
  const [sort, setSort] = useState<SortState>({ col: 0, desc: false });
  const [gatedOnly, setGatedOnly] = useState(false);
  const [flow, setFlow] = useState<{ kind: ActionKind; pods: KubeObject[] } | null>(null);

  const { rows, total } = usePodRows(api.pods, now, filter, sort, gatedOnly);
  const sel = useSelection(rows);
  const selectedPod = sel.selected && api.pods.get(sel.selected.key);
  const tableHeight = Math.max(2, height - 1);
  const page = Math.max(1, tableHeight - 2);

  const capturing = editingFilter || flow !== null;
  // told synchronously, so the very next key already skips the global bindings
  const openFilter = (open: boolean, typed?: string) => {
    // text typed together with "/" (one read): "⏎" in it means the filter is done
    const enter = typed ? typed.search(/[\r\n]/) : -1;
    if (typed) setFilter(enter === -1 ? typed : typed.slice(0, enter));
    const editing = open && enter === -1;
    setEditingFilter(editing);
    ui.setCapturing(editing);
  };
  const openFlow = (next: { kind: ActionKind; pods: KubeObject[] } | null) => {
    setFlow(next);
    ui.setCapturing(next !== null);
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
  const sortBy = (col: number) => setSort((s) => ({ col: (col + podColumns.length) % podColumns.length, desc: s.desc }));

  useKeymap({
    scopes: ['global', 'list', 'pods'],
    isActive: active && !capturing,
    ctx: keyCtx,
    onUnavailable: (reason) => ui.setStatus(reason, 'warn'),
    handlers: {
      down: () => sel.moveBy(1),
      up: () => sel.moveBy(-1),
      pageDown: () => sel.moveBy(page),
      pageUp: () => sel.moveBy(-page),
      top: () => sel.moveTo(0),
      bottom: () => sel.moveTo(rows.length - 1),
      filter: (typed) => openFilter(true, typed),
      sortPrev: () => sortBy(sort.col - 1),
      sortNext: () => sortBy(sort.col + 1),
      sortReverse: () => setSort((s) => ({ ...s, desc: !s.desc })),
      mark: () => {
        sel.toggleMark();
        sel.moveBy(1);
      },
      gatedOnly: () => setGatedOnly((g) => !g),
      logs: () => (selectedPod ? ui.openLogs?.({ namespace: selectedPod.metadata.namespace ?? '', pod: selectedPod.metadata.name }) : ui.setStatus('no pod selected', 'warn')),
      detail: () => selectedPod && ui.openDetail(selectedPod),
      yaml: () => selectedPod && ui.openYaml(selectedPod),
      ungate: () => start('ungate'),
      delete: () => start('delete'),
      back: () => (filter ? setFilter('') : sel.clearMarks()),
    },
  });

  if (flow) {
    return (
      <Box height={height} flexDirection="column" overflowY="hidden">
        <ActionFlow
          api={api}
          kind={flow.kind}
          pods={flow.pods}
          width={width}
          height={height}
          onDone={(status) => {
            openFlow(null);
            if (status) {
              ui.setStatus(status.text, status.tone);
              if (status.tone === 'ok') sel.clearMarks();
            } else ui.setStatus(`${flow.kind} cancelled: nothing was sent`, 'normal');
          }}
        />
      </Box>
    );
  }

  const scope = [gatedOnly ? 'gated only' : '', filter ? `/${filter}` : '', sel.marked.size ? `${sel.marked.size} marked` : ''].filter(Boolean).join('  ');
  const counter = `${scope ? `${scope}  ` : ''}${rows.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`;
  const details = podDetails(selectedPod);
  return (
    <Box height={height} flexDirection="column" overflowY="hidden">
      <Table
        columns={podColumns}
        rows={rows}
        cursor={sel.cursor}
        marked={sel.marked}
        sort={sort}
        width={width}
        height={tableHeight}
        empty={emptyText(api.pods.health, filter, gatedOnly)}
      />
      <Box flexGrow={1} />
      {editingFilter ? (
        <FilterLine
          value={filter}
          width={width}
          onChange={setFilter}
          onSubmit={() => openFilter(false)}
          onCancel={() => {
            setFilter('');
            openFilter(false);
          }}
        />
      ) : (
        <Box width={width}>
          <Box flexGrow={1} flexShrink={1}>
            <Text color={theme.warn} wrap="truncate-end">
              {' '}
              {details}
            </Text>
          </Box>
          <Text dimColor={theme.dim} wrap="truncate-end">
            {' '}
            {counter}
          </Text>
        </Box>
      )}
    </Box>
  );
}
