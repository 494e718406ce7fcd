// The demo's "why is it waiting?" story (namespace why): one pod or claim for each
// reason `kubedeck why` names — a claim failing a class selector, one waiting for a
// device another claim holds, an incomplete pool, a WaitForFirstConsumer PVC, a pod
// blocked by a node taint, gates ready and not ready by the documented gate rules
// (docs/why.md). The nodeSelector case is default/fast-storage-probe. The node
// `why-gpu-1` is this story's own (a later Nodes seed may dedupe it by name).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../k8s/types.js';
import { ago, cond, event, gatedPod, namespace, node, pod } from './builders.js';

export const WHY_NAMESPACE = 'why';
export const WHY_NODE = 'why-gpu-1';
export const WHY_TAINT = { key: 'example.com/dedicated', value: 'gpu', effect: 'NoSchedule' };
/** the gate the documented rules treat as claimsAllocated */
export const WHY_GATE = 'why.example.com/claims-allocated';

const API = 'resource.k8s.io/v1';
const FPGA = 'fpga.example.com';
const TPU = 'tpu.example.com';
/** the demo's shared fabric NIC (seed/dra.ts) */
const NIC = 'nic.example.com';

const meta = (name: string, age: number, ns?: string) => ({ name, ...(ns ? { namespace: ns } : {}), uid: randomUUID(), creationTimestamp: ago(age), generation: 1 });

function claim(name: string, age: number, deviceClassName: string, status: any = {}): KubeObject {
  return { apiVersion: API, kind: 'ResourceClaim', metadata: meta(name, age, WHY_NAMESPACE), spec: { devices: { requests: [{ name: 'dev', exactly: { deviceClassName, allocationMode: 'ExactCount', count: 1 } }] } }, status };
}

function unschedulable(p: KubeObject, message: string, age: number, events: KubeObject[]): KubeObject {
  p.status.conditions = [cond('PodScheduled', false, age, { reason: 'Unschedulable', message })];
  events.push(event(p, 'Warning', 'FailedScheduling', message, age, 3, 'default-scheduler'));
  return p;
}

const withClaim = (p: KubeObject, claimName: string) => {
  p.spec.resourceClaims = [{ name: 'dev', resourceClaimName: claimName }];
  p.spec.containers[0].resources.claims = [{ name: 'dev' }];
  return p;
};

export interface WhySeed {
  namespaces: KubeObject[];
  nodes: KubeObject[];
  pods: KubeObject[];
  events: KubeObject[];
  extra: { kind: string; group: string; items: KubeObject[] }[];
}

export function whySeed(nodeIndex: number): WhySeed {
  const events: KubeObject[] = [];
  const gpuNode = node(WHY_NODE, nodeIndex, { 'example.com/pool': 'gpu' });
  gpuNode.spec.taints = [WHY_TAINT];

  const deviceClasses: KubeObject[] = [
    { apiVersion: API, kind: 'DeviceClass', metadata: meta('big-gpu.example.com', 30 * 86400), spec: { selectors: [{ cel: { expression: 'device.driver == "gpu.example.com"' } }, { cel: { expression: 'device.capacity["gpu.example.com"].memory.compareTo(quantity("160Gi")) >= 0' } }] } },
    { apiVersion: API, kind: 'DeviceClass', metadata: meta(FPGA, 30 * 86400), spec: { selectors: [{ cel: { expression: `device.driver == "${FPGA}"` } }] } },
    { apiVersion: API, kind: 'DeviceClass', metadata: meta(TPU, 30 * 86400), spec: { selectors: [{ cel: { expression: `device.driver == "${TPU}"` } }] } },
  ];
  const slice = (name: string, driver: string, pool: string, count: number, devices: any[]): KubeObject => ({
    apiVersion: API,
    kind: 'ResourceSlice',
    metadata: meta(name, 86400),
    spec: { driver, pool: { name: pool, generation: 1, resourceSliceCount: count }, allNodes: true, devices },
  });
  const slices = [
    // one FPGA for the whole cluster: whoever holds it, the next claim waits
    slice('why-fpga-pool-0', FPGA, 'why-fpga', 1, [{ name: 'fpga-0', attributes: { family: { string: 'agilex' } } }]),
    // the TPU driver announced two slices and has published one
    slice('why-tpu-pool-0', TPU, 'why-tpu', 2, [{ name: 'tpu-0' }, { name: 'tpu-1' }]),
  ];

  const pods: KubeObject[] = [];
  const claims: KubeObject[] = [];

  // 1. a claim no device passes: the class wants 160Gi GPUs, the demo's have 80Gi
  claims.push(claim('needs-big-gpu', 1800, 'big-gpu.example.com'));
  pods.push(unschedulable(withClaim(pod(WHY_NAMESPACE, 'big-model-0', { app: 'big-model', age: 1800 }), 'needs-big-gpu'), '0/5 nodes are available: 5 cannot allocate all claims. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.', 1790, events));

  // 2. the only FPGA is held by a running pod's claim
  const holder = withClaim(pod(WHY_NAMESPACE, 'fpga-trainer-0', { app: 'fpga-trainer', age: 7200, node: 'node-2' }), 'fpga-holder');
  pods.push(holder);
  claims.push(claim('fpga-holder', 7200, FPGA, { allocation: { devices: { results: [{ request: 'dev', driver: FPGA, pool: 'why-fpga', device: 'fpga-0' }] }, allocationTimestamp: ago(7190) }, reservedFor: [{ resource: 'pods', name: holder.metadata.name, uid: holder.metadata.uid }] }));
  claims.push(claim('fpga-waiter', 900, FPGA));
  pods.push(unschedulable(withClaim(pod(WHY_NAMESPACE, 'fpga-job-0', { app: 'fpga-job', age: 900 }), 'fpga-waiter'), '0/5 nodes are available: 5 cannot allocate all claims. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.', 890, events));

  // 3. an incomplete pool: its devices are unusable until the driver publishes the rest
  claims.push(claim('needs-tpu', 600, TPU));
  pods.push(unschedulable(withClaim(pod(WHY_NAMESPACE, 'tpu-job-0', { app: 'tpu-job', age: 600 }), 'needs-tpu'), '0/5 nodes are available: 5 cannot allocate all claims. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.', 590, events));

  // 4. a WaitForFirstConsumer PVC no local volume can satisfy
  const storageClasses: KubeObject[] = [
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: meta('local-wffc', 30 * 86400), provisioner: 'kubernetes.io/no-provisioner', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' },
  ];
  const pvcs: KubeObject[] = [
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('scratch-local', 1200, WHY_NAMESPACE), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '200Gi' } }, storageClassName: 'local-wffc', volumeMode: 'Filesystem' }, status: { phase: 'Pending' } },
  ];
  const local = pod(WHY_NAMESPACE, 'local-cache-0', { app: 'local-cache', age: 1200 });
  local.spec.volumes = [{ name: 'scratch', persistentVolumeClaim: { claimName: 'scratch-local' } }];
  pods.push(unschedulable(local, "0/5 nodes are available: 5 node(s) didn't find available persistent volumes to bind. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.", 1190, events));

  // 5. the only node of its pool is tainted and the pod has no toleration
  const burner = pod(WHY_NAMESPACE, 'gpu-burner-0', { app: 'gpu-burner', age: 2400, nodeSelector: { 'example.com/pool': 'gpu' } });
  pods.push(unschedulable(burner, "0/5 nodes are available: 1 node(s) had untolerated taint {example.com/dedicated: gpu}, 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.", 2390, events));

  // 6. gates by rule: ready (its claim is allocated) and not ready (its claim is pending)
  // (on the fabric NIC, which many claims may share)
  claims.push(claim('warm-nic', 3600, NIC, { allocation: { devices: { results: [{ request: 'dev', driver: NIC, pool: 'fabric', device: 'rdma-0' }] }, allocationTimestamp: ago(3500) } }));
  claims.push(claim('cold-nic', 3600, NIC));
  pods.push(withClaim(gatedPod(WHY_NAMESPACE, 'gated-ready-0', [WHY_GATE], 3000, 'gated-ready'), 'warm-nic'));
  pods.push(withClaim(gatedPod(WHY_NAMESPACE, 'gated-waiting-0', [WHY_GATE], 3000, 'gated-waiting'), 'cold-nic'));

  return {
    namespaces: [namespace(WHY_NAMESPACE, 5 * 86400)],
    nodes: [gpuNode],
    pods,
    events,
    extra: [
      { kind: 'DeviceClass', group: 'resource.k8s.io', items: deviceClasses },
      { kind: 'ResourceSlice', group: 'resource.k8s.io', items: slices },
      { kind: 'ResourceClaim', group: 'resource.k8s.io', items: claims },
      { kind: 'StorageClass', group: 'storage.k8s.io', items: storageClasses },
      { kind: 'PersistentVolumeClaim', group: '', items: pvcs },
    ],
  };
}
