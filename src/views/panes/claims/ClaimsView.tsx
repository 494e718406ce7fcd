// ResourceClaims: state, classes, devices, consumers (stale ones flagged), node.
import { useMemo } from 'react';
import type { ConsoleApi, KubeObject, ReadableStore } from '../../../k8s/types.js';
import { ClaimContextIndex, claimColumns, claimDetails, claimRow, staleReservations, type ClaimContext } from '../../../state/claims.js';
import { RowIndex, type RowQuery } from '../../../state/rowindex.js';
import type { SortState } from '../../Table.js';
import { useUIActions, useUIState } from '../../context.js';
import { useCan, type Ask } from '../../hooks/useCan.js';
import type { Handlers } from '../../hooks/useKeymap.js';
import { useStore } from '../../hooks/useStore.js';
import { DraList, emptyText } from './DraList.js';
import type { Intent } from '../../ActionFlow.js';
import { RESOURCE_CLAIMS } from '../../../k8s/extensions.js';
import { pickTargets, targetsLabel, nothingToDo } from '../../../state/targets.js';

export interface ClaimsViewProps {
  api: ConsoleApi;
  claims: ReadableStore<KubeObject>;
  now: number;
  width: number;
  height: number;
  active: boolean;
  viewKeys: Handlers;
  onFlow(flow: Intent, clearMarks?: () => void): void;
  onYaml(obj: KubeObject): void;
}

const CLAIM_ASKS: Ask[] = [
  { key: 'canDeleteClaims', verb: 'delete' },
  { key: 'canPatchClaimStatus', verb: 'patch', subresource: 'status' },
];

/**
 * The claims as shown, kept by a RowIndex: a claims flush costs the claims that changed,
 * a pods flush the claims whose rows it changed (reserved for a pod that came or went,
 * named by a pod's status: ClaimContextIndex), each a row and a binary search, not a
 * rebuild and re-sort of all. AGE is a live cell, computed for the rows on screen. Pods
 * count only while synced: a half-listed store would flag live pods as gone.
 */
function useClaimRows(api: ConsoleApi, claims: ReadableStore<KubeObject>) {
  const pv = useStore(api.pods);
  const cv = useStore(claims);
  const view = useMemo(() => {
    const context = new ClaimContextIndex(api.pods, claims);
    // a row is built at the time it is built (Date.now), once per version of its claim and of what it shows of the pods
    const index = new RowIndex(claims, (c, now) => claimRow(c, now, context.ctx));
    const rows = (q: RowQuery) => {
      const changed = context.update();
      if (changed === 'all') index.invalidate();
      else index.refresh(changed);
      return index.rows(q);
    };
    return { ctx: context.ctx as ClaimContext, rows };
  }, [api.pods, claims]);
  const useRows = (filter: string, sort: SortState) => {
    const { col, desc } = sort;
    // the store versions stand for the stores' contents
    // eslint-disable-next-line react-hooks/exhaustive-deps
    const rows = useMemo(() => view.rows({ filter, col, desc }), [view, pv, cv, filter, col, desc]);
    return { rows, total: claims.size };
  };
  return { ctx: view.ctx, useRows };
}

export function ClaimsView({ api, claims, now, width, height, active, viewKeys, onFlow, onYaml }: ClaimsViewProps) {
  const ui = useUIActions();
  const { ctx, useRows } = useClaimRows(api, claims);

  const { keyCtx, info } = useUIState();
  const access = useCan(api, RESOURCE_CLAIMS, keyCtx.readonly ? [] : CLAIM_ASKS, info.namespace ?? undefined);
  const withKind = (o: KubeObject): KubeObject => ({ kind: 'ResourceClaim', ...o });
  return (
    <DraList
      columns={claimColumns}
      useRows={useRows}
      now={now}
      width={width}
      height={height}
      active={active}
      empty={emptyText(claims.health, 'resource claims')}
      access={access}
      details={(row) => claimDetails(row && claims.get(row.key), ctx)}
      handlers={(sel) => {
        const selected = sel.selected && claims.get(sel.selected.key);
        return {
          ...viewKeys,
          detail: () => selected && ui.openDetail(withKind(selected)),
          yaml: () => selected && onYaml(selected),
          why: () => (selected ? ui.openWhy?.(withKind(selected), 'claim') : ui.setStatus('no claim selected', 'warn')),
          deleteClaim: () => {
            const targets = pickTargets(claims, sel.marked, sel.selected?.key);
            const refusal = nothingToDo(targets, 'claim');
            if (refusal) return ui.setStatus(refusal, 'warn');
            const chosen = targets.chosen;
            const res = api.resource(RESOURCE_CLAIMS);
            onFlow({ verb: 'delete', label: targetsLabel(chosen, 'claims'), plan: () => res.planDelete(chosen), execute: res.execute, past: 'deleted' }, sel.clearMarks);
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
              plan: () => api.extensions.resourceclaims.release(selected, first.uid),
              execute: api.resource(RESOURCE_CLAIMS).execute,
              past: 'released',
            });
          },
        };
      }}
    />
  );
}
