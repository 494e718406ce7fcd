// One session per context: it owns its KubeConfig (never mutated), transport,
// discovery, watches and action pipeline. Switching context or namespace scope tears
// the session down and builds a new one, so no client ever holds two contexts'
// credentials.
import type { ContextConfig } from './kubeconfig.js';
import type { AppConfig } from '../config.js';
import { createTransport, errorMessage } from './transport.js';
import { discover, type DiscoveryRegistry } from './discovery.js';
import { startWatch, type WatchHandle } from './watch.js';
import { createAccessChecker, type AccessChecker } from './access.js';
import { createActionPipeline, type ActionPipeline } from './actions.js';
import { createResourceApi, parseGroupResource, grName } from './resource.js';
import { createExtensions } from './extensions.js';
import { reachableNamespaces } from './namespaces.js';
import { createClaimsApi, type ClaimsApi } from './claims.js';
import { createVolumesApi, type VolumesApi } from './volumes.js';
import { createLogsApi, type LogsApi } from './logs.js';
import { createIdentityApi, explainUnauthorized, type IdentityApi } from './identity.js';
import { createTablesApi, type TablesApi } from './tables.js';
import { waitForSync } from './sync.js';
import { explain, type Explanation, type WhyKind } from './why.js';
import { celRuleEvaluator } from '../state/why/cel.js';
import type { GateRulesSource } from '../state/why/gates.js';
import type { RuleEvaluator } from '../state/why/types.js';
import { minorOfVersion } from '../cel/library.js';
import { Store } from '../state/store.js';
import { UnionStore } from '../state/union.js';
import { debug } from '../log.js';
import { phase, tracing } from '../trace.js';
import { ApiError } from './types.js';
import type {
  ActionPlan,
  ActionResult,
  AuditSink,
  ConsoleApi,
  Extensions,
  GroupResource,
  ResourceApi,
  KubeObject,
  ResourceType,
  SessionInfo,
  Transport,
} from './types.js';
import type { WatchedResource } from './types.js';
export type { WatchedResource } from './types.js';

export interface SessionOptions {
  ctx: ContextConfig;
  contexts: string[];
  /** null: all namespaces */
  namespace: string | null;
  readonly: boolean;
  config: AppConfig;
  requestTimeoutMs: number;
  audit?: AuditSink;
  /** shown in the header beside the TLS warnings (e.g. the audit log's permissions were tightened) */
  warnings?: string[];
  /** how the console asks its host to rebuild the session */
  onSwitch?: { context(name: string): void; namespace(ns: string | null): void };
  /** the liveness probe (GET /livez); false: none. Default every 5 s with a 4 s timeout */
  liveness?: { intervalMs: number; timeoutMs: number } | false;
}

/**
 * Watch bookmarks come about once a minute, so a quiet watch cannot tell a frozen
 * server (SIGSTOPped, a hung proxy) from a quiet cluster. Every ~5 s the session
 * asks GET /livez (readable by every user through system:public-info-viewer); no
 * HTTP answer in time drops every open watch, which then reports reconnecting.
 * Any HTTP answer, 401/403/404 included, proves the server is alive.
 */
export const DEFAULT_LIVENESS = { intervalMs: 5000, timeoutMs: 4000 };

interface Scope {
  store: Store;
  watch: WatchHandle;
}


/**
 * What per-kind APIs (src/k8s/<kind>.ts) get from the session: never the
 * KubeConfig, only the session's own transport, discovery, access and pipeline.
 */
export interface SessionCore {
  readonly ctx: ContextConfig;
  readonly config: AppConfig;
  readonly readonly: boolean;
  /** null: all namespaces */
  readonly namespace: string | null;
  readonly transport: Transport;
  readonly discovery: DiscoveryRegistry;
  readonly access: AccessChecker;
  readonly pipeline: ActionPipeline;
  /** the one resource API (the session's resource(gr)) */
  resource(gr: GroupResource): ResourceApi;
  /** the audit log, for records that are not API requests (e.g. hook runs) */
  readonly audit?: AuditSink;
  /** the user the server says we are, once known */
  user(): string | undefined;
  /**
   * The resource in this session's scope, watched from first use on; undefined
   * when the server serves none of it. Versions are chosen per resource.
   */
  watched(group: string, resource: string, preferredVersions?: string[]): WatchedResource | undefined;
  /** runs when the session closes (stop streams, timers) */
  onClose(fn: () => void): void;
  /** tell the header something changed (e.g. identity details) */
  notifyInfo(): void;
}

export class Session implements ConsoleApi {
  readonly pods: UnionStore;
  readonly core: SessionCore;
  readonly claims: ClaimsApi;
  readonly volumes: VolumesApi;
  readonly logs: LogsApi;
  readonly identity: IdentityApi;
  /** any resource as the server prints it (`kubectl get`) */
  readonly tables: TablesApi;
  readonly extensions: Extensions;
  private readonly resources = new Map<string, ResourceApi>();
  private readonly infoListeners = new Set<() => void>();
  private readonly scopes: Scope[] = [];
  private readonly watches = new Map<string, WatchedResource>();
  private scopeNotes = new Map<string, string>();
  private readonly closers: (() => void)[] = [];
  private readonly access: AccessChecker;
  private readonly pipeline: ActionPipeline;
  private closed = false;
  private ruleEvaluator?: { minor: number | undefined; evaluator: RuleEvaluator };
  private _info: SessionInfo;

  private constructor(
    private readonly opts: SessionOptions,
    readonly transport: Transport,
    readonly discovery: DiscoveryRegistry,
    private readonly podsResource: ResourceType,
    /** the pods watch started with discovery (Session.open), when discovery agreed */
    early?: Scope,
  ) {
    this.access = createAccessChecker(transport);
    this.pipeline = createActionPipeline(transport, this.access);
    this._info = {
      context: opts.ctx.name,
      server: opts.ctx.server,
      namespace: opts.namespace,
      serverVersion: discovery.serverVersion,
      readonly: opts.readonly,
      tlsWarnings: [...opts.ctx.tlsWarnings, ...(opts.warnings ?? [])],
      kubeconfigNamespace: opts.ctx.namespace,
      contexts: opts.contexts,
    };
    this.core = {
      ctx: opts.ctx,
      config: opts.config,
      readonly: opts.readonly,
      namespace: opts.namespace,
      transport,
      discovery,
      access: this.access,
      pipeline: this.pipeline,
      resource: (gr) => this.resource(gr),
      audit: opts.audit,
      user: () => this._info.user,
      watched: (group, resource, preferred) => this.watched(group, resource, preferred),
      onClose: (fn) => this.closers.push(fn),
      notifyInfo: () => this.setInfo({}),
    };
    this.pods = this.watched('', 'pods', ['v1'], early)!.store as UnionStore;
    if (opts.liveness !== false) this.probeLiveness(opts.liveness ?? DEFAULT_LIVENESS);
    this.claims = createClaimsApi(this.core);
    this.volumes = createVolumesApi(this.core);
    this.logs = createLogsApi(this.core);
    this.identity = createIdentityApi(this.core);
    this.extensions = createExtensions((gr) => this.resource(gr));
    this.tables = createTablesApi({
      transport,
      discovery,
      namespace: opts.namespace,
      frameMs: Math.max(1, Math.round(1000 / opts.config.ui.refreshFps)),
      pageSize: opts.config.watch.pageSize,
      timeoutSeconds: opts.config.watch.timeoutSeconds,
      watchList: opts.config.watch.watchList,
      onClose: (fn) => this.closers.push(fn),
    });
  }

  static async open(opts: SessionOptions): Promise<Session> {
    let user = opts.ctx.user;
    const transport = createTransport(opts.ctx.kc, {
      requestTimeoutMs: opts.requestTimeoutMs,
      impersonate: opts.ctx.impersonate,
      tokenFile: opts.ctx.tokenFile,
      readonly: opts.readonly,
      audit: opts.audit ? { sink: opts.audit, context: opts.ctx.name, user: () => user } : undefined,
    });
    // The first pane's watch goes out with discovery, not after it: every server serves
    // core v1 pods. Discovery still decides: the session adopts this watch only when it
    // agrees (v1, watchable), and a failed discovery stops it.
    const early = startScope(transport, opts, CORE_PODS, opts.namespace, true);
    phase('pods watch started');
    // Discovery proves the server is reachable and the credentials work.
    // a 401 here is explained from the token's claims (expired, issuer, audience)
    phase('discovery sent');
    let discovery: DiscoveryRegistry;
    try {
      discovery = await discover(transport).catch(async (err: unknown) => {
        throw await explainUnauthorized(opts.ctx, err);
      });
    } catch (err) {
      stopScope(early);
      throw err;
    }
    phase('discovery done');
    const pods = discovery.resolve('', 'pods', ['v1']);
    if (!pods) {
      stopScope(early);
      throw new Error(`${opts.ctx.server} serves no pods resource`);
    }
    const adopt = pods.version === CORE_PODS.version && pods.namespaced && discovery.allows(pods, 'watch');
    if (!adopt) stopScope(early);
    const session = new Session(opts, transport, discovery, pods, adopt ? early : undefined);
    session.whoami().then((name) => {
      if (name) user = name;
    });
    return session;
  }

  info(): SessionInfo {
    return this._info;
  }

  onInfo(listener: () => void): () => void {
    this.infoListeners.add(listener);
    return () => this.infoListeners.delete(listener);
  }

  /** one API per group/resource, built on first use */
  resource(gr: GroupResource): ResourceApi {
    const key = grName(gr);
    let api = this.resources.get(key);
    if (!api) {
      api = createResourceApi(
        {
          transport: this.transport,
          discovery: this.discovery,
          access: this.access,
          pipeline: this.pipeline,
          readonly: this.opts.readonly,
          watched: (group, resource, versions) => this.watched(group, resource, versions),
        },
        { group: gr.group, resource: gr.resource },
      );
      this.resources.set(key, api);
    }
    return api;
  }

  async canI(verb: string, resource: string, namespace?: string, subresource?: string): Promise<boolean> {
    const answer = await this.resource(this.named(resource)).can(verb, { namespace, subresource });
    return answer.ok;
  }

  planUngate(pods: KubeObject[], gate: string | null): Promise<ActionPlan> {
    return this.extensions.pods.ungate(pods, gate);
  }

  planDelete(objects: KubeObject[], resource: string): Promise<ActionPlan> {
    return this.resource(this.named(resource)).planDelete(objects);
  }

  execute(plan: ActionPlan): Promise<ActionResult[]> {
    return this.pipeline.execute(plan);
  }

  get(object: KubeObject, resource: string): Promise<KubeObject> {
    return this.resource(this.named(resource)).get(object);
  }

  events(object: KubeObject): Promise<KubeObject[]> {
    return this.resource(this.named('events')).events(object);
  }

  why(kind: WhyKind, object: KubeObject): Promise<Explanation> {
    // the stores it reads start watching on first use; the first answer waits for them
    return explain(this, kind, object, this.opts.config, (store) => waitForSync(() => store.health, Math.max(this.opts.requestTimeoutMs ?? 0, 30_000)));
  }

  gateRules(): GateRulesSource {
    const rules = this.opts.config.gates.rules;
    const minor = minorOfVersion(this.info().serverVersion);
    if (this.ruleEvaluator?.minor !== minor) this.ruleEvaluator = { minor, evaluator: celRuleEvaluator(minor) };
    const cel = rules.some((r) => typeof r.ready !== 'string');
    // a store is watched only when a rule reads it
    const claims = cel || rules.some((r) => r.ready === 'claimsAllocated') ? this.claims.store('resourceclaims') : undefined;
    const pvcs = cel || rules.some((r) => r.ready === 'pvcsBound') ? this.core.watched('', 'persistentvolumeclaims', ['v1'])?.store : undefined;
    return { rules, evaluator: this.ruleEvaluator.evaluator, claims, pvcs };
  }

  /** for `:ns NAME`: a name that is not there is refused; no list right means no check */
  async namespaces(): Promise<string[] | undefined> {
    try {
      const list = await this.transport.request<{ items?: KubeObject[] }>('/api/v1/namespaces');
      return (list.items ?? []).map((n) => n.metadata.name);
    } catch {
      return undefined;
    }
  }

  switchContext(name: string): void {
    this.opts.onSwitch?.context(name);
  }

  switchNamespace(namespace: string | null): void {
    this.opts.onSwitch?.namespace(namespace);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fn of this.closers) {
      try {
        fn();
      } catch (err) {
        debug('close hook failed', { error: String(err) });
      }
    }
    for (const s of this.scopes) {
      s.watch.stop();
      s.store.dispose();
    }
    this.infoListeners.clear();
  }

  private setInfo(patch: Partial<SessionInfo>): void {
    this._info = { ...this._info, ...patch };
    for (const l of [...this.infoListeners]) l();
  }

  private async whoami(): Promise<string | undefined> {
    // the identity API owns the SelfSubjectReview (and its 401 explanation)
    const name = await this.identity.whoami();
    if (name && !this.closed) this.setInfo({ user: name });
    return name;
  }

  private probeLiveness(o: { intervalMs: number; timeoutMs: number }): void {
    let timer: NodeJS.Timeout | undefined;
    const next = () => {
      if (this.closed) return;
      timer = setTimeout(() => void probe(), o.intervalMs);
      timer.unref?.();
    };
    const probe = async () => {
      try {
        await this.transport.request('/livez', { accept: 'text/plain', timeoutMs: o.timeoutMs });
      } catch (err) {
        if (!(err instanceof ApiError) || err.status === 0) {
          const reason = `${this.transport.server} did not answer GET /livez: ${errorMessage(err)}`;
          debug('liveness', { reason });
          for (const s of this.scopes) s.watch.suspect(reason);
        }
      }
      next();
    };
    this.closers.push(() => clearTimeout(timer));
    next();
  }

  private startScope(rt: ResourceType, namespace: string | null): Scope {
    const scope = startScope(this.transport, this.opts, rt, namespace, false);
    this.scopes.push(scope);
    return scope;
  }

  watched(group: string, resource: string, preferredVersions?: string[], started?: Scope): WatchedResource | undefined {
    const key = `${resource}.${group}`;
    const existing = this.watches.get(key);
    if (existing) return existing;
    const rt = this.discovery.resolve(group, resource, preferredVersions);
    if (!rt || !this.discovery.allows(rt, 'watch')) return undefined;
    const store = new UnionStore();
    if (started) this.scopes.push(started);
    const first = started ?? this.startScope(rt, this.opts.namespace);
    store.setSources([first.store]);
    const watched = { type: rt, store };
    this.watches.set(key, watched);
    if (rt.namespaced && this.opts.namespace === null) this.fallBackWhenForbidden(rt, store, first);
    return watched;
  }

  /** A forbidden cluster-wide list falls back to the namespaces the user can reach. */
  private fallBackWhenForbidden(rt: ResourceType, union: UnionStore, first: Scope): void {
    void first.watch.done.then(async () => {
      if (this.closed || first.store.health.state !== 'forbidden') return;
      const forbidden = first.store.health.message;
      // Still syncing while the reachable namespaces are found: `snapshot` must not
      // read the cluster-wide 403 as the final answer.
      union.setSources([], { state: 'syncing', count: 0 });
      const namespaces = await reachableNamespaces(this.access, this.transport, this.opts.ctx.namespace, rt.resource, rt.group);
      if (this.closed) return;
      const scopes = namespaces.map((ns) => this.startScope(rt, ns));
      union.setSources(
        scopes.map((s) => s.store),
        { state: 'forbidden', message: forbidden },
      );
      const shown = namespaces.length ? namespaces.join(', ') : 'nothing';
      const notes = new Map(this.scopeNotes).set(rt.resource, `${rt.resource}: cluster-wide list forbidden; showing ${shown}`);
      this.scopeNotes = notes;
      // visibleNamespaces speaks of the pods pane; every resource's note goes in scopeNote
      const patch: Partial<SessionInfo> = { scopeNote: [...notes.values()].join('; ') };
      if (rt.resource === 'pods') patch.visibleNamespaces = namespaces;
      this.setInfo(patch);
    });
  }

  /** "plural.group" as kubectl writes it, a plural of the core group, or any name discovery knows */
  private named(resource: string): GroupResource {
    const rt = this.discovery.resolve('', resource) ?? this.discovery.lookup(resource);
    return rt ? { group: rt.group, resource: rt.resource } : parseGroupResource(resource);
  }
}

/** What every Kubernetes server serves (the pods watch that starts before discovery answers). */
const CORE_PODS: ResourceType = {
  group: '',
  version: 'v1',
  resource: 'pods',
  kind: 'Pod',
  namespaced: true,
  verbs: ['get', 'list', 'watch'],
  subresources: [],
};

/** one store kept in step with one resource in one scope by its own watch */
function startScope(transport: Transport, opts: SessionOptions, rt: ResourceType, namespace: string | null, first: boolean): Scope {
  const store = new Store({ frameMs: Math.max(1, Math.round(1000 / opts.config.ui.refreshFps)) });
  if (tracing && first) traceFirstObjects(store);
  const watch = startWatch({
    transport,
    resource: rt,
    namespace: rt.namespaced ? namespace : null,
    sink: store,
    pageSize: opts.config.watch.pageSize,
    timeoutSeconds: opts.config.watch.timeoutSeconds,
    watchList: opts.config.watch.watchList,
    onEvent: (e) => debug('watch', { resource: rt.resource, namespace, ...e }),
  });
  return { store, watch };
}

function stopScope(s: Scope): void {
  s.watch.stop();
  s.store.dispose();
}

/** the first pods the session's first store receives, listed or watched (KUBEDECK_TRACE only) */
function traceFirstObjects(store: Store): void {
  const { listPage, apply } = store;
  const first = () => {
    phase('first pods');
    store.listPage = listPage;
    store.apply = apply;
  };
  store.listPage = (items) => {
    if (items.length) first();
    listPage.call(store, items);
  };
  store.apply = (type, object) => {
    first();
    apply.call(store, type, object);
  };
}

export function openSession(opts: SessionOptions): Promise<Session> {
  return Session.open(opts);
}
