import type { TablesApi } from '../../src/k8s/tables.js';
// A ConsoleApi over an in-memory store: records every intention and answers with
// scripted plans and results, so component tests see exactly what a keypress asked for.
import type { AccessAnswer, ActionPlan, ActionResult, ConsoleApi, Extensions, GroupResource, KubeObject, ResourceApi, SessionInfo } from '../../src/k8s/types.js';
import { Store } from '../../src/state/store.js';
import { UnionStore } from '../../src/state/union.js';
import { FakeStore } from './fake-store.js';
import { FakeClaimsApi } from './claims-fake.js';
import { FakeVolumesApi } from './volumes-fake.js';
import { FakeIdentityApi } from './identity-fake.js';
import { FakeLogsApi } from './fake-logs.js';

/** the pods store: keyed "ns/name" (every pod has a namespace) */
export class MemoryStore extends FakeStore {
  constructor() {
    super((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  }
}

export interface PodSpec {
  namespace?: string;
  name: string;
  gates?: string[];
  phase?: string;
  node?: string;
  ageMs?: number;
  message?: string;
}

export function makePod({ namespace = 'default', name, gates = [], phase, node, ageMs = 60_000, message }: PodSpec): KubeObject {
  const created = new Date(Date.now() - ageMs).toISOString();
  const gated = gates.length > 0;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace, name, uid: `uid-${namespace}-${name}`, resourceVersion: '1', creationTimestamp: created },
    spec: {
      containers: [{ name: 'main', image: 'busybox' }],
      ...(gated ? { schedulingGates: gates.map((g) => ({ name: g })) } : {}),
      ...(node ? { nodeName: node } : {}),
    },
    status: {
      phase: phase ?? (gated ? 'Pending' : 'Running'),
      ...(message ? { message } : {}),
      conditions: gated
        ? [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates', lastTransitionTime: created }]
        : [{ type: 'Ready', status: 'True' }],
      containerStatuses: gated ? undefined : [{ name: 'main', ready: true, restartCount: 0, state: { running: { startedAt: created } } }],
    },
  };
}

/** two gated pods, three running or done, in three namespaces */
export function samplePods(): KubeObject[] {
  return [
    makePod({ namespace: 'batch', name: 'train-0', gates: ['example.com/quota', 'example.com/data'] }),
    makePod({ namespace: 'batch', name: 'train-1', gates: ['example.com/quota'] }),
    makePod({ namespace: 'web', name: 'api-1', node: 'node-07' }),
    makePod({ namespace: 'web', name: 'api-2', node: 'node-02' }),
    makePod({ namespace: 'jobs', name: 'migrate-1', node: 'node-11', phase: 'Succeeded' }),
  ];
}

export interface Call {
  method: string;
  args: unknown[];
}

export function ungatePlan(target: string, gate: string, dryRun: ActionPlan['dryRun'][number] = { ok: true, status: 200, message: '' }): ActionPlan {
  const [ns, name] = target.split('/');
  return {
    title: 'Remove scheduling gate',
    requests: [
      {
        target,
        method: 'PATCH',
        path: `/api/v1/namespaces/${ns}/pods/${name}`,
        contentType: 'application/json-patch+json',
        body: [
          { op: 'test', path: '/spec/schedulingGates', value: [{ name: gate }] },
          { op: 'remove', path: '/spec/schedulingGates/0' },
        ],
      },
    ],
    allowed: { ok: true },
    dryRun: [dryRun],
    warnings: [],
  };
}

export class FakeConsoleApi implements ConsoleApi {
  readonly pods = new MemoryStore();
  /** what namespaces() answers; undefined: may not list */
  namespaceNames: string[] | undefined = ['batch', 'default', 'jobs', 'web'];
  namespaces(): Promise<string[] | undefined> {
    return Promise.resolve(this.namespaceNames);
  }
  // the other panes' APIs are built by other issues
  readonly claims = new FakeClaimsApi();
  readonly volumes = new FakeVolumesApi();
  readonly logs = new FakeLogsApi();
  readonly identity = new FakeIdentityApi();
  /** set by a test that answers the w key */
  why?: ConsoleApi['why'];
  /** gate readiness rules; tests set it before rendering */
  gateRules?: ConsoleApi['gateRules'];
  /** the resources pane's API; absent unless a test gives one */
  tables?: TablesApi;
  readonly calls: Call[] = [];
  session: SessionInfo = {
    context: 'prod-eu',
    server: 'https://10.0.0.1:6443',
    namespace: null,
    user: 'alice@corp.example',
    serverVersion: 'v1.33.1',
    readonly: false,
    tlsWarnings: [],
    contexts: ['prod-eu', 'staging'],
  };
  /** canI answers by verb; missing verbs are allowed */
  access: Record<string, boolean> = {};
  plan: ActionPlan | ((pods: KubeObject[], gate: string | null) => ActionPlan) = ungatePlan('default/p', 'g');
  results: ActionResult[] = [];
  events_: KubeObject[] = [];
  fresh: ((o: KubeObject) => KubeObject) | null = null;
  private infoListeners = new Set<() => void>();

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }
  callsTo(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  info(): SessionInfo {
    return this.session;
  }
  onInfo(listener: () => void): () => void {
    this.infoListeners.add(listener);
    return () => this.infoListeners.delete(listener);
  }
  setInfo(patch: Partial<SessionInfo>): void {
    this.session = { ...this.session, ...patch };
    for (const l of [...this.infoListeners]) l();
  }
  async canI(verb: string, resource: string, namespace?: string, subresource?: string): Promise<boolean> {
    this.record('canI', verb, resource, namespace, subresource);
    return this.access[verb] ?? true;
  }
  async planUngate(pods: KubeObject[], gate: string | null): Promise<ActionPlan> {
    this.record('planUngate', pods, gate);
    return typeof this.plan === 'function' ? this.plan(pods, gate) : this.plan;
  }
  async planDelete(objects: KubeObject[], resource: string): Promise<ActionPlan> {
    this.record('planDelete', objects, resource);
    return typeof this.plan === 'function' ? this.plan(objects, null) : this.plan;
  }
  async execute(plan: ActionPlan): Promise<ActionResult[]> {
    this.record('execute', plan);
    return this.results;
  }
  async get(object: KubeObject, resource: string): Promise<KubeObject> {
    this.record('get', object, resource);
    return this.fresh ? this.fresh(object) : object;
  }
  async events(object: KubeObject): Promise<KubeObject[]> {
    this.record('events', object);
    return this.events_;
  }
  /**
   * resource(gr) routes to the recorders the tests read: pods and any other kind to
   * this fake's planDelete/execute/get/canI (with "plural.group"), claims to claims.*,
   * volumes to volumes.*.
   */
  resource(gr: GroupResource): ResourceApi {
    const name = gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
    const claims = gr.resource === 'resourceclaims';
    const pvs = gr.resource === 'persistentvolumes' && !gr.group;
    return {
      gr,
      type: { group: gr.group, version: 'v1', resource: gr.resource, kind: gr.resource, namespaced: !pvs, verbs: ['get', 'list', 'watch', 'patch', 'delete'], subresources: claims ? ['status'] : [] },
      store: () => (gr.resource === 'pods' ? this.pods : pvs ? this.volumes.pvs : claims ? this.claims.stores.resourceclaims : undefined),
      get: (o) => this.get(o, name),
      events: (o) => this.events(o),
      can: async (verb, where = {}): Promise<AccessAnswer> => {
        const ok = await this.canI(verb, name, where.namespace, where.subresource);
        return ok ? { ok } : { ok, reason: `you may not ${verb} ${name}` };
      },
      planDelete: (objects) => (claims ? this.claims.planDelete(objects) : pvs ? this.volumes.planDelete(objects) : this.planDelete(objects, name)),
      planPatch: () => Promise.reject(new Error('the fake plans patches through extensions')),
      execute: (plan) => (pvs ? this.volumes.execute(plan) : this.execute(plan)),
    };
  }
  readonly extensions: Extensions = {
    pods: { ungate: (pods, gate) => this.planUngate(pods, gate) },
    resourceclaims: { release: (claim, uid) => this.claims.planRelease(claim, uid) },
    persistentvolumes: {
      makeAvailable: (pvs) => this.volumes.planMakeAvailable(pvs),
      reclaimPolicy: (pvs, policy) => this.volumes.planReclaimPolicy(pvs, policy),
    },
  };
  switchContext(name: string): void {
    this.record('switchContext', name);
  }
  switchNamespace(namespace: string | null): void {
    this.record('switchNamespace', namespace);
  }
}

/**
 * A console API whose pods are the session's real kind of store: a UnionStore over one
 * watched Store (`store`: list pages and events go there, published after 5 ms).
 */
export function watchedPodsApi(): { api: FakeConsoleApi; store: Store; pods: UnionStore } {
  const store = new Store({ frameMs: 5 });
  const pods = new UnionStore();
  pods.setSources([store]);
  const api = new FakeConsoleApi();
  Object.defineProperty(api, 'pods', { value: pods });
  return { api, store, pods };
}
