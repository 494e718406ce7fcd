// A malformed object never crashes a pane or a printer. Property-based: each kind's
// fixtures (upstream's every-field-filled objects and the repository's realistic
// ones) get arbitrary JSON values put at arbitrary paths, and every row function,
// details text, the details view's fields, the logs header's text and the snapshot
// printers must not throw, and must keep each cell within MAX_CELL_WIDTH.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/k8s/types.js';
import { podColumns, podRow } from '../../src/state/pods.js';
import { claimContext, claimDetails, claimRow } from '../../src/state/claims.js';
import { waiterRows } from '../../src/state/claimwaiters.js';
import { claimsPerClass, deviceClassDetails, deviceClassRow } from '../../src/state/deviceclasses.js';
import { inventory, poolDetails, poolRow } from '../../src/state/slices.js';
import { pvColumns, pvDetails, pvRow } from '../../src/state/pvs.js';
import { lifecycleLine, lifecycleSummary, podContainers, stateText } from '../../src/state/containers.js';
import { displayWidth, MAX_CELL_WIDTH } from '../../src/state/table.js';
import { trimObject } from '../../src/state/store.js';
import { kubectlJson, kubectlTable } from '../../src/panes.js';
import { detailLines, summaryRow } from '../../src/views/DetailView.js';
import { podDetails } from '../../src/views/panes/pods/PodsPane.js';
import { yamlLines } from '../../src/views/YamlView.js';
import { Store } from '../../src/state/store.js';
import { printTable, tableLayout, tableRows } from '../../src/state/servertable.js';
import { tableColumns } from '../../src/k8s/servertable.js';
import { describeObject } from '../../src/state/details/index.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const dir = (d: string) => fileURLToPath(new URL(`../fixtures/${d}/`, import.meta.url));
const load = (path: string): KubeObject => JSON.parse(readFileSync(path, 'utf8')) as KubeObject;
const all = (d: string, match: RegExp = /\.json$/) => readdirSync(dir(d)).filter((f) => match.test(f)).map((f) => load(dir(d) + f));
const upstream = (kind: string) => ['HEAD', 'v1.33.0'].flatMap((v) => all(`upstream/${v}`, new RegExp(`\\.${kind}\\.json$`)));

const pods = [...upstream('Pod'), ...all('pods'), ...all('dra', /^pod-/)];
const claims = [...upstream('ResourceClaim'), ...all('dra', /^claim-/)];
const slices = [...upstream('ResourceSlice'), ...all('dra', /^slice-/)];
const classes = upstream('DeviceClass');
const pvs = [...upstream('PersistentVolume'), ...all('pvs')];
const settings = { releasedThresholdMs: 86_400_000, customFinalizer: 'example.com/custom-cleanup' };

/** every path (as keys) inside a JSON value */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      const p = [...prefix, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      paths(child, p, out);
    }
  }
  return out;
}

// hostile values: null, wrong types, huge and escape-laden strings, empty containers
const hostile = fc.oneof(
  fc.constant(null),
  fc.constant([null]),
  fc.constant({}),
  fc.constant([]),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string(),
  fc.constant('\x1b]52;c;AAAA\x07\u202e\u200b'),
  fc.constant('n'.repeat(5000)),
  fc.jsonValue({ maxDepth: 3 }),
);

/** a fixture with hostile values at random paths; metadata stays an object with a string name, as the watch guarantees */
function mutated(fixtures: KubeObject[]): fc.Arbitrary<KubeObject> {
  return fc
    .tuple(fc.integer({ min: 0, max: fixtures.length - 1 }), fc.array(fc.tuple(fc.nat(), hostile), { minLength: 1, maxLength: 6 }))
    .map(([i, edits]) => {
      const obj = structuredClone(fixtures[i]!) as Record<string, unknown>;
      const ps = paths(obj);
      for (const [n, value] of edits) {
        const p = ps[n % ps.length]!;
        let at = obj as Record<string | number, unknown>;
        for (const k of p.slice(0, -1)) {
          const next = at[k];
          if (!next || typeof next !== 'object') break;
          at = next as Record<string | number, unknown>;
        }
        at[p.at(-1)!] = structuredClone(value);
      }
      if (!obj.metadata || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) obj.metadata = {};
      const md = obj.metadata as Record<string, unknown>;
      if (typeof md.name !== 'string') md.name = 'renamed';
      // as it arrives: parsed JSON (an edit past an array's end leaves a hole; JSON has null there)
      return trimObject(JSON.parse(JSON.stringify(obj)) as KubeObject);
    });
}

const capped = (cells: readonly string[]) => {
  for (const c of cells) {
    expect(typeof c).toBe('string');
    expect(displayWidth(c)).toBeLessThanOrEqual(MAX_CELL_WIDTH);
  }
};
const RUNS = { numRuns: Number(process.env.FAULT_RUNS ?? 150) };

describe('malformed objects never crash', () => {
  it('pods: row, details, detail view, YAML, containers and the logs header text', () => {
    fc.assert(
      fc.property(mutated(pods), (p) => {
        capped(podRow(p, NOW).cells);
        capped(Object.values(summaryRow(p, NOW)));
        for (const l of detailLines(p, NOW, 80)) expect(typeof l.text).toBe('string');
        expect(typeof podDetails(p)).toBe('string');
        yamlLines(p);
        const cs = podContainers(p);
        cs.forEach(stateText);
        lifecycleLine(cs);
        lifecycleSummary(cs);
      }),
      RUNS,
    );
  });

  it('a pod with ownerReferences: [null] opens in the details view', () => {
    const p = trimObject({ ...pods[0]!, metadata: { ...pods[0]!.metadata, ownerReferences: [null] } } as unknown as KubeObject);
    expect(() => detailLines(p, NOW, 80)).not.toThrow();
    expect(detailLines(p, NOW, 80).some((l) => l.text.includes('Metadata'))).toBe(true);
  });

  it('claims: row and details, with the pods that wait for them', () => {
    fc.assert(
      fc.property(mutated(claims), fc.array(mutated(pods), { maxLength: 3 }), (c, ps) => {
        const ctx = claimContext(ps);
        capped(claimRow(c, NOW, ctx).cells);
        expect(typeof claimDetails(c, ctx)).toBe('string');
        const store = new Store();
        store.listPage([c]);
        for (const r of waiterRows(ps, NOW, store)) capped(r.cells);
        store.dispose();
      }),
      RUNS,
    );
  });

  it('device classes and slices: rows and details', () => {
    fc.assert(
      fc.property(mutated(classes), fc.array(mutated(slices), { minLength: 1, maxLength: 3 }), mutated(claims), (k, ss, c) => {
        capped(deviceClassRow(k, NOW, claimsPerClass([c])).cells);
        expect(typeof deviceClassDetails(k)).toBe('string');
        for (const pool of inventory(ss, [c])) {
          capped(poolRow(pool).cells);
          expect(typeof poolDetails(pool)).toBe('string');
        }
      }),
      RUNS,
    );
  });

  it('persistent volumes: row and details', () => {
    fc.assert(
      fc.property(mutated(pvs), (pv) => {
        capped(pvRow(pv, NOW, settings).cells);
        expect(typeof pvDetails(pv, settings)).toBe('string');
      }),
      RUNS,
    );
  });

  it('snapshot printers: table and JSON', () => {
    fc.assert(
      fc.property(fc.array(mutated(pods), { maxLength: 5 }), fc.array(mutated(pvs), { maxLength: 3 }), (ps, vs) => {
        kubectlTable(podColumns, ps.map((p) => podRow(p, NOW)), new Set(), 'none\n');
        kubectlTable(pvColumns, vs.map((v) => pvRow(v, NOW, settings)), new Set(), 'none\n');
        JSON.parse(kubectlJson(ps));
      }),
      { numRuns: 60 },
    );
  });

  it('server-side Tables: hostile column definitions and cells never throw; cells capped', () => {
    const column = fc.oneof(hostile, fc.record({ name: fc.oneof(fc.string(), hostile), type: fc.oneof(fc.constantFrom('string', 'integer', 'date'), hostile), priority: fc.oneof(fc.integer({ min: 0, max: 1 }), hostile) }));
    const row = fc.record({ metadata: fc.record({ name: fc.string(), namespace: fc.oneof(fc.string(), hostile), creationTimestamp: fc.oneof(fc.constant('2026-01-01T00:00:00Z'), hostile), uid: fc.string() }), cells: fc.array(hostile, { maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(column, { maxLength: 8 }), fc.array(row, { maxLength: 4 }), fc.boolean(), (cols, rows, wide) => {
        const defs = tableColumns({ columnDefinitions: cols } as never) ?? null;
        const layout = tableLayout(defs, { wide, namespaceColumn: true });
        for (const c of layout.columns) expect(displayWidth(c.title)).toBeLessThanOrEqual(MAX_CELL_WIDTH);
        const out = tableRows(JSON.parse(JSON.stringify(rows)) as KubeObject[], layout, NOW);
        for (const r of out) capped(r.cells);
        expect(typeof printTable(layout, out)).toBe('string');
      }),
      RUNS,
    );
  });

  it('a Table cell nested 10,000 levels deep is shown cut, not a stack overflow', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const layout = tableLayout([{ name: 'Deep', type: 'string', priority: 0 }], { wide: false, namespaceColumn: false });
    const [r] = tableRows([{ metadata: { name: 'a', uid: 'u' }, cells: [deep] } as unknown as KubeObject], layout, NOW);
    expect(r!.cells[0]).toContain('…');
  });

  it('the details view of every kind: claims, slices, volumes, device classes', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(claims), mutated(slices), mutated(pvs), mutated(classes)), (o) => {
        for (const l of detailLines(o, NOW, 80)) expect(typeof l.text).toBe('string');
        for (const sec of describeObject(o, NOW)) expect(sec.lines.some((l) => l.tone === 'error' && /cannot read/.test(String(l.value)))).toBe(false);
      }),
      RUNS,
    );
  });

  it('snapshot pods prints 50 pods with 1 MiB names (no "Invalid string length"), names cut', () => {
    const big = Array.from({ length: 50 }, (_, i) => trimObject({ ...pods[1]!, metadata: { ...pods[1]!.metadata, name: `${i}${'n'.repeat(1 << 20)}` } } as KubeObject));
    const out = kubectlTable(podColumns, big.map((p) => podRow(p, NOW)), new Set(), 'none\n').stdout;
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(51);
    for (const l of lines) expect(displayWidth(l)).toBeLessThan(podColumns.length * (MAX_CELL_WIDTH + 3));
    expect(lines[1]).toContain('…');
  });
});
