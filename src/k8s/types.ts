// The contracts between src/k8s, src/state and src/views: the objects, the session's
// API (ConsoleApi, resource(gr)) and the per-kind intentions the views see. It holds
// no logic (two error classes aside) and imports only types from leaves that never
// import it back, so it is in no import cycle (test/unit/contracts.test.ts):
// implementations import it, never the other way round.
import type { HookLine, HookResult } from './hooks.js';
import type { RulesStatus } from '../state/cani.js';
import type { DecodedToken } from '../state/jwt.js';
import type { AuthnCheck, UserInfo } from '../cel/authn.js';
import type { LogEntry } from '../state/loglines.js';
export type { UserInfo };
// Objects stay the server's raw JSON: kubedeck never decodes into typed models,
// which drop fields that newer servers add.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  generateName?: string;
  [key: string]: unknown;
}

/** A Kubernetes object exactly as the server sent it (minus managedFields and last-applied). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  // Raw JSON: shapes differ per kind and version, readers check what they use.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  status?: any;
  [key: string]: unknown;
}

/** A resource as discovery reports it, at the version kubedeck chose to use. */
export interface ResourceType {
  group: string; // "" for the core group
  version: string;
  resource: string; // plural, e.g. "pods"
  kind: string;
  namespaced: boolean;
  verbs: string[];
  /** subresources served, e.g. ["status", "log"] */
  subresources: string[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  object: any;
}

/** A column of a server-side Table (meta.k8s.io/v1 TableColumnDefinition). */
export interface ServerColumn {
  name: string;
  /** "string", "integer", "number", "boolean", "date" */
  type: string;
  /** e.g. "name" for the NAME column */
  format?: string;
  description?: string;
  /** 0: always shown; > 0: only with -o wide */
  priority?: number;
}

/**
 * One row of a server-side Table kept as an object: the row's object metadata
 * (includeObject=Metadata) plus the cells the server printed for it. `cells` is
 * absent when the server answered with plain objects (then kubectl shows NAME and AGE).
 */
export interface ServerRow extends KubeObject {
  cells?: unknown[];
}

/** A watched server-side Table: its rows (keyed by uid) and the LIST's column definitions. */
export interface ServerTableSource extends ReadableStore<ServerRow> {
  /** undefined until the first LIST page arrived; null when the server sent plain objects (NAME, AGE) */
  readonly columns: ServerColumn[] | null | undefined;
}

/** How one watched resource in one scope is doing. */
export type Health =
  | { state: 'syncing'; count: number }
  | { state: 'synced'; count: number; since: number }
  | { state: 'reconnecting'; since: number; lastError: string; attempt: number; count: number }
  | { state: 'forbidden'; message: string }
  | { state: 'unauthorized'; message: string }
  | { state: 'unavailable'; message: string };

/**
 * What the watch loop feeds. A (re)list is listStart, listPage* (objects reach the
 * store as pages arrive), listDone; listDone drops whatever the list did not return,
 * emitting deletes for vanished objects.
 */
export interface WatchSink {
  /**
   * Table watches only: the LIST's column definitions (watch events carry none after
   * the first), or null when the server answered with plain objects, not a Table.
   */
  setColumns?(columns: ServerColumn[] | null): void;
  listStart(): void;
  listPage(items: KubeObject[]): void;
  listDone(resourceVersion: string): void;
  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): void;
  setHealth(health: Health): void;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  method?: HttpMethod;
  query?: Query;
  body?: unknown;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  /** whole-request timeout; defaults to the session's --request-timeout */
  timeoutMs?: number;
}

export interface StreamOptions {
  query?: Query;
  /** the Accept header; application/json when not given */
  accept?: string;
  signal?: AbortSignal;
  /** time allowed until response headers arrive */
  connectTimeoutMs?: number;
  /** time allowed between two chunks once streaming */
  idleTimeoutMs?: number;
  /**
   * a longer line is cut there and ends with a marker saying how much was cut
   * (default 64 Ki characters; watch events, whole objects, pass more)
   */
  maxLineChars?: number;
  /** half a line, then nothing for this long, fails the stream (a watch never sends half an event) */
  partialLineTimeoutMs?: number;
  /** called for each complete line (without the newline) */
  onLine(line: string): void;
}

/**
 * kubedeck's HTTP layer: client-node only supplies auth and TLS
 * (applyToHTTPSOptions). Errors are ApiError with the server's message.
 */
export interface Transport {
  readonly server: string;
  request<T = unknown>(path: string, opts?: RequestOptions): Promise<T>;
  /** Resolves when the server ends the stream normally; rejects with ApiError. */
  stream(path: string, opts: StreamOptions): Promise<void>;
}

/**
 * An API error in plain words. status 0 means no HTTP answer (network, timeout).
 * message is the server's Status.message when it sent one.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly body: unknown;
  readonly code?: string;
  /** the server's Retry-After (whole seconds on 429 and some 500/503), in ms */
  readonly retryAfterMs?: number;
  constructor(status: number, message: string, opts: { reason?: string; body?: unknown; code?: string; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.reason = opts.reason ?? '';
    this.body = opts.body;
    this.code = opts.code;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** Thrown inside kubedeck, before sending, when --readonly forbids a request. */
export class ReadonlyError extends Error {
  constructor(method: string, path: string) {
    super(`read-only mode: refused ${method} ${path} (started with --readonly)`);
    this.name = 'ReadonlyError';
  }
}

/** One mutating request, as written to the audit log (one JSON line). */
export interface AuditEntry {
  /** one id per request: its intent line and its result line carry the same */
  id: string;
  /** intent: written before the request is sent; result: after the answer (or failure) */
  phase: 'intent' | 'result';
  time: string;
  context: string;
  server: string;
  user: string;
  verb: string; // HTTP method
  path: string; // with query string
  contentType?: string;
  body?: unknown;
  dryRun: boolean;
  /** on result lines */
  result?: { status: number; ok: boolean; message?: string };
}

export interface AuditSink {
  /** Appends synchronously-durable; resolves once the line is written. */
  write(entry: AuditEntry): Promise<void>;
  /** Rejects when the log cannot be written: then a change must not be sent at all. */
  ready?(): Promise<void>;
}

/** A read-only, subscribable view of a watch-backed store (implemented in src/state/store.ts). */
export interface ReadableStore<T = KubeObject> {
  /** increments once per coalesced batch of changes */
  readonly version: number;
  readonly size: number;
  readonly health: Health;
  get(key: string): T | undefined;
  /** every object; the array is rebuilt at most once per version */
  list(): readonly T[];
  /** listener runs at most once per frame, however many events arrived */
  subscribe(listener: () => void): () => void;
  /**
   * The keys of the objects added, changed or deleted after `version` (up to the current
   * one); undefined when the store no longer knows (too far back): read list() again.
   */
  changesSince?(version: number): ReadonlySet<string> | undefined;
  /** the object's place in list() order: a number that grows with each key added */
  orderOf?(key: string): number | undefined;
}

/** One exact request an action will send. */
export interface PlannedRequest {
  target: string; // "ns/name" or "name"
  method: HttpMethod;
  path: string;
  contentType?: string;
  body?: unknown;
}

/** An action ready to confirm: exact requests, access check and dry-run answers. */
export interface ActionPlan {
  title: string; // e.g. "Remove scheduling gate"
  requests: PlannedRequest[];
  /** SelfSubjectAccessReview answer for the verb and resource */
  allowed: { ok: boolean; reason?: string };
  /** one per request, same order: the server's dryRun=All answer */
  dryRun: { ok: boolean; status: number; message: string }[];
  /** warnings to show in the confirmation */
  warnings: string[];
}

export interface ActionResult {
  target: string;
  ok: boolean;
  status: number;
  message: string;
}

export interface SessionInfo {
  context: string;
  server: string;
  /** null means all namespaces */
  namespace: string | null;
  /** who the server says we are, once SelfSubjectReview answered */
  user?: string;
  serverVersion?: string;
  readonly: boolean;
  /** e.g. "TLS verification is off (insecure-skip-tls-verify)" */
  tlsWarnings: string[];
  /** namespaces visible when cluster-wide access is forbidden */
  visibleNamespaces?: string[];
  /** the kubeconfig context's namespace ("default" when it names none) */
  kubeconfigNamespace?: string;
  /** what is not visible and why, e.g. "cluster-wide list forbidden; showing web" */
  scopeNote?: string;
  contexts: string[];
}

/** A resource as RBAC and kubectl name it: its group ("" for the core group) and plural. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** Where an access question is asked: a namespace (none: cluster-wide), a subresource, one object. */
export interface AccessQuery {
  namespace?: string;
  subresource?: string;
  name?: string;
}

/** A patch plan: exact requests on objects of one resource, checked as `patch` (on the subresource when given). */
export interface PatchInput {
  title: string;
  requests: PlannedRequest[];
  subresource?: string;
  warnings?: string[];
}

/**
 * One resource, whatever its kind: what the views may ask of it. Every action on it
 * is a plan (exact requests, access review, server dry run) that the one action flow
 * shows before execute sends the same requests. Built by src/k8s/resource.ts.
 */
export interface ResourceApi {
  readonly gr: GroupResource;
  /** at the version discovery chose; undefined when the server serves none */
  readonly type: ResourceType | undefined;
  /** the watched objects in the session's scope, started on first use; undefined when not watchable */
  store(): ReadableStore<KubeObject> | undefined;
  /** fresh GET of the object */
  get(object: KubeObject): Promise<KubeObject>;
  /** recent events for the object, by field selector on its uid */
  events(object: KubeObject): Promise<KubeObject[]>;
  /**
   * May I? A SelfSubjectAccessReview, cached; a mutating verb under --readonly answers
   * no without asking, and so does a verb the server does not serve for the resource.
   */
  can(verb: string, where?: AccessQuery): Promise<AccessAnswer>;
  /** DELETE with a uid precondition per object; the kind's own warnings added */
  planDelete(objects: KubeObject[]): Promise<ActionPlan>;
  planPatch(input: PatchInput): Promise<ActionPlan>;
  /** the plan's requests for real; results in the kind's words */
  execute(plan: ActionPlan): Promise<ActionResult[]>;
}

/** pods: remove one scheduling gate (its name) or all of them (null); pods without it are left out */
export interface PodIntents {
  ungate(pods: KubeObject[], gate: string | null): Promise<ActionPlan>;
}

/** resourceclaims: break-glass removal of one reservedFor entry of a pod that no longer exists */
export interface ClaimIntents {
  release(claim: KubeObject, consumerUid: string): Promise<ActionPlan>;
}

/** persistentvolumes: Released → Available (clear the claimRef), the reclaim policy */
export interface VolumeIntents {
  makeAvailable(pvs: KubeObject[]): Promise<ActionPlan>;
  reclaimPolicy(pvs: KubeObject[], policy: ReclaimPolicy): Promise<ActionPlan>;
}

/**
 * The kind-specific intentions: each builds its exact requests and plans them through
 * resource(gr).planPatch, so it gets the same access review, dry run and flow.
 */
export interface Extensions {
  pods: PodIntents;
  resourceclaims: ClaimIntents;
  persistentvolumes: VolumeIntents;
}

/**
 * What the views may ask of a session. Views never call the API themselves:
 * they read stores and call these intentions (implemented in src/k8s/session.ts).
 */
export interface ConsoleApi {
  info(): SessionInfo;
  /** any resource by group and plural: store, get, events, access, plans, execute */
  resource(gr: GroupResource): ResourceApi;
  /** the kind-specific intentions, built on resource() */
  extensions: Extensions;
  /** per-kind stores and tools of the other panes (src/k8s/<kind>.ts) */
  claims: ClaimsApi;
  volumes: VolumesApi;
  logs: LogsApi;
  identity: IdentityApi;
  /** called when info() changes (identity arrives, health, etc.) */
  onInfo(listener: () => void): () => void;
  pods: ReadableStore<KubeObject>;
  /** access check (true only for a yes): resource(gr).can with a "plural.group" name */
  canI(verb: string, resource: string, namespace?: string, subresource?: string): Promise<boolean>;
  /** = extensions.pods.ungate */
  planUngate(pods: KubeObject[], gate: string | null): Promise<ActionPlan>;
  /** resource(gr).planDelete with a "plural.group" name */
  planDelete(objects: KubeObject[], resource: string): Promise<ActionPlan>;
  /** any plan's requests, sent as planned */
  execute(plan: ActionPlan): Promise<ActionResult[]>;
  /** fresh GET of the object ("plural.group" name) */
  get(object: KubeObject, resource: string): Promise<KubeObject>;
  /** recent events for the object, by field selector on its uid */
  events(object: KubeObject): Promise<KubeObject[]>;
  /** why a pod or a claim waits (the w key), as `kubedeck why` tells it (absent: not offered) */
  why?(kind: WhyKind, object: KubeObject): Promise<Explanation>;
  /** the config's gate readiness rules and the stores they read (absent: not offered) */
  gateRules?(): GateRulesSource;
  /** any resource like `kubectl get`: names resolved through discovery, the server's Table watched (absent: not offered) */
  tables?: TablesApi;
  /** the namespaces' names, or undefined when they may not be listed */
  namespaces(): Promise<string[] | undefined>;
  switchContext(name: string): void;
  switchNamespace(namespace: string | null): void;
}

/** A column of a list pane (rows are made by pure functions in src/state). */
export interface TableColumn {
  id: string; // e.g. "status"
  title: string; // e.g. "STATUS"
  align?: 'left' | 'right';
  /** the column may shrink below its content to this width at narrow terminals */
  minWidth?: number;
  /** lower numbers are dropped last when the terminal is too narrow */
  priority?: number;
  /** shown beside the title, e.g. "as of last change" for time cells the server froze */
  note?: string;
}

export type RowTone = 'normal' | 'ok' | 'warn' | 'error' | 'dim';

export interface TableRow {
  key: string; // "ns/name"
  /** sanitized display text, one per column */
  cells: string[];
  /** per-column sort values (numbers sort numerically); falls back to cells */
  sort?: (string | number)[];
  /** the sort value of one column, for rows that compute it rather than keep an array (wins over sort) */
  sortAt?(columnIndex: number): string | number;
  tone?: RowTone;
  /**
   * The cells as of `now`, for a row whose cells depend on the time (ages): the table
   * asks only for the rows on screen, so a clock tick costs the visible rows, not all.
   * `cells` holds them as of when the row was built (filtering reads those); `sort`
   * must not depend on the time.
   */
  live?(now: number): string[];
}

export interface AccessAttributes {
  verb: string;
  group: string; // "" for the core group
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface AccessAnswer {
  ok: boolean;
  reason?: string;
}

/** A resource as discovery names it, at the version kubedeck chose. */
export interface NamedResource extends ResourceType {
  /** lower case; "" when the server did not say */
  singular: string;
  /** lower case */
  shortNames: string[];
}

export type Resolution = { ok: true; resource: NamedResource } | { ok: false; message: string };

/** A resource this session watches, at the version discovery chose, and its store. */
export interface WatchedResource {
  type: ResourceType;
  store: ReadableStore<KubeObject>;
}

export interface ServerTable {
  type: ResourceType;
  /** null: all namespaces (and always for a cluster-scoped resource) */
  namespace: string | null;
  store: ServerTableSource;
}

export interface TablesApi {
  /**
   * The resource a typed name means (`deploy`, `crontabs.stable.example.com`,
   * `apps/deployments`). A name discovery does not know rediscovers once, for a CRD
   * created since the session opened.
   */
  resolve(typed: string): Promise<Resolution>;
  /** The same from what discovery knows now, at once (no rediscovery): a key burst after `:deploy⏎` goes to the new pane. */
  find(typed: string): Resolution;
  /** The server's Table of the resource in the session's scope, watched from first use on. */
  table(rt: ResourceType): ServerTable;
}

export type WhyKind = 'pod' | 'claim';

/** What `kubedeck why` prints, as text and as the JSON document, and the stores that could not be read. */
export interface Explanation {
  text: string;
  json: unknown;
  notes: string[];
}

export type ContainerKind = 'init' | 'sidecar' | 'main' | 'ephemeral';

export type ContainerState = 'waiting' | 'running' | 'terminated' | 'unknown';

export interface ContainerInfo {
  name: string;
  kind: ContainerKind;
  state: ContainerState;
  /** waiting/terminated reason, e.g. "CrashLoopBackOff", "Completed" */
  reason?: string;
  exitCode?: number;
  ready: boolean;
  started: boolean;
  restarts: number;
  /** the current instance; a new one means the container restarted */
  containerID?: string;
  /** a previous instance exists (kubectl logs --previous has something to show) */
  hasPrevious: boolean;
}

export interface LogTarget {
  namespace: string;
  pod: string;
}

export interface TailOptions {
  /** one container, or null for all of them merged */
  container: string | null;
  follow: boolean;
  /** the previous instance (kubectl logs --previous); never followed */
  previous: boolean;
  sinceSeconds?: number;
  tailLines?: number;
}

export type StreamState =
  | { state: 'connecting' }
  | { state: 'streaming' }
  | { state: 'ended'; message?: string }
  | { state: 'waiting'; message: string }
  | { state: 'reconnecting'; message: string; attempt: number }
  | { state: 'error'; message: string; status: number };

export interface TailSnapshot {
  pod: KubeObject | undefined;
  containers: ContainerInfo[];
  /** the containers tailed, in --all-containers order */
  tailed: string[];
  /** lines of the tailed containers, merged in time order */
  entries: readonly LogEntry[];
  streams: Readonly<Record<string, StreamState>>;
  /** lines received since the tail opened (the count of new lines while paused) */
  received: number;
  /** lines that fell out of the ring buffers */
  dropped: number;
  /** a problem with the pod itself (not found, deleted) */
  problem?: string;
  /** true while the pod (and so its containers) is still being looked up */
  podPending?: boolean;
}

export interface LogTail {
  readonly target: LogTarget;
  readonly options: TailOptions;
  readonly version: number;
  subscribe(listener: () => void): () => void;
  snapshot(): TailSnapshot;
  close(): void;
}

export interface LogsApi {
  /** Opens a tail (streams start at once); close it when done. */
  open(target: LogTarget, options: TailOptions): LogTail;
  /**
   * Writes what the tail holds to a new file only the user can read (mode 0600) and
   * answers its path. dir defaults to $XDG_STATE_HOME/kubedeck/logs.
   */
  save(tail: LogTail, opts?: { dir?: string }): Promise<string>;
}

/** authentication.k8s.io/v1 SelfSubjectReview, as the server sent it */
export interface SelfSubjectReview {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  status?: { userInfo?: UserInfo };
  [key: string]: unknown;
}

/** authorization.k8s.io/v1 SelfSubjectRulesReview, as the server sent it */
export interface SelfSubjectRulesReview {
  apiVersion?: string;
  kind?: string;
  spec?: { namespace?: string };
  status?: RulesStatus;
  [key: string]: unknown;
}

/** What authenticates this session's requests; never the secret itself. */
export interface Credential {
  /** in words: "bearer token", "exec plugin gke-gcloud-auth-plugin", "client certificate", ... */
  source: string;
  /** the bearer token's decoded claims, when a bearer token is sent */
  token?: DecodedToken;
  /** why the credential could not be obtained */
  error?: string;
}

export interface Fetched<T> {
  loading: boolean;
  object?: T;
  error?: { status: number; message: string };
  /** when the last answer or failure arrived */
  at?: number;
}

/** identity.authenticationConfig: what that AuthenticationConfiguration makes of the session's JWT */
export interface AuthnPreview {
  path: string;
  check?: AuthnCheck;
  /** why there is no check: the file, or no JWT */
  error?: string;
}

export interface IdentityState {
  review: Fetched<SelfSubjectReview>;
  rules: Fetched<SelfSubjectRulesReview>;
  /** the namespace the rules review asks about */
  rulesNamespace: string;
  credential?: Credential;
  /** --as / --as-group: the review shows the impersonated user, the credential is the caller's */
  impersonate?: { user?: string; groups: string[] };
  authnPreview?: AuthnPreview;
}

export interface IdentityApi {
  /** a new object whenever something changed */
  state(): IdentityState;
  subscribe(listener: () => void): () => void;
  /** SelfSubjectReview (shared while one is in flight); resolves to the username, if any */
  whoami(): Promise<string | undefined>;
  /** reads the credential again and asks both reviews again */
  refresh(): Promise<void>;
}

export type DraKind = 'resourceclaims' | 'resourceclaimtemplates' | 'deviceclasses' | 'resourceslices';

export interface ClaimsApi {
  /** the resource at its chosen version, watched from first use; undefined when not served */
  watched(kind: DraKind): WatchedResource | undefined;
  /** convenience: the store, or undefined when not served */
  store(kind: DraKind): ReadableStore<KubeObject> | undefined;
}

export type ReclaimPolicy = 'Retain' | 'Delete';

export interface VolumeSettings {
  releasedThresholdMs: number;
  customFinalizer: string;
  hooks: { backup: readonly string[]; cleanup: readonly string[] };
}

export interface VolumesApi {
  readonly settings: VolumeSettings;
  /** watch-backed PersistentVolumes, started on first use */
  store(): ReadableStore<KubeObject>;
  /** fresh read, checks and the planned finalizer removal; rejects with CleanupRefused */
  prepareCleanup(name: string, expectUid?: string): Promise<CleanupPlan>;
  runCleanup(plan: CleanupPlan, opts?: { onEvent?(e: CleanupEvent): void; signal?: AbortSignal }): Promise<CleanupOutcome>;
}

export type HookName = 'backup' | 'cleanup';

/** Everything the confirmation shows, and what runCleanup will do. */
export interface CleanupPlan {
  pv: KubeObject;
  finalizer: string;
  /** in the order they run; a missing backup hook is skipped with a warning */
  hooks: { name: HookName; argv: string[] }[];
  /** the finalizer removal: exact request, access check, dry run */
  plan: ActionPlan;
}

export type CleanupEvent =
  | { kind: 'hook-start'; hook: HookName; argv: string[] }
  | { kind: 'output'; hook: HookName; line: HookLine }
  | { kind: 'hook-end'; hook: HookName; result: HookResult }
  | { kind: 'removing'; request: PlannedRequest };

export interface CleanupOutcome {
  ok: boolean;
  /** one line in plain words */
  message: string;
  hooks: { name: HookName; result: HookResult }[];
  /** the finalizer removal's result, when it was sent */
  removal?: ActionResult;
}

/** What evaluating a CEL device selector gave: never a silent false. */
export type SelectorResult = boolean | { error: string } | { cannot: string };

/** A gate readiness rule from the config file (docs/config.md, gates.rules). */
export interface GateRule {
  /** a gate name, or a pattern with * (any characters) and ? (one character) */
  gate: string;
  ready: 'claimsAllocated' | 'pvcsBound' | 'manual' | { expression: string };
}

/** Evaluates a gate rule's CEL expression over `pod`, `claims` and `pvcs`. */
export interface RuleEvaluator {
  /** undefined when it compiles, else the one-line error */
  check(expression: string): string | undefined;
  evaluate(expression: string, vars: { pod: unknown; claims: unknown[]; pvcs: unknown[] }): SelectorResult;
}

/** Where the rules read claims and PVCs from: live stores (the console), kept by the session. */
export interface GateRulesSource {
  rules: readonly GateRule[];
  evaluator: RuleEvaluator;
  /** watched only when a rule reads claims; undefined when not watched or not served */
  claims?: ReadableStore<KubeObject>;
  /** watched only when a rule reads PVCs */
  pvcs?: ReadableStore<KubeObject>;
}
