// Compile once, evaluate many: the outcome of a CEL expression in words a caller can
// act on. "cannot evaluate" is never folded into false: a DRA selector or an
// authentication rule kubedeck cannot run is reported as such.
import type { Environment } from '@marcbachmann/cel-js';
import { UNSUPPORTED } from './library.js';

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

/** Names of the functions, methods and identifiers an expression uses. */
function namesIn(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const n of node) namesIn(n, out);
    return out;
  }
  if (!node || typeof node !== 'object') return out;
  const n = node as AstNode;
  if ((n.op === 'call' || n.op === 'rcall') && Array.isArray(n.args) && typeof n.args[0] === 'string') out.add(n.args[0]);
  if (n.op === 'id' && typeof n.args === 'string') out.add(n.args);
  if (typeof n.args === 'object') namesIn(n.args, out);
  return out;
}

function unsupportedIn(names: Set<string>): string | undefined {
  for (const name of names) if (Object.hasOwn(UNSUPPORTED, name)) return UNSUPPORTED[name];
  return undefined;
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
