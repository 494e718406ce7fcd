// The upstream tests of the Kubernetes CEL library parts kubedeck implements
// (k8s.io/apiserver pkg/cel/library quantity_test.go, semver_test.go, ip_test.go,
// cidr_test.go, format_test.go; dumped to test/fixtures/cel/library-test.json): the same value, compile
// error or runtime error for every expression.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubernetesEnvironment } from '../../src/cel/library.js';
import { compile, outcome } from '../../src/cel/eval.js';
import { celEquals } from '../../src/cel/values.js';
import { parseQuantity } from '../../src/cel/quantity.js';
import { parseSemver } from '../../src/cel/semver.js';
import { parseCIDR, parseIP } from '../../src/cel/net.js';
import { Optional } from '@marcbachmann/cel-js';

interface Row {
  name: string;
  expr: string;
  expect: Record<string, unknown> | null;
  compileErrs: string[] | null;
  runtimeErr: string;
  version: number;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/cel/library-test.json', import.meta.url), 'utf8')) as { cases: Record<string, Row[]> };

/** Upstream cases kubedeck cannot evaluate, and why (also in docs/cel.md): they must say so. */
export const EXCLUDED: Record<string, string> = {
  'TestCIDR/type of CIDR is net.CIDR': 'type names of custom types (net.CIDR) as values are not supported by the engine',
  'TestIP/type of IP is net.IP': 'type names of custom types (net.IP) as values are not supported by the engine',
};

function value(tagged: Record<string, unknown>): unknown {
  const [[kind, v]] = Object.entries(tagged) as [[string, unknown]];
  switch (kind) {
    case 'int':
      return BigInt(String(v));
    case 'quantity':
      return parseQuantity(String(v));
    case 'semver':
      return parseSemver(String(v));
    case 'ip':
      return parseIP(String(v));
    case 'cidr':
      return parseCIDR(String(v));
    case 'optional':
      return v === null ? Optional.none() : Optional.of(value(v as Record<string, unknown>));
    case 'list':
      return (v as Record<string, unknown>[]).map(value);
    default:
      return v;
  }
}

// semver_test runs SemverVersion(0) (no normalize argument, 1.31/1.32) and SemverVersion(1) (1.33+)
const envs = { v0: kubernetesEnvironment({ minor: 32 }), latest: kubernetesEnvironment() };

describe('Kubernetes CEL library: upstream library tests', () => {
  for (const [test, rows] of Object.entries(fixture.cases)) {
    describe(test, () => {
      for (const r of rows.filter((r) => `${test}/${r.name}` in EXCLUDED)) {
        it(`${r.name}: cannot evaluate (excluded)`, () => expect(outcome(compile(envs.latest, r.expr), {}).kind).toBe('cannotEvaluate'));
      }
      for (const r of rows.filter((r) => !(`${test}/${r.name}` in EXCLUDED))) {
        it(r.name, () => {
          const env = test === 'TestSemver' && r.version === 0 ? envs.v0 : envs.latest;
          const got = outcome(compile(env, r.expr), {});
          const want = r.compileErrs?.length ? 'compileError' : r.runtimeErr ? 'runtimeError' : 'value';
          expect({ expr: r.expr, kind: got.kind === 'value' ? 'value' : got.kind, why: 'message' in got ? got.message : '' }).toMatchObject({ expr: r.expr, kind: want });
          if (got.kind === 'value') expect(celEquals(got.value, value(r.expect!)), `${String(got.value)} == ${JSON.stringify(r.expect)}`).toBe(true);
        });
      }
    });
  }
});
