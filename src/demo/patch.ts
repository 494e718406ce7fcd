// The three patch types kube-apiserver accepts besides apply: RFC 6902 JSON
// Patch, RFC 7386 merge patch, and a subset of strategic merge patch.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { badRequest, patchFailed } from './status.js';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_PATCH = 'application/strategic-merge-patch+json';
export const PATCH_TYPES = [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH];

const clone = <T>(v: T): T => structuredClone(v);

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw patchFailed();
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Parent container and last token; fails (422) when the parent is missing. */
function locate(doc: any, path: string): { parent: any; key: string } {
  const tokens = pointer(path);
  if (tokens.length === 0) throw patchFailed();
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(t)] : isObject(cur) ? cur[t] : undefined;
    if (cur === undefined || cur === null) throw patchFailed();
  }
  return { parent: cur, key: tokens[tokens.length - 1] };
}

function index(arr: unknown[], key: string, forAdd: boolean): number {
  if (forAdd && key === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(key)) throw patchFailed();
  const i = Number(key);
  if (i > arr.length || (!forAdd && i === arr.length)) throw patchFailed();
  return i;
}

function read(doc: any, path: string): unknown {
  let cur = doc;
  for (const t of pointer(path)) {
    if (Array.isArray(cur)) cur = cur[index(cur, t, false)];
    else if (isObject(cur) && t in cur) cur = cur[t];
    else throw patchFailed();
  }
  return cur;
}

function add(doc: any, path: string, value: unknown): void {
  const { parent, key } = locate(doc, path);
  if (Array.isArray(parent)) parent.splice(index(parent, key, true), 0, value);
  else if (isObject(parent)) parent[key] = value;
  else throw patchFailed();
}

function remove(doc: any, path: string): unknown {
  const { parent, key } = locate(doc, path);
  if (Array.isArray(parent)) return parent.splice(index(parent, key, false), 1)[0];
  if (isObject(parent) && key in parent) {
    const v = parent[key];
    delete parent[key];
    return v;
  }
  throw patchFailed();
}

export function applyJsonPatch(doc: unknown, ops: unknown): any {
  if (!Array.isArray(ops)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const out = clone(doc);
  for (const op of ops) {
    if (!isObject(op) || typeof op.path !== 'string') throw patchFailed();
    switch (op.op) {
      case 'add':
        add(out, op.path, clone(op.value));
        break;
      case 'remove':
        remove(out, op.path);
        break;
      case 'replace':
        remove(out, op.path);
        add(out, op.path, clone(op.value));
        break;
      case 'move':
        add(out, op.path, remove(out, String(op.from)));
        break;
      case 'copy':
        add(out, op.path, clone(read(out, String(op.from))));
        break;
      case 'test':
        if (!deepEqual(read(out, op.path), op.value)) throw patchFailed();
        break;
      default:
        throw badRequest(`Unexpected kind: ${String(op.op)}`);
    }
  }
  return out;
}

export function applyMergePatch(doc: unknown, patch: unknown): any {
  if (!isObject(patch)) return clone(patch);
  const out: Record<string, any> = isObject(doc) ? clone(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

// patchMergeKey of the list fields kubedeck and kubectl patch (k8s.io/api struct tags).
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  conditions: 'type',
  schedulingGates: 'name',
  resourceClaims: 'name',
  ownerReferences: 'uid',
  imagePullSecrets: 'name',
};
// Primitive lists with patchStrategy merge: union, not replace.
const MERGED_PRIMITIVES = new Set(['finalizers']);

function mergeList(field: string, current: unknown, patch: any[]): unknown[] {
  const base = Array.isArray(current) ? clone(current) : [];
  if (MERGED_PRIMITIVES.has(field)) return [...base, ...patch.filter((v) => !base.includes(v))];
  const key = MERGE_KEYS[field];
  if (!key) return clone(patch.filter((v) => !(isObject(v) && v.$patch)));
  if (patch.some((v) => isObject(v) && v.$patch === 'replace')) {
    return clone(patch.filter((v) => !(isObject(v) && v.$patch)));
  }
  for (const item of patch) {
    if (!isObject(item)) continue;
    const i = base.findIndex((b) => isObject(b) && b[key] === item[key]);
    if (item.$patch === 'delete') {
      if (i >= 0) base.splice(i, 1);
    } else if (i >= 0) base[i] = applyStrategicPatch(base[i], item);
    else base.push(applyStrategicPatch({}, item));
  }
  return base;
}

export function applyStrategicPatch(doc: unknown, patch: unknown): any {
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return clone(rest);
  }
  const out: Record<string, any> = isObject(doc) ? clone(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k.startsWith('$setElementOrder/') || k === '$retainKeys') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) out[field] = out[field].filter((x: unknown) => !v.includes(x));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = mergeList(k, out[k], v);
    else out[k] = applyStrategicPatch(out[k], v);
  }
  return out;
}

export function applyPatch(contentType: string, doc: unknown, patch: unknown): any {
  if (contentType === JSON_PATCH) return applyJsonPatch(doc, patch);
  if (contentType === MERGE_PATCH) return applyMergePatch(doc, patch);
  return applyStrategicPatch(doc, patch);
}
