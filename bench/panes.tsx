// A store flush's cost in each list pane: N objects of the pane's kind in a real Store
// (the one the watch loop feeds: changesSince, orderOf), the whole App rendered by
// ink-testing-library around the component tests' fake API, then one object changed
// at a time and the time from the watch event to the frame written. Also a filter
// keystroke on top of the changes. Run: `NODE_ENV=production npx tsx bench/panes.tsx [N] [changes]`
// (React's development build diffs every prop of every render, which swamps the rest).
import { render } from 'ink-testing-library';
import { App, type PaneId } from '../src/views/App.js';
import { FakeConsoleApi, makePod } from '../test/component/fake-api.js';
import { makePv } from '../test/component/volumes-fake.js';
import type { KubeObject, ResourceType } from '../src/k8s/types.js';
import type { ServerTable, TablesApi } from '../src/k8s/tables.js';
import type { NamedResource } from '../src/state/resolve.js';
import { Store } from '../src/state/store.js';
import { ServerTableStore } from '../src/state/servertable.js';
import { loadavg } from 'node:os';

const N = Number(process.argv[2] ?? 50_000);
const CHANGES = Number(process.argv[3] ?? 30);
const pad = (i: number) => String(i).padStart(5, '0');
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Case {
  pane: string;
  /** the store the pane reads, already filled and synced */
  store: Store;
  setup(api: FakeConsoleApi): void;
  /** typed after start (e.g. `:deploy⏎`) */
  open?: string;
  initial?: PaneId;
  /** the object number i, version v: a visible cell changes with v */
  object(i: number, v: number): KubeObject;
}

const synced = (store: Store, objects: KubeObject[]) => {
  store.listStart();
  store.listPage(objects);
  store.listDone('1');
  store.setHealth({ state: 'synced', count: objects.length, since: Date.now() });
};

const claim = (i: number, v: number): KubeObject => ({
  apiVersion: 'resource.k8s.io/v1',
  kind: 'ResourceClaim',
  metadata: { namespace: 'ml', name: `claim-${pad(i)}`, uid: `c-${i}`, resourceVersion: String(v + 1), creationTimestamp: ago(3_600_000) },
  spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.example.com' } }] } },
  status:
    v % 2 === 1
      ? { allocation: { devices: { results: [{ request: 'gpu', driver: 'gpu.example.com', pool: 'node-1', device: `gpu-${v}` }] } }, reservedFor: [{ resource: 'pods', name: `p-${i}`, uid: `p-${i}` }] }
      : {},
});

const deployment = (i: number, v: number) => ({
  apiVersion: 'meta.k8s.io/v1',
  kind: 'PartialObjectMetadata',
  metadata: { namespace: 'web', name: `deploy-${pad(i)}`, uid: `d-${i}`, resourceVersion: String(v + 1), creationTimestamp: ago(3_600_000) },
  cells: [`deploy-${pad(i)}`, `${v % 3}/3`, '1h'],
});

const DEPLOYMENTS: NamedResource = { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, verbs: ['get', 'list', 'watch'], subresources: [], singular: 'deployment', shortNames: ['deploy'] };

class Tables implements TablesApi {
  constructor(readonly store: ServerTableStore) {}
  find() {
    return { ok: true as const, resource: DEPLOYMENTS };
  }
  async resolve() {
    return this.find();
  }
  table(rt: ResourceType): ServerTable {
    return { type: rt, namespace: null, store: this.store };
  }
}

function cases(): Case[] {
  const pods = new Store({ frameMs: 1 });
  const pvs = new Store({ frameMs: 1 });
  const claims = new Store({ frameMs: 1 });
  const table = new ServerTableStore({ frameMs: 1 });
  return [
    {
      pane: 'pods (reference: on the index already)',
      store: pods,
      initial: 'pods',
      setup: (api) => Object.defineProperty(api, 'pods', { value: pods }),
      object: (i, v) => ({ ...makePod({ namespace: 'bulk', name: `pod-${pad(i)}`, node: `node-${v % 7}` }), metadata: { ...makePod({ namespace: 'bulk', name: `pod-${pad(i)}` }).metadata, resourceVersion: String(v + 1) } }),
    },
    {
      pane: 'volumes',
      store: pvs,
      initial: 'volumes',
      setup: (api) => Object.defineProperty(api.volumes, 'pvs', { value: pvs }),
      object: (i, v) => ({ ...makePv({ name: `pv-${pad(i)}`, phase: v % 2 ? 'Bound' : 'Available', claim: v % 2 ? `web/data-${i}` : undefined }), metadata: { ...makePv({ name: `pv-${pad(i)}` }).metadata, resourceVersion: String(v + 1) } }),
    },
    {
      pane: 'claims',
      store: claims,
      initial: 'claims',
      setup: (api) => Object.defineProperty(api.claims.stores, 'resourceclaims', { value: claims }),
      object: claim,
    },
    {
      pane: 'resources (:deploy, server Table)',
      store: table,
      setup: (api) => {
        table.setColumns([
          { name: 'Name', type: 'string', format: 'name', priority: 0 },
          { name: 'Ready', type: 'string', priority: 0 },
          { name: 'Age', type: 'string', priority: 0 },
        ]);
        api.tables = new Tables(table);
      },
      open: ':deploy\r',
      object: deployment as (i: number, v: number) => KubeObject,
    },
  ];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? NaN;

async function measure(c: Case) {
  const api = new FakeConsoleApi();
  c.setup(api);
  const r = render(<App api={api} initialPane={c.initial} colors={false} onQuit={() => {}} />);
  let writes = 0;
  let lastWrite = 0;
  const write = r.stdout.write.bind(r.stdout);
  r.stdout.write = (frame: string) => {
    writes++;
    lastWrite = performance.now();
    return write(frame);
  };
  await wait(50);
  if (c.open)
    for (const ch of c.open) {
      r.stdin.write(ch);
      await wait(20);
    }
  const t0 = performance.now();
  const syncUsed = process.cpuUsage();
  synced(c.store, Array.from({ length: N }, (_, i) => c.object(i, 0)));
  const untilFrame = async (since: number) => {
    const deadline = Date.now() + 60_000;
    while (writes === since && Date.now() < deadline) await new Promise((res) => setImmediate(res));
    return lastWrite;
  };
  let before = writes;
  await untilFrame(before);
  while (!(r.lastFrame() ?? '').includes(N.toLocaleString('en-US'))) await wait(5);
  const syncMs = performance.now() - t0;
  const syncCpu = process.cpuUsage(syncUsed);
  const syncCpuMs = (syncCpu.user + syncCpu.system) / 1000;
  await wait(100);
  const flush: number[] = [];
  const cpu: number[] = [];
  for (let v = 1; v <= CHANGES; v++) {
    // the first row on screen (rows sort by name): its cell changes, so a frame is written
    before = writes;
    const start = performance.now();
    const used = process.cpuUsage();
    c.store.apply('MODIFIED', c.object(0, v));
    flush.push((await untilFrame(before)) - start);
    // this process's own CPU time for it: what other processes on the machine do not change
    const d = process.cpuUsage(used);
    cpu.push((d.user + d.system) / 1000);
    await wait(10);
  }
  // a filter keystroke: `/` then one character
  r.stdin.write('/');
  await wait(30);
  before = writes;
  const start = performance.now();
  r.stdin.write('9');
  const filterMs = (await untilFrame(before)) - start;
  r.unmount();
  c.store.dispose();
  return { syncMs, syncCpuMs, flush, cpu, filterMs };
}

console.log(`${N.toLocaleString('en-US')} objects per pane, ${CHANGES} single-object changes each, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('pane | sync to full count, wall / CPU (ms) | one change → frame p50 / p90 / max (ms) | its CPU p50 / p90 (ms) | filter key → frame (ms)');
// BENCH_PANES=volumes,claims: only those (the pane's name starts with one)
const only = process.env.BENCH_PANES?.split(',');
for (const c of cases().filter((c) => !only || only.some((o) => c.pane.startsWith(o)))) {
  const m = await measure(c);
  console.log(`${c.pane} | ${m.syncMs.toFixed(0)} / ${m.syncCpuMs.toFixed(0)} | ${median(m.flush).toFixed(1)} / ${p(m.flush, 0.9).toFixed(1)} / ${Math.max(...m.flush).toFixed(1)} | ${median(m.cpu).toFixed(1)} / ${p(m.cpu, 0.9).toFixed(1)} | ${m.filterMs.toFixed(1)}`);
}
console.log(`load average after ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
process.exit(0);
