// What the fault tests share: a watch over the real transport against a fault server.
import { createTransport, type TransportOptions } from '../../src/k8s/transport.js';
import { startWatch, type WatchLoopEvent, type WatchOptions } from '../../src/k8s/watch.js';
import { Store } from '../../src/state/store.js';
import type { ResourceType } from '../../src/k8s/types.js';
import { startFaultServer, type FaultServer, type Recorded } from './server.js';

export const podsType: ResourceType = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, verbs: ['list', 'watch'], subresources: [] };

export interface Watched {
  fs: FaultServer;
  store: Store;
  events: WatchLoopEvent[];
  stop(): Promise<void>;
}

/** A fault server scripted by setup, and a watch of pods in "default" against it. */
export async function watchAgainst(setup: (fs: FaultServer) => void, opts: Partial<WatchOptions> = {}, topts: TransportOptions = {}): Promise<Watched> {
  const fs = await startFaultServer();
  setup(fs);
  const store = new Store({ frameMs: 1 });
  const events: WatchLoopEvent[] = [];
  const h = startWatch({
    transport: createTransport(fs.kubeconfig(), { requestTimeoutMs: 5000, ...topts }),
    resource: podsType,
    namespace: 'default',
    sink: store,
    onEvent: (e) => events.push(e),
    ...opts,
  });
  return {
    fs,
    store,
    events,
    stop: async () => {
      h.stop();
      await h.done;
      store.dispose();
      await fs.close();
    },
  };
}

/** The most requests that fell in any window of windowMs. */
export function peakIn(requests: Recorded[], windowMs = 10_000): number {
  const t = requests.map((r) => r.time).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; j < t.length; j++) {
    while (t[j]! - t[i]! >= windowMs) i++;
    peak = Math.max(peak, j - i + 1);
  }
  return peak;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not reached in time: ${what}`);
    await sleep(10);
  }
}
