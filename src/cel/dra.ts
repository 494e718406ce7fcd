// The DRA device-selector environment (k8s.io/dynamic-resource-allocation/cel):
// `device.driver`, `device.attributes` and `device.capacity` by domain, and
// `device.allowMultipleAllocations` with consumable capacity (1.34+). Attribute names
// without a domain belong to the driver's domain; a domain the device does not have is
// an empty map; an attribute it does not have is a runtime error ("no such key").
import type { Environment } from '@marcbachmann/cel-js';
import { DEFAULT_MINOR, kubernetesEnvironment, registerIncludes } from './library.js';
import { compile, outcome, type CelOutcome, type Compiled } from './eval.js';
import { parseQuantity } from './quantity.js';
import { parseSemver } from './semver.js';

/** resource.k8s.io DeviceAttribute: exactly one field is set */
export interface DeviceAttribute {
  bool?: boolean;
  int?: number;
  string?: string;
  version?: string;
  bools?: boolean[];
  ints?: number[];
  strings?: string[];
  versions?: string[];
}

export interface DraDevice {
  driver: string;
  allowMultipleAllocations?: boolean;
  attributes?: Record<string, DeviceAttribute>;
  /** DeviceCapacity: value is a resource.Quantity */
  capacity?: Record<string, { value: string }>;
}

export interface DraFeatures {
  /** DRAConsumableCapacity (1.34+): device.allowMultipleAllocations */
  consumableCapacity: boolean;
  /** DRAListTypeAttributes (1.36+): list-valued attributes, includes() */
  listTypeAttributes: boolean;
}

/**
 * "new": an expression being written now (only what the enabled features declare);
 * "stored": one already in the cluster (everything the version knows).
 */
export type EnvType = 'new' | 'stored';

export interface DraOptions {
  features?: Partial<DraFeatures>;
  envType?: EnvType;
  minor?: number;
}

const DEFAULT_FEATURES: DraFeatures = { consumableCapacity: true, listTypeAttributes: true };

const cache = new Map<string, Environment>();

function draEnvironment(features: DraFeatures, envType: EnvType, minor: number): Environment {
  const key = `${features.consumableCapacity}/${features.listTypeAttributes}/${envType}/${minor}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // new expressions get what the previous minor version had (the compatibility
  // version); stored ones everything this version knows
  const stored = envType === 'stored';
  const libMinor = stored ? minor : minor - 1;
  const env = kubernetesEnvironment({ minor: libMinor });
  const fields: Record<string, string> = {
    driver: 'string',
    attributes: 'map<string, map<string, dyn>>',
    capacity: 'map<string, map<string, kubernetes.Quantity>>',
  };
  if ((features.consumableCapacity || stored) && libMinor >= 34) fields.allowMultipleAllocations = 'bool';
  env.registerType('kubernetes.DRADevice', { fields } as never);
  env.registerVariable('device', 'kubernetes.DRADevice');
  if ((features.listTypeAttributes || stored) && libMinor === 36) registerIncludes(env);
  cache.set(key, env);
  return env;
}

/** Whether an expression iterates over one attribute's value (an Any before list-type attributes). */
function iteratesAttribute(expression: string): boolean {
  return /device\.attributes\s*\[[^\]]*\](?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*|\s*\[[^\]]*\])\s*\.\s*(?:all|exists|exists_one|map|filter)\s*\(/.test(expression);
}

interface Node {
  op: string;
  args: unknown;
  setMeta(key: string, value: unknown): Node;
}
interface Checker {
  check(n: Node, ctx: unknown): unknown;
  getType(name: string): unknown;
}

const isDomainMap = (n: Node) => {
  const [obj, field] = (n.op === '.' ? n.args : []) as [Node?, unknown?];
  return obj?.op === 'id' && obj.args === 'device' && (field === 'attributes' || field === 'capacity');
};

/**
 * `"domain" in device.attributes` asks which domains the device really has, while a
 * lookup of a missing domain yields an empty map: the engine reads both through
 * Map.get, so `in` on these two maps is evaluated by its own hook.
 */
function domainMembership(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(domainMembership);
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (n.op === 'in' && Array.isArray(n.args) && isDomainMap(n.args[1] as Node)) {
    const [key, map] = n.args as [Node, Node];
    n.setMeta('macro', {
      typeCheck(chk: Checker, _m: unknown, ctx: unknown) {
        chk.check(key, ctx);
        chk.check(map, ctx);
        return chk.getType('bool');
      },
      evaluate(ev: { run(n: Node, ctx: unknown): unknown }, _m: unknown, ctx: unknown) {
        return Map.prototype.has.call(ev.run(map, ctx), ev.run(key, ctx));
      },
    });
  }
  if (typeof n.args === 'object') domainMembership(n.args);
}

export interface DraSelector {
  compiled: Compiled;
  /** true / false, or why there is no answer */
  matches(device: DraDevice): CelOutcome;
}

/** Compiles a CEL device selector as the scheduler does. */
export function compileSelector(expression: string, opts: DraOptions = {}): DraSelector {
  const features = { ...DEFAULT_FEATURES, ...opts.features };
  const envType = opts.envType ?? 'stored';
  const minor = opts.minor ?? DEFAULT_MINOR;
  const env = draEnvironment(features, envType, minor);
  let compiled = compile(env, expression, {
    rewrite: domainMembership,
    outputTypes: ['bool'],
    outputTypeMessage: 'must evaluate to bool or the unknown type, not ${type}',
  });
  // Before list-type attributes an attribute is a google.protobuf.Any: no macro ranges over it
  if (compiled.ok && !features.listTypeAttributes && envType === 'new' && iteratesAttribute(expression)) {
    compiled = { ok: false, expression, outcome: { kind: 'compileError', message: "compilation failed: expression of type 'google.protobuf.Any' cannot be the range of a comprehension" } };
  }
  return {
    compiled,
    matches(device) {
      let vars: Record<string, unknown>;
      try {
        vars = { device: deviceValue(device, features.consumableCapacity || envType === 'stored') };
      } catch (err) {
        return { kind: 'runtimeError', message: (err as Error).message };
      }
      const r = outcome(compiled, vars);
      if (r.kind === 'value' && typeof r.value !== 'boolean') {
        return { kind: 'runtimeError', message: `CEL result of type ${typeOf(r.value)} could not be converted to bool` };
      }
      return r;
    },
  };
}

const typeOf = (v: unknown) => (Array.isArray(v) ? 'list' : v instanceof Map ? 'map' : typeof v === 'bigint' ? 'int' : typeof v);

function attributeValue(a: DeviceAttribute): unknown {
  if (a.bool !== undefined) return a.bool;
  if (a.int !== undefined) return BigInt(a.int);
  if (a.string !== undefined) return a.string;
  if (a.version !== undefined) return semverOf(a.version);
  if (a.bools) return [...a.bools];
  if (a.ints) return a.ints.map((i) => BigInt(i));
  if (a.strings) return [...a.strings];
  if (a.versions) return a.versions.map(semverOf);
  throw new Error('unsupported attribute value');
}

function semverOf(v: string) {
  try {
    return parseSemver(v);
  } catch (err) {
    throw new Error(`parse semantic version: ${(err as Error).message}`, { cause: err });
  }
}

function split(name: string, driver: string): [string, string] {
  const slash = name.indexOf('/');
  return slash < 0 ? [driver, name] : [name.slice(0, slash), name.slice(slash + 1)];
}

/** A map whose missing keys read as an empty map, as the scheduler's outer attribute map does. */
function domainMap(m: Map<string, Map<string, unknown>>): Map<string, Map<string, unknown>> {
  const get = m.get.bind(m);
  m.get = (k: string) => get(k) ?? new Map();
  return m;
}

function deviceValue(d: DraDevice, withMultiAlloc: boolean): Record<string, unknown> {
  const attributes = new Map<string, Map<string, unknown>>();
  for (const [name, a] of Object.entries(d.attributes ?? {})) {
    const [domain, id] = split(name, d.driver);
    if (!attributes.has(domain)) attributes.set(domain, new Map());
    attributes.get(domain)!.set(id, attributeValue(a));
  }
  const capacity = new Map<string, Map<string, unknown>>();
  for (const [name, c] of Object.entries(d.capacity ?? {})) {
    const [domain, id] = split(name, d.driver);
    if (!capacity.has(domain)) capacity.set(domain, new Map());
    capacity.get(domain)!.set(id, parseQuantity(c.value));
  }
  const device: Record<string, unknown> = { driver: d.driver, attributes: domainMap(attributes), capacity: domainMap(capacity) };
  if (withMultiAlloc) device.allowMultipleAllocations = d.allowMultipleAllocations ?? false;
  return device;
}
