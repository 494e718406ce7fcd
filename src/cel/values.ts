// CEL values as @marcbachmann/cel-js represents them (int = bigint, double = number,
// list = Array, map = Map or plain object) and the equality and ordering CEL defines on them.
import { Optional } from '@marcbachmann/cel-js';
import { Quantity } from './quantity.js';
import { Semver } from './semver.js';
import { CIDR, IP } from './net.js';

export type MapLike = Map<unknown, unknown> | Record<string, unknown>;

export const isMap = (v: unknown): v is MapLike =>
  v instanceof Map || (typeof v === 'object' && v !== null && (v.constructor === Object || v.constructor === undefined));

export function entries(v: unknown): [unknown, unknown][] {
  if (Array.isArray(v)) return v.map((x, i) => [BigInt(i), x]);
  if (v instanceof Map) return [...v.entries()];
  if (isMap(v)) return Object.entries(v);
  throw new Error(`expression of type '${typeName(v)}' cannot be the range of a comprehension (must be list, map, or dynamic)`);
}

export function typeName(v: unknown): string {
  if (v === null) return 'null_type';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (typeof v === 'string' || typeof v === 'boolean') return typeof v === 'string' ? 'string' : 'bool';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Quantity) return 'kubernetes.Quantity';
  if (v instanceof Semver) return 'kubernetes.Semver';
  if (isMap(v)) return 'map';
  return (v as object).constructor?.name ?? typeof v;
}

/** CEL equality: numbers compare across int/uint/double, lists and maps element-wise. */
export function celEquals(a: unknown, b: unknown): boolean {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return typeof a === typeof b ? a === b : Number(a) === Number(b);
  }
  if (a instanceof Quantity && b instanceof Quantity) return a.compare(b) === 0;
  if (a instanceof Semver && b instanceof Semver) return a.compare(b) === 0;
  if (a instanceof Optional && b instanceof Optional) return a.hasValue() === b.hasValue() && (!a.hasValue() || celEquals(a.value(), b.value()));
  if (a instanceof IP && b instanceof IP) return a.family === b.family && a.value === b.value;
  if (a instanceof CIDR && b instanceof CIDR) return a.prefix === b.prefix && celEquals(a.ip, b.ip);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ea = entries(a);
    const eb = new Map(entries(b).map(([k, v]) => [k, v]));
    return ea.length === eb.size && ea.every(([k, v]) => eb.has(k) && celEquals(v, eb.get(k)));
  }
  return a === b;
}

/** CEL ordering for comparable values; throws "no such overload" for others. */
export function celCompare(a: unknown, b: unknown): number {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
    return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Quantity && b instanceof Quantity) return a.compare(b);
  if (a instanceof Semver && b instanceof Semver) return a.compare(b);
  throw new Error(`no such overload: ${typeName(a)} < ${typeName(b)}`);
}
