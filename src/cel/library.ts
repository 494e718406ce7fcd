// The Kubernetes CEL library (k8s.io/apiserver/pkg/cel/environment/base.go) on
// @marcbachmann/cel-js, by the Kubernetes version that introduced each part:
//   1.0  URLs, regex (find, findAll), lists (isSorted, sum, min, max, indexOf, lastIndexOf), strings
//   1.28 optional types, quantity      1.29 strings v2 (charAt, replace, ...), sets
//   1.30 IP, CIDR                      1.31 format
//   1.32 two-variable comprehensions   1.33 semver    1.34 ext lists (slice, flatten, distinct, sortBy, ...)
//   1.37 lists v1 (includes)
// What kubedeck does not implement is listed in UNSUPPORTED, so that an expression using
// it says "cannot evaluate: FEATURE" rather than a wrong answer.
import { Environment } from '@marcbachmann/cel-js';
import { asApproximateFloat, asInteger, isQuantity, parseQuantity, Quantity, quantityFromInt, sign } from './quantity.js';
import { normalizeAndParseSemver, parseSemver, Semver } from './semver.js';
import { registerSortBy, registerTwoVarComprehensions } from './macros.js';
import { registerNet } from './net.js';
import { registerFormat } from './format.js';
import { formatString } from './strformat.js';
import { celCompare, celEquals } from './values.js';

export interface LibraryOptions {
  /** Kubernetes minor version of the server (1.x); 37 when unknown */
  minor?: number;
}

export const DEFAULT_MINOR = 37;

/** The minor version of a server's /version gitVersion ("v1.37.2" → 37); DEFAULT_MINOR when unknown. */
export function minorOfVersion(gitVersion: string | undefined): number {
  const m = /^v?1\.(\d+)/.exec(gitVersion ?? '');
  return m ? Number(m[1]) : DEFAULT_MINOR;
}

/**
 * functions and namespaces of the Kubernetes environment kubedeck cannot evaluate, with
 * their library: an identifier or global function by name, a method as ".name"
 */
export const UNSUPPORTED: Record<string, string> = {
  authorizer: 'the authz library',
  jsonpatch: 'the JSON patch library',
  math: 'the math extension',
  base64: 'the encoders extension',
  net: 'the type names net.IP and net.CIDR',
};

const Q = 'kubernetes.Quantity';
const S = 'kubernetes.Semver';

class SetsNamespace {}
class StringsNamespace {}

const QUOTE: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };
/** ext.Strings quote: the escapes CEL string literals read; lone surrogates become U+FFFD */
export const quote = (s: string) => `"${s.replace(/[\x07\b\f\n\r\t\v\\"]/g, (c) => QUOTE[c]!).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')}"`;
class ListsNamespace {}

function sum(list: unknown[]): unknown {
  if (!list.length) return 0n;
  return list.reduce((a, b) => {
    if (typeof a === 'bigint' && typeof b === 'bigint') return a + b;
    if (a instanceof Quantity && b instanceof Quantity) return a.add(b);
    return Number(a) + Number(b);
  });
}

function extreme(list: unknown[], dir: 1 | -1): unknown {
  if (!list.length) throw new Error('min/max of an empty list');
  return list.reduce((a, b) => (celCompare(b, a) * dir > 0 ? b : a));
}

function flatten(list: unknown[], depth: bigint): unknown[] {
  if (depth < 0n) throw new Error('level must be non-negative');
  return list.flatMap((x) => (Array.isArray(x) && depth > 0n ? flatten(x, depth - 1n) : [x]));
}

function semver(text: string, normalize = false): Semver {
  try {
    return normalize ? normalizeAndParseSemver(text) : parseSemver(text);
  } catch (err) {
    throw new Error(`could not parse ${text} as semver: ${(err as Error).message}`, { cause: err });
  }
}

function findAll(s: string, re: string, limit = -1n): string[] {
  if (limit === 0n) return [];
  const out = [...s.matchAll(new RegExp(re, 'gu'))].map((m) => m[0]);
  return limit < 0n ? out : out.slice(0, Number(limit));
}

/** A new environment with the library as the given Kubernetes version has it. */
export function kubernetesEnvironment(opts: LibraryOptions = {}): Environment {
  const minor = opts.minor ?? DEFAULT_MINOR;
  const env = new Environment({ enableOptionalTypes: minor >= 28, homogeneousAggregateLiterals: true });
  const fn = (sig: string, impl: (...args: never[]) => unknown) => env.registerFunction(sig, impl as never);

  // lists (library.Lists v0) and regex
  fn('list<dyn>.isSorted(): bool', (l: unknown[]) => l.every((x, i) => i === 0 || celCompare(l[i - 1], x) <= 0));
  fn('list<dyn>.sum(): dyn', (l: unknown[]) => sum(l));
  fn('list<dyn>.min(): dyn', (l: unknown[]) => extreme(l, -1));
  fn('list<dyn>.max(): dyn', (l: unknown[]) => extreme(l, 1));
  fn('list<dyn>.indexOf(dyn): int', (l: unknown[], x: unknown) => BigInt(l.findIndex((y) => celEquals(y, x))));
  fn('list<dyn>.lastIndexOf(dyn): int', (l: unknown[], x: unknown) => {
    for (let i = l.length - 1; i >= 0; i--) if (celEquals(l[i], x)) return BigInt(i);
    return -1n;
  });
  fn('string.find(string): string', (s: string, re: string) => new RegExp(re, 'u').exec(s)?.[0] ?? '');
  fn('string.findAll(string): list<string>', (s: string, re: string) => findAll(s, re));
  fn('string.findAll(string, int): list<string>', (s: string, re: string, n: bigint) => findAll(s, re, n));

  // strings (ext.Strings v2): what the engine does not already have
  fn('string.charAt(int): string', (s: string, i: bigint) => {
    const cps = [...s];
    if (i < 0n || i > BigInt(cps.length)) throw new Error(`index out of range: ${i}`);
    return cps[Number(i)] ?? '';
  });
  fn('string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b));
  fn('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => {
    let out = s;
    let from = 0;
    for (let i = 0n; n < 0n || i < n; i++) {
      const at = out.indexOf(a, from);
      if (at < 0) break;
      out = out.slice(0, at) + b + out.slice(at + a.length);
      from = at + b.length;
    }
    return out;
  });

  env.registerType('StringsNamespace', StringsNamespace as never);
  env.registerConstant('strings', 'StringsNamespace', new StringsNamespace());
  fn('StringsNamespace.quote(string): string', (_: unknown, s: string) => quote(s));

  if (minor >= 29) fn('string.format(list<dyn>): string', (f: string, args: unknown[]) => formatString(f, args));

  if (minor >= 28) {
    env.registerType(Q, Quantity as never);
    fn(`quantity(string): ${Q}`, (s: string) => parseQuantity(s));
    fn('isQuantity(string): bool', (s: string) => isQuantity(s));
    fn(`${Q}.sign(): int`, (q: Quantity) => sign(q));
    fn(`${Q}.isGreaterThan(${Q}): bool`, (a: Quantity, b: Quantity) => a.compare(b) > 0);
    fn(`${Q}.isLessThan(${Q}): bool`, (a: Quantity, b: Quantity) => a.compare(b) < 0);
    fn(`${Q}.compareTo(${Q}): int`, (a: Quantity, b: Quantity) => BigInt(a.compare(b)));
    fn(`${Q}.asApproximateFloat(): double`, (q: Quantity) => asApproximateFloat(q));
    fn(`${Q}.asInteger(): int`, (q: Quantity) => asInteger(q));
    fn(`${Q}.isInteger(): bool`, (q: Quantity) => q.isInteger());
    fn(`${Q}.add(${Q}): ${Q}`, (a: Quantity, b: Quantity) => a.add(b));
    fn(`${Q}.add(int): ${Q}`, (a: Quantity, b: bigint) => a.add(quantityFromInt(b)));
    fn(`${Q}.sub(${Q}): ${Q}`, (a: Quantity, b: Quantity) => a.add(b.negate()));
    fn(`${Q}.sub(int): ${Q}`, (a: Quantity, b: bigint) => a.add(quantityFromInt(-b)));
    env.registerOperator(`${Q} == ${Q}`, ((a: Quantity, b: Quantity) => a.compare(b) === 0) as never);
  }
  if (minor >= 29) {
    env.registerType('SetsNamespace', SetsNamespace as never);
    env.registerConstant('sets', 'SetsNamespace', new SetsNamespace());
    const has = (l: unknown[], x: unknown) => l.some((y) => celEquals(x, y));
    fn('SetsNamespace.contains(list<dyn>, list<dyn>): bool', (_: unknown, a: unknown[], b: unknown[]) => b.every((x) => has(a, x)));
    fn('SetsNamespace.equivalent(list<dyn>, list<dyn>): bool', (_: unknown, a: unknown[], b: unknown[]) => b.every((x) => has(a, x)) && a.every((x) => has(b, x)));
    fn('SetsNamespace.intersects(list<dyn>, list<dyn>): bool', (_: unknown, a: unknown[], b: unknown[]) => a.some((x) => has(b, x)));
  }
  if (minor >= 30) registerNet(env);
  if (minor >= 31) registerFormat(env);
  if (minor >= 32) registerTwoVarComprehensions(env);
  if (minor >= 31) {
    // semver arrived with DRA (1.31); the normalize argument with SemverVersion(1) in 1.33
    env.registerType(S, Semver as never);
    fn(`semver(string): ${S}`, (s: string) => semver(s));
    fn('isSemver(string): bool', (s: string) => !!tryParse(() => semver(s)));
    if (minor >= 33) {
      fn(`semver(string, bool): ${S}`, (s: string, n: boolean) => semver(s, n));
      fn('isSemver(string, bool): bool', (s: string, n: boolean) => !!tryParse(() => semver(s, n)));
    }
    fn(`${S}.major(): int`, (v: Semver) => v.major);
    fn(`${S}.minor(): int`, (v: Semver) => v.minor);
    fn(`${S}.patch(): int`, (v: Semver) => v.patch);
    fn(`${S}.isGreaterThan(${S}): bool`, (a: Semver, b: Semver) => a.compare(b) > 0);
    fn(`${S}.isLessThan(${S}): bool`, (a: Semver, b: Semver) => a.compare(b) < 0);
    fn(`${S}.compareTo(${S}): int`, (a: Semver, b: Semver) => BigInt(a.compare(b)));
    env.registerOperator(`${S} == ${S}`, ((a: Semver, b: Semver) => a.compare(b) === 0) as never);
  }
  if (minor >= 34) {
    env.registerType('ListsNamespace', ListsNamespace as never);
    env.registerConstant('lists', 'ListsNamespace', new ListsNamespace());
    fn('ListsNamespace.range(int): list<int>', (_: unknown, n: bigint) => Array.from({ length: Number(n) }, (_x, i) => BigInt(i)));
    fn('list<dyn>.slice(int, int): list<dyn>', (l: unknown[], a: bigint, b: bigint) => {
      if (a < 0n || b < a || b > BigInt(l.length)) throw new Error(`cannot slice(${a}, ${b}) a list of ${l.length} elements`);
      return l.slice(Number(a), Number(b));
    });
    fn('list<dyn>.flatten(): list<dyn>', (l: unknown[]) => flatten(l, 1n));
    fn('list<dyn>.flatten(int): list<dyn>', (l: unknown[], d: bigint) => flatten(l, d));
    fn('list<dyn>.distinct(): list<dyn>', (l: unknown[]) => l.filter((x, i) => l.findIndex((y) => celEquals(x, y)) === i));
    fn('list<dyn>.reverse(): list<dyn>', (l: unknown[]) => [...l].reverse());
    fn('list<dyn>.sort(): list<dyn>', (l: unknown[]) => [...l].sort(celCompare));
    registerSortBy(env);
  }
  // lists v1 in 1.37; DRA adds it from 1.36 for list-type attributes (see dra.ts)
  if (minor >= 37) registerIncludes(env);
  return env;
}

/** `<dyn>.includes(<dyn>)`: a list holds the value, or a scalar equals it. */
export function registerIncludes(env: Environment): void {
  env.registerFunction('dyn.includes(dyn): bool', ((target: unknown, x: unknown) =>
    Array.isArray(target) ? target.some((y) => celEquals(y, x)) : celEquals(target, x)) as never);
}

function tryParse<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
