// A tiny control plane: a scheduler that binds pods once their last gate is
// gone, a kubelet that starts them and finishes graceful deletions, and a
// namespace controller. Everything goes through the store, so watches see it.
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../k8s/types.js';
import { RESOURCES, isVirtual, resourceByKind } from './resources.js';
import type { Ops } from './ops.js';
import type { Change } from './store.js';
import { event } from './seed/builders.js';
import { gateNames, setCondition } from './pods.js';
import { LogRestarter } from './logs.js';
import { VolumeController } from './volumes.js';
import { DraController } from './dra.js';
import { Planned } from './timers.js';

const BIND_DELAY_MS = 300;
const START_DELAY_MS = 500;
const MAX_TERMINATION_MS = 2000;

export class Simulator {
  private readonly planned = new Planned();
  private readonly pods = resourceByKind('Pod');
  private readonly nodes = resourceByKind('Node');
  private readonly events = resourceByKind('Event');
  private readonly namespaces = resourceByKind('Namespace');
  private nextNode = 0;
  private readonly unsubscribe: () => void;
  /** containers of annotated pods restart on a timer (demo.kubedeck.io/restart-every) */
  private readonly restarter: LogRestarter;
  private readonly volumes: VolumeController;
  private readonly dra: DraController;

  constructor(private readonly ops: Ops) {
    this.unsubscribe = ops.store.subscribe((c) => this.onChange(c));
    this.restarter = new LogRestarter(ops.store, this.pods);
    this.volumes = new VolumeController(ops);
    this.dra = new DraController(ops);
  }

  stop(): void {
    this.unsubscribe();
    this.restarter.stop();
    this.volumes.stop();
    this.dra.stop();
    this.planned.stop();
  }


  private onChange(c: Change): void {
    if (c.def === this.namespaces && c.type === 'DELETED') {
      this.planned.later(`${c.object.metadata.uid}:ns`, 200, () => this.emptyNamespace(c.object.metadata.name));
    }
    if (c.def !== this.pods || c.type === 'DELETED') return;
    const pod = c.object;
    const uid = pod.metadata.uid!;
    if (pod.metadata.deletionTimestamp) {
      const grace = pod.metadata.deletionGracePeriodSeconds ?? 0;
      if (pod.spec?.nodeName && grace > 0) this.planned.later(`${uid}:stop`, Math.min(grace * 1000, MAX_TERMINATION_MS), () => this.finishDeletion(pod));
      return;
    }
    const unschedulable = pod.status?.conditions?.some((x: { reason?: string }) => x.reason === 'Unschedulable');
    if (!pod.spec?.nodeName && gateNames(pod).length === 0 && pod.status?.phase === 'Pending' && !unschedulable) {
      this.planned.later(`${uid}:bind`, BIND_DELAY_MS, () => this.bind(pod));
    } else if (c.type === 'ADDED' && pod.spec?.nodeName && pod.status?.phase === 'Pending' && !pod.status?.containerStatuses) {
      this.planned.later(`${uid}:start`, START_DELAY_MS, () => this.start(pod));
    }
  }

  /** The current version of a pod, if it is still the same pod. */
  private current(pod: KubeObject): KubeObject | undefined {
    const now = this.ops.store.get(this.pods, pod.metadata.namespace, pod.metadata.name);
    return now?.metadata.uid === pod.metadata.uid ? now : undefined;
  }

  private bind(seen: KubeObject): void {
    const pod = this.current(seen);
    if (!pod || pod.spec?.nodeName || gateNames(pod).length > 0 || pod.metadata.deletionTimestamp) return;
    const selector: Record<string, string> = pod.spec?.nodeSelector ?? {};
    const table = this.ops.store.table(this.nodes);
    const fits = table.keys
      .map((k) => table.byKey.get(k)!)
      .filter((n) => !n.spec?.unschedulable && Object.entries(selector).every(([k, v]) => n.metadata.labels?.[k] === v) && tolerated(pod, n));
    const next: KubeObject = structuredClone(pod);
    if (fits.length === 0) {
      const total = table.keys.length;
      const message = `0/${total} nodes are available: ${total} node(s) didn't match Pod's node affinity/selector. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
      setCondition(next, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message });
      this.ops.store.write(this.pods, 'MODIFIED', next, pod);
      this.record(next, 'Warning', 'FailedScheduling', message, 'default-scheduler');
      return;
    }
    const node = fits[this.nextNode++ % fits.length];
    next.spec.nodeName = node.metadata.name;
    setCondition(next, { type: 'PodScheduled', status: 'True' });
    const bound = this.ops.store.write(this.pods, 'MODIFIED', next, pod);
    this.record(bound, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`, 'default-scheduler');
    this.planned.later(`${pod.metadata.uid}:start`, START_DELAY_MS, () => this.start(bound));
  }

  private start(seen: KubeObject): void {
    const pod = this.current(seen);
    if (!pod || pod.metadata.deletionTimestamp || pod.status?.phase !== 'Pending') return;
    const next: KubeObject = structuredClone(pod);
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const node = this.ops.store.get(this.nodes, undefined, pod.spec.nodeName);
    const hostIP = node?.status?.addresses?.find((a: { type: string }) => a.type === 'InternalIP')?.address ?? '10.0.0.10';
    const id = () => `containerd://${randomUUID().replace(/-/g, '')}`;
    const status = (c: { name: string; image: string }, state: object, ready: boolean) => ({
      name: c.name,
      image: c.image,
      imageID: `${String(c.image).split(':')[0]}@sha256:${'0'.repeat(64)}`,
      containerID: id(),
      ready,
      started: ready,
      restartCount: 0,
      state,
      lastState: {},
    });
    const podIP = `10.246.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    Object.assign(next.status, {
      phase: 'Running',
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: now,
      containerStatuses: (pod.spec.containers ?? []).map((c: { name: string; image: string }) => status(c, { running: { startedAt: now } }, true)),
    });
    if (pod.spec.initContainers?.length) {
      // Native sidecars keep running; plain init containers ran to completion.
      next.status.initContainerStatuses = pod.spec.initContainers.map((c: { name: string; image: string; restartPolicy?: string }) =>
        c.restartPolicy === 'Always'
          ? status(c, { running: { startedAt: now } }, true)
          : { ...status(c, { terminated: { reason: 'Completed', exitCode: 0, startedAt: now, finishedAt: now } }, false) },
      );
    }
    for (const type of ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady']) setCondition(next, { type, status: 'True' });
    this.ops.store.write(this.pods, 'MODIFIED', next, pod);
    for (const c of pod.spec.containers ?? []) this.record(next, 'Normal', 'Started', `Started container ${c.name}`, 'kubelet');
  }

  /** The kubelet's final DELETE (grace 0): gone, or kept Terminating by finalizers. */
  private finishDeletion(seen: KubeObject): void {
    const pod = this.current(seen);
    if (!pod || !pod.metadata.deletionTimestamp) return;
    if (pod.metadata.finalizers?.length) {
      const next: KubeObject = structuredClone(pod);
      next.metadata.deletionGracePeriodSeconds = 0;
      this.ops.store.write(this.pods, 'MODIFIED', next, pod);
    } else this.ops.store.remove(this.pods, pod);
  }

  private emptyNamespace(ns: string): void {
    for (const def of RESOURCES) {
      if (!def.namespaced || isVirtual(def)) continue;
      const table = this.ops.store.table(def);
      for (const key of table.keys.filter((k) => k.startsWith(`${ns}/`))) this.ops.store.remove(def, table.byKey.get(key)!);
    }
  }

  private record(pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
    const ev = event(pod, type, reason, message, 0, 1, component);
    if (this.ops.store.get(this.namespaces, undefined, pod.metadata.namespace!)) this.ops.store.write(this.events, 'ADDED', ev);
  }
}

/** NoSchedule and NoExecute taints of the node that the pod tolerates (core/v1 ToleratesTaint). */
function tolerated(pod: KubeObject, node: KubeObject): boolean {
  const tolerations: { key?: string; operator?: string; value?: string; effect?: string }[] = pod.spec?.tolerations ?? [];
  const taints: { key: string; value?: string; effect: string }[] = node.spec?.taints ?? [];
  return taints
    .filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
    .every((t) => tolerations.some((o) => (!o.effect || o.effect === t.effect) && (!o.key || o.key === t.key) && (o.operator === 'Exists' || (o.value ?? '') === (t.value ?? ''))));
}
