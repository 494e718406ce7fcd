// Where a .cpuprofile's time went, by module of the bundle (esbuild's `// node_modules/…`
// and `// src/…` comments mark where each begins) and by function: self time up to a
// moment, e.g. the first pod row (docs/performance.md, "First rows, again").
// Usage: npx tsx bench/cpuprofile.ts PROFILE BUNDLE [UNTIL_MS] [TOP] [--callers FUNCTION]
//   PROFILE  from bench/firstrows.ts --cpu-prof DIR (or node --cpu-prof)
//   BUNDLE   the bundle that ran: dist/.bundle/kubedeck.mjs (the launcher runs a copy of it)
//   --callers FUNCTION  also the call paths (4 frames up) into FUNCTION, with their total time
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const argv = process.argv.slice(2);
const at = argv.indexOf('--callers');
const callersOf = at >= 0 ? argv.splice(at, 2)[1] : undefined;
const [file, bundle, untilArg, topArg] = argv;
if (!file || !bundle) throw new Error('usage: npx tsx bench/cpuprofile.ts PROFILE BUNDLE [UNTIL_MS] [TOP] [--callers FUNCTION]');
const until = Number(untilArg ?? Infinity) * 1000;
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const lines = readFileSync(bundle, 'utf8').split('\n');
const moduleAt: string[] = [];
let current = '(esbuild runtime)';
for (let i = 0; i < lines.length; i++) {
  const m = /^\/\/ ((?:node_modules|src)\/\S+)$/.exec(lines[i]!);
  if (m) current = m[1]!.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+).*$/, '$1');
  moduleAt[i] = current;
}
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const where = (n: Node) => (n.callFrame.url.endsWith('.mjs') ? (moduleAt[n.callFrame.lineNumber] ?? '?') : n.callFrame.url ? `node:${n.callFrame.url.replace(/^.*\//, '')}` : n.callFrame.functionName || '(vm)');
const self = new Map<number, number>();
let t = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i]!;
  if (t > until) break;
  self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
}
const byModule = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const [id, us] of self) {
  const n = byId.get(id)!;
  total += us;
  byModule.set(where(n), (byModule.get(where(n)) ?? 0) + us);
  const key = `${n.callFrame.functionName || '(anonymous)'}  ${where(n)}:${n.callFrame.lineNumber}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
const ms = (us: number) => (us / 1000).toFixed(1).padStart(7);
const print = (m: Map<string, number>) => {
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)}  ${k}`);
};
console.log(`${(total / 1000).toFixed(0)} ms sampled${Number.isFinite(until) ? ` in the first ${until / 1000} ms` : ''}; self time by module:`);
print(byModule);
console.log('by function:');
print(byFunction);
if (callersOf) {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totals = new Map<number, number>();
  const totalOf = (id: number): number => {
    const known = totals.get(id);
    if (known !== undefined) return known;
    const sum = (self.get(id) ?? 0) + (byId.get(id)!.children ?? []).reduce((s, c) => s + totalOf(c), 0);
    totals.set(id, sum);
    return sum;
  };
  const paths = new Map<string, number>();
  for (const n of profile.nodes) {
    if (n.callFrame.functionName !== callersOf) continue;
    const chain: string[] = [];
    for (let q = parent.get(n.id), k = 0; q !== undefined && k < 4; q = parent.get(q), k++) chain.push(`${byId.get(q)!.callFrame.functionName || '(anonymous)'}@${where(byId.get(q)!)}`);
    const key = chain.join(' < ');
    paths.set(key, (paths.get(key) ?? 0) + totalOf(n.id));
  }
  console.log(`into ${callersOf} (total time):`);
  print(paths);
}
