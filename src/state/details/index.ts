// The details of any object, by kind: pods, persistent volumes, DRA claims and slices
// have their own; everything else (CRDs included) a generic summary. Never throws: a
// malformed object gets what can be read of it.
import type { KubeObject } from '../../k8s/types.js';
import { describeClaim } from './claim.js';
import { describeGeneric } from './generic.js';
import { describePod } from './pod.js';
import { describePv } from './pv.js';
import { describeSlice } from './slice.js';
import type { DetailSection } from './types.js';

export type { DetailLine, DetailSection } from './types.js';

const BY_KIND: Record<string, (o: KubeObject, now: number) => DetailSection[]> = {
  Pod: describePod,
  PersistentVolume: describePv,
  ResourceClaim: describeClaim,
  ResourceSlice: describeSlice,
};

export function describeObject(o: KubeObject, now: number): DetailSection[] {
  const kind = typeof o?.kind === 'string' ? o.kind : Array.isArray(o?.spec?.containers) ? 'Pod' : '';
  const fn = BY_KIND[kind] ?? describeGeneric;
  try {
    return fn(o, now);
  } catch (err) {
    return [{ title: 'Details', lines: [{ value: `cannot read this object: ${err instanceof Error ? err.message : String(err)}`, tone: 'error' }] }];
  }
}
