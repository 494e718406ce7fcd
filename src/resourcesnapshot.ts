// `kubedeck snapshot RESOURCE` for any resource discovery knows: the server's own
// Table, printed as `kubectl get` prints it (-o wide: every column; -o json: the full
// objects as kubectl's List).
import type { PaneSnapshot } from './panes.js';
import type { TablesApi } from './k8s/tables.js';
import type { KubeObject, ResourceType, Transport } from './k8s/types.js';
import { listAll } from './k8s/watch.js';
import { errorMessage } from './k8s/transport.js';
import { kubectlListJson, noResources, printTable, tableLayout, tableRows } from './state/servertable.js';

export type ResourceOutput = 'table' | 'wide' | 'json';

export interface ResourceSnapshotDeps {
  tables: TablesApi;
  transport: Transport;
  /** the session's scope; null: all namespaces */
  namespace: string | null;
}

/** A snapshot of one resource; json lists the full objects once, the table waits for the Table watch to sync. */
export function resourceSnapshot(deps: ResourceSnapshotDeps, rt: ResourceType, output: ResourceOutput): PaneSnapshot {
  const namespace = rt.namespaced ? deps.namespace : null;
  if (output === 'json') {
    let items: KubeObject[] = [];
    return {
      async load() {
        try {
          items = (await listAll(deps.transport, rt, namespace)).items.map(withoutManagedFields);
          return undefined;
        } catch (err) {
          return errorMessage(err);
        }
      },
      print: () => ({ stdout: kubectlListJson(items) }),
    };
  }
  const table = deps.tables.table(rt);
  return {
    store: table.store,
    print: (_format, now) => {
      const layout = tableLayout(table.store.columns, { wide: output === 'wide', namespaceColumn: rt.namespaced && namespace === null });
      const rows = tableRows(table.store.list(), layout, now);
      if (rows.length === 0) return { stdout: '', stderr: noResources(namespace) };
      return { stdout: printTable(layout, rows) };
    },
  };
}

/** List items come without apiVersion and kind; kubectl prints each item with them. managedFields are hidden, as kubectl does. */
function withoutManagedFields(o: KubeObject): KubeObject {
  const { managedFields: _mf, ...metadata } = o.metadata;
  return { ...o, metadata };
}
