import { useCallback, useMemo, useState } from 'react';
import type { TableRow } from '../../k8s/types.js';
import type { RowSeq } from '../../state/rowlist.js';

export interface Selection {
  /** index of the selected row in rows */
  cursor: number;
  selected: TableRow | undefined;
  moveTo(index: number): void;
  moveBy(delta: number): void;
  marked: ReadonlySet<string>;
  toggleMark(): void;
  clearMarks(): void;
}

/**
 * The cursor follows its row when rows re-sort or re-filter; a keypress costs O(1)
 * (the row's new position is only searched for when rows change).
 */
/** where the selected row is now: O(1) unless rows changed under it */
function resolve(rows: RowSeq<TableRow>, sel: { index: number; key?: string }): number {
  // reads only as far as it needs: rows still being filtered find what is read (RowIndex partial)
  if (rows.at(0) === undefined) return 0;
  if (sel.key !== undefined && rows.at(sel.index)?.key !== sel.key) {
    const key = sel.key;
    const found = rows.indexOfKey ? rows.indexOfKey(key) : rows.findIndex((r) => r.key === key);
    if (found >= 0) return found;
  }
  return clampIndex(rows, sel.index);
}

/** index within the rows; the whole length is read only past their end */
function clampIndex(rows: RowSeq<TableRow>, index: number): number {
  if (index <= 0) return 0;
  return rows.at(index) !== undefined ? index : Math.max(0, rows.length - 1);
}

export function useSelection(rows: RowSeq<TableRow>): Selection {
  const [sel, setSel] = useState<{ index: number; key?: string }>({ index: 0 });
  const [marked, setMarked] = useState<ReadonlySet<string>>(() => new Set());

  const cursor = useMemo(() => resolve(rows, sel), [rows, sel]);

  // functional updates: two keys pressed before a re-render must both count
  const moveTo = useCallback(
    (index: number) => {
      const i = clampIndex(rows, index);
      setSel({ index: i, key: rows.at(i)?.key });
    },
    [rows],
  );
  const moveBy = useCallback(
    (delta: number) =>
      setSel((prev) => {
        const i = clampIndex(rows, resolve(rows, prev) + delta);
        return { index: i, key: rows.at(i)?.key };
      }),
    [rows],
  );

  const selected = rows.at(cursor);
  const toggleMark = useCallback(() => {
    if (!selected) return;
    setMarked((prev) => {
      const next = new Set(prev);
      if (next.has(selected.key)) next.delete(selected.key);
      else next.add(selected.key);
      return next;
    });
  }, [selected]);
  const clearMarks = useCallback(() => setMarked(new Set()), []);

  return { cursor, selected, moveTo, moveBy, marked, toggleMark, clearMarks };
}
