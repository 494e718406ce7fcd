// The table's own clock for live cells (ages): it redraws exactly when a cell on screen
// reads differently, and not at all while none does.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { TableColumn, TableRow } from '../../src/k8s/types.js';
import { humanDuration } from '../../src/state/format.js';
import { nextLiveChange, Table } from '../../src/views/Table.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const MIN = 60_000;

beforeEach(() => void vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const columns: TableColumn[] = [{ id: 'name', title: 'NAME' }, { id: 'age', title: 'AGE', align: 'right' }];
/** a row whose AGE is live: created `ageMs` before T0 */
function aged(name: string, ageMs: number): TableRow {
  const created = T0 - ageMs;
  const cells = (now: number) => [name, humanDuration(now - created)];
  return { key: `ns/${name}`, cells: cells(T0), live: cells };
}
const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};
const ageOf = (frame: string, name: string) => frame.split('\n').find((l) => l.includes(` ${name} `))?.trim().split(/\s+/).at(-1);

test('an age is redrawn the moment its text changes, and nothing is drawn before', async () => {
  // 59m50s old: reads 59m for 10 s more, then 60m, 61m …; 10h old: 10h for an hour
  const rows = [aged('young', 59 * MIN + 50_000), aged('old', 10 * 60 * MIN)];
  const r = render(<Table columns={columns} rows={rows} cursor={0} marked={new Set()} width={40} height={5} liveStepMs={5000} />);
  await flush();
  expect(ageOf(r.lastFrame()!, 'young')).toBe('59m');
  expect(ageOf(r.lastFrame()!, 'old')).toBe('10h');
  const frames = r.frames.length;

  await vi.advanceTimersByTimeAsync(10_000 - 1);
  await flush();
  expect(r.frames.length).toBe(frames);
  expect(ageOf(r.lastFrame()!, 'young')).toBe('59m');

  await vi.advanceTimersByTimeAsync(1);
  await flush();
  expect(ageOf(r.lastFrame()!, 'young')).toBe('60m');
  expect(r.frames.length).toBe(frames + 1);

  // 61m at T0 + 70 s; nothing in between
  await vi.advanceTimersByTimeAsync(60_000 - 1);
  await flush();
  expect(r.frames.length).toBe(frames + 1);
  await vi.advanceTimersByTimeAsync(1);
  await flush();
  expect(ageOf(r.lastFrame()!, 'young')).toBe('61m');
});

test('ages that change every second are redrawn at most once per step', async () => {
  const rows = [aged('new', 10_000)];
  const r = render(<Table columns={columns} rows={rows} cursor={0} marked={new Set()} width={40} height={5} liveStepMs={5000} />);
  await flush();
  expect(ageOf(r.lastFrame()!, 'new')).toBe('10s');
  const frames = r.frames.length;
  await vi.advanceTimersByTimeAsync(4999);
  await flush();
  expect(r.frames.length).toBe(frames);
  await vi.advanceTimersByTimeAsync(1);
  await flush();
  expect(ageOf(r.lastFrame()!, 'new')).toBe('15s');
});

test('the next change of any row is found to the ms; rows without live cells never change', () => {
  const rows = [aged('a', 10 * 60 * MIN), aged('b', 59 * MIN + 50_000), { key: 'ns/c', cells: ['c', 'x'] }];
  const shown = rows.map((row) => row.live?.(T0) ?? row.cells);
  expect(nextLiveChange(rows, shown, T0)).toBe(T0 + 10_000);
  expect(nextLiveChange([rows[0]!], [shown[0]!], T0)).toBe(T0 + 60 * MIN);
  expect(nextLiveChange([rows[2]!], [shown[2]!], T0)).toBeUndefined();
  expect(nextLiveChange([rows[0]!], [shown[0]!], T0, 30 * MIN)).toBeUndefined();
});
