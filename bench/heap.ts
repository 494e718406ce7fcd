// The live heap per pod and the store's per-object sync cost, in-process and without a
// server (docs/performance.md, "Memory per pod and sync cost"): N pods as LIST pages of
// 500 (JSON text made up front), then each page JSON.parsed and handed to a Store as the
// watch loop does (listPage), then the pods pane's row index over the store. Heap after a
// forced GC before and after each step, so the figures are live bytes, not garbage.
//
//   npx node --expose-gc --import tsx bench/heap.ts [N] [--shape demo|real] [--runs R]
//     --shape demo: the demo's bulk pods (src/demo/seed/extra.ts);
//             real: the same pods as kube-apiserver 1.37 returns a KWOK pod of
//                   bench/real.ts (defaulted spec, KWOK's status, two managedFields)
//     --project: first drop what no row, badge, why, gate or details line of these pods
//             reads (the most a projection could save here: defaulted spec fields, the
//             status' IP lists, container defaults, lastProbeTime)
//     --breakdown: also walk the stored objects (strings, duplicates, bytes per subtree)
//
// Prints one JSON line per run and a summary.
import { extraPods } from '../src/demo/seed/extra.js';
import { Store } from '../src/state/store.js';
import { RowIndex } from '../src/state/rowindex.js';
import { podRow } from '../src/state/pods.js';
import type { KubeObject } from '../src/k8s/types.js';
import { realLike } from './realpod.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const has = (name: string) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const shape = flag('--shape') ?? 'demo';
const runs = Number(flag('--runs') ?? '1');
const breakdown = has('--breakdown');
const project = has('--project');
const n = Number(args[0] ?? '50000');

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/** a copy with only these keys, in this order (no delete: a deleted key makes a dictionary-mode object) */
function pick(o: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> | undefined {
  if (!o) return o;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
function projected(p: KubeObject): KubeObject {
  const spec = pick(p.spec, ['nodeName', 'schedulingGates', 'containers', 'initContainers', 'tolerations', 'nodeSelector', 'affinity', 'resourceClaims', 'volumes'])!;
  spec.containers = (spec.containers as Record<string, unknown>[]).map((c) => pick(c, ['name', 'image', 'resources']));
  const status = pick(p.status, ['phase', 'reason', 'conditions', 'containerStatuses', 'initContainerStatuses', 'hostIP', 'podIP', 'startTime', 'nominatedNodeName'])!;
  status.conditions = (status.conditions as Record<string, unknown>[] | undefined)?.map((c) => pick(c, ['type', 'status', 'reason', 'message', 'lastTransitionTime']));
  status.containerStatuses = (status.containerStatuses as Record<string, unknown>[] | undefined)?.map((c) => pick(c, ['name', 'image', 'ready', 'started', 'restartCount', 'state']));
  const metadata = pick(p.metadata, ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'labels', 'annotations', 'ownerReferences', 'managedFields']);
  return { apiVersion: p.apiVersion, kind: p.kind, metadata, spec, status } as KubeObject;
}

function pages(): string[] {
  const pods = extraPods(n).map((p, i) => (shape === 'real' ? realLike(p, i) : { ...p, metadata: { ...p.metadata, resourceVersion: String(1000 + i) } }));
  const out: string[] = [];
  for (let i = 0; i < pods.length; i += 500) {
    // a LIST's items carry no apiVersion/kind
    const items = pods.slice(i, i + 500).map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
    out.push(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '99' }, items }));
  }
  return out;
}

interface Walk {
  objects: number;
  arrays: number;
  strings: number;
  distinct: Map<string, number>;
  chars: number;
}

function walk(v: unknown, w: Walk): void {
  if (typeof v === 'string') {
    w.strings++;
    w.chars += v.length;
    w.distinct.set(v, (w.distinct.get(v) ?? 0) + 1);
  } else if (Array.isArray(v)) {
    w.arrays++;
    for (const x of v) walk(x, w);
  } else if (v && typeof v === 'object') {
    w.objects++;
    for (const x of Object.values(v)) walk(x, w);
  }
}

function report(store: Store): void {
  const w: Walk = { objects: 0, arrays: 0, strings: 0, distinct: new Map(), chars: 0 };
  const bytes: Record<string, number> = {};
  for (const o of store.list()) {
    walk(o, w);
    for (const [k, v] of Object.entries(o)) {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        for (const [k2, v2] of Object.entries(v)) bytes[`${k}.${k2}`] = (bytes[`${k}.${k2}`] ?? 0) + JSON.stringify(v2).length + k2.length + 4;
      } else bytes[k] = (bytes[k] ?? 0) + JSON.stringify(v).length + k.length + 4;
    }
  }
  const per = (x: number) => +(x / store.size).toFixed(1);
  let dupStrings = 0;
  let dupChars = 0;
  for (const [s, count] of w.distinct) {
    if (count > 1) {
      dupStrings += count - 1;
      dupChars += (count - 1) * s.length;
    }
  }
  const top = [...w.distinct].filter(([, c]) => c > 1).sort((a, b) => b[1] * (b[0].length + 16) - a[1] * (a[0].length + 16)).slice(0, 12).map(([s, c]) => `${JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s)}×${c}`);
  console.log(JSON.stringify({ perPod: { objects: per(w.objects), arrays: per(w.arrays), strings: per(w.strings), chars: per(w.chars), duplicateStrings: per(dupStrings), duplicateChars: per(dupChars) }, distinctStrings: w.distinct.size }));
  console.log(`JSON bytes per pod by field: ${Object.entries(bytes).sort((a, b) => b[1] - a[1]).map(([k, b]) => `${k} ${per(b)}`).join(', ')}`);
  console.log(`most repeated: ${top.join(', ')}`);
}

const texts = pages();
const totalBytes = texts.reduce((s, t) => s + t.length, 0);
function once(r: number): Record<string, number> {
  // the floor: JSON.parse of the same pages
  let t = performance.now();
  for (const text of texts) JSON.parse(text);
  const parseMs = performance.now() - t;
  const h0 = heap();
  const store = new Store({ frameMs: 33 });
  store.listStart();
  let storeMs = 0;
  t = performance.now();
  for (const text of texts) {
    const page = JSON.parse(text) as { items: KubeObject[] };
    const s = performance.now();
    for (const item of page.items) {
      item.apiVersion ??= 'v1';
      item.kind ??= 'Pod';
    }
    store.listPage(project ? page.items.map(projected) : page.items);
    storeMs += performance.now() - s;
  }
  store.listDone('99');
  const syncMs = performance.now() - t;
  const h1 = heap();
  const index = new RowIndex(store, (pod, now, key) => podRow(pod, now, key));
  t = performance.now();
  const rows = index.rows({ filter: '', col: 0, desc: false });
  const rowsMs = performance.now() - t;
  const h2 = heap();
  // typing into the filter, as the benchmark's keys do: each prefix of a word, then Esc
  const typed: number[] = [];
  for (const word of ['worker-1', 'cache-2']) {
    for (let i = 1; i <= word.length; i++) {
      const s = performance.now();
      index.rows({ filter: word.slice(0, i), col: 0, desc: false });
      typed.push(performance.now() - s);
    }
    index.rows({ filter: '', col: 0, desc: false });
  }
  const h3 = heap();
  // the same typing as the pods pane filters (partial): a keystroke reads the first
  // window (38 rows), the rest of the pass is filterStep slices between keys; texts cold
  // as above (a new index)
  const partial = new RowIndex(store, (pod, now, key) => podRow(pod, now, key));
  partial.rows({ filter: '', col: 0, desc: false, partial: true }).slice();
  const windowed: number[] = [];
  let restMs = 0;
  for (const word of ['worker-1', 'cache-2']) {
    for (let i = 0; i <= word.length; i++) {
      const s = performance.now();
      partial.rows({ filter: word.slice(0, i), col: 0, desc: false, partial: true }).slice(0, 38);
      if (i > 0) windowed.push(performance.now() - s);
      const r = performance.now();
      while (!partial.filterStep(3));
      restMs += performance.now() - r;
    }
  }
  const res = {
    pods: store.size,
    jsonBytesPerPod: Math.round(totalBytes / store.size),
    parseMs: Math.round(parseMs),
    syncMs: Math.round(syncMs),
    storeMs: Math.round(storeMs),
    syncOverFloor: +(syncMs / parseMs).toFixed(2),
    storeBytesPerPod: Math.round((h1 - h0) / store.size),
    rowBytesPerPod: Math.round((h2 - h1) / store.size),
    rowsMs: Math.round(rowsMs),
    /** ms of the slowest keystroke typed into the filter, and of the first (a pass over every row) */
    filterMaxMs: +Math.max(...typed).toFixed(1),
    filterFirstMs: +typed[0]!.toFixed(1),
    /** the same keystrokes as the pods pane filters them: the first window read, and the rest of every pass in slices */
    filterWindowMaxMs: +Math.max(...windowed).toFixed(2),
    filterSlicesMs: Math.round(restMs),
    /** what filtering left in the heap: the rows' lowercased text, when kept */
    filterBytesPerPod: Math.round((h3 - h2) / store.size),
    heapAfterSyncMiB: Math.round(h1 / 2 ** 20),
    heapWithRowsMiB: Math.round(h2 / 2 ** 20),
  };
  if (breakdown && r === 0) report(store);
  if (rows.length !== store.size) throw new Error('rows and store disagree');
  store.dispose();
  return res;
}

const results: Record<string, number>[] = [];
for (let r = 0; r < runs; r++) {
  const res = once(r);
  console.log(JSON.stringify(res));
  results.push(res);
}
const med = (k: string) => results.map((x) => x[k]!).sort((a, b) => a - b)[results.length >> 1];
console.log(`shape ${shape}, ${n} pods, ${runs} runs (median): JSON ${med('jsonBytesPerPod')} B/pod; store ${med('storeBytesPerPod')} B/pod, rows ${med('rowBytesPerPod')} B/pod; filter keystroke max ${med('filterMaxMs')} ms (a window first: ${med('filterWindowMaxMs')} ms, ${med('filterSlicesMs')} ms in slices), kept ${med('filterBytesPerPod')} B/pod; sync ${med('syncMs')} ms (store ${med('storeMs')} ms) vs JSON.parse ${med('parseMs')} ms = ${med('syncOverFloor')}×`);
