// resource.k8s.io objects in one internal shape, whatever version the server chose
// per resource: v1 and v1beta2 put a request's device fields under `exactly` and a
// device's fields inline; v1beta1 and v1alpha3 put request fields inline and device
// fields under `basic`. Objects are raw JSON: every field is read defensively.
import type { KubeObject } from '../k8s/types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

// Array.from: a sparse array's holes become undefined entries that map() visits (and rec() reads as {})
export const arr = (v: unknown): Json[] => (Array.isArray(v) ? Array.from(v) : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const rec = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {});
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);

export interface DeviceRequest {
  name: string;
  /** deviceClassName of the request, or of each firstAvailable subrequest in order */
  classes: string[];
  /** true when the classes are alternatives (firstAvailable) */
  alternatives: boolean;
  adminAccess: boolean;
  allocationMode: string;
  count: number;
}

export interface AllocatedDevice {
  request: string;
  driver: string;
  pool: string;
  device: string;
  adminAccess: boolean;
}

export interface Consumer {
  apiGroup: string;
  resource: string;
  name: string;
  uid: string;
  /** the entry exactly as read, for a JSON Patch test op */
  raw: Json;
}

export interface Claim {
  requests: DeviceRequest[];
  allocated: boolean;
  devices: AllocatedDevice[];
  /** the allocation's nodeSelector (core NodeSelector), if any */
  nodeSelector: Json | undefined;
  reservedFor: Consumer[];
}

export interface Device {
  name: string;
  consumesCounters: boolean;
  allowMultipleAllocations: boolean;
  taints: { key: string; value: string; effect: string }[];
  /** per-device node selection (perDeviceNodeSelection slices) */
  nodeName: string;
  allNodes: boolean;
}

export interface Slice {
  driver: string;
  pool: string;
  generation: number;
  resourceSliceCount: number;
  nodeName: string;
  allNodes: boolean;
  hasNodeSelector: boolean;
  perDeviceNodeSelection: boolean;
  sharedCounters: number;
  devices: Device[];
}

export interface DeviceClass {
  selectors: string[];
  configDrivers: string[];
  extendedResourceName: string;
}

/** "v1beta1" from "resource.k8s.io/v1beta1" */
export function versionOf(obj: KubeObject): string {
  const av = str(obj.apiVersion);
  return av.slice(av.lastIndexOf('/') + 1);
}

/** Versions before v1beta2 wrap device fields in `basic` and inline request fields. */
function isLegacy(version: string): boolean {
  return version === 'v1beta1' || version === 'v1alpha3';
}

function normalizeRequest(r: Json, legacy: boolean): DeviceRequest {
  const req = rec(r);
  // legacy: the exactly fields are the request itself; newer: under `exactly`
  const exactly = legacy ? (req.exactly ? rec(req.exactly) : req) : rec(req.exactly ?? (req.deviceClassName !== undefined ? req : undefined));
  const subs = arr(req.firstAvailable).map(rec);
  const classes: string[] = [];
  if (str(exactly.deviceClassName)) classes.push(str(exactly.deviceClassName));
  for (const s of subs) if (str(s.deviceClassName)) classes.push(str(s.deviceClassName));
  return {
    name: str(req.name),
    classes,
    alternatives: subs.length > 0,
    adminAccess: exactly.adminAccess === true,
    allocationMode: str(exactly.allocationMode) || (subs.length ? '' : 'ExactCount'),
    count: int(exactly.count) || 1,
  };
}

/** requests of a ResourceClaimSpec (claims, and templates' spec.spec) */
export function claimRequests(spec: unknown, version: string): DeviceRequest[] {
  return arr(rec(rec(spec).devices).requests).map((r) => normalizeRequest(r, isLegacy(version)));
}

function consumer(c: Json): Consumer {
  const e = rec(c);
  return { apiGroup: str(e.apiGroup), resource: str(e.resource), name: str(e.name), uid: str(e.uid), raw: c };
}

const claims = new WeakMap<object, Claim>();

export function normalizeClaim(obj: KubeObject): Claim {
  const hit = claims.get(obj);
  if (hit) return hit;
  const status = rec(obj.status);
  const allocation = status.allocation && typeof status.allocation === 'object' ? rec(status.allocation) : undefined;
  const claim: Claim = {
    requests: claimRequests(obj.spec, versionOf(obj)),
    allocated: allocation !== undefined,
    devices: arr(rec(allocation?.devices).results).map((r) => {
      const x = rec(r);
      return { request: str(x.request), driver: str(x.driver), pool: str(x.pool), device: str(x.device), adminAccess: x.adminAccess === true };
    }),
    nodeSelector: allocation?.nodeSelector ?? undefined,
    reservedFor: arr(status.reservedFor).map(consumer),
  };
  if (Object.isFrozen(obj)) claims.set(obj, claim);
  return claim;
}

function normalizeDevice(d: Json, legacy: boolean): Device {
  const outer = rec(d);
  // legacy devices keep their fields under `basic`; tolerate either shape
  const f = legacy || outer.basic ? rec(outer.basic ?? outer) : outer;
  return {
    name: str(outer.name),
    consumesCounters: arr(f.consumesCounters).length > 0,
    allowMultipleAllocations: f.allowMultipleAllocations === true,
    taints: arr(f.taints).map((t) => ({ key: str(rec(t).key), value: str(rec(t).value), effect: str(rec(t).effect) })),
    nodeName: str(f.nodeName),
    allNodes: f.allNodes === true,
  };
}

const slices = new WeakMap<object, Slice>();

export function normalizeSlice(obj: KubeObject): Slice {
  const hit = slices.get(obj);
  if (hit) return hit;
  const spec = rec(obj.spec);
  const pool = rec(spec.pool);
  const legacy = isLegacy(versionOf(obj));
  const slice: Slice = {
    driver: str(spec.driver),
    pool: str(pool.name),
    generation: int(pool.generation),
    resourceSliceCount: int(pool.resourceSliceCount),
    nodeName: str(spec.nodeName),
    allNodes: spec.allNodes === true,
    hasNodeSelector: spec.nodeSelector !== undefined && spec.nodeSelector !== null,
    perDeviceNodeSelection: spec.perDeviceNodeSelection === true,
    sharedCounters: arr(spec.sharedCounters).length,
    devices: arr(spec.devices).map((d) => normalizeDevice(d, legacy)),
  };
  if (Object.isFrozen(obj)) slices.set(obj, slice);
  return slice;
}

export function normalizeDeviceClass(obj: KubeObject): DeviceClass {
  const spec = rec(obj.spec);
  return {
    selectors: arr(spec.selectors).map((s) => str(rec(rec(s).cel).expression)).filter(Boolean),
    configDrivers: [...new Set(arr(spec.config).map((c) => str(rec(rec(c).opaque).driver)).filter(Boolean))],
    extendedResourceName: str(spec.extendedResourceName),
  };
}

/**
 * Node names an allocation's nodeSelector pins to: matchFields metadata.name In, or
 * matchExpressions kubernetes.io/hostname In. "" when there is no selector (devices
 * reachable from any node); "<selector>" when it selects some other way.
 */
export function selectorNodes(nodeSelector: unknown): string {
  if (nodeSelector === undefined || nodeSelector === null) return '';
  const names = new Set<string>();
  let other = false;
  for (const term of arr(rec(nodeSelector).nodeSelectorTerms)) {
    const t = rec(term);
    for (const [list, key] of [[t.matchFields, 'metadata.name'], [t.matchExpressions, 'kubernetes.io/hostname']] as const) {
      for (const req of arr(list)) {
        const r = rec(req);
        if (r.key === key && r.operator === 'In') arr(r.values).forEach((v) => str(v) && names.add(str(v)));
        else other = true;
      }
    }
  }
  if (names.size) return [...names].join(',');
  return other ? '<selector>' : '';
}

/** Where a slice's devices are: its node, all nodes, or a node selector. */
export function sliceNode(s: Slice): string {
  if (s.nodeName) return s.nodeName;
  if (s.allNodes) return '(all nodes)';
  if (s.hasNodeSelector) return '(node selector)';
  if (s.perDeviceNodeSelection) return '(per device)';
  return '';
}
