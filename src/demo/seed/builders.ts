// Small builders for realistic seeded objects; times are "seconds ago".
/* eslint-disable @typescript-eslint/no-explicit-any */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../k8s/types.js';

export function ago(seconds: number): string {
  return new Date(Date.now() - seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

let ipCounter = 10;
export function podIp(): string {
  ipCounter++;
  return `10.244.${(ipCounter >> 8) & 0xff}.${ipCounter & 0xff}`;
}

export const NODES = ['node-1', 'node-2', 'node-3', 'node-4'];

export function node(name: string, i: number, extraLabels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: randomUUID(),
      creationTimestamp: ago(40 * 86400),
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'm7i.2xlarge',
        ...(i === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
        ...extraLabels,
      },
    },
    spec: { podCIDR: `10.244.${i}.0/24` },
    status: {
      capacity: { cpu: '8', memory: '32Gi', pods: '110' },
      allocatable: { cpu: '7800m', memory: '31Gi', pods: '110' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', lastHeartbeatTime: ago(10), lastTransitionTime: ago(40 * 86400) },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', lastHeartbeatTime: ago(10), lastTransitionTime: ago(40 * 86400) },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', lastHeartbeatTime: ago(10), lastTransitionTime: ago(40 * 86400) },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: ago(10), lastTransitionTime: ago(40 * 86400) },
      ],
      addresses: [
        { type: 'InternalIP', address: `10.0.0.${11 + i}` },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: { kubeletVersion: 'v1.36.0', kernelVersion: '6.8.0-51-generic', containerRuntimeVersion: 'containerd://2.1.0', osImage: 'Ubuntu 24.04 LTS', architecture: 'amd64', operatingSystem: 'linux' },
    },
  };
}

export function namespace(name: string, age: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: randomUUID(), creationTimestamp: ago(age), labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

// --- container states ------------------------------------------------------
export const running = (since: number) => ({ running: { startedAt: ago(since) } });
export const waiting = (reason: string, message?: string) => ({ waiting: message ? { reason, message } : { reason } });
export const terminated = (reason: string, exitCode: number, started: number, finished: number) => ({
  terminated: { ...(reason ? { reason } : {}), exitCode, startedAt: ago(started), finishedAt: ago(finished), containerID: `containerd://${randomUUID().replace(/-/g, '')}` },
});

export interface ContainerStatusOpts {
  state: Record<string, any>;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  lastState?: Record<string, any>;
}

export function containerStatus(name: string, image: string, o: ContainerStatusOpts): Record<string, any> {
  const isRunning = 'running' in o.state;
  return {
    name,
    image,
    imageID: `${image.split(':')[0]}@sha256:${randomUUID().replace(/-/g, '')}${randomUUID().replace(/-/g, '')}`,
    containerID: isRunning || 'terminated' in o.state ? `containerd://${randomUUID().replace(/-/g, '')}` : undefined,
    ready: o.ready ?? isRunning,
    started: o.started ?? isRunning,
    restartCount: o.restartCount ?? 0,
    state: o.state,
    lastState: o.lastState ?? {},
  };
}

export interface PodOpts {
  app?: string;
  age: number;
  node?: string;
  image?: string;
  /** main container names; default [app] */
  containers?: string[];
  /** init containers: sidecar means restartPolicy Always */
  init?: { name: string; sidecar?: boolean; image?: string }[];
  gates?: string[];
  labels?: Record<string, string>;
  restartPolicy?: string;
  nodeSelector?: Record<string, string>;
}

export function cond(type: string, status: boolean, since: number, extra: Record<string, string> = {}) {
  return { type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: ago(since), ...extra };
}

/** A pod spec plus a status for "everything started and ready"; scenarios then override the status. */
export function pod(ns: string, name: string, o: PodOpts): KubeObject {
  const app = o.app ?? name.replace(/-[a-z0-9]{5}$/, '').replace(/-[a-f0-9]{8,10}$/, '');
  const image = o.image ?? `registry.example.com/${app}:1.4.2`;
  const names = o.containers ?? [app];
  const spec: Record<string, any> = {
    containers: names.map((n, i) => ({
      name: n,
      image: i === 0 ? image : `registry.example.com/${n}:2.0.1`,
      resources: { requests: { cpu: '100m', memory: '128Mi' } },
      imagePullPolicy: 'IfNotPresent',
    })),
    restartPolicy: o.restartPolicy ?? 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    schedulerName: 'default-scheduler',
    priority: 0,
  };
  if (o.init?.length) {
    spec.initContainers = o.init.map((c) => ({
      name: c.name,
      image: c.image ?? `registry.example.com/${c.name}:1.0.0`,
      ...(c.sidecar ? { restartPolicy: 'Always' } : {}),
    }));
  }
  if (o.gates?.length) spec.schedulingGates = o.gates.map((g) => ({ name: g }));
  if (o.nodeSelector) spec.nodeSelector = o.nodeSelector;
  if (o.node) spec.nodeName = o.node;
  const started = o.age - 5;
  const ip = o.node ? podIp() : '';
  const status: Record<string, any> = o.node
    ? {
        phase: 'Running',
        hostIP: `10.0.0.${11 + NODES.indexOf(o.node)}`,
        hostIPs: [{ ip: `10.0.0.${11 + NODES.indexOf(o.node)}` }],
        podIP: ip,
        podIPs: [{ ip }],
        startTime: ago(o.age - 1),
        qosClass: 'Burstable',
        conditions: [
          cond('PodReadyToStartContainers', true, o.age - 2),
          cond('Initialized', true, o.age - 3),
          cond('Ready', true, started),
          cond('ContainersReady', true, started),
          cond('PodScheduled', true, o.age),
        ],
        containerStatuses: names.map((n, i) => containerStatus(n, spec.containers[i].image, { state: running(started) })),
        ...(o.init?.length
          ? {
              initContainerStatuses: spec.initContainers.map((c: any) =>
                containerStatus(c.name, c.image, c.restartPolicy ? { state: running(o.age - 2) } : { state: terminated('Completed', 0, o.age - 3, o.age - 2), ready: false, started: false }),
              ),
            }
          : {}),
      }
    : { phase: 'Pending', qosClass: 'Burstable', conditions: [] };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      uid: randomUUID(),
      creationTimestamp: ago(o.age),
      generation: 1,
      labels: { app, ...o.labels },
    },
    spec,
    status,
  };
}

/** A pod still waiting on its gates since `gatedFor` seconds. */
export function gatedPod(ns: string, name: string, gates: string[], gatedFor: number, app?: string): KubeObject {
  const p = pod(ns, name, { age: gatedFor, gates, app });
  p.status.conditions = [
    cond('PodScheduled', false, gatedFor, { reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' }),
  ];
  return p;
}

let eventCounter = 0;
export function event(p: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, age: number, count = 1, component = 'kubelet'): KubeObject {
  eventCounter++;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${p.metadata.name}.${(0x17f00000 + eventCounter * 7919).toString(16)}`,
      namespace: p.metadata.namespace,
      uid: randomUUID(),
      creationTimestamp: ago(age),
    },
    involvedObject: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid, apiVersion: 'v1' },
    reason,
    message,
    source: { component, ...(component === 'kubelet' && p.spec?.nodeName ? { host: p.spec.nodeName } : {}) },
    firstTimestamp: ago(age),
    lastTimestamp: ago(Math.max(1, Math.floor(age / (count > 1 ? 4 : 1)))),
    count,
    type,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: component === 'kubelet' ? (p.spec?.nodeName ?? '') : '',
  };
}
