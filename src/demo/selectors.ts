// labelSelector and fieldSelector as the API server parses them
// (apimachinery/pkg/labels and pkg/fields), enough for kubectl-style queries.
import type { KubeObject } from '../k8s/types.js';
import type { ResourceDef } from './resources.js';
import { badRequest } from './status.js';

export type Matcher = (o: KubeObject) => boolean;

const always: Matcher = () => true;

/** Splits on commas outside parentheses: "a in (x,y),b=c" → ["a in (x,y)", "b=c"]. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t.length > 0);
}

function labelTerm(term: string): Matcher {
  const labels = (o: KubeObject) => o.metadata.labels ?? {};
  const set = /^([^\s!=]+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
  if (set) {
    const [, key, op, raw] = set;
    const values = new Set(raw.split(',').map((v) => v.trim()));
    return op === 'in'
      ? (o) => key in labels(o) && values.has(labels(o)[key])
      : (o) => !(key in labels(o)) || !values.has(labels(o)[key]);
  }
  const cmp = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (cmp) {
    const [, key, op, value] = cmp;
    return op === '!=' ? (o) => labels(o)[key] !== value : (o) => labels(o)[key] === value;
  }
  const notExists = /^!\s*(\S+)$/.exec(term);
  if (notExists) return (o) => !(notExists[1] in labels(o));
  if (/^[^\s!=(),]+$/.test(term)) return (o) => term in labels(o);
  throw badRequest(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`);
}

export function labelSelector(raw: string | null): Matcher {
  if (!raw) return always;
  const terms = splitTerms(raw).map(labelTerm);
  return (o) => terms.every((t) => t(o));
}

function fieldGetter(def: ResourceDef, label: string): (o: KubeObject) => string | undefined {
  if (label === 'metadata.name') return (o) => o.metadata.name;
  if (label === 'metadata.namespace') return (o) => o.metadata.namespace ?? '';
  const get = def.fieldLabels?.[label];
  if (!get) throw badRequest(`field label not supported: ${label}`);
  return get;
}

export function fieldSelector(def: ResourceDef, raw: string | null): Matcher {
  if (!raw) return always;
  const terms = splitTerms(raw).map((term): Matcher => {
    const m = /^([^!=]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${raw}'; can't understand '${term}'`);
    const [, label, op, value] = m;
    const get = fieldGetter(def, label.trim());
    return op === '!=' ? (o) => (get(o) ?? '') !== value : (o) => (get(o) ?? '') === value;
  });
  return (o) => terms.every((t) => t(o));
}

/** Both must match. */
export function and(a: Matcher, b: Matcher): Matcher {
  if (a === always) return b;
  if (b === always) return a;
  return (o) => a(o) && b(o);
}
