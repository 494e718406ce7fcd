// Reading raw JSON defensively for the details views: any field may be missing, null or
// of the wrong type on a malformed or newer object, and none of that may throw.
import type { KubeObject } from '../../k8s/types.js';
import { ago } from '../format.js';
import { sanitize } from '../sanitize.js';
import { arr, rec, str } from '../dra.js';
import { section, type DetailLine, type DetailSection } from './types.js';

export { arr, rec, str };

/** a scalar as text (numbers and booleans too), sanitized; '' for anything else */
export function text(v: unknown): string {
  if (typeof v === 'string') return sanitize(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** "3m ago (2025-06-01T10:00:00Z)", or '' without a timestamp */
export function when(ts: unknown, now: number): string {
  const a = ago(ts, now);
  return a ? `${a} (${text(ts)})` : '';
}

/** a labelled line, or nothing when the value is empty */
export function line(label: string, value: string, extra: Omit<DetailLine, 'label' | 'value'> = {}): DetailLine | undefined {
  return value ? { label, value, ...extra } : undefined;
}

/** "k=v, k2=v2" of a string map */
export function pairs(v: unknown, sep = '='): string {
  return Object.entries(rec(v))
    .map(([k, x]) => `${sanitize(k)}${sep}${text(x)}`)
    .join(', ');
}

/** labels, annotations (counted), owners, finalizers, deletion, uid: the same for every kind */
export function metadataSection(o: KubeObject, now: number): DetailSection[] {
  const m = rec(o.metadata);
  const owners = arr(m.ownerReferences)
    .map(rec)
    .filter((r) => str(r.kind) || str(r.name))
    .map((r) => `${text(r.kind)}/${text(r.name)}${r.controller === true ? ' (controller)' : ''}`);
  const annotations = Object.keys(rec(m.annotations));
  return section('Metadata', [
    line('Labels', pairs(m.labels)),
    line('Annotations', annotations.length ? `${annotations.length}: ${annotations.map((k) => sanitize(k)).join(', ')}` : ''),
    line('Owners', owners.join(', ')),
    line('Finalizers', arr(m.finalizers).map(text).filter(Boolean).join(', ')),
    line('Deleting since', when(m.deletionTimestamp, now), { tone: 'warn' }),
    line('Created', when(m.creationTimestamp, now)),
    line('UID', text(m.uid)),
  ]);
}

/** status.conditions as "Type  Status  reason: message" lines, failing ones toned */
export function conditionsSection(o: KubeObject, now: number, good: (type: string) => 'True' | 'False' = () => 'True'): DetailSection[] {
  return section(
    'Conditions',
    arr(rec(o.status).conditions)
      .map(rec)
      .filter((c) => str(c.type))
      .map((c) => {
        const status = text(c.status);
        const why = [text(c.reason), text(c.message)].filter(Boolean).join(': ');
        const since = ago(c.lastTransitionTime, now);
        return {
          label: text(c.type),
          value: [status, why, since && `since ${since.replace(/ ago$/, '')}`].filter(Boolean).join('  '),
          tone: status === good(str(c.type)) ? ('ok' as const) : status === 'Unknown' ? ('dim' as const) : ('warn' as const),
        };
      }),
  );
}
