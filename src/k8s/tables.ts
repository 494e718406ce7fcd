// Any resource like `kubectl get`: what a user typed resolved through discovery, and
// the server's Table of it kept by a LIST+WATCH (the same loop as every other watch,
// in its Table form). A pane or `kubedeck snapshot RESOURCE` hosts one of these.
import type { DiscoveryRegistry } from './discovery.js';
import { startWatch, type WatchHandle } from './watch.js';
import type { Transport } from './types.js';
import { ServerTableStore } from '../state/servertable.js';
import { debug } from '../log.js';
import type { ServerTable, TablesApi } from './types.js';
export type { ServerTable, TablesApi } from './types.js';

const POLL_MS = 10_000;



export interface TablesDeps {
  transport: Transport;
  discovery: DiscoveryRegistry;
  /** null: all namespaces */
  namespace: string | null;
  frameMs: number;
  pageSize?: number;
  timeoutSeconds?: number;
  /** initial state by watch-list where the server allows it (Tables on watch-list work on 1.37) */
  watchList?: boolean;
  onClose(fn: () => void): void;
}

export function createTablesApi(deps: TablesDeps): TablesApi {
  const tables = new Map<string, { table: ServerTable; watch: WatchHandle }>();
  deps.onClose(() => {
    for (const t of tables.values()) {
      t.watch.stop();
      (t.table.store as ServerTableStore).dispose();
    }
    tables.clear();
  });
  return {
    find: (typed) => deps.discovery.find(typed),
    async resolve(typed) {
      const first = deps.discovery.find(typed);
      if (first.ok) return first;
      await deps.discovery.refresh();
      return deps.discovery.find(typed);
    },
    table(rt) {
      const key = `${rt.group}/${rt.version}/${rt.resource}`;
      const existing = tables.get(key);
      if (existing) return existing.table;
      const namespace = rt.namespaced ? deps.namespace : null;
      const store = new ServerTableStore({ frameMs: deps.frameMs });
      const watch = startWatch({
        transport: deps.transport,
        resource: rt,
        namespace,
        sink: store,
        table: true,
        // a resource without watch is listed again now and then
        ...(rt.verbs.includes('watch') ? {} : { pollMs: POLL_MS }),
        pageSize: deps.pageSize,
        timeoutSeconds: deps.timeoutSeconds,
        watchList: deps.watchList,
        onEvent: (e) => debug('watch', { resource: rt.resource, group: rt.group, namespace, table: true, ...e }),
      });
      // A 404: the resource or its version may be gone (a CRD deleted or upgraded).
      void watch.done.then(() => {
        if (store.health.state === 'unavailable') void deps.discovery.refresh();
      });
      const table: ServerTable = { type: rt, namespace, store };
      tables.set(key, { table, watch });
      return table;
    },
  };
}
