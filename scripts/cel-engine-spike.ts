/* eslint-disable @typescript-eslint/no-explicit-any -- the fixture rows as upstream dumped them */
// The evidence for docs/cel.md: ECMAScript CEL engines on the upstream Kubernetes cases
// (test/fixtures/cel/*.json). Each engine gets the same minimal adapter: the variables
// as plain values, quantity()/semver() and their comparison methods as custom functions
// where the engine has them (values as strings: no engine but cel-js@marcbachmann hosts
// custom types outside protobuf). kubedeck's column is src/cel on @marcbachmann/cel-js.
//
//   mkdir -p /tmp/celspike && cd /tmp/celspike && npm init -y && \
//     npm install @bufbuild/cel@0.6.1 @marcbachmann/cel-js@8.0.0 cel-js@0.8.2
//   CEL_SPIKE_DIR=/tmp/celspike npx tsx scripts/cel-engine-spike.ts
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { compileSelector } from '../src/cel/dra.js';
import { checkToken } from '../src/cel/authn.js';
import { compileJwtExpression } from '../src/cel/jwt.js';
import { outcome } from '../src/cel/eval.js';
import { parseQuantity } from '../src/cel/quantity.js';
import { normalizeAndParseSemver, parseSemver } from '../src/cel/semver.js';

type Outcome = true | false | 'compileError' | 'runtimeError';
const dir = process.env.CEL_SPIKE_DIR ?? '/tmp/celspike';
const req = createRequire(path.join(dir, 'package.json'));
const load = async (name: string) => import(req.resolve(name));
const fixture = (f: string) => JSON.parse(readFileSync(new URL(`../test/fixtures/cel/${f}`, import.meta.url), 'utf8')).cases;

// the shared adapter: quantities and semvers as strings, compared by what they parse as
const cmp = (a: string, b: string) => {
  try {
    return parseQuantity(a).compare(parseQuantity(b));
  } catch {
    return parseSemver(a).compare(parseSemver(b));
  }
};
const semver = (s: string, n?: boolean) => (n ? normalizeAndParseSemver(s) : parseSemver(s)).toString();

function plainDevice(c: any) {
  const attributes: Record<string, Record<string, unknown>> = {};
  const capacity: Record<string, Record<string, unknown>> = {};
  for (const [name, a] of Object.entries<any>(c.attributes ?? {})) {
    const [d, id] = name.includes('/') ? name.split('/', 2) : [c.driver, name];
    const v = a.int !== undefined ? BigInt(a.int) : a.ints ? a.ints.map(BigInt) : (a.bool ?? a.string ?? a.version ?? a.bools ?? a.strings ?? a.versions);
    (attributes[d!] ??= {})[id!] = v;
  }
  for (const [name, q] of Object.entries<any>(c.capacity ?? {})) {
    const [d, id] = name.includes('/') ? name.split('/', 2) : [c.driver, name];
    (capacity[d!] ??= {})[id!] = q.value;
  }
  return { driver: c.driver, attributes, capacity, allowMultipleAllocations: c.allowMultipleAllocations ?? false };
}

const expected = (c: any): Outcome => (c.expectCompileError ? 'compileError' : c.expectMatchError ? 'runtimeError' : c.expectMatch);

async function engines() {
  const buf = await load('@bufbuild/cel');
  const { run, celFunc, celMethod, CelScalar: T } = buf;
  const bufFuncs = [
    celFunc('quantity', [T.STRING], T.STRING, (s: string) => s),
    celFunc('semver', [T.STRING], T.STRING, (s: string) => semver(s)),
    celFunc('semver', [T.STRING, T.BOOL], T.STRING, (s: string, n: boolean) => semver(s, n)),
    celFunc('isSemver', [T.STRING, T.BOOL], T.BOOL, (s: string, n: boolean) => { try { semver(s, n); return true; } catch { return false; } }),
    celMethod('isGreaterThan', T.STRING, [T.STRING], T.BOOL, function (this: string, o: string) { return cmp(this, o) > 0; }),
    celMethod('isLessThan', T.STRING, [T.STRING], T.BOOL, function (this: string, o: string) { return cmp(this, o) < 0; }),
    celMethod('includes', T.DYN, [T.DYN], T.BOOL, function (this: unknown, o: unknown) { return Array.isArray(this) ? this.includes(o) : this === o; }),
  ];
  const mb = await load('@marcbachmann/cel-js');
  const mbEnv = () => {
    const e = new mb.Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true });
    e.registerFunction('quantity(string): string', (s: string) => s);
    e.registerFunction('semver(string): string', (s: string) => semver(s));
    e.registerFunction('semver(string, bool): string', (s: string, n: boolean) => semver(s, n));
    e.registerFunction('isSemver(string, bool): bool', (s: string, n: boolean) => { try { semver(s, n); return true; } catch { return false; } });
    e.registerFunction('dyn.isGreaterThan(dyn): bool', (a: string, b: string) => cmp(a, b) > 0);
    e.registerFunction('dyn.isLessThan(dyn): bool', (a: string, b: string) => cmp(a, b) < 0);
    e.registerFunction('dyn.includes(dyn): bool', (a: unknown, b: unknown) => (Array.isArray(a) ? a.includes(b) : a === b));
    return e;
  };
  const mbShared = mbEnv();
  const cj = await load('cel-js');
  const cjFuncs = { quantity: (s: string) => s, semver: (s: string, n?: boolean) => semver(s, n), isSemver: (s: string, n?: boolean) => { try { semver(s, n); return true; } catch { return false; } } };

  const classify = (f: () => unknown, isCompile: (e: unknown) => boolean): Outcome => {
    try {
      const v = f();
      return typeof v === 'boolean' ? v : 'runtimeError';
    } catch (e) {
      return isCompile(e) ? 'compileError' : 'runtimeError';
    }
  };
  return {
    '@bufbuild/cel 0.6.1': (expr: string, vars: Record<string, unknown>) =>
      classify(() => { const r = run(expr, vars, { funcs: bufFuncs }); if (r instanceof Error) throw r; return r; }, (e) => /parse|syntax|Redundant|unexpected/i.test(String((e as Error)?.message))),
    '@marcbachmann/cel-js 8.0.0 (no extensions)': (expr: string, vars: Record<string, unknown>) =>
      classify(() => mbShared.evaluate(expr, vars), (e) => (e as Error)?.constructor?.name !== 'EvaluationError'),
    'cel-js 0.8.2': (expr: string, vars: Record<string, unknown>) =>
      classify(() => cj.evaluate(expr, vars, cjFuncs), (e) => /Parse|not a valid CEL/i.test(String((e as Error)?.constructor?.name) + String((e as Error)?.message))),
  };
}

async function main() {
  const eng = await engines();
  const dra = fixture('dra-compile-test.json').filter((c: any) => c.name !== 'expensive');
  const rows: Record<string, { dra: number; jwt: number }> = {};
  const failures: Record<string, string[]> = {};
  for (const [name, run] of Object.entries(eng)) {
    let ok = 0;
    failures[name] = [];
    for (const c of dra) {
      const got = run(c.expression, { device: plainDevice(c) });
      if (got === expected(c)) ok++;
      else failures[name].push(`${c.name}: got ${got}, want ${expected(c)}`);
    }
    rows[name] = { dra: ok, jwt: 0 };
  }
  // kubedeck with the case's own feature gates and expression kind (the conformance suite runs every combination)
  let kd = 0;
  for (const c of dra) {
    const features = c.features ? { consumableCapacity: c.features.EnableConsumableCapacity, listTypeAttributes: c.features.EnableListTypeAttributes } : undefined;
    const envType = c.envType === 'NewExpressions' ? 'new' : 'stored';
    const r = compileSelector(c.expression, { features, envType }).matches({ driver: c.driver, allowMultipleAllocations: c.allowMultipleAllocations, attributes: c.attributes, capacity: c.capacity });
    if ((r.kind === 'value' ? r.value : r.kind) === expected(c)) kd++;
  }

  // JWT: every expression of the upstream cases the server accepts must evaluate as the
  // server evaluated it: validation rules to true, mappings to a value
  const oidc = fixture('oidc-token-test.json').filter((c: any) => c.want && c.claims && !c.needsServer?.length);
  const exprs: { expr: string; vars: Record<string, unknown>; rule: boolean; kind: 'claimValidation' | 'claimMapping' | 'userValidation' }[] = [];
  for (const c of oidc) {
    const a = c.authenticator;
    const user = { username: c.want.username, uid: c.want.uid ?? '', groups: c.want.groups ?? [], extra: c.want.extra ?? {} };
    for (const r of a.claimValidationRules ?? []) if (r.expression) exprs.push({ expr: r.expression, vars: { claims: c.claims }, rule: true, kind: 'claimValidation' });
    for (const m of [a.claimMappings?.username, a.claimMappings?.groups, a.claimMappings?.uid]) if (m?.expression) exprs.push({ expr: m.expression, vars: { claims: c.claims }, rule: false, kind: 'claimMapping' });
    for (const x of a.claimMappings?.extra ?? []) exprs.push({ expr: x.valueExpression, vars: { claims: c.claims }, rule: false, kind: 'claimMapping' });
    for (const r of a.userValidationRules ?? []) exprs.push({ expr: r.expression, vars: { user }, rule: true, kind: 'userValidation' });
  }
  for (const [name, run] of Object.entries(eng)) {
    let ok = 0;
    for (const e of exprs) {
      const got = run(e.rule ? e.expr : `(${e.expr}) == (${e.expr})`, e.vars);
      if (got === true) ok++;
      else failures[name]!.push(`jwt ${e.expr}: got ${got}`);
    }
    rows[name]!.jwt = ok;
  }
  let kdJwt = 0;
  for (const e of exprs) {
    const r = outcome(compileJwtExpression(e.expr, e.kind), e.vars);
    if (r.kind === 'value' && (!e.rule || r.value === true)) kdJwt++;
  }
  const accepted = oidc.filter((c: any) => checkToken({ jwt: [c.authenticator] }, c.claims, { now: Date.parse(c.now) }).result === 'accepted').length;

  console.log(`| engine | DRA cases (of ${dra.length}) | JWT expressions of accepted cases (of ${exprs.length}) |`);
  console.log('|---|---|---|');
  for (const [name, r] of Object.entries(rows)) console.log(`| ${name} | ${r.dra} | ${r.jwt} |`);
  console.log(`| kubedeck src/cel (on @marcbachmann/cel-js) | ${kd} (all feature/env combinations: test/unit/cel-dra-conformance.test.ts) | ${kdJwt} (and ${accepted} of ${oidc.length} accepted cases give the server's user) |`);
  if (process.argv.includes('-v')) for (const [name, f] of Object.entries(failures)) console.log(`\n## ${name}\n${f.map((x) => `- ${x}`).join('\n')}`);
}

await main();
