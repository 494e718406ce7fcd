// The demo's story: a small cluster whose pods show every STATUS kubectl prints
// and a few gated workloads waiting for quota or data.
 
import type { KubeObject } from '../../k8s/types.js';
import { draSeed } from './dra.js';
import { whySeed } from './why.js';
import { workloadSeed } from './workloads.js';
import { ago, cond, containerStatus, event, gatedPod, namespace, node, NODES, pod, running, terminated, waiting } from './builders.js';

export interface Seed {
  namespaces: KubeObject[];
  nodes: KubeObject[];
  pods: KubeObject[];
  events: KubeObject[];
  /** objects of other resources, by kind and API group */
  extra?: { kind: string; group: string; items: KubeObject[] }[];
}

export const SCENARIO_NAMESPACES = ['default', 'web', 'batch', 'jobs', 'ml', 'kube-system'];

export function baseSeed(): Seed {
  return {
    namespaces: SCENARIO_NAMESPACES.map((n, i) => namespace(n, 40 * 86400 - i * 3600)),
    nodes: NODES.map((n, i) => node(n, i, i === 3 ? { 'nvidia.com/gpu.present': 'true' } : {})),
    pods: [],
    events: [],
  };
}

const notReady = (p: KubeObject) => {
  for (const c of p.status.conditions) if (c.type === 'Ready' || c.type === 'ContainersReady') c.status = 'False';
};

export function scenarioSeed(): Seed {
  const seed = baseSeed();
  const pods: KubeObject[] = [];
  const events: KubeObject[] = [];
  const add = (p: KubeObject) => (pods.push(p), p);

  // kube-system: the usual suspects, one kube-proxy per node.
  add(pod('kube-system', 'coredns-668d6bf9bc-4xk2p', { app: 'coredns', age: 40 * 86400, node: 'node-1' }));
  add(pod('kube-system', 'coredns-668d6bf9bc-j7m9q', { app: 'coredns', age: 40 * 86400, node: 'node-2' }));
  add(pod('kube-system', 'etcd-node-1', { app: 'etcd', age: 40 * 86400, node: 'node-1' }));
  add(pod('kube-system', 'kube-apiserver-node-1', { app: 'kube-apiserver', age: 40 * 86400, node: 'node-1' }));
  add(pod('kube-system', 'metrics-server-5d8c5b7b9f-t2wzl', { app: 'metrics-server', age: 12 * 86400, node: 'node-3' }));
  NODES.forEach((n, i) => add(pod('kube-system', `kube-proxy-${['8hq4d', 'c2lfx', 'm9v6r', 'zq5tn'][i]}`, { app: 'kube-proxy', age: 40 * 86400, node: n })));

  // web: a healthy frontend, restarts, crash loops, pull errors, sidecars, terminating.
  ['kx7vd', 'p9rtm', 'w2hcn'].forEach((s, i) => add(pod('web', `frontend-7d9f8c6b5d-${s}`, { app: 'frontend', age: 3 * 86400, node: NODES[i + 1] })));
  const api = add(pod('web', 'api-6c5b9d7f4-b8kfz', { app: 'api', age: 2 * 86400, node: 'node-2' }));
  Object.assign(api.status.containerStatuses[0], {
    restartCount: 3,
    state: running(250),
    lastState: terminated('Error', 1, 3600, 252),
  });
  add(pod('web', 'api-6c5b9d7f4-r4nqs', { app: 'api', age: 2 * 86400, node: 'node-3' }));
  const checkout = add(pod('web', 'checkout-5f7b8d9c6-qv2xs', { app: 'checkout', age: 5400, node: 'node-4' }));
  Object.assign(checkout.status.containerStatuses[0], {
    restartCount: 14,
    ready: false,
    started: false,
    state: waiting('CrashLoopBackOff', `back-off 5m0s restarting failed container=checkout pod=checkout-5f7b8d9c6-qv2xs_web(${checkout.metadata.uid})`),
    lastState: terminated('Error', 1, 200, 190),
  });
  notReady(checkout);
  events.push(event(checkout, 'Warning', 'BackOff', 'Back-off restarting failed container checkout in pod checkout-5f7b8d9c6-qv2xs_web', 5000, 61));
  const cache = add(pod('web', 'cache-7f6d5c4b3-mz8wk', { app: 'cache', age: 900, node: 'node-2', image: 'redis:8.9-nonexistent' }));
  cache.status.phase = 'Pending';
  Object.assign(cache.status.containerStatuses[0], { ready: false, started: false, state: waiting('ImagePullBackOff', 'Back-off pulling image "redis:8.9-nonexistent"') });
  notReady(cache);
  events.push(event(cache, 'Warning', 'Failed', 'Failed to pull image "redis:8.9-nonexistent": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/redis:8.9-nonexistent": not found', 890, 7));
  events.push(event(cache, 'Normal', 'BackOff', 'Back-off pulling image "redis:8.9-nonexistent"', 880, 40));
  add(pod('web', 'storefront-6b8c7d5f9-h4jxp', { app: 'storefront', age: 86400, node: 'node-3', init: [{ name: 'envoy', sidecar: true }] }));
  const starting = add(pod('web', 'storefront-6b8c7d5f9-n7tqw', { app: 'storefront', age: 20, node: 'node-4', init: [{ name: 'envoy', sidecar: true }] }));
  starting.status.phase = 'Pending';
  starting.status.initContainerStatuses[0] = containerStatus('envoy', starting.spec.initContainers[0].image, { state: running(8), started: false, ready: false });
  starting.status.containerStatuses[0] = containerStatus('storefront', starting.spec.containers[0].image, { state: waiting('PodInitializing') });
  starting.status.conditions = [cond('PodReadyToStartContainers', true, 15), cond('Initialized', false, 18), cond('Ready', false, 18), cond('ContainersReady', false, 18), cond('PodScheduled', true, 20)];
  // An init container, a native sidecar and a main container; both long-running ones
  // restart every 20 s (logs pane: reconnection and gap markers) and the app prints
  // terminal escape sequences now and then (sanitizing).
  const orders = add(pod('web', 'orders-5d7f9c8b6-t5wzk', { app: 'orders', age: 3600, node: 'node-2', containers: ['app'], init: [{ name: 'migrate' }, { name: 'proxy', sidecar: true }] }));
  orders.metadata.annotations = { 'demo.kubedeck.io/log-escapes': 'app', 'demo.kubedeck.io/restart-every': '20s', 'demo.kubedeck.io/restart-containers': 'proxy,app' };
  const legacy = add(pod('web', 'legacy-billing-0', { app: 'legacy-billing', age: 20 * 86400, node: 'node-1' }));
  legacy.metadata.deletionTimestamp = ago(-20);
  legacy.metadata.deletionGracePeriodSeconds = 30;
  legacy.metadata.finalizers = ['example.com/drain-sessions'];
  events.push(event(legacy, 'Normal', 'Killing', 'Stopping container legacy-billing', 10));
  const evicted = add(pod('web', 'frontend-7d9f8c6b5d-zz4lq', { app: 'frontend', age: 6 * 86400, node: 'node-1' }));
  Object.assign(evicted.status, { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 85432Ki. ' });
  // Without container states (as older kubelets left evicted pods) kubectl shows the pod reason, "Evicted".
  delete evicted.status.containerStatuses;
  notReady(evicted);
  const notReadyPod = add(pod('web', 'search-indexer-0', { app: 'search-indexer', age: 7200, node: 'node-3', containers: ['indexer', 'warmup'] }));
  notReadyPod.status.containerStatuses[1] = containerStatus('warmup', notReadyPod.spec.containers[1].image, { state: terminated('Completed', 0, 7100, 6900), ready: false, started: false });
  notReady(notReadyPod);

  // default: gated and unschedulable work.
  add(pod('default', 'nginx', { age: 10 * 86400, node: 'node-2', image: 'nginx:1.29' }));
  add(gatedPod('default', 'report-builder', ['example.com/quota'], 180));
  add(gatedPod('default', 'bulk-export', ['example.com/quota', 'example.com/data'], 2 * 3600));
  const unsched = add(pod('default', 'fast-storage-probe', { age: 1500, nodeSelector: { disktype: 'nvme' } }));
  const msg = '0/4 nodes are available: 4 node(s) didn\'t match Pod\'s node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.';
  unsched.status.conditions = [cond('PodScheduled', false, 1500, { reason: 'Unschedulable', message: msg })];
  events.push(event(unsched, 'Warning', 'FailedScheduling', msg, 1500, 9, 'default-scheduler'));

  // batch: finished jobs, failures, OOM, gated ingestion.
  for (const [s, age] of [['28391', 7200], ['28392', 3600]] as const) {
    const p = add(pod('batch', `report-${s}-${s === '28391' ? 'x7kqp' : 'f2mzv'}`, { app: 'report', age, node: 'node-2', restartPolicy: 'Never' }));
    p.status.phase = 'Succeeded';
    p.status.containerStatuses[0] = containerStatus('report', p.spec.containers[0].image, { state: terminated('Completed', 0, age - 5, age - 60), ready: false, started: false });
    notReady(p);
  }
  const etl = add(pod('batch', 'etl-nightly-q8r2t', { app: 'etl-nightly', age: 4 * 3600, node: 'node-3', restartPolicy: 'Never' }));
  etl.status.phase = 'Failed';
  etl.status.containerStatuses[0] = containerStatus('etl-nightly', etl.spec.containers[0].image, { state: terminated('Error', 2, 4 * 3600, 3 * 3600), ready: false, started: false });
  notReady(etl);
  const oom = add(pod('batch', 'import-catalog-h5w9d', { app: 'import-catalog', age: 1800, node: 'node-4', restartPolicy: 'Never' }));
  oom.status.phase = 'Failed';
  oom.status.containerStatuses[0] = containerStatus('import-catalog', oom.spec.containers[0].image, { state: terminated('OOMKilled', 137, 1790, 1200), ready: false, started: false });
  notReady(oom);
  events.push(event(oom, 'Warning', 'OOMKilling', 'Memory cgroup out of memory: Killed process 4242 (import-catalog)', 1200));
  add(gatedPod('batch', 'ingest-clickstream-0', ['example.com/data'], 45 * 60));
  add(gatedPod('batch', 'ingest-clickstream-1', ['example.com/quota'], 10 * 60));

  // jobs: init containers in every state.
  const init2 = [{ name: 'fetch-schema' }, { name: 'wait-for-db' }];
  const mk = (name: string, age: number) => {
    const p = add(pod('jobs', name, { age, node: 'node-3', init: init2 }));
    p.status.phase = 'Pending';
    p.status.conditions = [cond('PodReadyToStartContainers', true, age - 2), cond('Initialized', false, age), cond('Ready', false, age), cond('ContainersReady', false, age), cond('PodScheduled', true, age)];
    p.status.containerStatuses[0] = containerStatus(p.spec.containers[0].name, p.spec.containers[0].image, { state: waiting('PodInitializing') });
    return p;
  };
  const img = (p: KubeObject, i: number) => p.spec.initContainers[i].image;
  const i0 = mk('migrate-orders-7ks2d', 40);
  i0.status.initContainerStatuses = [containerStatus('fetch-schema', img(i0, 0), { state: running(30), ready: false }), containerStatus('wait-for-db', img(i0, 1), { state: waiting('PodInitializing') })];
  const i1 = mk('migrate-users-p3x8n', 90);
  i1.status.initContainerStatuses = [containerStatus('fetch-schema', img(i1, 0), { state: terminated('Completed', 0, 85, 60), ready: false, started: false }), containerStatus('wait-for-db', img(i1, 1), { state: running(55), ready: false })];
  const crash = mk('seed-fixtures-m2v7c', 1200);
  crash.status.initContainerStatuses = [
    containerStatus('fetch-schema', img(crash, 0), { state: waiting('CrashLoopBackOff', 'back-off 2m40s restarting failed container=fetch-schema'), restartCount: 6, lastState: terminated('Error', 1, 200, 170), ready: false, started: false }),
    containerStatus('wait-for-db', img(crash, 1), { state: waiting('PodInitializing') }),
  ];
  events.push(event(crash, 'Warning', 'BackOff', 'Back-off restarting failed container fetch-schema in pod seed-fixtures-m2v7c_jobs', 1100, 24));
  const exit1 = mk('seed-catalog-r8d4k', 300);
  exit1.status.initContainerStatuses = [containerStatus('fetch-schema', img(exit1, 0), { state: terminated('', 1, 290, 280), ready: false, started: false }), containerStatus('wait-for-db', img(exit1, 1), { state: waiting('PodInitializing') })];
  const podInit = mk('rebuild-index-w6t2q', 25);
  podInit.status.initContainerStatuses = [0, 1].map((i) => containerStatus(init2[i].name, img(podInit, i), { state: terminated('Completed', 0, 24 - i * 8, 20 - i * 8), ready: false, started: false }));
  podInit.status.conditions[1] = cond('Initialized', true, 3);
  add(gatedPod('jobs', 'nightly-rollup', ['example.com/quota', 'example.com/data', 'example.com/approval'], 26 * 3600, 'nightly-rollup'));

  // ml: sidecar-carrying trainers, one gated on GPU quota.
  const trainer = add(pod('ml', 'trainer-0', { app: 'trainer', age: 86400, node: 'node-4', init: [{ name: 'log-shipper', sidecar: true }] }));
  Object.assign(trainer.status.containerStatuses[0], { restartCount: 1, state: running(700), lastState: terminated('OOMKilled', 137, 80000, 720) });
  add(gatedPod('ml', 'trainer-1', ['example.com/gpu-quota'], 300, 'trainer'));
  add(pod('ml', 'notebook-alice', { app: 'notebook', age: 5 * 86400, node: 'node-4' }));
  add(pod('ml', 'inference-5c9d8b7f6-k2pqz', { app: 'inference', age: 3 * 86400, node: 'node-1', containers: ['inference', 'metrics-exporter'] }));

  // ml and kube-system: Dynamic Resource Allocation (src/demo/seed/dra.ts)
  const dra = draSeed();
  pods.push(...dra.pods);
  events.push(...dra.events);
  seed.extra = [
    { kind: 'DeviceClass', group: 'resource.k8s.io', items: dra.deviceClasses },
    { kind: 'ResourceSlice', group: 'resource.k8s.io', items: dra.slices },
    { kind: 'ResourceClaimTemplate', group: 'resource.k8s.io', items: dra.templates },
    { kind: 'ResourceClaim', group: 'resource.k8s.io', items: dra.claims },
  ];
  const w = workloadSeed();
  seed.extra.push(
    { kind: 'Deployment', group: 'apps', items: w.deployments },
    { kind: 'ReplicaSet', group: 'apps', items: w.replicaSets },
    { kind: 'Service', group: '', items: w.services },
    { kind: 'ConfigMap', group: '', items: w.configMaps },
    { kind: 'Job', group: 'batch', items: w.jobs },
    { kind: 'CronTab', group: 'stable.example.com', items: w.cronTabs },
    { kind: 'Widget', group: 'widgets.example.com', items: w.widgets },
    { kind: 'CustomResourceDefinition', group: 'apiextensions.k8s.io', items: w.crds },
  );

  // why: one pod or claim for each reason `kubedeck why` names (src/demo/seed/why.ts)
  const why = whySeed(seed.nodes.length);
  seed.namespaces.push(...why.namespaces);
  seed.nodes.push(...why.nodes.filter((n) => !seed.nodes.some((m) => m.metadata.name === n.metadata.name)));
  pods.push(...why.pods);
  events.push(...why.events);
  seed.extra.push(...why.extra);

  seed.pods = pods;
  seed.events = [...events, ...pods.filter((p) => p.spec.nodeName === 'node-2').slice(0, 3).map((p) => event(p, 'Normal', 'Started', `Started container ${p.spec.containers[0].name}`, 600))];
  return seed;
}

