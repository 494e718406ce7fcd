// The pod kube-apiserver 1.37 returns for bench/real.ts's KWOK pod, built from one of the
// demo's bulk pods (src/demo/seed/extra.ts): the defaulted spec, KWOK's status, two
// managedFields entries. bench/heap.ts (`--shape real`) stores these in-process and
// bench/churn-server.ts (`--shape real`) serves them, so memprobe and keyprobe measure
// the console at N real-shaped pods without a control plane. No apiVersion/kind: a
// LIST's items carry none (the demo server adds them).
import type { KubeObject } from '../src/k8s/types.js';

/** what kube-apiserver adds to bench/real.ts's pod body (defaults, KWOK's status, managedFields) */
export function realLike(p: KubeObject, i: number): KubeObject {
  const c = (p.spec!.containers as Record<string, unknown>[])[0]!;
  const created = p.metadata.creationTimestamp as string;
  const node = `kwok-node-${i % 4}`;
  const ip = `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}`;
  const fields = (manager: string, op: string, sub?: string) => ({
    manager,
    operation: op,
    apiVersion: 'v1',
    time: created,
    fieldsType: 'FieldsV1',
    ...(sub ? { subresource: sub } : {}),
    fieldsV1:
      sub === 'status'
        ? { 'f:status': { 'f:conditions': { 'k:{"type":"ContainersReady"}': { '.': {}, 'f:lastProbeTime': {}, 'f:lastTransitionTime': {}, 'f:status': {}, 'f:type': {} }, 'k:{"type":"Initialized"}': { '.': {}, 'f:lastProbeTime': {}, 'f:lastTransitionTime': {}, 'f:status': {}, 'f:type': {} }, 'k:{"type":"Ready"}': { '.': {}, 'f:lastProbeTime': {}, 'f:lastTransitionTime': {}, 'f:status': {}, 'f:type': {} } }, 'f:containerStatuses': {}, 'f:hostIP': {}, 'f:phase': {}, 'f:podIP': {}, 'f:podIPs': { '.': {}, [`k:{"ip":"${ip}"}`]: { '.': {}, 'f:ip': {} } }, 'f:startTime': {} } }
        : { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {}, 'f:bench.kubedeck.dev/pod': {} } }, 'f:spec': { 'f:automountServiceAccountToken': {}, 'f:containers': { [`k:{"name":"${c.name}"}`]: { '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': { '.': {}, 'f:requests': { '.': {}, 'f:cpu': {}, 'f:memory': {} } }, 'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {} } }, 'f:dnsPolicy': {}, 'f:enableServiceLinks': {}, 'f:nodeName': {}, 'f:restartPolicy': {}, 'f:schedulerName': {}, 'f:securityContext': {}, 'f:terminationGracePeriodSeconds': {}, 'f:tolerations': {} } },
  });
  const cond = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: created });
  return {
    metadata: {
      name: p.metadata.name,
      namespace: p.metadata.namespace,
      uid: p.metadata.uid,
      resourceVersion: String(1000 + i),
      creationTimestamp: created,
      labels: { app: String(c.name), 'bench.kubedeck.dev/pod': 'true' },
      managedFields: [fields('kubectl-create', 'Update'), fields('kwok', 'Update', 'status')],
    },
    spec: {
      containers: [{ name: c.name, image: c.image, resources: c.resources, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      automountServiceAccountToken: false,
      nodeName: node,
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [{ operator: 'Exists' }],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: 'Running',
      conditions: [cond('Initialized'), cond('Ready'), cond('ContainersReady'), cond('PodScheduled')],
      hostIP: `10.0.0.${i % 4}`,
      hostIPs: [{ ip: `10.0.0.${i % 4}` }],
      podIP: ip,
      podIPs: [{ ip }],
      startTime: created,
      containerStatuses: [{ name: c.name, state: { running: { startedAt: created } }, lastState: {}, ready: true, restartCount: 0, image: c.image, imageID: '', started: true }],
      qosClass: 'Burstable',
    },
  };
}
