// The panes `snapshot` can print, by the names users type (`snapshot pods`).
import type { ConsoleApi, KubeObject, ReadableStore, TableColumn, TableRow } from './k8s/types.js';
import { podColumns, podRow } from './state/pods.js';
import { keyOf } from './state/store.js';

export type PaneId = 'pods';

export const PANE_NAMES: Record<string, PaneId> = { pods: 'pods', pod: 'pods', po: 'pods' };

export interface PaneSnapshot {
  store: ReadableStore<KubeObject>;
  print(format: 'table' | 'json', now: number): { stdout: string; stderr?: string };
}

export function paneSnapshot(api: ConsoleApi, pane: PaneId): PaneSnapshot {
  switch (pane) {
    case 'pods': {
      const scoped = api.info().namespace !== null;
      return {
        store: api.pods,
        print: (format, now) =>
          format === 'json'
            ? { stdout: kubectlJson(sortedObjects(api.pods)) }
            : kubectlTable(
                podColumns,
                sortedObjects(api.pods).map((p) => podRow(p, now)),
                // kubectl leaves NAMESPACE out when one namespace is in scope
                scoped ? new Set(['namespace']) : new Set(),
                scoped ? `No resources found in ${api.info().namespace} namespace.\n` : 'No resources found\n',
              ),
      };
    }
  }
}

function sortedObjects(store: ReadableStore<KubeObject>): KubeObject[] {
  return [...store.list()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

/** kubectl's `-o json` for several objects: a v1 List, four-space indented. */
export function kubectlJson(items: KubeObject[]): string {
  return JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4) + '\n';
}

/** kubectl's table printer: left-aligned columns, three spaces apart, no trailing blanks. */
export function kubectlTable(
  columns: TableColumn[],
  rows: TableRow[],
  omit: Set<string>,
  empty: string,
): { stdout: string; stderr?: string } {
  if (rows.length === 0) return { stdout: '', stderr: empty };
  const keep = columns.map((c, i) => ({ c, i })).filter(({ c }) => !omit.has(c.id));
  const cells = [keep.map(({ c }) => c.title), ...rows.map((r) => keep.map(({ i }) => r.cells[i] || ''))];
  const widths = keep.map((_, j) => Math.max(...cells.map((line) => [...line[j]!].length)));
  const out = cells.map((line) => line.map((cell, j) => (j === line.length - 1 ? cell : cell.padEnd(widths[j]! + 3 - ([...cell].length - cell.length)))).join('').trimEnd());
  return { stdout: out.join('\n') + '\n' };
}
