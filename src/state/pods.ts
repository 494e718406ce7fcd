// Pod rows as the API server prints them: a port of printPod in kubernetes
// pkg/printers/internalversion/printers.go (sidecar-aware version). Objects are raw
// JSON, so every field is read defensively: missing means Go's zero value.
import type { KubeObject, RowTone, TableColumn, TableRow } from '../k8s/types.js';
import { humanDuration, parseTime } from './format.js';
import { sanitize, sanitizeName } from './sanitize.js';
import { keyOf } from './store.js';
import { capCell } from './table.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const SCHEDULING_GATED = 'SchedulingGated';
// node.NodeUnreachablePodReason upstream
const NODE_LOST = 'NodeLost';

interface PodSummary {
  ready: number;
  total: number;
  status: string;
  restarts: number;
  /** ms of the latest lastState.terminated.finishedAt counted, if any */
  lastRestart: number | undefined;
}

const arr = (v: unknown): Json[] => (Array.isArray(v) ? v : []);
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' ? v : undefined);

const isRestartable = (c: Json): boolean => obj(c)?.restartPolicy === 'Always';

// metav1.Time.Before on a zero time: a later finishedAt replaces the current one.
function later(current: number | undefined, status: Json): number | undefined {
  const t = parseTime(obj(obj(status?.lastState)?.terminated)?.finishedAt);
  if (t === undefined) return current;
  return current === undefined || t > current ? t : current;
}

function conditionTrue(pod: KubeObject, type: string): boolean {
  const c = arr(pod.status?.conditions).find((c) => obj(c)?.type === type);
  return c?.status === 'True';
}

// Memoised for frozen objects only (the store freezes what it holds): for those,
// identity means "unchanged"; anything else might be mutated after the call.
const summaries = new WeakMap<object, PodSummary>();

function summarize(pod: KubeObject): PodSummary {
  if (!Object.isFrozen(pod)) return computeSummary(pod);
  let s = summaries.get(pod);
  if (!s) summaries.set(pod, (s = computeSummary(pod)));
  return s;
}

function computeSummary(pod: KubeObject): PodSummary {
  const spec = obj(pod.spec) ?? {};
  const status = obj(pod.status) ?? {};
  let restarts = 0;
  let sidecarRestarts = 0;
  let total = arr(spec.containers).length;
  let ready = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;

  const phase = str(status.phase);
  let reason = str(status.reason) || phase;
  for (const c of arr(status.conditions)) {
    if (obj(c)?.type === 'PodScheduled' && c.reason === SCHEDULING_GATED) reason = SCHEDULING_GATED;
  }

  const initSpecs = new Map<string, Json>();
  for (const c of arr(spec.initContainers)) {
    initSpecs.set(str(obj(c)?.name), c);
    if (isRestartable(c)) total++;
  }

  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = obj(initStatuses[i]) ?? {};
    const sidecar = isRestartable(initSpecs.get(str(cs.name)));
    const state = obj(cs.state) ?? {};
    const terminated = obj(state.terminated);
    const waiting = obj(state.waiting);
    restarts += int(cs.restartCount);
    lastRestart = later(lastRestart, cs);
    if (sidecar) {
      sidecarRestarts += int(cs.restartCount);
      lastSidecarRestart = later(lastSidecarRestart, cs);
    }
    if (terminated && int(terminated.exitCode) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    if (terminated) {
      // initialization failed
      if (str(terminated.reason) === '') {
        reason = int(terminated.signal) !== 0 ? `Init:Signal:${int(terminated.signal)}` : `Init:ExitCode:${int(terminated.exitCode)}`;
      } else {
        reason = `Init:${str(terminated.reason)}`;
      }
    } else if (waiting && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${arr(spec.initContainers).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(pod, 'Initialized')) {
    // Regular init containers no longer count once the pod is initialized.
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    // the reason of the last failed container walked (a non-zero exit code)
    let errorReason = '';
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = obj(statuses[i]) ?? {};
      const state = obj(cs.state) ?? {};
      const terminated = obj(state.terminated);
      const waiting = obj(state.waiting);
      restarts += int(cs.restartCount);
      lastRestart = later(lastRestart, cs);
      if (waiting && str(waiting.reason) !== '') {
        reason = str(waiting.reason);
      } else if (terminated) {
        if (str(terminated.reason) !== '') reason = str(terminated.reason);
        else reason = int(terminated.signal) !== 0 ? `Signal:${int(terminated.signal)}` : `ExitCode:${int(terminated.exitCode)}`;
        if (int(terminated.exitCode) !== 0) errorReason = reason;
      } else if (cs.ready === true && obj(state.running)) {
        hasRunning = true;
        ready++;
      }
    }
    // A finished container does not make the pod Completed while another still runs
    // (Running with the Ready condition, else NotReady) or another failed (its reason,
    // which wins over NotReady; printPod as the 1.37 API server has it).
    if (reason === 'Completed') {
      if (hasRunning && conditionTrue(pod, 'Ready')) reason = 'Running';
      else if (errorReason !== '') reason = errorReason;
      else if (hasRunning) reason = 'NotReady';
    }
  }

  const deleting = pod.metadata?.deletionTimestamp != null;
  if (deleting && str(status.reason) === NODE_LOST) {
    reason = 'Unknown';
  } else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  return { ready, total, status: reason, restarts, lastRestart };
}

/** READY as "ready/total", counting sidecars (restartable init containers). */
export function podReady(pod: KubeObject): string {
  const s = summarize(pod);
  return readyText(s.ready, s.total);
}

/** STATUS as kubectl shows it (unsanitized). */
export function podStatus(pod: KubeObject): string {
  return summarize(pod).status;
}

/** RESTARTS: "3", or "3 (2m ago)" when the last restart time is known. */
export function podRestarts(pod: KubeObject, now: number): string {
  const s = summarize(pod);
  return restartsText(s.restarts, s.lastRestart, now);
}

function restartsText(restarts: number, lastRestart: number | undefined, now: number): string {
  return restarts !== 0 && lastRestart !== undefined ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
}

/** Names of spec.schedulingGates, in order. */
export function podGates(pod: KubeObject): string[] {
  return arr(pod.spec?.schedulingGates)
    .map((g) => str(obj(g)?.name))
    .filter((n) => n !== '');
}

/** The spec is the truth: a pod is gated while any scheduling gate remains. */
export function isGated(pod: KubeObject): boolean {
  return podGates(pod).length > 0;
}

/** lastTransitionTime of PodScheduled when its reason is SchedulingGated. */
export function gatedSince(pod: KubeObject): string | undefined {
  const c = arr(pod.status?.conditions).find((c) => obj(c)?.type === 'PodScheduled');
  if (c?.reason !== SCHEDULING_GATED) return undefined;
  return str(c.lastTransitionTime) || undefined;
}

/** ms gated, or undefined when not gated. Gates exist only from creation, so creation is the fallback. */
export function gatedForMs(pod: KubeObject, now: number): number | undefined {
  if (!isGated(pod)) return undefined;
  const from = parseTime(gatedSince(pod)) ?? parseTime(pod.metadata?.creationTimestamp);
  return from === undefined ? undefined : now - from;
}

const GATES_MAX = 24;

/** Gate names without their domain prefix; a count when they would not fit. */
export function gatesCell(gates: string[]): string {
  if (gates.length === 0) return '';
  const short = gates.map((g) => g.slice(g.lastIndexOf('/') + 1) || g);
  const joined = short.join(',');
  if (joined.length <= GATES_MAX) return joined;
  return gates.length === 1 ? joined : `${gates.length} gates`;
}

const OK_STATUS = new Set(['Running']);
const DIM_STATUS = new Set(['Completed', 'Succeeded']);
const WARN_STATUS = new Set([
  'Pending',
  'ContainerCreating',
  'PodInitializing',
  'NotReady',
  'Terminating',
  SCHEDULING_GATED,
  'Init:ContainerCreating',
]);

/** How alarming a status is; anything not known to be progress or success is an error. */
export function podTone(status: string, ready: number, total: number): RowTone {
  if (OK_STATUS.has(status)) return ready === total ? 'ok' : 'warn';
  if (DIM_STATUS.has(status)) return 'dim';
  if (WARN_STATUS.has(status) || /^Init:\d+\/\d+$/.test(status)) return 'warn';
  return 'error';
}

export const podColumns: TableColumn[] = [
  { id: 'namespace', title: 'NAMESPACE', minWidth: 8, priority: 2 },
  // STATUS is what an admin scans for: never cut it; drop NODE and others first.
  { id: 'name', title: 'NAME', minWidth: 20, priority: 0 },
  { id: 'ready', title: 'READY', align: 'right', priority: 1 },
  { id: 'status', title: 'STATUS', minWidth: 22, priority: 0 },
  { id: 'restarts', title: 'RESTARTS', align: 'right', minWidth: 8, priority: 3 },
  { id: 'age', title: 'AGE', align: 'right', priority: 2 },
  { id: 'node', title: 'NODE', minWidth: 8, priority: 4 },
  { id: 'gates', title: 'GATES', minWidth: 6, priority: 1 },
  { id: 'gatedFor', title: 'GATED FOR', align: 'right', priority: 2 },
];

/** "ready/total" for the usual small counts: one string shared by every pod, not one per pod */
const readyTexts = new Map<number, string>();
function readyText(ready: number, total: number): string {
  if (ready > 63 || total > 63 || ready < 0 || total < 0) return `${ready}/${total}`;
  const k = ready * 64 + total;
  let t = readyTexts.get(k);
  if (t === undefined) readyTexts.set(k, (t = `${ready}/${total}`));
  return t;
}

/**
 * A pod's row. The pods pane keeps one per pod (50,000 of them), so it holds only its
 * cells as of when it was built and the few numbers its live cells and sort keys come
 * from; live cells and sort keys are methods on the class, not a closure and an array
 * per row (docs/performance.md, "Rows, smaller").
 */
class PodRow implements TableRow {
  /** the cells as of `built`, made when first read: most of 50,000 rows are never drawn or filtered */
  private shown: string[] | undefined = undefined;
  constructor(
    readonly key: string,
    private readonly ns: string,
    private readonly name: string,
    private readonly ready: number,
    private readonly total: number,
    private readonly status: string,
    private readonly restarts: number,
    private readonly lastRestart: number | undefined,
    private readonly created: number | undefined,
    private readonly node: string,
    private readonly gates: string,
    private readonly gateCount: number,
    /** ms since which the pod is gated, when gated */
    private readonly gatedFrom: number | undefined,
    readonly tone: RowTone,
    /** when it was built: live cells are never older */
    private readonly built: number,
  ) {}

  get cells(): string[] {
    return (this.shown ??= this.at(this.built));
  }

  private at(clock: number): string[] {
    // never before the row was built: a coarse clock that ticked before the pod last
    // changed must not put its fresh timestamps in the future (kubectl's <invalid>)
    const at = Math.max(clock, this.built);
    const { created, gatedFrom } = this;
    return [
      capCell(this.ns),
      capCell(this.name),
      readyText(this.ready, this.total),
      capCell(this.status),
      capCell(restartsText(this.restarts, this.lastRestart, at)),
      created === undefined ? '<unknown>' : humanDuration(at - created),
      capCell(this.node),
      capCell(this.gates),
      gatedFrom === undefined ? '' : humanDuration(at - gatedFrom),
    ];
  }

  /** a function of its own per read (callers keep it apart from the row), none held per row */
  get live(): (now: number) => string[] {
    return (now) => this.at(now);
  }

  /** none of these depend on the time: a clock tick re-sorts nothing */
  sortAt(col: number): string | number {
    switch (col) {
      case 0:
        return this.ns;
      case 1:
        return this.name;
      case 2:
        return this.total === 0 ? 0 : this.ready / this.total;
      case 3:
        return this.status;
      case 4:
        return this.restarts;
      case 5:
        // newest first when ascending, like the AGE numbers themselves
        return this.created === undefined ? Number.MAX_SAFE_INTEGER : -this.created;
      case 6:
        return this.node;
      case 7:
        return this.gateCount;
      case 8:
        // shortest gated first (the ungated before all), as GATED FOR's numbers
        return this.gatedFrom === undefined ? -Number.MAX_VALUE : -this.gatedFrom;
      default:
        return '';
    }
  }

  get sort(): (string | number)[] {
    return podColumns.map((_, i) => this.sortAt(i));
  }
}

/** `key`: the store's key of the pod when known (the row keeps that string, not a copy) */
export function podRow(pod: KubeObject, now: number, key?: string): TableRow {
  // not memoised: the pane keeps the row itself, and a map per pod beside it would cost
  // as much again
  const s = computeSummary(pod);
  const meta = pod.metadata ?? ({} as KubeObject['metadata']);
  const gates = podGates(pod);
  const created = parseTime(meta.creationTimestamp);
  const status = sanitize(s.status);
  return new PodRow(
    key ?? keyOf(pod),
    sanitizeName(str(meta.namespace)),
    sanitizeName(str(meta.name)),
    s.ready,
    s.total,
    status,
    s.restarts,
    s.lastRestart,
    created,
    sanitize(str(pod.spec?.nodeName)) || '<none>',
    sanitize(gatesCell(gates)),
    gates.length,
    gates.length > 0 ? (parseTime(gatedSince(pod)) ?? created) : undefined,
    podTone(s.status, s.ready, s.total),
    now,
  );
}
