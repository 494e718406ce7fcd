// The structured-authentication CEL environments (k8s.io/apiserver/pkg/authentication/cel):
// `claims` (the token's claims, map(string, any)) for claim mappings and claim
// validation rules, `user` (kubernetes.UserInfo) for user validation rules. Both are
// stored-expression environments of the server's version. Field names written with
// cel.Escape (`claims.foo__dot__bar`) read the claim "foo.bar", as the server's
// unescaping mapper does.
import type { Environment } from '@marcbachmann/cel-js';
import { DEFAULT_MINOR, kubernetesEnvironment } from './library.js';
import { compile, type Compiled } from './eval.js';

const cache = new Map<string, Environment>();

function environment(variable: 'claims' | 'user', minor: number): Environment {
  const key = `${variable}/${minor}`;
  let env = cache.get(key);
  if (env) return env;
  env = kubernetesEnvironment({ minor });
  if (variable === 'claims') env.registerVariable('claims', 'map<string, dyn>');
  else {
    env.registerType('kubernetes.UserInfo', {
      fields: { username: 'string', uid: 'string', groups: 'list<string>', extra: 'map<string, list<string>>' },
    } as never);
    env.registerVariable('user', 'kubernetes.UserInfo');
  }
  cache.set(key, env);
  return env;
}

const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const SEQUENCES: Record<string, string> = { underscores: '__', dot: '.', dash: '-', slash: '/' };

/** apiserver/pkg/cel.Unescape; undefined when the name is not a valid escaped identifier */
export function unescape(escaped: string): string | undefined {
  let ok = true;
  const out = escaped.replace(/_{2}[^_]+_{2}/g, (s) => {
    const inner = s.slice(2, -2);
    if (inner in SEQUENCES) return SEQUENCES[inner]!;
    if (RESERVED.has(inner) && s.length === escaped.length) return inner;
    ok = false;
    return '';
  });
  return ok ? out : undefined;
}

interface Node {
  op: string;
  args: unknown;
}

/** Rewrites escaped field names (`.a__dot__b`, `.?a__dot__b`, `["a__dot__b"]`) to the names they stand for. */
function unescapeFields(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(unescapeFields);
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  const args = n.args as unknown[];
  if ((n.op === '.' || n.op === '.?') && typeof args[1] === 'string') {
    const name = unescape(args[1]);
    if (name !== undefined) args[1] = name;
  }
  if ((n.op === '[]' || n.op === '[?]') && Array.isArray(args)) {
    const key = args[1] as Node | undefined;
    if (key?.op === 'value' && typeof key.args === 'string') {
      const name = unescape(key.args);
      if (name !== undefined) key.args = name;
    }
  }
  if (typeof n.args === 'object') unescapeFields(n.args);
}

/** accesses after `claims` in a chain of `.f`, `.?f`, `[k]`, `[?k]`; -1 when the node is no such chain */
function depth(n: Node | undefined): number {
  if (!n) return -1;
  if (n.op === 'id') return n.args === 'claims' ? 0 : -1;
  if (['.', '.?', '[]', '[?]'].includes(n.op) && Array.isArray(n.args)) {
    const d = depth(n.args[0] as Node);
    return d < 0 ? -1 : d + 1;
  }
  return -1;
}

/**
 * `claims[?"a"]["b"].orValue(true)`: below the first access a claim is dyn (not Any) to
 * cel-go, and optional(dyn).orValue(bool) is a bool; `claims.?a.orValue(true)` stays Any.
 */
function isOrValueOfDyn(n: Node): boolean {
  if (n.op !== 'rcall' || !Array.isArray(n.args) || n.args[0] !== 'orValue') return false;
  const [, receiver, args] = n.args as [string, Node, Node[]];
  return depth(receiver) >= 2 && args.length === 1 && args[0]!.op === 'value' && typeof args[0]!.args === 'boolean';
}

export type JwtExpressionKind = 'claimValidation' | 'claimMapping' | 'userValidation';

/**
 * Compiles an expression as CompileClaimsExpression / CompileUserExpression do: the
 * validation rules must evaluate to bool, mappings to anything.
 */
export function compileJwtExpression(expression: string, kind: JwtExpressionKind, minor = DEFAULT_MINOR): Compiled {
  const env = environment(kind === 'userValidation' ? 'user' : 'claims', minor);
  const mustBeBool = kind !== 'claimMapping';
  // claims values are google.protobuf.Any to cel-go, so an expression that passes one
  // through (`claims.flag`, `claims.?x.orValue(true)`) is not a bool: no dyn here, but for
  // the one case cel-go types as bool (below)
  let orValueOfDyn = false;
  const rewrite = (ast: unknown) => {
    unescapeFields(ast);
    orValueOfDyn = isOrValueOfDyn(ast as Node);
  };
  const c = compile(env, expression, { rewrite, ...(mustBeBool ? { outputTypes: ['bool'], outputTypeMessage: 'must evaluate to bool' } : {}) });
  if (c.ok && mustBeBool && c.type === 'dyn' && !orValueOfDyn) return { ok: false, expression, outcome: { kind: 'compileError', message: 'must evaluate to bool' } };
  return c;
}

/** Whether the expression selects `claims.<field>` or `claims.?<field>` (the validation's hasSelectExp). */
export function selectsClaim(expression: string, field: string, minor = DEFAULT_MINOR): boolean {
  let ast: unknown;
  try {
    ast = (environment('claims', minor).parse(expression) as unknown as { ast: unknown }).ast;
  } catch {
    return false;
  }
  const walk = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(walk);
    if (!node || typeof node !== 'object') return false;
    const n = node as Node;
    const args = n.args as unknown[];
    if ((n.op === '.' || n.op === '.?') && Array.isArray(args)) {
      const obj = args[0] as Node | undefined;
      if (obj?.op === 'id' && obj.args === 'claims' && args[1] === field) return true;
    }
    return typeof n.args === 'object' && walk(n.args);
  };
  return walk(ast);
}
