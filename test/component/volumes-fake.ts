// A VolumesApi over an in-memory store: records intentions, answers with scripted
// plans, results and cleanup runs, so component tests see what a keypress asked for.
import type { ActionPlan, ActionResult, KubeObject, ReadableStore } from '../../src/k8s/types.js';
import type { ReclaimPolicy, VolumeSettings, VolumesApi } from '../../src/k8s/volumes.js';
import type { CleanupEvent, CleanupOutcome, CleanupPlan } from '../../src/k8s/pvcleanup.js';
import { CleanupRefused } from '../../src/k8s/pvcleanup.js';
import { FakeStore } from './fake-store.js';

export interface PvCall {
  method: string;
  args: unknown[];
}

const iso = (msAgo: number) => new Date(Date.now() - msAgo * 1).toISOString();
const DAY = 86_400_000;

export interface PvSpec {
  name: string;
  phase?: string;
  claim?: string;
  policy?: string;
  finalizers?: string[];
  deleting?: boolean;
  inPhaseMs?: number | null;
  ageMs?: number;
  capacity?: string;
}

export function makePv({ name, phase = 'Available', claim, policy = 'Retain', finalizers = ['kubernetes.io/pv-protection'], deleting, inPhaseMs = 3_600_000, ageMs = 10 * DAY, capacity = '10Gi' }: PvSpec): KubeObject {
  const [ns, claimName] = claim?.split('/') ?? [];
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      uid: `uid-${name}`,
      resourceVersion: '7',
      creationTimestamp: iso(ageMs),
      finalizers,
      ...(deleting ? { deletionTimestamp: iso(60_000) } : {}),
    },
    spec: {
      capacity: { storage: capacity },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: policy,
      storageClassName: 'fast',
      ...(claim ? { claimRef: { kind: 'PersistentVolumeClaim', namespace: ns, name: claimName, uid: `uid-claim-${claimName}` } } : {}),
    },
    status: { phase, ...(inPhaseMs === null ? {} : { lastPhaseTransitionTime: iso(inPhaseMs) }) },
  };
}

export function samplePvs(): KubeObject[] {
  return [
    makePv({ name: 'pv-available', phase: 'Available' }),
    makePv({ name: 'pv-bound', phase: 'Bound', claim: 'web/data-0' }),
    makePv({ name: 'pv-released-old', phase: 'Released', claim: 'web/data-1', inPhaseMs: 41 * DAY }),
    makePv({ name: 'pv-released-new', phase: 'Released', claim: 'web/data-2', inPhaseMs: 2 * 3_600_000 }),
    makePv({ name: 'pv-custom', phase: 'Released', claim: 'ml/scratch', deleting: true, finalizers: ['example.com/custom-cleanup'] }),
  ];
}

export function patchPlan(title: string, target: string, body: unknown, dryRun: ActionPlan['dryRun'][number] = { ok: true, status: 200, message: '' }): ActionPlan {
  return {
    title,
    requests: [{ target, method: 'PATCH', path: `/api/v1/persistentvolumes/${target}`, contentType: 'application/json-patch+json', body }],
    allowed: { ok: true },
    dryRun: [dryRun],
    warnings: [],
  };
}

export class FakeVolumesApi implements VolumesApi {
  readonly pvs = new FakeStore();
  readonly calls: PvCall[] = [];
  settings: VolumeSettings = {
    releasedThresholdMs: DAY,
    customFinalizer: 'example.com/custom-cleanup',
    hooks: { backup: ['/bin/backup'], cleanup: ['/bin/cleanup'] },
  };
  plan: ((method: string, pvs: KubeObject[]) => ActionPlan) | null = null;
  results: ActionResult[] = [];
  /** the cleanup's scripted run: events to emit, then the outcome */
  cleanup: { refuse?: string; events: CleanupEvent[]; outcome: CleanupOutcome; gate?: Promise<void> } = {
    events: [],
    outcome: { ok: true, message: 'hooks succeeded; removed example.com/custom-cleanup from pv-custom', hooks: [] },
  };

  /** the signal runCleanup was given, to see Esc stop the hooks */
  lastSignal: AbortSignal | undefined;

  callsTo(method: string): PvCall[] {
    return this.calls.filter((c) => c.method === method);
  }
  store(): ReadableStore<KubeObject> {
    return this.pvs;
  }
  private planFor(method: string, pvs: KubeObject[], extra?: unknown): Promise<ActionPlan> {
    this.calls.push({ method, args: extra === undefined ? [pvs] : [pvs, extra] });
    const name = pvs[0]?.metadata.name ?? 'none';
    return Promise.resolve(this.plan ? this.plan(method, pvs) : patchPlan(method, name, [{ op: 'test', path: '/spec/claimRef/uid', value: `uid-claim-${name}` }]));
  }
  planMakeAvailable(pvs: KubeObject[]) {
    return this.planFor('planMakeAvailable', pvs);
  }
  planReclaimPolicy(pvs: KubeObject[], policy: ReclaimPolicy) {
    return this.planFor('planReclaimPolicy', pvs, policy);
  }
  planDelete(pvs: KubeObject[]) {
    return this.planFor('planDelete', pvs);
  }
  async execute(plan: ActionPlan): Promise<ActionResult[]> {
    this.calls.push({ method: 'execute', args: [plan] });
    return this.results;
  }
  async prepareCleanup(name: string, expectUid?: string): Promise<CleanupPlan> {
    this.calls.push({ method: 'prepareCleanup', args: [name, expectUid] });
    if (this.cleanup.refuse) throw new CleanupRefused(this.cleanup.refuse);
    const pv = this.pvs.get(name)!;
    return {
      pv,
      finalizer: this.settings.customFinalizer,
      hooks: [
        { name: 'backup', argv: [...this.settings.hooks.backup] },
        { name: 'cleanup', argv: [...this.settings.hooks.cleanup] },
      ],
      plan: {
        ...patchPlan('Run hooks, then remove finalizer example.com/custom-cleanup', name, [
          { op: 'test', path: '/metadata/finalizers/0', value: 'example.com/custom-cleanup' },
          { op: 'remove', path: '/metadata/finalizers/0' },
        ]),
        warnings: ['hooks must be idempotent: an interrupted run (dropped SSH session, Ctrl-C) is repeated from the start'],
      },
    };
  }
  async runCleanup(plan: CleanupPlan, opts: { onEvent?(e: CleanupEvent): void; signal?: AbortSignal } = {}): Promise<CleanupOutcome> {
    this.calls.push({ method: 'runCleanup', args: [plan] });
    this.lastSignal = opts.signal;
    for (const e of this.cleanup.events) opts.onEvent?.(e);
    if (this.cleanup.gate) await this.cleanup.gate;
    return this.cleanup.outcome;
  }
}
