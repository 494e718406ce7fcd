// The upstream DRA CEL cases (k8s.io/dynamic-resource-allocation cel/compile_test.go,
// dumped to test/fixtures/cel/dra-compile-test.json) run through kubedeck's DRA
// environment: the same match / no match / compile error / runtime error for every
// feature combination and expression kind the upstream test runs them with.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSelector, type DraDevice, type DraFeatures, type EnvType } from '../../src/cel/dra.js';

interface Case {
  name: string;
  envType?: 'NewExpressions' | 'StoredExpressions';
  features?: { EnableConsumableCapacity: boolean; EnableListTypeAttributes: boolean };
  expression: string;
  driver: string;
  allowMultipleAllocations?: boolean;
  attributes?: DraDevice['attributes'];
  capacity?: DraDevice['capacity'];
  expectCompileError?: string;
  expectMatchError?: string;
  expectMatch: boolean;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/cel/dra-compile-test.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** Upstream cases this suite does not run, and why (also in docs/cel.md). */
export const EXCLUDED: Record<string, string> = {
  expensive: "expects cel-go's runtime cost limit (\"actual cost limit exceeded\"); kubedeck has no cost accounting, and evaluating it means 10^7 iterations",
};

const combos = (c: Case): { features: DraFeatures; envType: EnvType }[] => {
  const fs: DraFeatures[] = c.features
    ? [{ consumableCapacity: c.features.EnableConsumableCapacity, listTypeAttributes: c.features.EnableListTypeAttributes }]
    : [true, false].flatMap((listTypeAttributes) => [true, false].map((consumableCapacity) => ({ consumableCapacity, listTypeAttributes })));
  const envs: EnvType[] = c.envType ? [c.envType === 'NewExpressions' ? 'new' : 'stored'] : ['new', 'stored'];
  return fs.flatMap((features) => envs.map((envType) => ({ features, envType })));
};

const expected = (c: Case) => (c.expectCompileError ? 'compileError' : c.expectMatchError ? 'runtimeError' : c.expectMatch);

describe('DRA CEL selectors: upstream compile_test.go cases', () => {
  it('has the upstream table', () => {
    expect(fixture.cases.length).toBeGreaterThan(60);
    for (const name of Object.keys(EXCLUDED)) expect(fixture.cases.map((c) => c.name)).toContain(name);
  });
  for (const c of fixture.cases.filter((c) => !(c.name in EXCLUDED))) {
    it(c.name, () => {
      for (const { features, envType } of combos(c)) {
        const device: DraDevice = { driver: c.driver, allowMultipleAllocations: c.allowMultipleAllocations, attributes: c.attributes, capacity: c.capacity };
        const r = compileSelector(c.expression, { features, envType }).matches(device);
        const got = r.kind === 'value' ? r.value : r.kind;
        expect({ features, envType, got, why: r.kind === 'value' ? '' : 'message' in r ? r.message : r.feature }).toMatchObject({ features, envType, got: expected(c) });
      }
    });
  }
});
