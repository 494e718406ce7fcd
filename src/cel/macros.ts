// cel-go's two-variable comprehensions (ext.TwoVarComprehensions, in the Kubernetes
// environment since 1.32) as @marcbachmann/cel-js macros: all, exists, existsOne,
// transformList, transformMap and transformMapEntry, each over (index, value) of a
// list or (key, value) of a map.
import type { Environment } from '@marcbachmann/cel-js';
import { celCompare, celEquals, entries, isMap } from './values.js';

/* The engine's macro hooks (documented in its README: "Custom macros"); only the parts used here. */
interface Node {
  op: string;
  args: unknown;
}
interface Ctx {
  forkWithVariable(name: string, type: unknown): Ctx & { setIterValue(v: unknown, ev: Evaluator): Ctx; iterType: unknown };
}
interface Checker {
  check(node: Node, ctx: Ctx): unknown;
  getType(name: string): unknown;
  createError(kind: string, message: string, node: Node): Error;
}
interface Evaluator {
  run(node: Node, ctx: Ctx): unknown;
}
interface Macro {
  receiver: Node;
  vars: [string, string];
  filter?: Node;
  body: Node;
  dyn?: unknown;
}

type Kind = 'all' | 'exists' | 'existsOne' | 'transformList' | 'transformMap' | 'transformMapEntry';

const RESULT: Record<Kind, string> = {
  all: 'bool',
  exists: 'bool',
  existsOne: 'bool',
  transformList: 'list<dyn>',
  transformMap: 'map<dyn, dyn>',
  transformMapEntry: 'map<dyn, dyn>',
};

function identifier(node: Node, kind: string): string {
  if (node.op === 'id' && typeof node.args === 'string') return node.args;
  throw new Error(`${kind}() variable names must be simple identifiers`);
}

function bool(v: unknown, kind: string): boolean {
  if (typeof v !== 'boolean') throw new Error(`${kind}() predicate must return bool`);
  return v;
}

function evaluate(kind: Kind, ev: Evaluator, m: Macro, ctx: Ctx): unknown {
  const coll = ev.run(m.receiver, ctx);
  const step = (k: unknown, v: unknown) => {
    const inner = ctx.forkWithVariable(m.vars[0], m.dyn).setIterValue(k, ev).forkWithVariable(m.vars[1], m.dyn).setIterValue(v, ev);
    return (node: Node) => ev.run(node, inner);
  };
  const items = entries(coll);
  if (kind === 'all' || kind === 'exists') {
    // as cel-go: an error is only reported when no other element decides the result
    let error: unknown;
    for (const [k, v] of items) {
      try {
        const r = bool(step(k, v)(m.body), kind);
        if (kind === 'all' && !r) return false;
        if (kind === 'exists' && r) return true;
      } catch (err) {
        error ??= err;
      }
    }
    if (error) throw error;
    return kind === 'all';
  }
  if (kind === 'existsOne') return items.filter(([k, v]) => bool(step(k, v)(m.body), kind)).length === 1;
  const kept = items.map(([k, v]) => [k, v, step(k, v)] as const).filter(([, , run]) => !m.filter || bool(run(m.filter), kind));
  if (kind === 'transformList') return kept.map(([, , run]) => run(m.body));
  const out = new Map<unknown, unknown>();
  for (const [k, , run] of kept) {
    const value = run(m.body);
    if (kind === 'transformMap') {
      out.set(k, value);
      continue;
    }
    if (!isMap(value)) throw new Error('transformMapEntry() transform must return a map');
    for (const [ek, ev2] of entries(value)) {
      if ([...out.keys()].some((x) => celEquals(x, ek))) throw new Error(`insert failed: key ${String(ek)} already exists`);
      out.set(ek, ev2);
    }
  }
  return out;
}

export function registerTwoVarComprehensions(env: Environment): void {
  const kinds: [Kind, number][] = [
    ['all', 3],
    ['exists', 3],
    ['existsOne', 3],
    ['transformList', 3],
    ['transformList', 4],
    ['transformMap', 3],
    ['transformMap', 4],
    ['transformMapEntry', 3],
    ['transformMapEntry', 4],
  ];
  for (const receiver of ['list', 'map']) {
    for (const [kind, arity] of kinds) {
      const sig = `${receiver}.${kind}(${Array(arity).fill('ast').join(', ')}): ${RESULT[kind]}`;
      env.registerFunction(sig, (({ args, receiver: recv }: { args: Node[]; receiver: Node }) => {
        const macro: Macro = {
          receiver: recv,
          vars: [identifier(args[0]!, kind), identifier(args[1]!, kind)],
          filter: arity === 4 ? args[2] : undefined,
          body: args[arity - 1]!,
        };
        return {
          ...macro,
          typeCheck(checker: Checker, m: Macro, ctx: Ctx) {
            checker.check(m.receiver, ctx);
            m.dyn = checker.getType('dyn');
            const inner = ctx.forkWithVariable(m.vars[0], m.dyn).forkWithVariable(m.vars[1], m.dyn);
            if (m.filter) checker.check(m.filter, inner);
            checker.check(m.body, inner);
            return checker.getType(RESULT[kind]);
          },
          evaluate: (ev: Evaluator, m: Macro, ctx: Ctx) => evaluate(kind, ev, m, ctx),
        };
      }) as never);
    }
  }
}

/** ext.Lists sortBy (lists v2, in Kubernetes since 1.34): a stable sort by a key computed per element. */
export function registerSortBy(env: Environment): void {
  env.registerFunction('list.sortBy(ast, ast): list<dyn>', (({ args, receiver }: { args: Node[]; receiver: Node }) => {
    const macro = { receiver, name: identifier(args[0]!, 'sortBy'), key: args[1]!, dyn: undefined as unknown };
    return {
      ...macro,
      typeCheck(checker: Checker, m: typeof macro, ctx: Ctx) {
        checker.check(m.receiver, ctx);
        m.dyn = checker.getType('dyn');
        checker.check(m.key, ctx.forkWithVariable(m.name, m.dyn));
        return checker.getType('list<dyn>');
      },
      evaluate(ev: Evaluator, m: typeof macro, ctx: Ctx) {
        const list = ev.run(m.receiver, ctx);
        if (!Array.isArray(list)) throw new Error('sortBy() needs a list');
        const keyed = list.map((v) => ({ v, k: ev.run(m.key, ctx.forkWithVariable(m.name, m.dyn).setIterValue(v, ev)) }));
        return keyed.sort((a, b) => celCompare(a.k, b.k)).map((x) => x.v);
      },
    };
  }) as never);
}
