// DeviceClasses and how many claims ask for each.
import { useMemo } from 'react';
import type { KubeObject, ReadableStore } from '../../../k8s/types.js';
import { claimsPerClass, deviceClassColumns, deviceClassDetails, deviceClassRow } from '../../../state/deviceclasses.js';
import { useUIActions } from '../../context.js';
import type { Handlers } from '../../hooks/useKeymap.js';
import { useStore } from '../../hooks/useStore.js';
import { DraList, emptyText } from './DraList.js';

export interface ClassesViewProps {
  classes: ReadableStore<KubeObject>;
  claims: ReadableStore<KubeObject> | undefined;
  now: number;
  width: number;
  height: number;
  active: boolean;
  viewKeys: Handlers;
  onYaml(obj: KubeObject): void;
}

export function ClassesView({ classes, claims, now, width, height, active, viewKeys, onYaml }: ClassesViewProps) {
  const ui = useUIActions();
  const dv = useStore(classes);
  const cv = useStore(claims ?? classes);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the store versions stand for the stores' contents, which list() reads
  const perClass = useMemo(() => claimsPerClass(claims?.list() ?? []), [claims, cv]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the store versions stand for the stores' contents, which list() reads
  const rows = useMemo(() => classes.list().map((c) => deviceClassRow(c, now, perClass)), [classes, dv, now, perClass]);
  return (
    <DraList
      columns={deviceClassColumns}
      rows={rows}
      width={width}
      height={height}
      active={active}
      empty={emptyText(classes.health, 'device classes')}
      details={(row) => deviceClassDetails(row && classes.get(row.key))}
      handlers={(sel) => {
        const selected = sel.selected && classes.get(sel.selected.key);
        return {
          ...viewKeys,
          detail: () => selected && ui.openDetail({ kind: 'DeviceClass', ...selected }),
          yaml: () => selected && onYaml(selected),
        };
      }}
    />
  );
}
