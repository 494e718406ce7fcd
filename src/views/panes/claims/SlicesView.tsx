// ResourceSlices as an inventory per node / driver / pool.
import { useMemo } from 'react';
import type { KubeObject, ReadableStore } from '../../../k8s/types.js';
import { inventory, poolDetails, poolRow, sliceColumns } from '../../../state/slices.js';
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

const EMPTY: readonly KubeObject[] = [];

export function SlicesView({ slices, claims, width, height, active, viewKeys }: SlicesViewProps) {
  const sv = useStore(slices);
  const cv = useStore(claims ?? slices);
  // versions stand for the stores' contents
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const pools = useMemo(() => inventory(slices.list(), claims?.list() ?? EMPTY), [slices, claims, sv, cv]);
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
