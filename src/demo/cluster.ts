// Wires store, simulation, watch hub, auth and the HTTPS server into one demo cluster.
import type { KubeObject } from '../k8s/types.js';
import { makeIdentities, type DemoUser } from './auth.js';
import { makeCerts } from './cert.js';
import { kubeconfigYaml } from './kubeconfig.js';
import { Ops, type DeleteRequest } from './ops.js';
import { JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH } from './patch.js';
import { RESOURCES, resourceByKind, type ResourceDef } from './resources.js';
import { createHandler, type RequestRecord } from './rest.js';
import { extraPods, EXTRA_NAMESPACES } from './seed/extra.js';
import { namespace } from './seed/builders.js';
import { baseSeed, scenarioSeed } from './seed/scenario.js';
import { volumeSeed } from './seed/volumes.js';
import { pvResource, pvcResource } from './volumes.js';
import { DemoServer } from './server.js';
import { Simulator } from './sim.js';
import { ObjectStore } from './store.js';
import { WatchHub } from './watch.js';

export interface DemoOptions {
  /** more pods on top of the seed, for scale tests */
  extraPods?: number;
  /** each extra pod as served, e.g. in another shape (bench/realpod.ts); default as built */
  extraPodShape?: (pod: KubeObject, i: number) => KubeObject;
  /** how often watches with allowWatchBookmarks get a BOOKMARK (default 60000) */
  bookmarkIntervalMs?: number;
  seed?: 'scenario' | 'empty';
  /** fixed port; default random */
  port?: number;
  /** requests arriving sooner than this after start wait until then (a slow API server) */
  startupDelayMs?: number;
  /** the WatchList feature gate (default on, as 1.34+): off, watch-list requests get 422 */
  watchList?: boolean;
  /** answer Accept-Encoding: gzip as kube-apiserver does (default on) */
  gzip?: boolean;
}

export type PatchType = 'json' | 'merge' | 'strategic';

/** In-process handles for tests: cause changes, break the connection, inspect requests. */
export interface DemoControl {
  /** drop watch history: older watches get 410, older continue tokens expire */
  compact(): void;
  /** drop every connection and listen again on the same port */
  restart(): Promise<void>;
  /** open watches send nothing (not even bookmarks) while on; sockets stay open */
  silence(on: boolean): void;
  setBookmarkInterval(ms: number): void;
  /** the WatchList feature gate: off, watch-list requests get 422 as kube-apiserver answers */
  setWatchList(on: boolean): void;
  /** resource: plural, e.g. "pods" (core) or "events" */
  objects(resource: string, group?: string): KubeObject[];
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  create(resource: string, obj: KubeObject, opts?: { dryRun?: boolean }): KubeObject;
  patch(resource: string, namespace: string | undefined, name: string, patch: unknown, type?: PatchType, opts?: { dryRun?: boolean; subresource?: string }): KubeObject;
  delete(resource: string, namespace: string | undefined, name: string, opts?: DeleteRequest): KubeObject | object;
  /** every request received, oldest first (bodies parsed when JSON) */
  readonly requests: RequestRecord[];
  /** count of watch streams open now */
  readonly openWatches: number;
  addPods(n: number): void;
  readonly resourceVersion: string;
}

export interface DemoCluster {
  url: string;
  caPem: string;
  kubeconfig(user?: DemoUser): string;
  close(): Promise<void>;
  control: DemoControl;
}

const PATCH_TYPES: Record<PatchType, string> = { json: JSON_PATCH, merge: MERGE_PATCH, strategic: STRATEGIC_PATCH };
const MAX_LOGGED_REQUESTS = 10_000;

function resolveDef(resource: string, group = ''): ResourceDef {
  const def = RESOURCES.find((r) => r.plural === resource && r.group === group);
  if (!def) throw new Error(`demo: unknown resource ${resource}`);
  return def;
}

export async function startDemoCluster(opts: DemoOptions = {}): Promise<DemoCluster> {
  const certs = makeCerts();
  const store = new ObjectStore();
  const nsDef = resourceByKind('Namespace');
  const podDef = resourceByKind('Pod');
  const ops = new Ops(store, nsDef);
  const seed = opts.seed === 'empty' ? baseSeed() : scenarioSeed();
  let extraCount = 0;
  const shape = opts.extraPodShape ?? ((p: KubeObject) => p);
  const addPods = (n: number) => {
    for (const ns of EXTRA_NAMESPACES) if (!store.get(nsDef, undefined, ns)) store.write(nsDef, 'ADDED', namespace(ns, 3600));
    const pods = extraPods(extraCount + n).slice(extraCount).map((p, i) => shape(p, extraCount + i));
    extraCount += n;
    for (const p of pods) store.write(podDef, 'ADDED', p);
  };
  if (opts.extraPods) {
    seed.namespaces.push(...EXTRA_NAMESPACES.map((n) => namespace(n, 7 * 86400)));
    seed.pods.push(...extraPods(opts.extraPods).map(shape));
    extraCount = opts.extraPods;
  }
  store.seed(nsDef, seed.namespaces);
  store.seed(resourceByKind('Node'), seed.nodes);
  store.seed(podDef, seed.pods);
  store.seed(resourceByKind('Event'), seed.events);
  for (const e of seed.extra ?? []) store.seed(resourceByKind(e.kind, e.group), e.items);
  const volumes = opts.seed === 'empty' ? { pvs: [], pvcs: [] } : volumeSeed();
  store.seed(pvResource, volumes.pvs);
  store.seed(pvcResource, volumes.pvcs);

  const sim = new Simulator(ops);
  const hub = new WatchHub(store, opts.bookmarkIntervalMs ?? 60_000);
  hub.watchList = opts.watchList ?? true;
  hub.gzip = opts.gzip ?? true;
  const ids = makeIdentities();
  const requests: RequestRecord[] = [];
  const readyAt = Date.now() + (opts.startupDelayMs ?? 0);
  const handler = createHandler({
    ops,
    hub,
    identities: Object.values(ids),
    gzip: opts.gzip ?? true,
    serverAddress: () => `127.0.0.1:${server.port}`,
    record: (r) => {
      requests.push(r);
      if (requests.length > MAX_LOGGED_REQUESTS) requests.splice(0, requests.length - MAX_LOGGED_REQUESTS);
    },
  });
  // the handler reads the port only when a request arrives, after this has run
  const server = new DemoServer(certs, (req, res) => {
    const wait = readyAt - Date.now();
    if (wait > 0) setTimeout(() => void handler(req, res), wait);
    else void handler(req, res);
  });
  await server.listen(opts.port ?? 0);
  const url = server.url;

  const control: DemoControl = {
    compact: () => store.compact(),
    // Connections are cut, not ended: a watch sees the stream break mid-flight.
    restart: () => server.restart(),
    silence: (on) => hub.silence(on),
    setBookmarkInterval: (ms) => hub.setBookmarkInterval(ms),
    setWatchList: (on) => (hub.watchList = on),
    objects: (resource, group) => {
      const t = store.table(resolveDef(resource, group));
      return t.keys.map((k) => t.byKey.get(k)!);
    },
    get: (resource, ns, name) => store.get(resolveDef(resource), ns, name),
    create: (resource, obj, o) => ops.create(resolveDef(resource), obj.metadata?.namespace, obj, o),
    patch: (resource, ns, name, patch, type = 'merge', o = {}) =>
      ops.patch(resolveDef(resource), ns, name, PATCH_TYPES[type], patch, o.subresource ?? '', o),
    delete: (resource, ns, name, o) => ops.delete(resolveDef(resource), ns, name, o).body,
    requests,
    get openWatches() {
      return hub.count;
    },
    addPods,
    get resourceVersion() {
      return String(store.rv);
    },
  };

  return {
    url,
    caPem: certs.caPem,
    kubeconfig: (user = 'demo-admin') => kubeconfigYaml(url, certs.caPem, user, ids[user].token),
    close: async () => {
      sim.stop();
      hub.dispose();
      await server.close();
    },
    control,
  };
}
