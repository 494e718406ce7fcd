// Pane 6: any resource like `kubectl get` — `:deploy`, `:nodes`, `:events`, a CRD's plural
// or short name, `:res GROUP/RESOURCE`. The rows are the server's own Table (its columns,
// its cells), watched; filter, sort, marks, details, YAML and delete work as elsewhere.
import { onFlowDone } from '../../results.js';
import { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import type { NamedResource } from '../../../state/resolve.js';
import { sanitize } from '../../../state/sanitize.js';
import { tableIndex } from '../../../state/servertable.js';
import { useUIActions, useUIState } from '../../context.js';
import { useClock } from '../../hooks/useClock.js';
import { useCan, type Ask } from '../../hooks/useCan.js';
import type { KeyContext } from '../../keys.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { useListPane } from '../../hooks/useListPane.js';
import { useStore } from '../../hooks/useStore.js';
import { ListBody } from '../../ListBody.js';
import { FocusLayer, LEVEL, useRouter } from '../../router/react.js';
import { ActionFlow, type Intent } from '../../ActionFlow.js';
import { pickTargets, targetsLabel } from '../../../state/targets.js';
import type { PaneProps } from '../types.js';
import { RESOURCES } from './id.js';

const DIALOG = 'dialog:resources';
const DELETE_ASK: Ask[] = [{ key: 'canDeleteResource', verb: 'delete' }];
const CLOCK_MS = 5_000;

/** "deployments.apps", "nodes": how the session's calls and kubectl name a resource */
export function resourceName(rt: NamedResource): string {
  return rt.group ? `${rt.resource}.${rt.group}` : rt.resource;
}

export function ResourcesPane(props: PaneProps) {
  const { resourceTarget } = useUIState();
  const { api } = props;
  if (!api.tables) return <Text>This session cannot list other resources.</Text>;
  if (!resourceTarget)
    return (
      <Box flexDirection="column" paddingX={1}>
        <Text>No resource chosen. Type :deploy, :nodes, :events, :svc, :jobs, :cm, a custom resource&apos;s name,</Text>
        <Text>or :res GROUP/RESOURCE: its table is the server&apos;s own, as kubectl get prints it.</Text>
      </Box>
    );
  // a new resource is a new list: filter, sort and marks belong to the one they were made on
  return <ResourceList key={resourceName(resourceTarget)} {...props} target={resourceTarget} />;
}

/** the resources `w` can explain: core pods and resource.k8s.io claims */
function whyKindOf(rt: NamedResource): 'pod' | 'claim' | undefined {
  if (rt.group === '' && rt.resource === 'pods') return 'pod';
  if (rt.group === 'resource.k8s.io' && rt.resource === 'resourceclaims') return 'claim';
  return undefined;
}

function ResourceList({ api, width, height, active, target }: PaneProps & { target: NamedResource }) {
  const ui = useUIActions();
  const router = useRouter();
  const table = useMemo(() => api.tables!.table(target), [api, target]);
  const version = useStore(table.store);
  const now = useClock(CLOCK_MS);
  const [wide, setWide] = useState(false);
  const [flow, setFlow] = useState<Intent | null>(null);
  const name = resourceName(target);
  const gr = useMemo(() => ({ group: target.group, resource: target.resource }), [target]);
  const res = useMemo(() => api.resource(gr), [api, gr]);
  const { keyCtx } = useUIState();
  const can = useCan(api, gr, keyCtx.readonly || !target.verbs.includes('delete') ? [] : DELETE_ASK, table.namespace ?? undefined);
  const ctx = useMemo<KeyContext>(() => ({ ...keyCtx, ...can }), [keyCtx, can]);
  const namespaceColumn = target.namespaced && table.namespace === null;
  // the rows kept per store event (state/rowindex.ts); AGE is a live cell, for the rows on screen
  const index = useMemo(() => tableIndex(table.store, namespaceColumn), [table, namespaceColumn]);
  // version stands for the store's contents (new column definitions bump it)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layout = useMemo(() => index.layout(wide), [index, version, wide]);
  const list = useListPane({
    memoryKey: `resources:${name}`,
    columns: layout.columns,
    width,
    height,
    useRows: (filter, sort) => {
      const { col, desc } = sort;
      // the rule reads useRows as a nested scope: version and layout stand for the store's contents
      // eslint-disable-next-line react-hooks/exhaustive-deps
      const rows = useMemo(() => index.rows(wide, { filter, col, desc }), [index, version, layout, wide, filter, col, desc]);
      return { rows, total: table.store.size };
    },
    copyText: (row) => {
      const o = table.store.get(row.key);
      return o ? (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name) : row.key;
    },
  });
  const { sel } = list;
  const selected = sel.selected ? table.store.get(sel.selected.key) : undefined;
  const openFlow = (next: Intent | null) => {
    if (next) router.open(DIALOG, { level: LEVEL.dialog, modal: true });
    else router.close(DIALOG);
    setFlow(next);
  };
  // the row carries metadata only (the Table's includeObject default): details need the object
  const detail = () => {
    if (!selected) return ui.setStatus('nothing selected', 'warn');
    res.get(selected).then(
      (fresh) => ui.openDetail(fresh, name),
      (err: unknown) => ui.setStatus(`could not get ${sanitize(selected.metadata.name)}: ${sanitize(String((err as Error)?.message ?? err))}`, 'error'),
    );
  };
  // w where the pods or claims panes would answer it: the row's metadata is not enough, the analysis reads the object
  const why = () => {
    const what = whyKindOf(target);
    if (!what) return ui.setStatus(`w explains pods and resource claims, not ${name}`, 'warn');
    if (!selected) return ui.setStatus('nothing selected', 'warn');
    res.get(selected).then(
      (fresh) => ui.openWhy?.(fresh, what),
      (err: unknown) => ui.setStatus(`could not get ${sanitize(selected.metadata.name)}: ${sanitize(String((err as Error)?.message ?? err))}`, 'error'),
    );
  };
  useKeymap({
    scopes: ['global', 'list', RESOURCES],
    isActive: active && !list.editing && flow === null,
    ctx,
    onUnavailable: (reason) => ui.setStatus(reason, 'warn'),
    handlers: {
      ...list.handlers,
      detail,
      why,
      yaml: () => (selected ? ui.openYaml(selected, name) : ui.setStatus('nothing selected', 'warn')),
      wideColumns: () => setWide((w) => !w),
      delete: () => {
        const t = pickTargets(table.store, sel.marked, sel.selected?.key).chosen;
        if (!t.length) return ui.setStatus('nothing selected to delete', 'warn');
        if (!target.verbs.includes('delete')) return ui.setStatus(`the server does not offer delete for ${name}`, 'warn');
        openFlow({ verb: 'delete', past: 'deleted', label: targetsLabel(t, name), plan: () => res.planDelete(t), execute: res.execute });
      },
    },
  });

  if (flow) {
    return (
      <FocusLayer id={DIALOG} level={LEVEL.dialog} modal>
        <Box height={height} flexDirection="column" overflowY="hidden">
          <ActionFlow
            intent={flow}
            width={width}
            height={height}
            onDone={onFlowDone({ close: () => openFlow(null), setStatus: ui.setStatus, cancelled: 'delete cancelled: nothing was sent', clearMarks: sel.clearMarks })}
          />
        </Box>
      </FocusLayer>
    );
  }
  const health = table.store.health;
  const empty =
    health.state === 'forbidden' || health.state === 'unauthorized' || health.state === 'unavailable'
      ? `${name}: ${health.state}: ${sanitize(health.message)}`
      : health.state === 'syncing'
        ? `listing ${name}…`
        : list.filter
          ? `no ${name} match /${list.filter}`
          : `no ${name}${table.namespace ? ` in ${table.namespace}` : ''}`;
  return (
    <ListBody
      list={list}
      columns={layout.columns}
      width={width}
      height={height}
      empty={empty}
      details={selected ? `${sanitize(target.kind)} ${sanitize(selected.metadata.namespace ? `${selected.metadata.namespace}/` : '')}${sanitize(selected.metadata.name)}` : ''}
      scope={[name, ...(wide ? ['wide'] : []), ...(layout.fallback ? ['(no server table: NAME, AGE)'] : [])]}
      now={now}
    />
  );
}
