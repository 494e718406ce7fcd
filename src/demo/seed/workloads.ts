// Workloads behind the scenario's pods: Deployments and their ReplicaSets, Services,
// ConfigMaps, Jobs, and two custom resources (a CRD with printer columns, one without).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../k8s/types.js';
import { ago } from './builders.js';
import { RESOURCES } from '../resources.js';

export interface WorkloadSeed {
  deployments: KubeObject[];
  replicaSets: KubeObject[];
  services: KubeObject[];
  configMaps: KubeObject[];
  jobs: KubeObject[];
  cronTabs: KubeObject[];
  widgets: KubeObject[];
  /** CustomResourceDefinitions of the two custom resources */
  crds: KubeObject[];
}

/** A CRD object for a demo custom resource definition (resources.ts holds the served side). */
export function crdObject(def: { group: string; version: string; plural: string; singular: string; kind: string; shortNames?: string[]; printerColumns?: { name: string; type: string; description?: string; priority?: number; jsonPath: string }[] }): KubeObject {
  const established = ago(30 * 86400);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${def.plural}.${def.group}`, uid: randomUUID(), creationTimestamp: established, generation: 1 },
    spec: {
      group: def.group,
      names: { plural: def.plural, singular: def.singular, kind: def.kind, listKind: `${def.kind}List`, ...(def.shortNames ? { shortNames: def.shortNames } : {}) },
      scope: 'Namespaced',
      versions: [
        {
          name: def.version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
          ...(def.printerColumns ? { additionalPrinterColumns: def.printerColumns } : {}),
        },
      ],
      conversion: { strategy: 'None' },
    },
    status: {
      acceptedNames: { plural: def.plural, singular: def.singular, kind: def.kind, listKind: `${def.kind}List`, ...(def.shortNames ? { shortNames: def.shortNames } : {}) },
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: established },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: established },
      ],
      storedVersions: [def.version],
    },
  };
}

const meta = (namespace: string, name: string, age: number, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({
  name,
  namespace,
  uid: randomUUID(),
  creationTimestamp: ago(age),
  generation: 1,
  ...(Object.keys(labels).length ? { labels } : {}),
  ...extra,
});

const podTemplate = (app: string, image: string, extraContainers: { name: string; image: string }[] = []) => ({
  metadata: { labels: { app } },
  spec: {
    containers: [{ name: app, image, resources: { requests: { cpu: '100m', memory: '128Mi' } } }, ...extraContainers],
    restartPolicy: 'Always',
  },
});

interface DeploySpec {
  ns: string;
  app: string;
  hash: string;
  replicas: number;
  ready: number;
  age: number;
  image?: string;
  sidecars?: { name: string; image: string }[];
}

const DEPLOYMENTS: DeploySpec[] = [
  { ns: 'kube-system', app: 'coredns', hash: '668d6bf9bc', replicas: 2, ready: 2, age: 40 * 86400, image: 'registry.k8s.io/coredns/coredns:v1.12.1' },
  { ns: 'kube-system', app: 'metrics-server', hash: '5d8c5b7b9f', replicas: 1, ready: 1, age: 12 * 86400, image: 'registry.k8s.io/metrics-server/metrics-server:v0.8.0' },
  { ns: 'web', app: 'frontend', hash: '7d9f8c6b5d', replicas: 3, ready: 3, age: 6 * 86400 },
  { ns: 'web', app: 'api', hash: '6c5b9d7f4', replicas: 2, ready: 2, age: 2 * 86400 },
  { ns: 'web', app: 'checkout', hash: '5f7b8d9c6', replicas: 1, ready: 0, age: 5400 },
  { ns: 'web', app: 'cache', hash: '7f6d5c4b3', replicas: 1, ready: 0, age: 900, image: 'redis:8.9-nonexistent' },
  { ns: 'web', app: 'storefront', hash: '6b8c7d5f9', replicas: 2, ready: 1, age: 86400, sidecars: [{ name: 'envoy', image: 'registry.example.com/envoy:1.0.0' }] },
  { ns: 'ml', app: 'inference', hash: '5c9d8b7f6', replicas: 1, ready: 1, age: 3 * 86400, sidecars: [{ name: 'metrics-exporter', image: 'registry.example.com/metrics-exporter:2.0.1' }] },
];

function deployment(d: DeploySpec): { deployment: KubeObject; replicaSet: KubeObject } {
  const image = d.image ?? `registry.example.com/${d.app}:1.4.2`;
  const labels = { app: d.app };
  const template = podTemplate(d.app, image, d.sidecars);
  const dep: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(d.ns, d.app, d.age, labels, { annotations: { 'deployment.kubernetes.io/revision': '1' } }),
    spec: { replicas: d.replicas, selector: { matchLabels: labels }, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
    status: {
      observedGeneration: 1,
      replicas: d.replicas,
      updatedReplicas: d.replicas,
      readyReplicas: d.ready || undefined,
      availableReplicas: d.ready || undefined,
      ...(d.ready < d.replicas ? { unavailableReplicas: d.replicas - d.ready } : {}),
      conditions: [
        { type: 'Available', status: d.ready >= Math.max(1, d.replicas - 1) ? 'True' : 'False', reason: d.ready ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', lastUpdateTime: ago(d.age), lastTransitionTime: ago(d.age) },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastUpdateTime: ago(d.age), lastTransitionTime: ago(d.age) },
      ],
    },
  };
  const rsLabels = { ...labels, 'pod-template-hash': d.hash };
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(d.ns, `${d.app}-${d.hash}`, d.age, rsLabels, {
      annotations: { 'deployment.kubernetes.io/desired-replicas': String(d.replicas), 'deployment.kubernetes.io/max-replicas': String(d.replicas + 1), 'deployment.kubernetes.io/revision': '1' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.app, uid: dep.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    }),
    spec: { replicas: d.replicas, selector: { matchLabels: rsLabels }, template: { ...template, metadata: { labels: rsLabels } } },
    status: { replicas: d.replicas, fullyLabeledReplicas: d.replicas, readyReplicas: d.ready || undefined, availableReplicas: d.ready || undefined, observedGeneration: 1 },
  };
  return { deployment: dep, replicaSet: rs };
}

function service(ns: string, name: string, age: number, spec: Record<string, any>, status?: Record<string, any>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(ns, name, age, spec.selector ?? {}), spec: { sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', ...spec }, status: status ?? { loadBalancer: {} } };
}

const tcp = (port: number, name?: string, nodePort?: number) => ({ ...(name ? { name } : {}), protocol: 'TCP', port, targetPort: port, ...(nodePort ? { nodePort } : {}) });

function job(ns: string, name: string, age: number, o: { succeeded?: number; failed?: number; active?: number; completions?: number; parallelism?: number; duration?: number; condition?: string }): KubeObject {
  const uid = randomUUID();
  const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name };
  const start = age - 2;
  const done = o.duration !== undefined ? start - o.duration : undefined;
  const conditions = o.condition
    ? [
        ...(o.condition === 'Complete' ? [{ type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: ago(done!), lastTransitionTime: ago(done!) }] : [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', lastProbeTime: ago(done!), lastTransitionTime: ago(done!) }]),
        { type: o.condition, status: 'True', ...(o.condition === 'Failed' ? { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' } : {}), lastProbeTime: ago(done!), lastTransitionTime: ago(done!) },
      ]
    : [];
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { ...meta(ns, name, age, labels), uid },
    spec: {
      ...(o.completions !== undefined ? { completions: o.completions } : {}),
      parallelism: o.parallelism ?? 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: { metadata: { labels }, spec: { containers: [{ name: name.replace(/-\d+$/, ''), image: `registry.example.com/${name.replace(/-\d+$/, '')}:2.3.0` }], restartPolicy: 'Never' } },
    },
    status: {
      startTime: ago(start),
      ...(done !== undefined && o.condition === 'Complete' ? { completionTime: ago(done) } : {}),
      ...(o.active ? { active: o.active } : {}),
      ...(o.succeeded ? { succeeded: o.succeeded } : {}),
      ...(o.failed ? { failed: o.failed } : {}),
      ready: 0,
      terminating: 0,
      ...(conditions.length ? { conditions } : {}),
    },
  };
}

export function workloadSeed(): WorkloadSeed {
  const pairs = DEPLOYMENTS.map(deployment);
  const services = [
    service('default', 'kubernetes', 40 * 86400, { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }] }),
    service('kube-system', 'kube-dns', 40 * 86400, { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], selector: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 }, { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 }, { name: 'metrics', protocol: 'TCP', port: 9153, targetPort: 9153 }] }),
    service('web', 'frontend', 6 * 86400, { type: 'LoadBalancer', clusterIP: '10.96.14.201', clusterIPs: ['10.96.14.201'], selector: { app: 'frontend' }, ports: [tcp(80, 'http', 31380), tcp(443, 'https', 31443)], externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true }, { loadBalancer: { ingress: [{ ip: '203.0.113.10', ipMode: 'VIP' }] } }),
    service('web', 'api', 2 * 86400, { type: 'ClusterIP', clusterIP: '10.96.88.12', clusterIPs: ['10.96.88.12'], selector: { app: 'api' }, ports: [tcp(8080, 'http')] }),
    service('web', 'checkout', 5400, { type: 'NodePort', clusterIP: '10.96.41.7', clusterIPs: ['10.96.41.7'], selector: { app: 'checkout' }, ports: [tcp(8443, 'https', 30443)], externalTrafficPolicy: 'Cluster' }),
    service('web', 'payments-gateway', 20 * 86400, { type: 'ExternalName', externalName: 'payments.example.net' }),
    service('web', 'cache', 900, { type: 'LoadBalancer', clusterIP: '10.96.3.99', clusterIPs: ['10.96.3.99'], selector: { app: 'cache' }, ports: [tcp(6379, 'redis', 32379)], externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true }),
  ];
  const configMaps: KubeObject[] = ['default', 'web', 'batch', 'jobs', 'ml', 'kube-system'].map((ns) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(ns, 'kube-root-ca.crt', 40 * 86400, {}, { annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } }),
    data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIBdemo\n-----END CERTIFICATE-----\n' },
  }));
  configMaps.push(
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('kube-system', 'coredns', 40 * 86400), data: { Corefile: '.:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('web', 'frontend-config', 6 * 86400, { app: 'frontend' }), data: { 'nginx.conf': 'server { listen 80; }\n', API_URL: 'http://api:8080', FEATURE_FLAGS: 'checkout-v2,dark-mode' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('batch', 'report-templates', 9 * 86400), data: { 'daily.tmpl': '{{ .Date }}\n', 'weekly.tmpl': '{{ .Week }}\n' }, binaryData: { 'logo.png': 'iVBORw0KGgo=' } },
  );
  const jobs = [
    job('batch', 'report-28391', 7200, { succeeded: 1, completions: 1, duration: 55, condition: 'Complete' }),
    job('batch', 'report-28392', 3600, { succeeded: 1, completions: 1, duration: 55, condition: 'Complete' }),
    job('batch', 'etl-nightly', 4 * 3600, { failed: 7, completions: 1, duration: 3600, condition: 'Failed' }),
    job('batch', 'import-catalog', 1800, { active: 1, completions: 1 }),
    job('jobs', 'reindex-shards', 600, { active: 3, succeeded: 2, parallelism: 3 }),
  ];
  const cronTabs: KubeObject[] = [
    { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: meta('batch', 'nightly-report', 9 * 86400), spec: { cronSpec: '0 2 * * *', image: 'registry.example.com/report:3.1.0', replicas: 1 } },
    { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: meta('batch', 'cache-warmer', 3 * 86400), spec: { cronSpec: '*/15 * * * *', image: 'registry.example.com/warmer:1.0.4', replicas: 3 } },
    { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: meta('web', 'sitemap', 86400), spec: { cronSpec: '@hourly', image: 'registry.example.com/sitemap:0.9.0' } },
  ];
  const widgets: KubeObject[] = [
    { apiVersion: 'widgets.example.com/v1', kind: 'Widget', metadata: meta('web', 'banner', 4 * 86400), spec: { color: 'teal', size: 3 } },
    { apiVersion: 'widgets.example.com/v1', kind: 'Widget', metadata: meta('ml', 'gauge', 7200), spec: { color: 'amber', size: 1 } },
  ];
  const crds = RESOURCES.filter((r) => r.crd).map(crdObject);
  return { deployments: pairs.map((p) => p.deployment), replicaSets: pairs.map((p) => p.replicaSet), services, configMaps, jobs, cronTabs, widgets, crds };
}
