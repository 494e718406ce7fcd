// The demo's DRA story (namespace ml): GPUs on node-1, node-3 and node-4, a
// partitionable GPU, a shared NIC fabric, a tainted GPU, a leftover older pool
// generation; claims in every state, including a deleted one held by a stale
// reservation of a pod that is gone; pods that wait for a claim.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../k8s/types.js';
import { ago, cond, event, gatedPod, pod } from './builders.js';

const API = 'resource.k8s.io/v1';
const GPU = 'gpu.example.com';
const MIG = 'mig.gpu.example.com';
const NIC = 'nic.example.com';
const PROTECT = 'resource.kubernetes.io/delete-protection';

export interface DraSeed {
  deviceClasses: KubeObject[];
  slices: KubeObject[];
  claims: KubeObject[];
  templates: KubeObject[];
  pods: KubeObject[];
  events: KubeObject[];
}

const meta = (name: string, age: number, ns?: string, extra: Record<string, unknown> = {}) => ({
  name,
  ...(ns ? { namespace: ns } : {}),
  uid: randomUUID(),
  creationTimestamp: ago(age),
  generation: 1,
  ...extra,
});

function deviceClass(name: string, driver: string, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: API, kind: 'DeviceClass', metadata: meta(name, 30 * 86400), spec: { selectors: [{ cel: { expression: `device.driver == "${driver}"` } }], ...extra } };
}

function slice(name: string, driver: string, pool: string, generation: number, where: Record<string, unknown>, devices: any[], extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: API,
    kind: 'ResourceSlice',
    metadata: meta(name, generation === 1 ? 20 * 86400 : 86400),
    spec: { driver, pool: { name: pool, generation, resourceSliceCount: 1 }, ...where, devices, ...extra },
  };
}

const gpu = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  attributes: { model: { string: 'X100' }, index: { int: Number(name.replace(/\D/g, '')) || 0 } },
  capacity: { memory: { value: '80Gi' } },
  ...extra,
});

const onNode = (node: string) => ({ nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] });

function request(name: string, deviceClassName: string, extra: Record<string, unknown> = {}) {
  return { name, exactly: { deviceClassName, allocationMode: 'ExactCount', count: 1, ...extra } };
}

function claim(ns: string, name: string, age: number, requests: any[], status: any = {}, metaExtra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: API, kind: 'ResourceClaim', metadata: meta(name, age, ns, metaExtra), spec: { devices: { requests } }, status };
}

function allocation(results: { request: string; driver: string; pool: string; device: string; adminAccess?: boolean }[], node: string | null, age: number) {
  return { devices: { results }, ...(node ? { nodeSelector: onNode(node) } : {}), allocationTimestamp: ago(age) };
}

const podRef = (p: KubeObject) => ({ resource: 'pods', name: p.metadata.name, uid: p.metadata.uid });

export function draSeed(): DraSeed {
  const deviceClasses = [
    deviceClass(GPU, GPU),
    deviceClass(MIG, MIG, { config: [{ opaque: { driver: MIG, parameters: { apiVersion: 'mig.gpu.example.com/v1', kind: 'MigConfig', strategy: 'mixed' } } }] }),
    deviceClass(NIC, NIC, { extendedResourceName: 'example.com/rdma' }),
  ];

  const slices = [
    slice('node-1-gpu.example.com-7hq2x', GPU, 'node-1', 1, { nodeName: 'node-1' }, [gpu('gpu-0')]),
    slice('node-3-gpu.example.com-m4k9p', GPU, 'node-3', 2, { nodeName: 'node-3' }, [gpu('gpu-0'), gpu('gpu-1')]),
    // left behind by the driver's previous generation: must not count
    slice('node-3-gpu.example.com-old-b2v8w', GPU, 'node-3', 1, { nodeName: 'node-3' }, [gpu('gpu-0'), gpu('gpu-1'), gpu('gpu-2'), gpu('gpu-3')]),
    slice('node-4-gpu.example.com-q7r2n', GPU, 'node-4', 1, { nodeName: 'node-4' }, [
      gpu('gpu-0', { taints: [{ key: 'gpu.example.com/unhealthy', value: 'ecc-errors', effect: 'NoSchedule', timeAdded: ago(3600) }] }),
      gpu('gpu-1'),
    ]),
    // one physical GPU offered as overlapping partitions drawing on shared counters
    slice('node-4-mig.gpu.example.com-z8x4c', MIG, 'node-4-mig', 1, { nodeName: 'node-4' }, [
      { name: 'gpu-0-mig-1g', consumesCounters: [{ counterSet: 'gpu-0', counters: { memory: { value: '10Gi' } } }] },
      { name: 'gpu-0-mig-3g', consumesCounters: [{ counterSet: 'gpu-0', counters: { memory: { value: '40Gi' } } }] },
      { name: 'gpu-0-full', consumesCounters: [{ counterSet: 'gpu-0', counters: { memory: { value: '80Gi' } } }] },
    ], { sharedCounters: [{ name: 'gpu-0', counters: { memory: { value: '80Gi' } } }] }),
    // a fabric NIC any node reaches, shared by several claims at once
    slice('fabric-nic.example.com-r5t6y', NIC, 'fabric', 1, { allNodes: true }, [{ name: 'rdma-0', allowMultipleAllocations: true, attributes: { speed: { string: '400G' } } }]),
  ];

  const pods: KubeObject[] = [];
  const events: KubeObject[] = [];
  const claims: KubeObject[] = [];
  const templates: KubeObject[] = [
    { apiVersion: API, kind: 'ResourceClaimTemplate', metadata: meta('single-gpu', 10 * 86400, 'ml'), spec: { spec: { devices: { requests: [request('gpu', GPU)] } } } },
  ];

  // train-0 runs on node-3 with a claim generated from the template
  const train = pod('ml', 'train-0', { app: 'train', age: 7200, node: 'node-3' });
  const trainClaim = claim('ml', 'train-0-gpu-7xk2q', 7200, [request('gpu', GPU)], {
    allocation: allocation([{ request: 'gpu', driver: GPU, pool: 'node-3', device: 'gpu-0' }], 'node-3', 7190),
    reservedFor: [podRef(train)],
  }, {
    finalizers: [PROTECT],
    annotations: { 'resource.kubernetes.io/pod-claim-name': 'gpu' },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'train-0', uid: train.metadata.uid, controller: true, blockOwnerDeletion: true }],
  });
  train.spec.resourceClaims = [{ name: 'gpu', resourceClaimTemplateName: 'single-gpu' }];
  train.spec.containers[0].resources.claims = [{ name: 'gpu' }];
  train.status.resourceClaimStatuses = [{ name: 'gpu', resourceClaimName: trainClaim.metadata.name }];
  pods.push(train);
  claims.push(trainClaim);

  // infer-0 on node-1: its own GPU plus the shared fabric NIC
  const infer = pod('ml', 'infer-0', { app: 'infer', age: 3 * 86400, node: 'node-1' });
  infer.spec.resourceClaims = [{ name: 'gpu', resourceClaimName: 'infer-gpu' }, { name: 'nic', resourceClaimName: 'infer-nic' }];
  pods.push(infer);
  claims.push(claim('ml', 'infer-gpu', 3 * 86400, [request('gpu', GPU)], { allocation: allocation([{ request: 'gpu', driver: GPU, pool: 'node-1', device: 'gpu-0' }], 'node-1', 3 * 86400), reservedFor: [podRef(infer)] }, { finalizers: [PROTECT] }));
  claims.push(claim('ml', 'infer-nic', 3 * 86400, [request('nic', NIC)], { allocation: allocation([{ request: 'nic', driver: NIC, pool: 'fabric', device: 'rdma-0' }], null, 3 * 86400), reservedFor: [podRef(infer)] }, { finalizers: [PROTECT] }));
  claims.push(claim('ml', 'etl-nic', 5400, [request('nic', NIC)], { allocation: allocation([{ request: 'nic', driver: NIC, pool: 'fabric', device: 'rdma-0' }], null, 5300) }, { finalizers: [PROTECT] }));

  // a partition of node-4's GPU, allocated, not in use yet
  claims.push(claim('ml', 'llm-mig', 1800, [request('slice', MIG)], { allocation: allocation([{ request: 'slice', driver: MIG, pool: 'node-4-mig', device: 'gpu-0-mig-3g' }], 'node-4', 1700) }, { finalizers: [PROTECT] }));

  // deleted while reserved for a pod that no longer exists (a force-deleted StatefulSet pod)
  claims.push(claim('ml', 'old-run-gpu-4hh2x', 2 * 86400, [request('gpu', GPU)], {
    allocation: allocation([{ request: 'gpu', driver: GPU, pool: 'node-4', device: 'gpu-1' }], 'node-4', 2 * 86400),
    reservedFor: [{ resource: 'pods', name: 'old-run-0', uid: randomUUID() }],
  }, { finalizers: [PROTECT], deletionTimestamp: ago(1200), deletionGracePeriodSeconds: 0 }));

  // admin access: monitoring looks at a busy GPU without taking it
  claims.push(claim('kube-system', 'gpu-health-probe', 600, [request('gpu', GPU, { adminAccess: true })], { allocation: allocation([{ request: 'gpu', driver: GPU, pool: 'node-3', device: 'gpu-0', adminAccess: true }], 'node-3', 590) }));

  // pending: any GPU, else a partition
  claims.push(claim('ml', 'flex-gpu', 300, [{ name: 'accel', firstAvailable: [{ name: 'full', deviceClassName: GPU }, { name: 'part', deviceClassName: MIG }] }]));

  // finetune-0 is gated until quota is granted; its claim is pending
  const finetune = gatedPod('ml', 'finetune-0', ['example.com/gpu-quota'], 900, 'finetune');
  finetune.spec.resourceClaims = [{ name: 'gpu', resourceClaimName: 'finetune-gpu' }];
  pods.push(finetune);
  claims.push(claim('ml', 'finetune-gpu', 900, [request('gpu', GPU)]));

  // render-0: the scheduler found no node with a free GPU for its generated claim
  const render = pod('ml', 'render-0', { app: 'render', age: 2400 });
  const renderClaim = claim('ml', 'render-0-gpu-p9z8d', 2400, [request('gpu', GPU)], {}, {
    annotations: { 'resource.kubernetes.io/pod-claim-name': 'gpu' },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'render-0', uid: render.metadata.uid, controller: true, blockOwnerDeletion: true }],
  });
  render.spec.resourceClaims = [{ name: 'gpu', resourceClaimTemplateName: 'single-gpu' }];
  render.status.resourceClaimStatuses = [{ name: 'gpu', resourceClaimName: renderClaim.metadata.name }];
  const msg = '0/4 nodes are available: 1 node(s) had untolerated taint(s) on device gpu.example.com/node-4/gpu-0, 3 cannot allocate all claims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.';
  render.status.conditions = [cond('PodScheduled', false, 2300, { reason: 'Unschedulable', message: msg })];
  pods.push(render);
  claims.push(renderClaim);
  events.push(event(render, 'Warning', 'FailedScheduling', msg, 2300, 14, 'default-scheduler'));

  return { deviceClasses, slices, claims, templates, pods, events };
}
