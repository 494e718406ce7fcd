// Server-side printing in the demo: the Table form (meta.k8s.io/v1) for every kind it
// holds, with the columns and cells of the API server's printers
// (kubernetes pkg/printers/internalversion/printers.go, v1.37), a CRD's
// additionalPrinterColumns, and NAME/Age for a CRD without them. The server always
// prints every column (Wide); clients hide priority > 0.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../k8s/types.js';
import { humanDuration } from '../state/format.js';
import { podReady, podRestarts, podStatus } from '../state/pods.js';
import { accessModesCell } from '../state/pvs.js';
import type { ResourceDef } from './resources.js';
import { badRequest } from './status.js';

export interface ColumnDef {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
}

/** A CRD's additionalPrinterColumns entry (simple dotted JSONPath only). */
export interface PrinterColumn extends ColumnDef {
  jsonPath: string;
}

interface Printer {
  columns: ColumnDef[];
  cells(o: any, now: number): unknown[];
}

export const TABLE_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** True when the Accept header asks for a meta.k8s.io Table (v1 or v1beta1). */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && accept.split(',').some((part) => {
    const p = part.replace(/\s+/g, '');
    return p.includes('as=Table') && p.includes('g=meta.k8s.io') && /v=v1(beta1)?(;|$)/.test(p);
  });
}

const since = (ts: unknown, now: number): string => {
  const t = typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
};
const age = (o: any, now: number) => since(o?.metadata?.creationTimestamp, now);
const col = (name: string, type = 'string', priority = 0, format = ''): ColumnDef => ({ name, type, format, priority });
const NAME = col('Name', 'string', 0, 'name');
const AGE = col('Age');

function containerCells(containers: any[] | undefined): [string, string] {
  const list = Array.isArray(containers) ? containers : [];
  return [list.map((c) => c?.name ?? '').join(','), list.map((c) => c?.image ?? '').join(',')];
}

/** metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key. */
function selectorString(sel: any): string {
  if (!sel || typeof sel !== 'object') return '';
  const reqs: [string, string][] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push([k, `${k}=${v}`]);
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text = ({ In: `${e.key} in (${values})`, NotIn: `${e.key} notin (${values})`, Exists: `${e.key}`, DoesNotExist: `!${e.key}` } as Record<string, string>)[e.operator];
    if (text) reqs.push([e.key, text]);
  }
  return reqs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t).join(',');
}
/** metav1.FormatLabelSelector: "<none>" when it selects nothing in particular. */
const formatLabelSelector = (sel: any) => selectorString(sel) || '<none>';
/** labels.FormatLabels of a map selector. */
function formatLabels(m: any): string {
  const entries = Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}
const hasCondition = (conds: any[] | undefined, type: string) => (conds ?? []).some((c) => c?.type === type && c?.status === 'True');

const PRINTERS: Record<string, Printer> = {
  Namespace: { columns: [NAME, col('Status'), AGE], cells: (o, now) => [o.metadata.name, o.status?.phase ?? '', age(o, now)] },
  Node: {
    columns: [NAME, col('Status'), col('Roles'), AGE, col('Version'), col('Internal-IP', 'string', 1), col('External-IP', 'string', 1), col('OS-Image', 'string', 1), col('Kernel-Version', 'string', 1), col('Container-Runtime', 'string', 1)],
    cells(o, now) {
      const ready = (o.status?.conditions ?? []).find((c: any) => c?.type === 'Ready');
      const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown', ...(o.spec?.unschedulable ? ['SchedulingDisabled'] : [])];
      const roles = new Set<string>();
      for (const [k, v] of Object.entries<string>(o.metadata.labels ?? {})) {
        if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
        else if (k === 'kubernetes.io/role' && v) roles.add(v);
      }
      const info = o.status?.nodeInfo ?? {};
      const address = (type: string) => (o.status?.addresses ?? []).find((a: any) => a?.type === type)?.address ?? '<none>';
      let kernel = info.kernelVersion || '<unknown>';
      if (info.architecture) kernel += ` (${info.architecture})`;
      return [o.metadata.name, status.join(','), [...roles].sort().join(',') || '<none>', age(o, now), info.kubeletVersion ?? '', address('InternalIP'), address('ExternalIP'), info.osImage || '<unknown>', kernel, info.containerRuntimeVersion || '<unknown>'];
    },
  },
  Pod: {
    columns: [NAME, col('Ready'), col('Status'), col('Restarts'), AGE, col('IP', 'string', 1), col('Node', 'string', 1), col('Nominated Node', 'string', 1), col('Readiness Gates', 'string', 1)],
    cells(o, now) {
      const gates: any[] = o.spec?.readinessGates ?? [];
      let readiness = '<none>';
      if (gates.length) {
        const ok = gates.filter((g) => (o.status?.conditions ?? []).find((c: any) => c?.type === g.conditionType)?.status === 'True').length;
        readiness = `${ok}/${gates.length}`;
      }
      return [o.metadata.name, podReady(o), podStatus(o), podRestarts(o, now), age(o, now), o.status?.podIPs?.[0]?.ip || '<none>', o.spec?.nodeName || '<none>', o.status?.nominatedNodeName || '<none>', readiness];
    },
  },
  Event: {
    columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 'string', 1), col('Source', 'string', 1), col('Message'), col('First Seen', 'string', 1), col('Count', 'string', 1), col('Name', 'string', 1, 'name')],
    cells(o, now) {
      const first = o.firstTimestamp ? since(o.firstTimestamp, now) : since(o.eventTime, now);
      let last = o.lastTimestamp ? since(o.lastTimestamp, now) : first;
      let count = o.count ?? 0;
      if (o.series) {
        last = since(o.series.lastObservedTime, now);
        count = o.series.count ?? 0;
      } else if (count === 0) count = 1;
      const io = o.involvedObject ?? {};
      const target = io.name ? `${String(io.kind ?? '').toLowerCase()}/${io.name}` : String(io.kind ?? '').toLowerCase();
      const component = o.source?.component || o.reportingComponent || '';
      const instance = o.source?.host || o.reportingInstance || '';
      return [last, o.type ?? '', o.reason ?? '', target, io.fieldPath ?? '', instance ? `${component}, ${instance}` : component, String(o.message ?? '').trim(), first, count, o.metadata.name];
    },
  },
  PersistentVolume: {
    columns: [NAME, col('Capacity'), col('Access Modes'), col('Reclaim Policy'), col('Status'), col('Claim'), col('StorageClass'), col('VolumeAttributesClass'), col('Reason'), AGE, col('VolumeMode', 'string', 1)],
    cells(o, now) {
      const ref = o.spec?.claimRef;
      const cls = o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? o.spec?.storageClassName ?? '';
      return [o.metadata.name, o.spec?.capacity?.storage ?? '0', accessModesCell(o.spec?.accessModes), o.spec?.persistentVolumeReclaimPolicy ?? '', o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? ''), ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '', cls, o.spec?.volumeAttributesClassName ?? '<unset>', o.status?.reason ?? '', age(o, now), o.spec?.volumeMode ?? '<unset>'];
    },
  },
  PersistentVolumeClaim: {
    columns: [NAME, col('Status'), col('Volume'), col('Capacity'), col('Access Modes'), col('StorageClass'), col('VolumeAttributesClass'), AGE, col('VolumeMode', 'string', 1)],
    cells(o, now) {
      const bound = !!o.spec?.volumeName;
      const cls = o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? o.spec?.storageClassName ?? '';
      return [o.metadata.name, o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? ''), o.spec?.volumeName ?? '', bound ? (o.status?.capacity?.storage ?? '0') : '', bound ? accessModesCell(o.status?.accessModes) : '', cls, o.spec?.volumeAttributesClassName ?? '<unset>', age(o, now), o.spec?.volumeMode ?? '<unset>'];
    },
  },
  // printStorageClass: "(default)" after the default class's name; nil fields print their defaults
  StorageClass: {
    columns: [NAME, col('Provisioner'), col('ReclaimPolicy'), col('VolumeBindingMode'), col('AllowVolumeExpansion', 'boolean'), AGE],
    cells(o, now) {
      const a = o.metadata.annotations ?? {};
      const isDefault = a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
      return [`${o.metadata.name}${isDefault ? ' (default)' : ''}`, o.provisioner ?? '', o.reclaimPolicy ?? 'Delete', o.volumeBindingMode ?? 'Immediate', o.allowVolumeExpansion ?? false, age(o, now)];
    },
  },
  Deployment: {
    columns: [NAME, col('Ready'), col('Up-to-date'), col('Available'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    cells(o, now) {
      const [names, images] = containerCells(o.spec?.template?.spec?.containers);
      const s = o.status ?? {};
      return [o.metadata.name, `${s.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, s.updatedReplicas ?? 0, s.availableReplicas ?? 0, age(o, now), names, images, selectorString(o.spec?.selector)];
    },
  },
  ReplicaSet: {
    columns: [NAME, col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    cells(o, now) {
      const [names, images] = containerCells(o.spec?.template?.spec?.containers);
      return [o.metadata.name, o.spec?.replicas ?? 1, o.status?.replicas ?? 0, o.status?.readyReplicas ?? 0, age(o, now), names, images, formatLabelSelector(o.spec?.selector)];
    },
  },
  Service: {
    columns: [NAME, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), AGE, col('Selector', 'string', 1)],
    cells(o, now) {
      const spec = o.spec ?? {};
      const external = (spec.externalIPs ?? []) as string[];
      let ext: string;
      switch (spec.type) {
        case 'ClusterIP':
        case 'NodePort':
          ext = external.length ? external.join(',') : '<none>';
          break;
        case 'LoadBalancer': {
          const lb = [...new Set((o.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip || i.hostname).filter(Boolean))].sort() as string[];
          ext = external.length ? [...lb, ...external].join(',') : lb.length ? lb.join(',') : '<pending>';
          break;
        }
        case 'ExternalName':
          ext = spec.externalName ?? '';
          break;
        default:
          ext = '<unknown>';
      }
      const ports = (spec.ports ?? []).map((p: any) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
      return [o.metadata.name, spec.type ?? '', spec.clusterIPs?.[0] ?? '<none>', ext, ports || '<none>', age(o, now), formatLabels(spec.selector)];
    },
  },
  ConfigMap: {
    columns: [NAME, col('Data'), AGE],
    cells: (o, now) => [o.metadata.name, Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, age(o, now)],
  },
  Job: {
    columns: [NAME, col('Status'), col('Completions'), col('Duration'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    cells(o, now) {
      const s = o.status ?? {};
      const succeeded = s.succeeded ?? 0;
      const parallelism = o.spec?.parallelism ?? 0;
      const completions = o.spec?.completions != null ? `${succeeded}/${o.spec.completions}` : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
      const start = s.startTime ? Date.parse(s.startTime) : NaN;
      const duration = Number.isNaN(start) ? '' : humanDuration((s.completionTime ? Date.parse(s.completionTime) : now) - start);
      const c = s.conditions;
      const status = hasCondition(c, 'Complete') ? 'Complete' : hasCondition(c, 'Failed') ? 'Failed' : o.metadata.deletionTimestamp ? 'Terminating' : hasCondition(c, 'Suspended') ? 'Suspended' : hasCondition(c, 'FailureTarget') ? 'FailureTarget' : hasCondition(c, 'SuccessCriteriaMet') ? 'SuccessCriteriaMet' : 'Running';
      const [names, images] = containerCells(o.spec?.template?.spec?.containers);
      return [o.metadata.name, status, completions, duration, age(o, now), names, images, formatLabelSelector(o.spec?.selector)];
    },
  },
  DeviceClass: { columns: [NAME, AGE], cells: (o, now) => [o.metadata.name, age(o, now)] },
  ResourceClaimTemplate: { columns: [NAME, AGE], cells: (o, now) => [o.metadata.name, age(o, now)] },
  ResourceClaim: {
    columns: [NAME, col('State'), AGE],
    cells(o, now) {
      const states: string[] = [];
      if (o.metadata.deletionTimestamp) states.push('deleted');
      if (!o.status?.allocation) {
        if (!o.metadata.deletionTimestamp) states.push('pending');
      } else {
        states.push('allocated');
        if ((o.status?.reservedFor ?? []).length) states.push('reserved');
      }
      return [o.metadata.name, states.join(','), age(o, now)];
    },
  },
  ResourceSlice: {
    columns: [NAME, col('Node'), col('Driver'), col('Pool'), AGE],
    cells: (o, now) => [o.metadata.name, o.spec?.nodeName ?? '', o.spec?.driver ?? '', o.spec?.pool?.name ?? '', age(o, now)],
  },
};

const NAME_DESCRIPTION =
  "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

function jsonPathValue(o: unknown, path: string): unknown {
  let v: any = o;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[part];
  }
  return v;
}

/** apiextensions' cellForJSONValue, and the string columns' JSONPath printing. */
function crdCell(type: string, v: unknown, now: number): unknown {
  if (v === undefined || v === null) return null;
  switch (type) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) ? v : null;
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    case 'date': {
      const t = typeof v === 'string' ? Date.parse(v) : NaN;
      return Number.isNaN(t) ? null : humanDuration(now - t);
    }
    default:
      return typeof v === 'string' ? v : JSON.stringify(v);
  }
}

/** The CRD table convertor: Name, then the printer columns (Age when the CRD names none). */
function crdPrinter(columns: PrinterColumn[] | undefined): Printer {
  const cols = columns?.length ? columns : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  return {
    columns: [
      { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 },
      ...cols.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`, priority: c.priority ?? 0 })),
    ],
    cells: (o, now) => [o.metadata.name, ...cols.map((c) => crdCell(c.type, jsonPathValue(o, c.jsonPath), now))],
  };
}

/** The default convertor of resources without a printer: Name and Created At (RFC 3339). */
const DEFAULT_PRINTER: Printer = {
  columns: [{ name: 'Name', type: 'string', format: 'name', priority: 0 }, { name: 'Created At', type: 'date', priority: 0 }],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? '0001-01-01T00:00:00Z'],
};

function printerFor(def: ResourceDef): Printer {
  if (def.crd) return crdPrinter(def.printerColumns);
  return PRINTERS[def.kind] ?? DEFAULT_PRINTER;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function includeObjectOf(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject') ?? '';
  if (v === '' || v === 'Metadata') return 'Metadata';
  if (v === 'None' || v === 'Object') return v;
  throw badRequest(`unrecognized includeObject value: "${v}"`);
}

export interface TableOptions {
  includeObject: IncludeObject;
  /** watch events after the first carry no column definitions */
  noHeaders?: boolean;
  metadata?: Record<string, unknown>;
}

function rowObject(def: ResourceDef, o: KubeObject, include: IncludeObject): object | null {
  if (include === 'None') return null;
  if (include === 'Object') return { apiVersion: def.group ? `${def.group}/${def.version}` : def.version, kind: def.kind, ...o };
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/** A Table of objects; a single object's Table has its resourceVersion. */
export function toTable(def: ResourceDef, objects: KubeObject[], opts: TableOptions, now = Date.now()): object {
  const printer = printerFor(def);
  const columns = printer.columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 }));
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: opts.metadata ?? {},
    columnDefinitions: opts.noHeaders ? null : columns,
    rows: objects.map((o) => ({ cells: printer.cells(o, now), object: rowObject(def, o, opts.includeObject) })),
  };
}
