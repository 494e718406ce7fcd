// A ResourceSlice: the pool it belongs to (driver, name, generation, slice count), where
// its devices are reachable, and each device with its attributes, capacity and taints.
import type { KubeObject } from '../../k8s/types.js';
import { normalizeSlice, sliceNode, versionOf } from '../dra.js';
import { arr, line, metadataSection, rec, text } from './common.js';
import { section, type DetailLine, type DetailSection } from './types.js';

/** an attribute value: exactly one of int, bool, string, version */
function attribute(v: unknown): string {
  const a = rec(v);
  for (const k of ['string', 'int', 'bool', 'version']) if (a[k] !== undefined) return text(a[k]);
  return text(v);
}

function deviceLines(d: Record<string, unknown>, legacy: boolean): DetailLine[] {
  const f = legacy || d.basic ? rec(d.basic ?? d) : d;
  const attrs = Object.entries(rec(f.attributes)).map(([k, v]) => `${text(k)}=${attribute(v)}`);
  const capacity = Object.entries(rec(f.capacity)).map(([k, v]) => `${text(k)}=${text(rec(v).value ?? v)}`);
  const taints = arr(f.taints).map((t) => `${text(rec(t).key)}${rec(t).value ? `=${text(rec(t).value)}` : ''}:${text(rec(t).effect)}`);
  const counters = arr(f.consumesCounters).map((c) => text(rec(c).counterSet)).filter(Boolean);
  return [
    { label: text(d.name) || '<unnamed>', value: [f.allowMultipleAllocations === true && 'shareable', text(f.nodeName) && `node ${text(f.nodeName)}`].filter(Boolean).join(', ') || 'device' },
    ...(attrs.length ? [{ label: 'Attributes', value: attrs.join(', '), depth: 1 }] : []),
    ...(capacity.length ? [{ label: 'Capacity', value: capacity.join(', '), depth: 1 }] : []),
    ...(counters.length ? [{ label: 'Consumes counters', value: counters.join(', '), depth: 1 }] : []),
    ...(taints.length ? [{ label: 'Taints', value: taints.join(', '), depth: 1, tone: 'warn' as const }] : []),
  ];
}

export function describeSlice(slice: KubeObject, now: number): DetailSection[] {
  const s = normalizeSlice(slice);
  const legacy = ['v1beta1', 'v1alpha3'].includes(versionOf(slice));
  const devices = arr(rec(slice.spec).devices).map(rec);
  return [
    ...section('Slice', [
      line('Driver', text(s.driver)),
      line('Pool', `${text(s.pool)}, generation ${s.generation}, ${s.resourceSliceCount} slice(s) in the pool`),
      line('Reachable from', text(sliceNode(s)) || 'unknown'),
      line('Shared counters', s.sharedCounters ? String(s.sharedCounters) : ''),
      { label: 'Devices', value: String(devices.length) },
    ]),
    ...section('Devices', devices.flatMap((d) => deviceLines(d, legacy))),
    ...metadataSection(slice, now),
  ];
}
