// The CEL engine (src/cel) behind the evaluator interfaces of the why analysis:
// DRA device selectors in the scheduler's environment, and gate rules over `pod`,
// `claims` and `pvcs`. Compiled once per expression.
import type { Environment } from '@marcbachmann/cel-js';
import { compileSelector, type DraDevice, type DraSelector } from '../../cel/dra.js';
import { compile, outcome, type CelOutcome, type Compiled } from '../../cel/eval.js';
import { DEFAULT_MINOR, kubernetesEnvironment } from '../../cel/library.js';
import type { RuleEvaluator, SelectorEvaluator, SelectorResult } from './types.js';

function result(r: CelOutcome): SelectorResult {
  switch (r.kind) {
    case 'value':
      return typeof r.value === 'boolean' ? r.value : { error: `result is not a bool` };
    case 'cannotEvaluate':
      return { cannot: `cannot evaluate: ${r.feature}` };
    default:
      return { error: r.message };
  }
}

/** minor: the server's Kubernetes minor version (from /version) */
export function celSelectorEvaluator(minor = DEFAULT_MINOR): SelectorEvaluator {
  const cache = new Map<string, DraSelector>();
  return {
    evaluate(expression, device) {
      let sel = cache.get(expression);
      if (!sel) cache.set(expression, (sel = compileSelector(expression, { minor, envType: 'stored' })));
      return result(sel.matches(device as DraDevice));
    },
  };
}

export function celRuleEvaluator(minor = DEFAULT_MINOR): RuleEvaluator {
  let env: Environment | undefined;
  const cache = new Map<string, Compiled>();
  const compiled = (expression: string) => {
    if (!env) {
      env = kubernetesEnvironment({ minor });
      env.registerVariable('pod', 'map<string, dyn>');
      env.registerVariable('claims', 'list<dyn>');
      env.registerVariable('pvcs', 'list<dyn>');
    }
    let c = cache.get(expression);
    if (!c) cache.set(expression, (c = compile(env, expression, { outputTypes: ['bool'], outputTypeMessage: 'must evaluate to bool, not ${type}' })));
    return c;
  };
  return {
    check(expression) {
      const c = compiled(expression);
      if (c.ok) return undefined;
      return c.outcome.kind === 'cannotEvaluate' ? `cannot evaluate: ${c.outcome.feature}` : c.outcome.message;
    },
    evaluate(expression, vars) {
      return result(outcome(compiled(expression), vars));
    },
  };
}
