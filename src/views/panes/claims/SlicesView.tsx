// ResourceSlices as an inventory per node / driver / pool.
import { useMemo } from 'react';
import type { KubeObject, ReadableStore } from '../../../k8s/types.js';
import { poolDetails, poolRow, SliceInventory, sliceColumns } from '../../../state/slices.js';
import type { Handlers } from '../../hooks/useKeymap.js';
import { useStore } from '../../hooks/useStore.js';
import { DraList, emptyText } from './DraList.js';

export interface SlicesViewProps {
  slices: ReadableStore<KubeObject>;
  claims: ReadableStore<KubeObject> | undefined;
  width: number;
  height: number;
  active: boolean;
  viewKeys: Handlers;
}

export function SlicesView({ slices, claims, width, height, active, viewKeys }: SlicesViewProps) {
  const sv = useStore(slices);
  const cv = useStore(claims ?? slices);
  // kept per claims event: a claims flush costs the claims it changed (state/slices.ts)
  const kept = useMemo(() => new SliceInventory(slices, claims), [slices, claims]);
  // versions stand for the stores' contents
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const pools = useMemo(() => kept.pools(), [kept, sv, cv]);
  const rows = useMemo(() => pools.map(poolRow), [pools]);
  const byKey = useMemo(() => new Map(rows.map((r, i) => [r.key, pools[i]])), [rows, pools]);
  return (
    <DraList
      columns={sliceColumns}
      rows={rows}
      width={width}
      height={height}
      active={active}
      empty={emptyText(slices.health, 'resource slices')}
      details={(row) => poolDetails(row && byKey.get(row.key))}
      handlers={() => viewKeys}
    />
  );
}
