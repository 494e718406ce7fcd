// The contracts module (src/k8s/types.ts) imports no implementation: nothing it
// imports, directly or not, imports it back. A cycle through it ties every module
// that names a contract to every implementation behind it.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const CONTRACTS = path.join(SRC, 'k8s/types.ts');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** every relative import and re-export, type-only ones included (they tie types together too) */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    const base = path.resolve(path.dirname(file), m[1]).replace(/\.js$/, '');
    const hit = ['.ts', '.tsx'].map((ext) => base + ext).find((f) => existsSync(f));
    if (hit) out.push(hit);
  }
  return out;
}

function reachable(graph: Map<string, string[]>, from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length) {
    for (const next of graph.get(todo.pop()!) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      todo.push(next);
    }
  }
  return seen;
}

const graph = new Map(sources(SRC).map((f) => [f, importsOf(f)]));

describe('the contracts module', () => {
  it('is in no import cycle: nothing it reaches imports it back', () => {
    const back = [...reachable(graph, CONTRACTS)].filter((f) => reachable(graph, f).has(CONTRACTS)).map((f) => path.relative(SRC, f));
    expect(back).toEqual([]);
  });

  it('imports types only', () => {
    const text = readFileSync(CONTRACTS, 'utf8');
    const valueImports = [...text.matchAll(/^import (?!type )[^;]+;/gm)].map((m) => m[0]);
    expect(valueImports).toEqual([]);
  });

  it('the check sees a cycle when there is one (session ↔ the per-kind APIs it builds)', () => {
    // claims.ts takes SessionCore from session.ts, which builds the claims API
    const session = path.join(SRC, 'k8s/session.ts');
    expect(reachable(graph, session).has(path.join(SRC, 'k8s/claims.ts'))).toBe(true);
    expect(reachable(graph, path.join(SRC, 'k8s/claims.ts')).has(session)).toBe(true);
  });
});
