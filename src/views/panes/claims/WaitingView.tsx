// Pods waiting for a claim, with the scheduler's last message for the selected pod
// (its events are fetched when it is selected, never watched cluster-wide).
import { useEffect, useMemo, useState } from 'react';
import type { ConsoleApi, KubeObject, ReadableStore } from '../../../k8s/types.js';
import { ClaimWaiters, schedulerMessage, waiterColumns, waiterRow, waitsForClaim } from '../../../state/claimwaiters.js';
import { RowIndex, type RowQuery } from '../../../state/rowindex.js';
import { keyOf } from '../../../state/store.js';
import type { SortState } from '../../Table.js';
import { sanitize } from '../../../state/sanitize.js';
import { useUIActions } from '../../context.js';
import type { Handlers } from '../../hooks/useKeymap.js';
import { useStore } from '../../hooks/useStore.js';
import { DraList, emptyText } from './DraList.js';

export interface WaitingViewProps {
  api: ConsoleApi;
  claims: ReadableStore<KubeObject> | undefined;
  now: number;
  width: number;
  height: number;
  active: boolean;
  viewKeys: Handlers;
}

/** waits this long after the cursor stops before asking for events */
const SETTLE_MS = 250;

type Events = { key: string; items?: KubeObject[]; error?: string };

export function WaitingView({ api, claims, now, width, height, active, viewKeys }: WaitingViewProps) {
  const ui = useUIActions();
  const pv = useStore(api.pods);
  const cv = useStore(claims ?? api.pods);
  // the pods kept by a RowIndex, scoped to those waiting for a claim: a pods flush costs
  // the pods that changed, a claims flush the pods that reference the claims that changed
  const view = useMemo(() => {
    const waiters = new ClaimWaiters(api.pods, claims);
    const index = new RowIndex(api.pods, (pod, at) => waiterRow(pod, at, claims) ?? { key: keyOf(pod), cells: [] });
    const keep = (pod: KubeObject) => waitsForClaim(pod, claims);
    const rows = (q: Omit<RowQuery, 'keep'>) => {
      const changed = waiters.update();
      if (changed === 'all') index.invalidate();
      else index.refresh(changed);
      return index.rows({ ...q, keep });
    };
    return { rows, waiting: waiters.waiting };
  }, [api.pods, claims]);
  const useRows = (filter: string, sort: SortState) => {
    const { col, desc } = sort;
    // the store versions stand for the stores' contents
    // eslint-disable-next-line react-hooks/exhaustive-deps
    const rows = useMemo(() => view.rows({ filter, col, desc }), [view, pv, cv, filter, col, desc]);
    return { rows, total: view.waiting.size };
  };
  const [selectedKey, setSelectedKey] = useState<string | undefined>();
  const [events, setEvents] = useState<Events | null>(null);

  useEffect(() => {
    const pod = selectedKey ? api.pods.get(selectedKey) : undefined;
    if (!pod || events?.key === selectedKey) return;
    let current = true;
    const timer = setTimeout(() => {
      api.events(pod).then(
        (items) => current && setEvents({ key: selectedKey!, items }),
        (err: unknown) => current && setEvents({ key: selectedKey!, error: String((err as Error)?.message ?? err) }),
      );
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, selectedKey, events?.key]);

  const details = (key: string | undefined) => {
    const pod = key ? api.pods.get(key) : undefined;
    if (!pod) return '';
    const got = events?.key === key ? events : undefined;
    if (got?.error) return `events: ${sanitize(got.error)}`;
    const text = schedulerMessage(pod, got?.items);
    return got ? text : `${text}${text ? '  ' : ''}(loading events…)`;
  };

  return (
    <DraList
      columns={waiterColumns}
      useRows={useRows}
      now={now}
      width={width}
      height={height}
      active={active}
      empty={api.pods.health.state === 'synced' ? 'no pod waits for a resource claim' : emptyText(api.pods.health, 'pods')}
      details={(row) => details(row?.key)}
      onSelected={setSelectedKey}
      handlers={(sel) => {
        const pod = sel.selected && api.pods.get(sel.selected.key);
        return { ...viewKeys, detail: () => pod && ui.openDetail(pod), yaml: () => pod && ui.openYaml(pod) };
      }}
    />
  );
}
