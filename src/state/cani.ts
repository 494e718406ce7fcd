// `kubectl auth can-i --list`, as upstream prints a SelfSubjectRulesReview status
// (kubectl pkg/cmd/auth/cani.go printStatus, pkg/util/rbac/rbac.go and
// describe.CombineResourceGroup): rules broken down to one verb, resource and name
// each, simple resource rules compacted back by verb, sorted by Go's PolicyRule
// String(), then aligned by cli-runtime's tabwriter (min width 6, padding 3).
import { sanitize } from './sanitize.js';

export interface ResourceRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs?: string[];
  nonResourceURLs?: string[];
}

/** authorization.k8s.io/v1 SubjectRulesReviewStatus */
export interface RulesStatus {
  resourceRules?: ResourceRule[];
  nonResourceRules?: NonResourceRule[];
  incomplete?: boolean;
  evaluationError?: string;
}

interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export interface CanIRow {
  resources: string;
  nonResourceURLs: string;
  resourceNames: string;
  verbs: string;
}

export const CAN_I_HEADERS = ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'];

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const rule = (r: Partial<PolicyRule>): PolicyRule => ({
  verbs: r.verbs ?? [],
  apiGroups: r.apiGroups ?? [],
  resources: r.resources ?? [],
  resourceNames: r.resourceNames ?? [],
  nonResourceURLs: r.nonResourceURLs ?? [],
});

/** Go's fmt %v of a []string: "[a b c]" (an empty string element prints as nothing) */
const goList = (items: string[]) => `[${items.join(' ')}]`;

function convert(status: RulesStatus): PolicyRule[] {
  return [
    ...(Array.isArray(status.resourceRules) ? status.resourceRules : []).map((r) =>
      rule({ verbs: list(r?.verbs), apiGroups: list(r?.apiGroups), resources: list(r?.resources), resourceNames: list(r?.resourceNames) }),
    ),
    ...(Array.isArray(status.nonResourceRules) ? status.nonResourceRules : []).map((r) =>
      rule({ verbs: list(r?.verbs), nonResourceURLs: list(r?.nonResourceURLs) }),
    ),
  ];
}

/** rbac.BreakdownRule: at most one verb, resource and resource name per rule. */
export function breakdownRule(r: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of r.apiGroups) {
    for (const resource of r.resources) {
      for (const verb of r.verbs) {
        if (r.resourceNames.length > 0) {
          for (const name of r.resourceNames) out.push(rule({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] }));
        } else {
          out.push(rule({ apiGroups: [group], resources: [resource], verbs: [verb] }));
        }
      }
    }
  }
  // non-resource URLs only combine with verbs
  for (const url of r.nonResourceURLs) for (const verb of r.verbs) out.push(rule({ nonResourceURLs: [url], verbs: [verb] }));
  return out;
}

/** rbac.CompactRules: simple rules (one group, one resource, at most one name) merge their verbs. */
export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple = r.resourceNames.length <= 1 && r.nonResourceURLs.length === 0 && r.apiGroups.length === 1 && r.resources.length === 1;
    if (!isSimple) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames.length > 0, r.resourceNames[0] ?? '']);
    const existing = simple.get(key);
    if (existing) existing.verbs.push(...r.verbs);
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...compacted, ...simple.values()];
}

/** The generated PolicyRule.String() that SortableRuleSlice compares. */
function goString(r: PolicyRule): string {
  return (
    `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},` +
    `ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`
  );
}

/** describe.CombineResourceGroup: "pods", "deployments.apps", "pods/log", "jobs.batch/status" */
export function combineResourceGroup(resources: string[], groups: string[]): string {
  if (resources.length === 0) return '';
  const [name, sub] = splitOnce(resources[0]!, '/');
  let combined = name;
  if (groups.length > 0 && groups[0] !== '') combined += `.${groups[0]}`;
  if (sub !== undefined) combined += `/${sub}`;
  return combined;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i === -1 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/** The rows of `kubectl auth can-i --list`, in its order, sanitized for the terminal. */
export function canIRows(status: RulesStatus | undefined): CanIRow[] {
  const broken = convert(status ?? {}).flatMap(breakdownRule);
  const rules = compactRules(broken);
  const keyed = rules.map((r) => ({ r, key: Buffer.from(goString(r)) }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key)); // strings.Compare: bytewise; Array sort is stable
  return keyed.map(({ r }) => ({
    resources: sanitize(combineResourceGroup(r.resources, r.apiGroups)),
    nonResourceURLs: sanitize(goList(r.nonResourceURLs)),
    resourceNames: sanitize(goList(r.resourceNames)),
    verbs: sanitize(goList(r.verbs)),
  }));
}

/**
 * text/tabwriter as cli-runtime configures it: every cell but a line's last is padded
 * to the column's widest cell plus padding, at least minWidth. kubectl's widths count
 * runes (the default, for text that must equal kubectl's); on screen pass displayWidth.
 */
export function tabulate(lines: string[][], padding = 3, minWidth = 6, measure: (s: string) => number = runes): string[] {
  const columns = Math.max(0, ...lines.map((l) => l.length - 1));
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(minWidth, ...lines.filter((l) => c < l.length - 1).map((l) => measure(l[c]!) + padding)),
  );
  return lines.map((l) => l.map((cell, c) => (c < l.length - 1 ? cell + ' '.repeat(widths[c]! - measure(cell)) : cell)).join(''));
}

const runes = (s: string) => [...s].length;

/** The printed table, header first, as `kubectl auth can-i --list` writes it. */
export function canILines(rows: CanIRow[], padding = 3, measure?: (s: string) => number): string[] {
  return tabulate([CAN_I_HEADERS, ...rows.map((r) => [r.resources, r.nonResourceURLs, r.resourceNames, r.verbs])], padding, 6, measure);
}

/**
 * The same rows, same order, regrouped for narrow terminals: verbs first, then the
 * resource (with its names) or the non-resource URL.
 */
export function canICompactLines(rows: CanIRow[], measure?: (s: string) => number): string[] {
  const target = (r: CanIRow) => (r.resources ? `${r.resources}${r.resourceNames === '[]' ? '' : ` ${r.resourceNames}`}` : r.nonResourceURLs);
  return tabulate([['Verbs', 'Resource or Non-Resource URL [Resource Names]'], ...rows.map((r) => [r.verbs, target(r)])], 2, 6, measure);
}
