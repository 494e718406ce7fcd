// The store's per-object cost alone (trimObject: the freeze walk and string sharing),
// in-process, on N pods parsed from LIST pages as the watch loop receives them: CPU
// time of trimObject over every pod, per run, beside JSON.parse of the same pages.
//   npx tsx bench/trimcost.ts [N] [--shape demo|real] [--runs R]
import { extraPods } from '../src/demo/seed/extra.js';
import { trimObject } from '../src/state/store.js';
import type { KubeObject } from '../src/k8s/types.js';
import { realLike } from './realpod.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const shape = flag('--shape') ?? 'demo';
const runs = Number(flag('--runs') ?? '5');
const n = Number(args[0] ?? '50000');
const pods = extraPods(n).map((p, i) => (shape === 'real' ? { apiVersion: 'v1', kind: 'Pod', ...realLike(p, i) } : p));
const pages: string[] = [];
for (let i = 0; i < pods.length; i += 500) pages.push(JSON.stringify({ kind: 'PodList', items: pods.slice(i, i + 500) }));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const parse: number[] = [];
const trim: number[] = [];
for (let r = 0; r < runs; r++) {
  let c = cpu();
  const parsed = pages.map((p) => (JSON.parse(p) as { items: KubeObject[] }).items);
  parse.push(cpu() - c);
  c = cpu();
  const kept: KubeObject[] = [];
  for (const items of parsed) for (const item of items) kept.push(trimObject(item));
  trim.push(cpu() - c);
  if (kept.length !== n) throw new Error('lost pods');
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`shape ${shape}, ${n} pods, ${runs} runs (median CPU): JSON.parse ${med(parse).toFixed(0)} ms, trimObject ${med(trim).toFixed(0)} ms (${((1000 * med(trim)) / n).toFixed(2)} µs per pod); all trim runs ${trim.map((t) => t.toFixed(0)).join(' ')}`);
