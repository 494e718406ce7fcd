// What the table hands the terminal line by line: the highlighted row spans the width,
// the others end at their last character (Table trims them: Ink draws blanks where nothing was written).
import { afterEach, expect, test } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import chalk from 'chalk';
import type { TableColumn, TableRow } from '../../src/k8s/types.js';
import { Table } from '../../src/views/Table.js';
import { ThemeContext, makeTheme } from '../../src/views/theme.js';

afterEach(() => cleanup());

const columns: TableColumn[] = [{ id: 'name', title: 'NAME' }, { id: 'status', title: 'STATUS' }, { id: 'gates', title: 'GATES' }];
const row = (name: string, status: string, gates = ''): TableRow => ({ key: `ns/${name}`, cells: [name, status, gates] });
const ESC = '\u001B';
const plain = (s: string) => s.replaceAll(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');

function draw(rows: TableRow[], cursor: number, colors: boolean) {
  const r = render(
    <ThemeContext.Provider value={makeTheme(colors)}>
      <Table columns={columns} rows={rows} cursor={cursor} marked={new Set(['ns/b'])} width={60} height={6} />
    </ThemeContext.Provider>,
  );
  return (r.lastFrame() ?? '').split('\n');
}

test('the selected row is inverse across every column, the empty last one too; the others have no inverse', () => {
  const level = chalk.level;
  chalk.level = 1;
  try {
    const lines = draw([row('a', 'Running'), row('b', 'Pending', 'quota'), row('c', '')], 0, true);
    const selected = lines[1]!;
    expect(selected).toContain(`${ESC}[7m`);
    // inverse runs to the end of the last column (GATES, empty here): its padding is drawn
    expect(plain(selected)).toHaveLength(plain(lines[0]!).length);
    expect(plain(selected)).toMatch(/^> {2}a {2,}Running {2,}$/);
    expect(selected.lastIndexOf(`${ESC}[27m`)).toBeGreaterThan(selected.lastIndexOf(' '));
    for (const other of [lines[0]!, lines[2]!, lines[3]!]) expect(other).not.toContain(`${ESC}[7m`);
    expect(plain(lines[2]!)).toMatch(/^ \* b {2,}Pending {2,}quota$/);
  } finally {
    chalk.level = level;
  }
});

test('a row with nothing in its cells keeps its line: the rows below do not move up', () => {
  const lines = draw([row('a', 'Running'), row('', ''), row('c', 'Running')], 2, false);
  expect(lines.map((l) => l.trimEnd())).toEqual([expect.stringMatching(/^ {3}NAME {2,}STATUS {2,}GATES$/), '   a     Running', '', '>  c     Running']);
});
