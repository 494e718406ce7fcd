// The demo's resource table. Everything generic (store, list, watch, discovery,
// authorization) reads it, so adding a resource is one entry here plus hooks.
import type { KubeObject } from '../k8s/types.js';
import type { FieldError } from './status.js';
import { podHooks, podFieldLabels } from './pods.js';
import { DRA_RESOURCES } from './dra.js';
import { pvResource, pvcResource, storageClassResource } from './volumes.js';
import type { PrinterColumn } from './tables.js';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
}

export interface ResourceHooks {
  /** defaults set on create (after metadata) */
  prepareCreate?(obj: KubeObject): void;
  validateCreate?(obj: KubeObject): FieldError[];
  /** main resource: `next` is what the client sent; carry over what it may not change */
  prepareUpdate?(next: KubeObject, old: KubeObject, subresource: string): void;
  validateUpdate?(next: KubeObject, old: KubeObject): FieldError[];
  /** seconds of graceful deletion, 0 for immediate */
  gracePeriod?(obj: KubeObject, opts: DeleteOptions): number;
}

export interface ResourceDef {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  /** served subresources, e.g. ["status"] */
  subresources: string[];
  shortNames?: string[];
  categories?: string[];
  /** field selector labels beyond metadata.name/metadata.namespace */
  fieldLabels?: Record<string, (o: KubeObject) => string | undefined>;
  hooks?: ResourceHooks;
  /** DELETE answers with the object (pods, namespaces) rather than a Success Status */
  returnDeletedObject?: boolean;
  /** a custom resource: printed by the CRD table convertor */
  crd?: boolean;
  /** the CRD's additionalPrinterColumns (none: NAME and Age) */
  printerColumns?: PrinterColumn[];
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

type Involved = Partial<Record<'kind' | 'namespace' | 'name' | 'uid' | 'apiVersion' | 'resourceVersion' | 'fieldPath', string>>;
const involved = (o: KubeObject) => (o.involvedObject ?? {}) as Involved;

const eventFieldLabels: Record<string, (o: KubeObject) => string | undefined> = {
  'involvedObject.kind': (o) => involved(o).kind,
  'involvedObject.namespace': (o) => involved(o).namespace,
  'involvedObject.name': (o) => involved(o).name,
  'involvedObject.uid': (o) => involved(o).uid,
  'involvedObject.apiVersion': (o) => involved(o).apiVersion,
  'involvedObject.resourceVersion': (o) => involved(o).resourceVersion,
  'involvedObject.fieldPath': (o) => involved(o).fieldPath,
  reason: (o) => o.reason as string | undefined,
  reportingComponent: (o) => o.reportingComponent as string | undefined,
  source: (o) => (o.source as { component?: string } | undefined)?.component,
  type: (o) => o.type as string | undefined,
};

export const RESOURCES: ResourceDef[] = [
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: ['status'],
    shortNames: ['ns'],
    fieldLabels: { 'status.phase': (o) => o.status?.phase },
    returnDeletedObject: true,
    hooks: {
      prepareCreate(o) {
        o.spec = { finalizers: ['kubernetes'], ...o.spec };
        o.status = { phase: 'Active' };
        o.metadata.labels = { ...o.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name };
      },
    },
  },
  {
    group: '',
    version: 'v1',
    plural: 'nodes',
    singular: 'node',
    kind: 'Node',
    namespaced: false,
    verbs: RW,
    subresources: ['status'],
    shortNames: ['no'],
    fieldLabels: { 'spec.unschedulable': (o) => String(o.spec?.unschedulable ?? false) },
  },
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    verbs: RW,
    subresources: ['status', 'log'],
    shortNames: ['po'],
    categories: ['all'],
    fieldLabels: podFieldLabels,
    hooks: podHooks,
    returnDeletedObject: true,
  },
  {
    group: '',
    version: 'v1',
    plural: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    verbs: RW,
    subresources: [],
    shortNames: ['ev'],
    fieldLabels: eventFieldLabels,
  },
  pvResource,
  pvcResource,
  storageClassResource,
  { group: '', version: 'v1', plural: 'services', singular: 'service', kind: 'Service', namespaced: true, verbs: RW.filter((v) => v !== 'deletecollection'), subresources: ['status'], shortNames: ['svc'], categories: ['all'] },
  { group: '', version: 'v1', plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, verbs: RW, subresources: [], shortNames: ['cm'] },
  { group: 'apps', version: 'v1', plural: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, verbs: RW, subresources: ['status', 'scale'], shortNames: ['deploy'], categories: ['all'] },
  { group: 'apps', version: 'v1', plural: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, verbs: RW, subresources: ['status', 'scale'], shortNames: ['rs'], categories: ['all'] },
  { group: 'batch', version: 'v1', plural: 'jobs', singular: 'job', kind: 'Job', namespaced: true, verbs: RW, subresources: ['status'], categories: ['all'] },
  // Two custom resources: one whose CRD has additionalPrinterColumns, one without (NAME, AGE).
  {
    group: 'stable.example.com',
    version: 'v1',
    plural: 'crontabs',
    singular: 'crontab',
    kind: 'CronTab',
    namespaced: true,
    verbs: RW,
    subresources: [],
    shortNames: ['ct'],
    crd: true,
    printerColumns: [
      { name: 'Spec', type: 'string', description: 'The cron spec defining the interval a CronJob is run', jsonPath: '.spec.cronSpec' },
      { name: 'Replicas', type: 'integer', description: 'The number of jobs launched by the CronJob', jsonPath: '.spec.replicas' },
      { name: 'Image', type: 'string', priority: 1, jsonPath: '.spec.image' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ],
  },
  // the definitions of the two above (stored only: the demo's custom resources are fixed)
  { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', singular: 'customresourcedefinition', kind: 'CustomResourceDefinition', namespaced: false, verbs: RW, subresources: ['status'], shortNames: ['crd', 'crds'], categories: ['api-extensions'] },
  { group: 'widgets.example.com', version: 'v1', plural: 'widgets', singular: 'widget', kind: 'Widget', namespaced: true, verbs: RW, subresources: [], shortNames: ['wd'], crd: true },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    plural: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
    verbs: ['create'],
    subresources: [],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    plural: 'selfsubjectrulesreviews',
    singular: 'selfsubjectrulesreview',
    kind: 'SelfSubjectRulesReview',
    namespaced: false,
    verbs: ['create'],
    subresources: [],
  },
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    plural: 'selfsubjectreviews',
    singular: 'selfsubjectreview',
    kind: 'SelfSubjectReview',
    namespaced: false,
    verbs: ['create'],
    subresources: [],
  },
  ...DRA_RESOURCES,
];

/** Reviews are answered, never stored. */
export function isVirtual(def: ResourceDef): boolean {
  return def.verbs.length === 1 && def.verbs[0] === 'create';
}

export function apiVersionOf(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

export function findResource(group: string, version: string, plural: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function resourceByKind(kind: string, group = ''): ResourceDef {
  const def = RESOURCES.find((r) => r.kind === kind && r.group === group);
  if (!def) throw new Error(`demo: no resource of kind ${kind}`);
  return def;
}

/** Groups in discovery order, core ("") first. */
export function groups(): { name: string; versions: string[] }[] {
  const out: { name: string; versions: string[] }[] = [];
  for (const r of RESOURCES) {
    let g = out.find((x) => x.name === r.group);
    if (!g) out.push((g = { name: r.group, versions: [] }));
    if (!g.versions.includes(r.version)) g.versions.push(r.version);
  }
  return out;
}
