// One session per context: it owns its KubeConfig (never mutated), transport,
// discovery, watches and action pipeline. Switching context or namespace scope tears
// the session down and builds a new one, so no client ever holds two contexts'
// credentials.
import type { ContextConfig } from './kubeconfig.js';
import type { AppConfig } from '../config.js';
import { createTransport } from './transport.js';
import { discover, type DiscoveryRegistry } from './discovery.js';
import { startWatch, type WatchHandle } from './watch.js';
import { createAccessChecker, type AccessChecker } from './access.js';
import { createActionPipeline, type ActionPipeline } from './actions.js';
import { planUngate, planDelete } from './pods.js';
import { fetchEvents } from './events.js';
import { resourcePath } from './paths.js';
import { reachableNamespaces } from './namespaces.js';
import { Store } from '../state/store.js';
import { UnionStore } from '../state/union.js';
import { debug } from '../log.js';
import type {
  ActionPlan,
  ActionResult,
  AuditSink,
  ConsoleApi,
  KubeObject,
  ResourceType,
  SessionInfo,
  Transport,
} from './types.js';

export interface SessionOptions {
  ctx: ContextConfig;
  contexts: string[];
  /** null: all namespaces */
  namespace: string | null;
  readonly: boolean;
  config: AppConfig;
  requestTimeoutMs: number;
  audit?: AuditSink;
  /** how the console asks its host to rebuild the session */
  onSwitch?: { context(name: string): void; namespace(ns: string | null): void };
}

interface Scope {
  store: Store;
  watch: WatchHandle;
}

export class Session implements ConsoleApi {
  readonly pods = new UnionStore();
  private readonly infoListeners = new Set<() => void>();
  private readonly scopes: Scope[] = [];
  private readonly access: AccessChecker;
  private readonly pipeline: ActionPipeline;
  private closed = false;
  private _info: SessionInfo;

  private constructor(
    private readonly opts: SessionOptions,
    readonly transport: Transport,
    readonly discovery: DiscoveryRegistry,
    private readonly podsResource: ResourceType,
  ) {
    this.access = createAccessChecker(transport);
    this.pipeline = createActionPipeline(transport, this.access);
    this._info = {
      context: opts.ctx.name,
      server: opts.ctx.server,
      namespace: opts.namespace,
      serverVersion: discovery.serverVersion,
      readonly: opts.readonly,
      tlsWarnings: opts.ctx.tlsWarnings,
      contexts: opts.contexts,
    };
  }

  static async open(opts: SessionOptions): Promise<Session> {
    let user = opts.ctx.user;
    const transport = createTransport(opts.ctx.kc, {
      requestTimeoutMs: opts.requestTimeoutMs,
      impersonate: opts.ctx.impersonate,
      readonly: opts.readonly,
      audit: opts.audit ? { sink: opts.audit, context: opts.ctx.name, user: () => user } : undefined,
    });
    // Discovery first: it proves the server is reachable and the credentials work.
    const discovery = await discover(transport);
    const pods = discovery.resolve('', 'pods', ['v1']);
    if (!pods) throw new Error(`${opts.ctx.server} serves no pods resource`);
    const session = new Session(opts, transport, discovery, pods);
    session.whoami().then((name) => {
      if (name) user = name;
    });
    session.watchPods(opts.namespace);
    return session;
  }

  info(): SessionInfo {
    return this._info;
  }

  onInfo(listener: () => void): () => void {
    this.infoListeners.add(listener);
    return () => this.infoListeners.delete(listener);
  }

  canI(verb: string, resource: string, namespace?: string, subresource?: string): Promise<boolean> {
    if (this.opts.readonly && !['get', 'list', 'watch'].includes(verb)) return Promise.resolve(false);
    const group = resource === 'pods' ? '' : (this.groupOf(resource) ?? '');
    return this.access.canI({ verb, group, resource, namespace, subresource }).then((a) => a.ok);
  }

  planUngate(pods: KubeObject[], gate: string | null): Promise<ActionPlan> {
    return planUngate(this.pipeline, pods, gate, this.podsResource);
  }

  planDelete(objects: KubeObject[], resource: string): Promise<ActionPlan> {
    return planDelete(this.pipeline, objects, this.resourceType(resource));
  }

  execute(plan: ActionPlan): Promise<ActionResult[]> {
    return this.pipeline.execute(plan);
  }

  get(object: KubeObject, resource: string): Promise<KubeObject> {
    const rt = this.resourceType(resource);
    return this.transport.request<KubeObject>(
      resourcePath(rt, { namespace: object.metadata.namespace, name: object.metadata.name }),
    );
  }

  events(object: KubeObject): Promise<KubeObject[]> {
    return fetchEvents(this.transport, object);
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
    try {
      const review = await this.transport.request<{ status?: { userInfo?: { username?: string } } }>(
        '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        { method: 'POST', body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } },
      );
      const name = review.status?.userInfo?.username;
      if (name && !this.closed) this.setInfo({ user: name });
      return name;
    } catch (err) {
      debug('selfsubjectreview failed', { error: String(err) });
      return undefined;
    }
  }

  private startScope(namespace: string | null): Scope {
    const store = new Store({ frameMs: Math.max(1, Math.round(1000 / this.opts.config.ui.refreshFps)) });
    const watch = startWatch({
      transport: this.transport,
      resource: this.podsResource,
      namespace,
      sink: store,
      pageSize: this.opts.config.watch.pageSize,
      timeoutSeconds: this.opts.config.watch.timeoutSeconds,
      onEvent: (e) => debug('watch', { resource: 'pods', namespace, ...e }),
    });
    const scope = { store, watch };
    this.scopes.push(scope);
    return scope;
  }

  /** Watch pods in scope; a forbidden cluster-wide list falls back to reachable namespaces. */
  private watchPods(namespace: string | null): void {
    const first = this.startScope(namespace);
    this.pods.setSources([first.store]);
    if (namespace !== null) return;
    void first.watch.done.then(async () => {
      if (this.closed || first.store.health.state !== 'forbidden') return;
      const forbidden = first.store.health.message;
      const namespaces = await reachableNamespaces(this.access, this.transport, this.opts.ctx.namespace);
      if (this.closed) return;
      const scopes = namespaces.map((ns) => this.startScope(ns));
      this.pods.setSources(
        scopes.map((s) => s.store),
        { state: 'forbidden', message: forbidden },
      );
      this.setInfo({ visibleNamespaces: namespaces, scopeNote: `cluster-wide list forbidden; showing ${namespaces.length ? namespaces.join(', ') : 'nothing'}` });
    });
  }

  private groupOf(resource: string): string | undefined {
    return this.discovery.resolve('', resource) ? '' : undefined;
  }

  private resourceType(resource: string): ResourceType {
    if (resource === 'pods') return this.podsResource;
    const rt = this.discovery.resolve(this.groupOf(resource) ?? '', resource);
    if (!rt) throw new Error(`the server does not serve ${resource}`);
    return rt;
  }
}

export function openSession(opts: SessionOptions): Promise<Session> {
  return Session.open(opts);
}
