// Any other object: its spec's and status's short fields (scalars, and lists or maps by
// size), its conditions and its metadata, so a CRD nobody registered still reads.
import type { KubeObject } from '../../k8s/types.js';
import { sanitize } from '../sanitize.js';
import { conditionsSection, metadataSection, rec, text } from './common.js';
import { section, type DetailLine, type DetailSection } from './types.js';

const MAX_FIELDS = 24;

function summary(v: unknown): string {
  if (Array.isArray(v)) return v.every((x) => typeof x !== 'object' || x === null) ? v.map(text).join(', ') : `${v.length} item(s)`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    return keys.length ? `{${keys.slice(0, 6).map((k) => sanitize(k)).join(', ')}${keys.length > 6 ? ', …' : ''}}` : '{}';
  }
  return text(v);
}

function fields(obj: unknown, skip: Set<string> = new Set()): DetailLine[] {
  return Object.entries(rec(obj))
    .filter(([k]) => !skip.has(k))
    .slice(0, MAX_FIELDS)
    .map(([k, v]) => ({ label: sanitize(k), value: summary(v) }))
    .filter((l) => l.value !== '');
}

export function describeGeneric(o: KubeObject, now: number): DetailSection[] {
  const top = Object.entries(o as Record<string, unknown>).filter(([k]) => !['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(k));
  return [
    ...section('Spec', fields(o.spec)),
    ...section('Status', fields(o.status, new Set(['conditions']))),
    ...section('Fields', top.map(([k, v]) => ({ label: sanitize(k), value: summary(v) })).filter((l) => l.value !== '')),
    ...conditionsSection(o, now),
    ...metadataSection(o, now),
  ];
}
