// What `snapshot` prints for each pane; the names users type come from the pane
// registry (src/views/panes/registry.ts).
import type { ConsoleApi, KubeObject, ReadableStore, TableColumn, TableRow } from './k8s/types.js';
import { podColumns, podRow } from './state/pods.js';
import { claimColumns, claimContext, claimRow } from './state/claims.js';
import { combineHealth } from './state/union.js';
import { keyOf } from './state/store.js';
import { whoamiSnapshot } from './state/identity.js';
import { isStaleReleased, pvColumns, pvRow } from './state/pvs.js';
import { logsSnapshot } from './logsnapshot.js';

export type PaneId = 'pods' | 'claims' | 'whoami' | 'pvs' | 'logs';


export interface PaneSnapshot {
  /** what to wait for: a store to sync, or the pane's own load (no watch behind it) */
  store?: ReadableStore<KubeObject>;
  /** resolves to undefined when ready, or to the reason it never will be */
  load?(): Promise<string | undefined>;
  print(format: 'table' | 'json', now: number): { stdout: string; stderr?: string };
}

export interface SnapshotFilters {
  /** pvs: only volumes Released longer than volumes.releasedThreshold */
  stale?: boolean;
  /** logs: NS/POD and an optional container */
  logs?: { namespace: string; pod: string; container: string | null };
}

export function paneSnapshot(api: ConsoleApi, pane: PaneId, filters: SnapshotFilters = {}): PaneSnapshot {
  switch (pane) {
    case 'pvs': {
      const store = api.volumes.store();
      const settings = { releasedThresholdMs: api.volumes.settings.releasedThresholdMs, customFinalizer: api.volumes.settings.customFinalizer };
      const pick = (now: number) => sortedObjects(store).filter((pv) => !filters.stale || isStaleReleased(pv, now, settings.releasedThresholdMs));
      return {
        store,
        print: (format, now) =>
          format === 'json'
            ? { stdout: kubectlJson(pick(now)) }
            : kubectlTable(pvColumns, pick(now).map((pv) => pvRow(pv, now, settings)), new Set(), 'No resources found\n'),
      };
    }
    case 'whoami':
      return whoamiSnapshot(api.identity);
    case 'logs':
      if (!filters.logs) throw new Error('usage: kubedeck snapshot logs NAMESPACE/POD [CONTAINER]');
      return logsSnapshot(api, filters.logs, filters.logs.container);
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
    case 'claims': {
      const scoped = api.info().namespace !== null;
      const claims = api.claims.store('resourceclaims');
      if (!claims) return { store: unavailable('this cluster serves no resource.k8s.io ResourceClaims (v1, v1beta2, v1beta1 or v1alpha3)'), print: () => ({ stdout: '' }) };
      // stale reservations are told by the pods that exist: wait for both
      const both: ReadableStore<KubeObject> = {
        get version() {
          return claims.version;
        },
        get size() {
          return claims.size;
        },
        get health() {
          return combineHealth([claims.health, api.pods.health], claims.health);
        },
        get: (key) => claims.get(key),
        list: () => claims.list(),
        subscribe: (listener) => claims.subscribe(listener),
      };
      return {
        store: both,
        print: (format, now) => {
          if (format === 'json') return { stdout: kubectlJson(sortedObjects(claims)) };
          const ctx = claimContext(api.pods.health.state === 'synced' ? api.pods.list() : null);
          return kubectlTable(
            claimColumns,
            sortedObjects(claims).map((c) => claimRow(c, now, ctx)),
            scoped ? new Set(['namespace']) : new Set(),
            scoped ? `No resources found in ${api.info().namespace} namespace.\n` : 'No resources found\n',
          );
        },
      };
    }
  }
}

function unavailable(message: string): ReadableStore<KubeObject> {
  return { version: 0, size: 0, health: { state: 'unavailable', message }, get: () => undefined, list: () => [], subscribe: () => () => {} };
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
