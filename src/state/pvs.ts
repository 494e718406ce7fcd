// PersistentVolume rows as kubectl prints them (printPersistentVolume in kubernetes
// pkg/printers/internalversion/printers.go), plus what an admin scans for: how long
// the volume has been in its phase, and which finalizers hold it. Raw JSON, read
// defensively: a missing field is Go's zero value.
import type { KubeObject, ReadableStore, RowTone, TableColumn, TableRow } from '../k8s/types.js';
import { humanDuration, parseTime } from './format.js';
import { sanitize, sanitizeName } from './sanitize.js';
import { keyOf } from './store.js';
import { capCell } from './table.js';

/** What a row needs from the config (volumes.releasedThreshold, volumes.customFinalizer). */
export interface PvSettings {
  releasedThresholdMs: number;
  customFinalizer: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

export const STALE_MARK = '⚠';

/** "Terminating" whenever deletionTimestamp is set, else status.phase, as kubectl's printer. */
export function pvStatus(pv: KubeObject): string {
  if (pv.metadata?.deletionTimestamp != null) return 'Terminating';
  return str(obj(pv.status)?.phase);
}

/** RWO,ROX,RWX,RWOP in that order, each once (helper.GetAccessModesAsString). */
export function accessModesCell(modes: unknown): string {
  const set = new Set(strings(modes));
  const out: string[] = [];
  if (set.has('ReadWriteOnce')) out.push('RWO');
  if (set.has('ReadOnlyMany')) out.push('ROX');
  if (set.has('ReadWriteMany')) out.push('RWX');
  if (set.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** CLAIM as kubectl prints it: "ns/name" when claimRef is set, else "". */
export function pvClaim(pv: KubeObject): string {
  const ref = obj(obj(pv.spec)?.claimRef);
  return ref ? `${str(ref.namespace)}/${str(ref.name)}` : '';
}

/** The beta annotation wins over spec.storageClassName (helper.GetPersistentVolumeClass). */
export function pvStorageClass(pv: KubeObject): string {
  const annotations = pv.metadata?.annotations;
  if (annotations && Object.hasOwn(annotations, BETA_CLASS_ANNOTATION)) return str(annotations[BETA_CLASS_ANNOTATION]);
  return str(obj(pv.spec)?.storageClassName);
}

/** spec.capacity.storage as the server wrote it; a zero Quantity prints "0". */
export function pvCapacity(pv: KubeObject): string {
  return str(obj(obj(pv.spec)?.capacity)?.storage) || '0';
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A resource.Quantity as a number (bytes for storage), for sorting; NaN when unreadable. */
export function quantityValue(q: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E)?)$/.exec(q.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  if (m[2]) return n * BINARY[m[2]];
  if (m[3]) return n * 10 ** Number(m[3].slice(1));
  return n * DECIMAL[m[4] ?? ''];
}

/** ms since status.lastPhaseTransitionTime, or undefined when the server did not set it. */
export function inPhaseForMs(pv: KubeObject, now: number): number | undefined {
  const t = parseTime(obj(pv.status)?.lastPhaseTransitionTime);
  return t === undefined ? undefined : now - t;
}

/** Released for longer than the threshold; unknown transition times are never flagged. */
export function isStaleReleased(pv: KubeObject, now: number, thresholdMs: number): boolean {
  if (pvStatus(pv) !== 'Released') return false;
  const ms = inPhaseForMs(pv, now);
  return ms !== undefined && ms > thresholdMs;
}

/**
 * The part an admin recognises: "kubernetes.io/pv-protection" → "pv-protection".
 * A generic last segment ("finalizer") says nothing, so the domain's first label is
 * used: "external-provisioner.volume.kubernetes.io/finalizer" → "external-provisioner".
 */
export function shortFinalizer(name: string): string {
  const slash = name.lastIndexOf('/');
  if (slash < 0) return name;
  const last = name.slice(slash + 1);
  if (last !== '' && last !== 'finalizer') return last;
  return name.slice(0, slash).split('.')[0] || name;
}

export function finalizersCell(finalizers: unknown): string {
  return strings(finalizers).map(shortFinalizer).join(',');
}

const PHASE_TONE: Record<string, RowTone> = {
  Available: 'ok',
  Bound: 'normal',
  Released: 'dim',
  Pending: 'warn',
  Terminating: 'warn',
  Failed: 'error',
};

export function pvTone(status: string, stale: boolean): RowTone {
  if (stale) return 'warn';
  return PHASE_TONE[status] ?? 'warn';
}

export const pvColumns: TableColumn[] = [
  { id: 'name', title: 'NAME', minWidth: 16, priority: 0 },
  { id: 'capacity', title: 'CAPACITY', align: 'right', priority: 3 },
  { id: 'accessModes', title: 'ACCESS MODES', minWidth: 12, priority: 4 },
  { id: 'reclaimPolicy', title: 'RECLAIM POLICY', minWidth: 14, priority: 3 },
  // STATUS is what an admin scans for: never cut it.
  { id: 'status', title: 'STATUS', minWidth: 11, priority: 0 },
  { id: 'claim', title: 'CLAIM', minWidth: 16, priority: 1 },
  { id: 'storageClass', title: 'STORAGECLASS', minWidth: 12, priority: 4 },
  { id: 'inPhaseFor', title: 'IN PHASE FOR', align: 'right', minWidth: 12, priority: 1 },
  { id: 'finalizers', title: 'FINALIZERS', minWidth: 14, priority: 2 },
  { id: 'age', title: 'AGE', align: 'right', priority: 3 },
];

export function pvRow(pv: KubeObject, now: number, settings: PvSettings): TableRow {
  const meta = pv.metadata ?? ({} as KubeObject['metadata']);
  const status = pvStatus(pv);
  const spec = obj(pv.spec) ?? {};
  const since = parseTime(obj(pv.status)?.lastPhaseTransitionTime);
  const created = parseTime(meta.creationTimestamp);
  const capacity = pvCapacity(pv);
  const text = [
    sanitizeName(str(meta.name)),
    sanitize(capacity),
    accessModesCell(spec.accessModes),
    sanitize(str(spec.persistentVolumeReclaimPolicy)),
    sanitize(status),
    sanitize(pvClaim(pv)),
    sanitize(pvStorageClass(pv)),
    sanitize(finalizersCell(meta.finalizers)),
  ].map(capCell);
  // the time cells at `clock`, never before the row was built: a coarse clock that
  // ticked before the volume last changed must not put its fresh timestamps in the future
  const cells = (clock: number): string[] => {
    const at = Math.max(clock, now);
    const stale = status === 'Released' && since !== undefined && at - since > settings.releasedThresholdMs;
    return [
      ...text.slice(0, 7),
      since === undefined ? '-' : `${humanDuration(at - since)}${stale ? ` ${STALE_MARK}` : ''}`,
      text[7]!,
      created === undefined ? '<unknown>' : humanDuration(at - created),
    ];
  };
  const size = quantityValue(capacity);
  return {
    key: keyOf(pv),
    cells: cells(now),
    live: cells,
    // none of these depend on the time: a clock tick re-sorts nothing
    sort: [
      text[0]!,
      Number.isNaN(size) ? -1 : size,
      text[2]!,
      text[3]!,
      text[4]!,
      text[5]!,
      text[6]!,
      // shortest in its phase first (an unknown time before all), as IN PHASE FOR's numbers
      since === undefined ? -Number.MAX_VALUE : -since,
      text[7]!,
      // newest first when ascending, like the AGE numbers themselves
      created === undefined ? Number.MAX_SAFE_INTEGER : -created,
    ],
    // the tone as of when the row was built: a volume that crosses the threshold since is
    // built again (StaleReleased.crossed tells the pane which)
    tone: pvTone(status, isStaleReleased(pv, now, settings.releasedThresholdMs)),
  };
}

/**
 * The volumes Released longer than the threshold, kept per store event: their count at
 * any time is a binary search, and the volumes that cross the threshold between two
 * clock ticks (whose tone and ⚠ change without their object changing) are a range of
 * the index, not a pass over every volume.
 */
export class StaleReleased {
  private version = -1;
  /** key → lastPhaseTransitionTime of each Released volume that has one */
  private byKey = new Map<string, number>();
  /** the same, sorted by time then key */
  private sorted: { t: number; key: string }[] = [];

  constructor(
    private readonly store: ReadableStore<KubeObject>,
    private readonly thresholdMs: number,
  ) {}

  /** how many volumes are Released longer than the threshold at `now` */
  count(now: number): number {
    this.sync();
    return this.lowerBound(now - this.thresholdMs, '');
  }

  /** the keys of the volumes that were not stale at `from` and are at `to` (from < to) */
  crossed(from: number, to: number): string[] {
    this.sync();
    if (!(to > from)) return [];
    const lo = this.lowerBound(from - this.thresholdMs, '');
    const hi = this.lowerBound(to - this.thresholdMs, '');
    return this.sorted.slice(lo, hi).map((e) => e.key);
  }

  private sync(): void {
    const { store } = this;
    if (store.version === this.version) return;
    const changes = this.version < 0 ? undefined : store.changesSince?.(this.version);
    this.version = store.version;
    if (!changes) {
      this.byKey = new Map();
      for (const pv of store.list()) {
        const t = releasedSince(pv);
        if (t !== undefined) this.byKey.set(keyOf(pv), t);
      }
      this.sorted = [...this.byKey].map(([key, t]) => ({ t, key })).sort((a, b) => a.t - b.t || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return;
    }
    for (const key of changes) {
      const old = this.byKey.get(key);
      const pv = store.get(key);
      const t = pv && releasedSince(pv);
      if (old === t) continue;
      if (old !== undefined) {
        this.sorted.splice(this.lowerBound(old, key), 1);
        this.byKey.delete(key);
      }
      if (t !== undefined) {
        this.sorted.splice(this.lowerBound(t, key), 0, { t, key });
        this.byKey.set(key, t);
      }
    }
  }

  /** the first entry not before (t, key) */
  private lowerBound(t: number, key: string): number {
    const list = this.sorted;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = list[mid]!;
      if (e.t < t || (e.t === t && e.key < key)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** when a Released volume entered its phase; undefined when not Released or not known */
function releasedSince(pv: KubeObject): number | undefined {
  return pvStatus(pv) === 'Released' ? parseTime(obj(pv.status)?.lastPhaseTransitionTime) : undefined;
}

/** A row function (for the row index), bound to the config. */
export function pvRowFn(settings: PvSettings): (pv: KubeObject, now: number) => TableRow {
  return (pv, now) => pvRow(pv, now, settings);
}

/** The selected volume's long fields: why it is in its phase, and what holds it. */
export function pvDetails(pv: KubeObject | undefined, settings: PvSettings): string {
  if (!pv) return '';
  const parts: string[] = [];
  const status = obj(pv.status) ?? {};
  const reason = str(status.reason);
  const message = str(status.message);
  if (reason || message) parts.push([reason, message].filter(Boolean).join(': '));
  const finalizers = strings(pv.metadata?.finalizers);
  if (finalizers.length) parts.push(`finalizers: ${finalizers.join(', ')}`);
  if (pv.metadata?.deletionTimestamp && finalizers.includes(settings.customFinalizer)) parts.push('c: run the cleanup hooks');
  return sanitize(parts.join('   '));
}
