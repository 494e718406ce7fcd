import { describe, expect, it } from 'vitest';
import type { TableColumn, TableRow } from '../../src/k8s/types.js';
import { COLUMN_GAP, displayWidth, filterRows, fitColumns, formatCell, nextSortColumn, sortedTitle, sortRows, truncate } from '../../src/state/table.js';

const row = (key: string, cells: string[], sort?: (string | number)[]): TableRow => ({ key, cells, sort });
const keys = (rows: readonly TableRow[]) => rows.map((r) => r.key);

describe('filterRows', () => {
  const rows = [
    row('a', ['kube-system', 'coredns-1', 'Running']),
    row('b', ['shop', 'web-1', 'CrashLoopBackOff']),
    row('c', ['shop', 'web-2', 'Running']),
  ];

  it('matches a substring of any cell, ignoring case', () => {
    expect(keys(filterRows(rows, 'CRASH'))).toEqual(['b']);
    expect(keys(filterRows(rows, 'shop'))).toEqual(['b', 'c']);
    expect(keys(filterRows(rows, 'dns'))).toEqual(['a']);
  });

  it('inverts with a leading "!"', () => {
    expect(keys(filterRows(rows, '!running'))).toEqual(['b']);
  });

  it('returns every row for an empty filter or a lone "!"', () => {
    expect(filterRows(rows, '')).toBe(rows);
    expect(filterRows(rows, '!')).toBe(rows);
  });

  it('does not match across two cells', () => {
    expect(filterRows(rows, 'shopweb')).toEqual([]);
  });
});

describe('sortRows', () => {
  it('sorts strings in natural order, ignoring case', () => {
    const rows = [row('10', ['pod-10']), row('2', ['pod-2']), row('B', ['Beta']), row('a', ['alpha'])];
    expect(keys(sortRows(rows, 0))).toEqual(['a', 'B', '2', '10']);
  });

  it('uses row.sort values, numbers numerically', () => {
    const rows = [row('x', ['10'], [10]), row('y', ['9'], [9]), row('z', ['100'], [100])];
    expect(keys(sortRows(rows, 0))).toEqual(['y', 'x', 'z']);
    expect(keys(sortRows(rows, 0, true))).toEqual(['z', 'x', 'y']);
  });

  it('is stable in both directions', () => {
    const rows = [row('1', ['b']), row('2', ['a']), row('3', ['b']), row('4', ['a'])];
    expect(keys(sortRows(rows, 0))).toEqual(['2', '4', '1', '3']);
    expect(keys(sortRows(rows, 0, true))).toEqual(['1', '3', '2', '4']);
  });

  it('puts a missing number (NaN) after the numbers, whatever the input order', () => {
    const rows = [row('nan', ['?'], [Number.NaN]), row('two', ['2'], [2]), row('one', ['1'], [1]), row('one-b', ['1'], [1])];
    expect(keys(sortRows(rows, 0))).toEqual(['one', 'one-b', 'two', 'nan']);
    expect(keys(sortRows([rows[2]!, rows[0]!, rows[3]!, rows[1]!], 0))).toEqual(['one', 'one-b', 'two', 'nan']);
    expect(keys(sortRows(rows, 0, true))).toEqual(['nan', 'two', 'one', 'one-b']);
  });

  it('does not reorder the input array', () => {
    const rows = [row('b', ['b']), row('a', ['a'])];
    sortRows(rows, 0);
    expect(keys(rows)).toEqual(['b', 'a']);
  });
});

describe('formatCell and widths', () => {
  it('pads to the width, left or right aligned', () => {
    expect(formatCell('ab', 5)).toBe('ab   ');
    expect(formatCell('ab', 5, 'right')).toBe('   ab');
  });

  it('truncates with "…" to exactly the width', () => {
    expect(formatCell('abcdefgh', 5)).toBe('abcd…');
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abc', 0)).toBe('');
  });

  it('counts wide characters as two cells and combining marks as none', () => {
    expect(displayWidth('数据')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(formatCell('数据库服务', 5)).toBe('数据…');
    expect(displayWidth(formatCell('数据库服务', 6))).toBe(6);
  });
});

describe('fitColumns', () => {
  const columns: TableColumn[] = [
    { id: 'name', title: 'NAME', minWidth: 10, priority: 0 },
    { id: 'status', title: 'STATUS', priority: 0 },
    { id: 'age', title: 'AGE', priority: 2 },
    { id: 'node', title: 'NODE', minWidth: 6, priority: 4 },
  ];
  const rows = [row('1', ['a-rather-long-pod-name-0123456789', 'Running', '5d', 'worker-node-0001'])];
  const used = (ws: number[]) => ws.reduce((s, w) => s + w, 0) + (ws.filter((w) => w > 0).length - 1) * COLUMN_GAP;

  it('gives every column its natural width when there is room', () => {
    expect(fitColumns(columns, rows, 200)).toEqual([33, 7, 3, 16]);
  });

  it('shrinks columns that allow it before dropping anything', () => {
    const ws = fitColumns(columns, rows, 50);
    expect(ws.every((w) => w > 0)).toBe(true);
    expect(used(ws)).toBeLessThanOrEqual(50);
    expect(ws[1]).toBe(7);
  });

  it('drops the least important column first when minimum widths do not fit', () => {
    const ws = fitColumns(columns, rows, 30);
    expect(ws[3]).toBe(0);
    expect(ws[0]).toBeGreaterThanOrEqual(10);
    expect(used(ws)).toBeLessThanOrEqual(30);
  });

  it('keeps the most important columns at very narrow widths, truncated to fit', () => {
    const ws = fitColumns(columns, rows, 12);
    expect(ws[2]).toBe(0);
    expect(ws[3]).toBe(0);
    expect(used(ws)).toBeLessThanOrEqual(12);
    expect(ws[0]).toBeGreaterThan(0);
  });

  it('uses the title width for empty tables', () => {
    expect(fitColumns(columns, [], 80)).toEqual([4, 6, 3, 4]);
  });
});

describe('sorting at a narrow width', () => {
  it('a cut header keeps its ▲/▼', () => {
    expect(sortedTitle('NAMESPACE', '▲', 6)).toBe('NAME…▲');
    expect(sortedTitle('AGE', '▼', 6)).toBe('AGE▼');
  });
  it('< and > skip the columns hidden at this width', () => {
    // widths as fitColumns gives them: columns 2 and 3 hidden
    expect(nextSortColumn(1, 1, [5, 5, 0, 0, 4])).toBe(4);
    expect(nextSortColumn(4, 1, [5, 5, 0, 0, 4])).toBe(0);
    expect(nextSortColumn(0, -1, [5, 5, 0, 0, 4])).toBe(4);
    expect(nextSortColumn(4, -1, [5, 5, 0, 0, 4])).toBe(1);
  });
});
