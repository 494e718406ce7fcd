// Compile once, evaluate many: the outcome of a CEL expression in words a caller can
// act on. "cannot evaluate" is never folded into false: a DRA selector or an
// authentication rule kubedeck cannot run is reported as such.
import type { Environment } from '@marcbachmann/cel-js';
import { UNSUPPORTED } from './library.js';
import { CannotEvaluate } from './strformat.js';

export type CelOutcome =
  | { kind: 'value'; value: unknown }
  | { kind: 'compileError'; message: string }
  | { kind: 'runtimeError'; message: string }
  | { kind: 'cannotEvaluate'; feature: string };

export type Compiled =
  | { ok: true; expression: string; type: string; run(vars: Record<string, unknown>): CelOutcome }
  | { ok: false; expression: string; outcome: Exclude<CelOutcome, { kind: 'value' }> };

interface AstNode {
  op: string;
  args: unknown;
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

/** Names of the functions and identifiers an expression uses, and its methods as ".name". */
function namesIn(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const n of node) namesIn(n, out);
    return out;
  }
  if (!node || typeof node !== 'object') return out;
  const n = node as AstNode;
  if ((n.op === 'call' || n.op === 'rcall') && Array.isArray(n.args) && typeof n.args[0] === 'string') out.add(n.op === 'rcall' ? `.${n.args[0]}` : n.args[0]);
  if (n.op === 'id' && typeof n.args === 'string') out.add(n.args);
  if (typeof n.args === 'object') namesIn(n.args, out);
  return out;
}

function unsupportedIn(names: Set<string>): string | undefined {
  for (const name of names) if (Object.hasOwn(UNSUPPORTED, name)) return UNSUPPORTED[name];
  return undefined;
}

interface MacroNode extends AstNode {
  setMeta(key: string, value: unknown): MacroNode;
}
interface Checker {
  check(n: AstNode, ctx: unknown): unknown;
  getType(name: string): unknown;
}

/**
 * `has(e.f)` for any expression e (cel-go), where the engine takes only a chain of
 * field selections from a variable: `has(claims.items[0].name)` tests e's value.
 */
function generalHas(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(generalHas);
  if (!node || typeof node !== 'object') return;
  const n = node as MacroNode;
  const args = n.args as unknown[];
  if (n.op === 'call' && Array.isArray(args) && args[0] === 'has' && Array.isArray(args[1]) && args[1].length === 1) {
    const sel = args[1][0] as AstNode;
    const chain = (x: AstNode): boolean => x.op === 'id' || (x.op === '.' && chain((x.args as AstNode[])[0]!));
    if (sel?.op === '.' && !chain(sel)) {
      const [obj] = sel.args as [AstNode, string];
      n.setMeta('macro', {
        typeCheck(chk: Checker, _m: unknown, ctx: unknown) {
          chk.check(obj, ctx);
          return chk.getType('bool');
        },
        evaluate(ev: { run(x: AstNode, ctx: unknown): unknown }, _m: unknown, ctx: unknown) {
          const v = ev.run(obj, ctx);
          const field = (sel.args as [AstNode, string])[1];
          if (v instanceof Map) return v.has(field);
          if (v && typeof v === 'object' && !Array.isArray(v)) return Object.hasOwn(v, field);
          throw new Error(`invalid type for field selection: has(${field})`);
        },
      });
    }
  }
  if (typeof n.args === 'object') generalHas(n.args);
}

export interface CompileOptions {
  /** changes the parsed expression before it is checked (see dra.ts: `in` on the domain maps) */
  rewrite?: (ast: unknown) => void;
  /** the output types the expression may have, in the engine's words ("bool", "string", ...); any if absent */
  outputTypes?: string[];
  /** whether a dyn output type passes outputTypes (DRA: "or the unknown type"); default true */
  allowDyn?: boolean;
  /** the message when the output type is not one of outputTypes; `${type}` is replaced */
  outputTypeMessage?: string;
}

export function compile(env: Environment, expression: string, opts: CompileOptions = {}): Compiled {
  let program: ReturnType<Environment['parse']>;
  let names: Set<string>;
  try {
    program = env.parse(expression);
    const ast = (program as unknown as { ast: unknown }).ast;
    names = namesIn(ast);
    opts.rewrite?.(ast);
    generalHas(ast);
  } catch (err) {
    return { ok: false, expression, outcome: { kind: 'compileError', message: `Syntax error: ${firstLine(err)}` } };
  }
  const checked = program.check();
  if (!checked.valid) {
    const feature = unsupportedIn(names);
    if (feature) return { ok: false, expression, outcome: { kind: 'cannotEvaluate', feature } };
    return { ok: false, expression, outcome: { kind: 'compileError', message: `compilation failed: ${firstLine(checked.error)}` } };
  }
  const type = String(checked.type);
  if (opts.outputTypes && !opts.outputTypes.includes(type) && !(type === 'dyn' && opts.allowDyn !== false)) {
    return { ok: false, expression, outcome: { kind: 'compileError', message: (opts.outputTypeMessage ?? 'must evaluate to ${type}').replace('${type}', type) } };
  }
  return {
    ok: true,
    expression,
    type,
    run(vars) {
      try {
        return { kind: 'value', value: program(vars) };
      } catch (err) {
        if (err instanceof CannotEvaluate) return { kind: 'cannotEvaluate', feature: err.feature };
        const feature = /no matching overload|Unknown variable/.test(firstLine(err)) ? unsupportedIn(names) : undefined;
        if (feature) return { kind: 'cannotEvaluate', feature };
        return { kind: 'runtimeError', message: firstLine(err) };
      }
    },
  };
}

/** A compiled program's outcome, or its compile failure, for one set of variables. */
export function outcome(c: Compiled, vars: Record<string, unknown>): CelOutcome {
  return c.ok ? c.run(vars) : c.outcome;
}
