// ResourceClaims: state, classes, devices, consumers (stale ones flagged), node.
import { useMemo } from 'react';
import type { ConsoleApi, KubeObject, ReadableStore } from '../../../k8s/types.js';
import { claimColumns, claimContext, claimDetails, claimRow, staleReservations, type ClaimContext } from '../../../state/claims.js';
import { useUIActions } from '../../context.js';
import type { Handlers } from '../../hooks/useKeymap.js';
import { useStore } from '../../hooks/useStore.js';
import { DraList, emptyText } from './DraList.js';
import type { PaneFlow } from './ClaimActionFlow.js';

export interface ClaimsViewProps {
  api: ConsoleApi;
  claims: ReadableStore<KubeObject>;
  now: number;
  width: number;
  height: number;
  active: boolean;
  viewKeys: Handlers;
  onFlow(flow: PaneFlow): void;
  onYaml(obj: KubeObject): void;
}

/** Pods are indexed only while synced: a half-listed store would flag live pods as gone. */
export function usePodContext(api: ConsoleApi): ClaimContext {
  const version = useStore(api.pods);
  // version stands for the store's contents
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => claimContext(api.pods.health.state === 'synced' ? api.pods.list() : null), [api.pods, version]);
}

export function ClaimsView({ api, claims, now, width, height, active, viewKeys, onFlow, onYaml }: ClaimsViewProps) {
  const ui = useUIActions();
  const version = useStore(claims);
  const ctx = usePodContext(api);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the store versions stand for the stores' contents, which list() reads
  const rows = useMemo(() => claims.list().map((c) => claimRow(c, now, ctx)), [claims, version, now, ctx]);

  const withKind = (o: KubeObject): KubeObject => ({ kind: 'ResourceClaim', ...o });
  return (
    <DraList
      columns={claimColumns}
      rows={rows}
      width={width}
      height={height}
      active={active}
      empty={emptyText(claims.health, 'resource claims')}
      details={(row) => claimDetails(row && claims.get(row.key), ctx)}
      handlers={(sel) => {
        const selected = sel.selected && claims.get(sel.selected.key);
        const targets = () => {
          const marked = [...sel.marked].map((k) => claims.get(k)).filter((c): c is KubeObject => c !== undefined);
          return marked.length ? marked : selected ? [selected] : [];
        };
        return {
          ...viewKeys,
          detail: () => selected && ui.openDetail(withKind(selected)),
          yaml: () => selected && onYaml(selected),
          why: () => (selected ? ui.openWhy?.(withKind(selected), 'claim') : ui.setStatus('no claim selected', 'warn')),
          deleteClaim: () => {
            const chosen = targets();
            if (!chosen.length) return ui.setStatus('no claim selected', 'warn');
            onFlow({ verb: 'delete', label: chosen.length === 1 ? `${chosen[0].metadata.namespace}/${chosen[0].metadata.name}` : `${chosen.length} claims`, plan: () => api.claims.planDelete(chosen), past: 'deleted', clearMarks: sel.clearMarks });
          },
          releaseReservation: () => {
            if (!selected) return ui.setStatus('no claim selected', 'warn');
            if (ctx.podUids === null) return ui.setStatus('pods are not synced: cannot tell which reservations are stale', 'warn');
            const stale = staleReservations(selected, ctx);
            if (!stale.length) return ui.setStatus('no stale reservation: every pod this claim is reserved for exists', 'warn');
            const first = stale[0];
            onFlow({
              verb: 'release',
              label: `pod/${first.name} on ${selected.metadata.namespace}/${selected.metadata.name}${stale.length > 1 ? ` (${stale.length - 1} more stale)` : ''}`,
              plan: () => api.claims.planRelease(selected, first.uid),
              past: 'released',
            });
          },
        };
      }}
    />
  );
}
