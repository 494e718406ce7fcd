// The watch loop tells src/memory.ts how many objects each (re)list brought, by either
// path, so that a large one's garbage is given back (docs/performance.md, "RSS after sync").
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { createTransport } from '../../src/k8s/transport.js';
import { startWatch, type WatchHandle } from '../../src/k8s/watch.js';
import type { Health, ResourceType, WatchSink } from '../../src/k8s/types.js';

const ended = vi.hoisted(() => [] as number[]);
vi.mock('../../src/memory.js', () => ({ listEnded: (items: number) => ended.push(items) }));

const pods: ResourceType = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, verbs: ['list', 'watch'], subresources: [] };

describe('the watch loop reports each list end with its size', () => {
  const clusters: DemoCluster[] = [];
  const handles: WatchHandle[] = [];
  afterEach(async () => {
    for (const h of handles.splice(0)) {
      h.stop();
      await h.done;
    }
    for (const c of clusters.splice(0)) await c.close();
    ended.length = 0;
  });

  for (const watchList of [true, false]) {
    it(`${watchList ? 'watch-list' : 'paginated LIST'}: once, with the number of objects listed`, async () => {
      const cluster = await startDemoCluster({ extraPods: 1200 });
      clusters.push(cluster);
      const kc = new KubeConfig();
      kc.loadFromString(cluster.kubeconfig());
      let health: Health | undefined;
      const sink: WatchSink = { listStart: () => {}, listPage: () => {}, listDone: () => {}, apply: () => {}, setHealth: (h) => (health = h) };
      handles.push(startWatch({ transport: createTransport(kc), resource: pods, namespace: null, sink, watchList, pageSize: 500 }));
      const end = Date.now() + 10_000;
      while (health?.state !== 'synced' && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(health?.state).toBe('synced');
      expect(ended).toEqual([cluster.control.objects('pods').length]);
    });
  }
});
