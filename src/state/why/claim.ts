// Why a ResourceClaim is not allocated: every device of every pool, per request
// (`exactly`, and each `firstAvailable` alternative), sorted into the first reason
// it cannot be taken, in the structured allocator's terms. Counts with examples.
import type { KubeObject } from '../../k8s/types.js';
import { arr, rec, str, versionOf } from '../dra.js';
import { keyOf } from '../store.js';
import { gatherPools, type Pool, type PoolDevice } from './pools.js';
import type { Reason, SelectorEvaluator } from './types.js';

export const ADMIN_ACCESS_LABEL = 'resource.kubernetes.io/admin-access';

export type Bucket =
  | 'matchedFree'
  | 'unusablePool'
  | 'unreachable'
  | 'selectorFailed'
  | 'selectorError'
  | 'selectorNotEvaluated'
  | 'allocated'
  | 'tainted'
  | 'countersExhausted';

export interface SubRequest {
  /** "gpu", or "accel/full" for a firstAvailable alternative */
  name: string;
  deviceClass: string;
  selectors: string[];
  mode: 'ExactCount' | 'All';
  count: number;
  adminAccess: boolean;
  tolerations: unknown[];
}

export interface SelectorFailure {
  /** "class gpu.example.com" or "request gpu" */
  source: string;
  expression: string;
  devices: number;
  /** the error or the missing feature, when not a plain false */
  message?: string;
}

export interface RequestAnalysis {
  request: string;
  deviceClass: string;
  mode: 'ExactCount' | 'All';
  count: number;
  adminAccess: boolean;
  classMissing: boolean;
  counts: Record<Bucket, number>;
  /** up to three device ids (with a note) per bucket */
  examples: Partial<Record<Bucket, string[]>>;
  selectors: SelectorFailure[];
  /** matched-free device ids, for constraints */
  candidates: string[];
  /** incomplete or invalid pools holding devices that would match ("driver/pool") */
  unusablePools: string[];
  satisfiable: boolean;
  /** in words, why not satisfiable ("" when it is) */
  short: string;
}

export interface ConstraintAnalysis {
  kind: 'matchAttribute' | 'distinctAttribute';
  attribute: string;
  requests: string[];
  satisfiable: boolean;
  detail: string;
}

export interface PoolSummary {
  driver: string;
  pool: string;
  generation: number;
  slices: number;
  resourceSliceCount: number;
  state: 'complete' | 'incomplete' | 'invalid';
  invalid?: string;
  obsoleteSlices: number;
  devices: number;
}

export interface ClaimAnalysis {
  claim: string;
  allocated: boolean;
  /** per request, its alternatives in order (one for `exactly`) */
  requests: { name: string; alternatives: RequestAnalysis[]; satisfiable: boolean }[];
  constraints: ConstraintAnalysis[];
  pools: PoolSummary[];
  reasons: Reason[];
}

export interface ClaimInput {
  slices?: readonly KubeObject[];
  deviceClasses?: readonly KubeObject[];
  /** every claim kubedeck sees (who holds which device) */
  claims?: readonly KubeObject[];
  namespaces?: readonly KubeObject[];
  /** the pod's node (bound or nominated), when there is one */
  node?: KubeObject;
  evaluator: SelectorEvaluator;
}

const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
const selectorsOf = (v: unknown) => arr(v).map((s) => str(rec(rec(s).cel).expression)).filter(Boolean);

function subRequest(name: string, f: Record<string, unknown>): SubRequest {
  return {
    name,
    deviceClass: str(f.deviceClassName),
    selectors: selectorsOf(f.selectors),
    mode: f.allocationMode === 'All' ? 'All' : 'ExactCount',
    count: int(f.count) || 1,
    adminAccess: f.adminAccess === true,
    tolerations: arr(f.tolerations),
  };
}

/** A claim's requests, whatever the version (v1beta1/v1alpha3 put `exactly` inline). */
export function claimSubRequests(claim: KubeObject): { name: string; alternatives: SubRequest[] }[] {
  const legacy = versionOf(claim) === 'v1beta1' || versionOf(claim) === 'v1alpha3';
  return arr(rec(rec(claim.spec).devices).requests).map((r) => {
    const req = rec(r);
    const name = str(req.name);
    const subs = arr(req.firstAvailable).map(rec);
    if (subs.length) return { name, alternatives: subs.map((s) => subRequest(`${name}/${str(s.name)}`, s)) };
    return { name, alternatives: [subRequest(name, legacy && !req.exactly ? req : rec(req.exactly))] };
  });
}

function toleratesDeviceTaint(toleration: unknown, taint: { key: string; value: string; effect: string }): boolean {
  const t = rec(toleration);
  if (str(t.effect) && str(t.effect) !== taint.effect) return false;
  if (str(t.key) && str(t.key) !== taint.key) return false;
  const op = str(t.operator) || 'Equal';
  return op === 'Exists' || (op === 'Equal' && str(t.value) === taint.value);
}

/** A device attribute's value by its fully qualified name (unqualified = the driver's domain). */
export function attributeValue(d: PoolDevice, qualified: string): unknown {
  const attrs = d.cel.attributes ?? {};
  const slash = qualified.indexOf('/');
  const domain = qualified.slice(0, slash);
  const short = qualified.slice(slash + 1);
  const a = Object.hasOwn(attrs, qualified) ? attrs[qualified] : domain === d.cel.driver && Object.hasOwn(attrs, short) ? attrs[short] : undefined;
  if (!a) return undefined;
  const v = rec(a);
  for (const k of ['string', 'int', 'bool', 'version']) if (Object.hasOwn(v, k)) return `${k}:${String(v[k])}`;
  return undefined;
}

const emptyCounts = (): Record<Bucket, number> => ({
  matchedFree: 0,
  unusablePool: 0,
  unreachable: 0,
  selectorFailed: 0,
  selectorError: 0,
  selectorNotEvaluated: 0,
  allocated: 0,
  tainted: 0,
  countersExhausted: 0,
});

/** device id → the claim ("ns/name") holding it, admin-access results excluded */
function holders(claims: readonly KubeObject[], self: KubeObject): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of claims) {
    if (c.metadata.uid && c.metadata.uid === self.metadata.uid) continue;
    for (const r of arr(rec(rec(rec(c.status).allocation).devices).results)) {
      const x = rec(r);
      if (x.adminAccess === true) continue;
      out.set(`${str(x.driver)}/${str(x.pool)}/${str(x.device)}`, keyOf(c));
    }
  }
  return out;
}

/** counterSet remaining per pool after what allocated devices consume */
function remainingCounters(pools: Pool[], held: Map<string, string>): Map<string, Map<string, Record<string, number>>> {
  const out = new Map<string, Map<string, Record<string, number>>>();
  for (const p of pools) {
    const sets = new Map<string, Record<string, number>>();
    for (const [name, counters] of p.counterSets) sets.set(name, { ...counters });
    for (const d of p.devices) {
      if (!held.has(d.id)) continue;
      for (const c of d.consumes) {
        const set = sets.get(c.counterSet);
        if (set) for (const [k, v] of Object.entries(c.counters)) set[k] = (set[k] ?? 0) - v;
      }
    }
    out.set(`${p.driver}/${p.name}`, sets);
  }
  return out;
}

function analyzeSubRequest(
  sub: SubRequest,
  pools: Pool[],
  classes: Map<string, KubeObject> | undefined,
  held: Map<string, string>,
  counters: Map<string, Map<string, Record<string, number>>>,
  input: ClaimInput,
): RequestAnalysis {
  const counts = emptyCounts();
  const examples: Partial<Record<Bucket, string[]>> = {};
  const candidates: string[] = [];
  const unusablePools = new Set<string>();
  const failures = new Map<string, SelectorFailure>();
  const note = (b: Bucket, text: string) => {
    counts[b]++;
    const list = (examples[b] ??= []);
    if (list.length < 3) list.push(text);
  };
  const cls = classes?.get(sub.deviceClass);
  const classMissing = classes !== undefined && !cls;
  const selectors = [
    ...(cls ? selectorsOf(rec(cls.spec).selectors).map((e) => ({ source: `class ${sub.deviceClass}`, expression: e })) : []),
    ...sub.selectors.map((e) => ({ source: `request ${sub.name}`, expression: e })),
  ];
  const fail = (source: string, expression: string, message?: string) => {
    const key = `${source}\u0000${expression}`;
    const f = failures.get(key) ?? { source, expression, devices: 0, ...(message ? { message } : {}) };
    f.devices++;
    failures.set(key, f);
  };
  // near misses first: a device that failed a later selector passed the earlier ones
  const failedAt: { id: string; index: number }[] = [];
  const verdictOf = (d: PoolDevice): 'ok' | 'false' | 'error' | 'cannot' => {
    for (const [index, s] of selectors.entries()) {
      const r = input.evaluator.evaluate(s.expression, d.cel);
      if (r === true) continue;
      if (r === false) {
        fail(s.source, s.expression);
        failedAt.push({ id: d.id, index });
      }
      else if ('error' in r) fail(s.source, s.expression, r.error);
      else fail(s.source, s.expression, r.cannot);
      return r === false ? 'false' : 'error' in r ? 'error' : 'cannot';
    }
    return 'ok';
  };
  const bucketOf = { false: 'selectorFailed', error: 'selectorError', cannot: 'selectorNotEvaluated' } as const;
  let allBlocked = '';
  for (const pool of pools) {
    const unusable = pool.incomplete || pool.invalid;
    // the allocator refuses "All" while any pool is incomplete or invalid
    if (unusable && sub.mode === 'All' && !allBlocked) allBlocked = `pool ${pool.driver}/${pool.name} is ${pool.incomplete ? 'incomplete (being updated)' : `invalid: ${pool.invalid}`}`;
    if (classMissing) continue;
    for (const d of pool.devices) {
      if (!d.reachable(input.node)) {
        note('unreachable', `${d.id} (not reachable from ${input.node?.metadata.name})`);
        continue;
      }
      const verdict = verdictOf(d);
      if (verdict !== 'ok') {
        note(bucketOf[verdict], d.id);
        continue;
      }
      if (unusable) {
        note('unusablePool', `${d.id} (pool ${pool.incomplete ? 'incomplete' : 'invalid'})`);
        unusablePools.add(`${pool.driver}/${pool.name}`);
        continue;
      }
      const holder = held.get(d.id);
      if (holder && !sub.adminAccess && !d.allowMultipleAllocations) {
        note('allocated', `${d.id} (allocated to ${holder})`);
        if (sub.mode === 'All' && !allBlocked) allBlocked = `${d.id} is allocated to ${holder}`;
        continue;
      }
      const taint = d.taints.find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !sub.tolerations.some((tol) => toleratesDeviceTaint(tol, t)));
      if (taint) {
        note('tainted', `${d.id} (taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect})`);
        continue;
      }
      const sets = counters.get(`${pool.driver}/${pool.name}`);
      const short = d.consumes.find((c) => Object.entries(c.counters).some(([k, v]) => v > (sets?.get(c.counterSet)?.[k] ?? 0)));
      if (short && !holder) {
        note('countersExhausted', `${d.id} (counter set ${short.counterSet} exhausted)`);
        continue;
      }
      counts.matchedFree++;
      candidates.push(d.id);
      const list = (examples.matchedFree ??= []);
      if (list.length < 3) list.push(d.id);
    }
  }
  if (failedAt.length) examples.selectorFailed = [...failedAt].sort((a, b) => b.index - a.index).slice(0, 3).map((f) => f.id);
  let shortText = '';
  if (classMissing) shortText = `device class ${sub.deviceClass} does not exist`;
  else if (sub.mode === 'All') {
    if (allBlocked) shortText = `asks for all devices, but ${allBlocked}`;
    else if (counts.matchedFree === 0) shortText = 'asks for all devices, but none matches';
    else if (counts.selectorNotEvaluated || counts.selectorError) shortText = 'asks for all devices, but some selectors could not be evaluated';
  } else if (counts.matchedFree < sub.count) {
    shortText = `needs ${sub.count}, ${counts.matchedFree} matched and free`;
  }
  return {
    request: sub.name,
    deviceClass: sub.deviceClass,
    mode: sub.mode,
    count: sub.count,
    adminAccess: sub.adminAccess,
    classMissing,
    counts,
    examples,
    selectors: [...failures.values()],
    candidates,
    unusablePools: [...unusablePools],
    satisfiable: shortText === '',
    short: shortText,
  };
}

function constraintsOf(claim: KubeObject, requests: ClaimAnalysis['requests'], pools: Pool[]): ConstraintAnalysis[] {
  const byId = new Map<string, PoolDevice>();
  for (const p of pools) for (const d of p.devices) byId.set(d.id, d);
  return arr(rec(rec(claim.spec).devices).constraints).map((c) => {
    const x = rec(c);
    const kind = x.matchAttribute ? 'matchAttribute' : 'distinctAttribute';
    const attribute = str(x.matchAttribute) || str(x.distinctAttribute);
    const names = arr(x.requests).map(str);
    const involved = requests.filter((r) => names.length === 0 || names.includes(r.name));
    // the first satisfiable alternative of each request stands for it
    const picks = involved.map((r) => r.alternatives.find((a) => a.satisfiable) ?? r.alternatives[0]!);
    const valuesOf = (a: RequestAnalysis) => a.candidates.map((id) => attributeValue(byId.get(id)!, attribute));
    if (kind === 'matchAttribute') {
      const shared = new Map<unknown, number>();
      for (const a of picks) {
        const counts = new Map<unknown, number>();
        for (const v of valuesOf(a)) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
        for (const [v, n] of counts) if (n >= (a.mode === 'All' ? a.candidates.length : a.count)) shared.set(v, (shared.get(v) ?? 0) + 1);
      }
      const ok = [...shared.values()].some((n) => n === picks.length);
      return { kind, attribute, requests: involved.map((r) => r.name), satisfiable: ok, detail: ok ? `a set of devices with one value of ${attribute} exists` : `no set of matched free devices shares one value of ${attribute}` };
    }
    const distinct = new Set(picks.flatMap(valuesOf).filter((v) => v !== undefined));
    const needed = picks.reduce((n, a) => n + (a.mode === 'All' ? a.candidates.length : a.count), 0);
    const ok = distinct.size >= needed;
    return { kind, attribute, requests: involved.map((r) => r.name), satisfiable: ok, detail: ok ? `${distinct.size} distinct values of ${attribute} for ${needed} devices` : `only ${distinct.size} distinct values of ${attribute} among matched free devices, ${needed} needed` };
  });
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const BUCKET_WORDS: Record<Bucket, string> = {
  matchedFree: 'matched and free',
  unusablePool: 'in an unusable pool',
  unreachable: "not reachable from the pod's node",
  selectorFailed: 'failed a selector',
  selectorError: 'selector error',
  selectorNotEvaluated: 'selector not evaluated',
  allocated: 'already allocated',
  tainted: 'tainted without a matching toleration',
  countersExhausted: 'shared counters exhausted',
};

/** "1 matched and free (a), 3 already allocated (b, c)" */
export function countsText(a: RequestAnalysis): string {
  return (Object.keys(BUCKET_WORDS) as Bucket[])
    .filter((b) => a.counts[b] > 0)
    .map((b) => `${a.counts[b]} ${BUCKET_WORDS[b]}${a.examples[b]?.length ? ` (${a.examples[b]!.join(', ')}${a.counts[b] > a.examples[b]!.length ? ', …' : ''})` : ''}`)
    .join('; ');
}

export function analyzeClaim(claim: KubeObject, input: ClaimInput): ClaimAnalysis {
  const key = keyOf(claim);
  const allocated = !!rec(claim.status).allocation;
  const pools = gatherPools(input.slices ?? []);
  const classes = input.deviceClasses ? new Map(input.deviceClasses.map((c) => [c.metadata.name, c])) : undefined;
  const held = holders(input.claims ?? [], claim);
  const counters = remainingCounters(pools, held);
  const requests = claimSubRequests(claim).map((r) => {
    const alternatives = r.alternatives.map((s) => analyzeSubRequest(s, pools, classes, held, counters, input));
    return { name: r.name, alternatives, satisfiable: alternatives.some((a) => a.satisfiable) };
  });
  const constraints = constraintsOf(claim, requests, pools);
  const poolSummaries: PoolSummary[] = pools.map((p) => ({
    driver: p.driver,
    pool: p.name,
    generation: p.generation,
    slices: p.slices,
    resourceSliceCount: p.resourceSliceCount,
    state: p.invalid ? 'invalid' : p.incomplete ? 'incomplete' : 'complete',
    ...(p.invalid ? { invalid: p.invalid } : {}),
    obsoleteSlices: p.obsoleteSlices,
    devices: p.devices.length,
  }));
  const reasons: Reason[] = [];
  const since = claim.metadata.creationTimestamp;
  if (allocated) return { claim: key, allocated, requests, constraints, pools: poolSummaries, reasons };
  const subject = `claim ${key}`;
  if (input.slices === undefined) reasons.push({ kind: 'unknown', subject, detail: 'ResourceSlices cannot be listed: devices not examined' });
  if (input.deviceClasses === undefined) reasons.push({ kind: 'unknown', subject, detail: 'DeviceClasses cannot be listed: class selectors not evaluated' });
  const relevant = new Set(requests.flatMap((r) => r.alternatives.flatMap((a) => (a.mode === 'All' && a.short.includes('pool ') ? poolSummaries.filter((p) => p.state !== 'complete').map((p) => `${p.driver}/${p.pool}`) : a.unusablePools))));
  for (const p of poolSummaries) {
    if (!relevant.has(`${p.driver}/${p.pool}`)) continue;
    if (p.state === 'incomplete') reasons.push({ kind: 'claim-pending', subject, detail: `pool ${p.driver}/${p.pool} is incomplete: ${p.slices} of ${p.resourceSliceCount} slices at generation ${p.generation}; its devices are unusable`, unblock: 'wait for the driver to publish the rest of the pool', data: { pool: p } });
    if (p.state === 'invalid') reasons.push({ kind: 'claim-pending', subject, detail: `pool ${p.driver}/${p.pool} is invalid: ${p.invalid}`, unblock: 'the driver must fix its ResourceSlices', data: { pool: p } });
  }
  const nsLabels = input.namespaces?.find((n) => n.metadata.name === claim.metadata.namespace)?.metadata.labels;
  for (const r of requests) {
    for (const a of r.alternatives) {
      if (a.adminAccess && input.namespaces && nsLabels?.[ADMIN_ACCESS_LABEL] !== 'true') {
        reasons.push({ kind: 'claim-pending', subject, detail: `request ${a.request} asks for adminAccess, but namespace ${claim.metadata.namespace} lacks the label ${ADMIN_ACCESS_LABEL}=true`, unblock: `label the namespace ${ADMIN_ACCESS_LABEL}=true (an admin decision)` });
      }
    }
    if (r.satisfiable) continue;
    const words = r.alternatives.map((a) => `${r.alternatives.length > 1 ? `${a.request}: ` : ''}${a.short}${countsText(a) ? ` — ${countsText(a)}` : ''}`);
    const sel = r.alternatives.flatMap((a) => a.selectors.map((s) => `${s.source}: ${s.expression}${s.message ? ` (${s.message})` : ''} → ${plural(s.devices, 'device')}`));
    reasons.push({
      kind: 'claim-pending',
      subject,
      since,
      detail: `request ${r.name}: ${words.join(' | ')}${sel.length ? `; selectors: ${sel.join('; ')}` : ''}`,
      unblock: unblockFor(r.alternatives),
      data: { request: r.name, alternatives: r.alternatives.map(({ candidates: _c, unusablePools: _u, ...rest }) => rest) },
    });
  }
  for (const c of constraints) {
    if (!c.satisfiable) reasons.push({ kind: 'claim-pending', subject, since, detail: `constraint ${c.kind} ${c.attribute} (${c.requests.join(', ')}): ${c.detail}`, data: { constraint: c } });
  }
  if (reasons.length === 0) {
    reasons.push({ kind: 'claim-pending', subject, since, detail: 'devices are free for every request: the scheduler allocates the claim when it schedules a pod that uses it', unblock: 'schedule a pod that references the claim' });
  }
  return { claim: key, allocated, requests, constraints, pools: poolSummaries, reasons };
}

function unblockFor(alts: RequestAnalysis[]): string {
  const a = alts[0]!;
  if (a.classMissing) return `create DeviceClass ${a.deviceClass}`;
  if (a.counts.selectorNotEvaluated) return 'check the selectors by hand (kubedeck could not evaluate them)';
  if (a.counts.allocated) return 'free a device: the claims holding them are named above';
  if (a.counts.unusablePool) return 'wait for the pool to become complete and valid';
  if (a.counts.tainted) return 'add a toleration to the request, or have the driver clear the taint';
  if (a.counts.selectorFailed) return 'relax the failing selector or add matching devices';
  return 'add devices';
}
