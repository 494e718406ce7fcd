// Shared contracts between src/k8s, src/state and src/views.
import type { TablesApi } from './tables.js';
import type { Explanation, WhyKind } from './why.js';
import type { ClaimsApi } from './claims.js';
import type { VolumesApi } from './volumes.js';
import type { LogsApi } from './logs.js';
import type { IdentityApi } from './identity.js';
import type { GateRulesSource } from '../state/why/gates.js';
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
  /** what is not visible and why, e.g. "cluster-wide list forbidden; showing web" */
  scopeNote?: string;
  contexts: string[];
}

/**
 * What the views may ask of a session. Views never call the API themselves:
 * they read stores and call these intentions (implemented in src/k8s/session.ts).
 */
export interface ConsoleApi {
  info(): SessionInfo;
  /** per-kind APIs of the other panes (src/k8s/<kind>.ts) */
  claims: ClaimsApi;
  volumes: VolumesApi;
  logs: LogsApi;
  identity: IdentityApi;
  /** called when info() changes (identity arrives, health, etc.) */
  onInfo(listener: () => void): () => void;
  pods: ReadableStore<KubeObject>;
  /** access check for an action on an object, cached per session */
  canI(verb: string, resource: string, namespace?: string, subresource?: string): Promise<boolean>;
  /** gate: one gate name, or null for all gates */
  planUngate(pods: KubeObject[], gate: string | null): Promise<ActionPlan>;
  planDelete(objects: KubeObject[], resource: string): Promise<ActionPlan>;
  execute(plan: ActionPlan): Promise<ActionResult[]>;
  /** fresh GET of the object */
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
  tone?: RowTone;
  /**
   * The cells as of `now`, for a row whose cells depend on the time (ages): the table
   * asks only for the rows on screen, so a clock tick costs the visible rows, not all.
   * `cells` holds them as of when the row was built (filtering reads those); `sort`
   * must not depend on the time.
   */
  live?(now: number): string[];
}
