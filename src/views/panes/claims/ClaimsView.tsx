// ResourceClaims: state, classes, devices, consumers (stale ones flagged), node.
import { useMemo } from 'react';
import type { ConsoleApi, KubeObject, ReadableStore } from '../../../k8s/types.js';
import { claimColumns, claimContext, claimDetails, claimRow, staleReservations, type ClaimContext } from '../../../state/claims.js';
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

  const { keyCtx, info } = useUIState();
  const access = useCan(api, RESOURCE_CLAIMS, keyCtx.readonly ? [] : CLAIM_ASKS, info.namespace ?? undefined);
  const withKind = (o: KubeObject): KubeObject => ({ kind: 'ResourceClaim', ...o });
  return (
    <DraList
      columns={claimColumns}
      rows={rows}
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
