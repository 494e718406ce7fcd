// DeviceClasses and how many claims ask for each.
import { useMemo } from 'react';
import type { KubeObject, ReadableStore } from '../../../k8s/types.js';
import { ClaimsPerClass, deviceClassColumns, deviceClassDetails, deviceClassRow } from '../../../state/deviceclasses.js';
import { RowIndex, type RowQuery } from '../../../state/rowindex.js';
import type { SortState } from '../../Table.js';
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
  // the classes kept by a RowIndex; a claims flush builds again only the rows of the classes whose count changed
  const view = useMemo(() => {
    const perClass = new ClaimsPerClass(claims);
    const index = new RowIndex(classes, (c, now) => deviceClassRow(c, now, perClass.counts));
    return (q: RowQuery) => {
      index.refresh(perClass.update());
      return index.rows(q);
    };
  }, [classes, claims]);
  const useRows = (filter: string, sort: SortState) => {
    const { col, desc } = sort;
    // the store versions stand for the stores' contents
    // eslint-disable-next-line react-hooks/exhaustive-deps
    const rows = useMemo(() => view({ filter, col, desc }), [view, dv, cv, filter, col, desc]);
    return { rows, total: classes.size };
  };
  return (
    <DraList
      columns={deviceClassColumns}
      useRows={useRows}
      now={now}
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
