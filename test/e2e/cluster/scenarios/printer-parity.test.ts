// Scenario 5: printer parity with the real API server. For every pod of a varied
// scenario — init failures, sidecars started or not, completed plus running
// containers, evictions, terminating pods, gated pods — kubedeck's READY, STATUS and
// RESTARTS (src/state/pods.ts, a port of printPod) equal the columns of the API
// server's own Table for the same pod (server-side printing, what `kubectl get`
// shows), compared on the very same object: the Table is asked for with
// includeObject=Object, and kubedeck's watched store must hold that resourceVersion.
//
// Statuses are written through the status subresource, on pods bound to a Node that
// KWOK does not manage (no kwok.x-k8s.io/node annotation: kwok runs with
// --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake), so nothing
// rewrites them. A real Node object keeps the pod garbage collector from removing
// the pods as orphans.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/k8s/types.js';
import { podReady, podRestarts, podRow, podStatus } from '../../../../src/state/pods.js';
import { eventually, openKubedeck, scenarioEnv, type OpenedSession, type ScenarioEnv } from './helpers.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const RUN = Date.now().toString(36);
const NODE = `unmanaged-${RUN}`;

let env: ScenarioEnv;
let kd: OpenedSession;

// times far enough back that "(2d2h ago)" reads the same on the server and here
const T0 = new Date(Date.now() - 50 * 3600_000 - 30 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
const T1 = new Date(Date.now() - 26 * 3600_000 - 10 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

type Json = Record<string, any>;
const running = (name: string, ready = true, extra: Json = {}): Json => ({ name, image: 'img', imageID: '', ready, restartCount: 0, state: { running: { startedAt: T0 } }, ...extra });
const waiting = (name: string, reason: string, extra: Json = {}): Json => ({ name, image: 'img', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason } }, ...extra });
const terminated = (name: string, t: { exitCode: number; reason?: string; signal?: number }, extra: Json = {}): Json => ({
  name,
  image: 'img',
  imageID: '',
  ready: false,
  restartCount: 0,
  state: { terminated: { ...t, startedAt: T0, finishedAt: T1 } },
  ...extra,
});
const restarted = (count: number, finishedAt = T0): Json => ({ restartCount: count, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: T0, finishedAt } } });
const cond = (type: string, status: string, reason?: string): Json => ({ type, status, ...(reason ? { reason } : {}), lastTransitionTime: T0 });
const initialized = (s: string) => cond('Initialized', s);
const readyCond = (s: string) => cond('Ready', s);

interface Case {
  name: string;
  /** the STATUS this case is built to show (checked against the server first) */
  expect: string;
  init?: { name: string; sidecar?: boolean }[];
  containers?: string[];
  gated?: boolean;
  status?: Json;
  finalizer?: boolean;
  deleteAfter?: boolean;
}

const sidecar = { name: 'proxy', sidecar: true };
const initA = { name: 'init-a' };
const initB = { name: 'init-b' };

const CASES: Case[] = [
  { name: 'gated', expect: 'SchedulingGated', gated: true },
  { name: 'pending-bare', expect: 'Pending' },
  { name: 'running', expect: 'Running', status: { phase: 'Running', conditions: [initialized('True'), readyCond('True')], containerStatuses: [running('app')] } },
  { name: 'restarting', expect: 'Running', containers: ['a', 'b'], status: { phase: 'Running', conditions: [readyCond('True')], containerStatuses: [running('a', true, restarted(2, T0)), running('b', true, restarted(3, T1))] } },
  { name: 'crashloop', expect: 'CrashLoopBackOff', status: { phase: 'Running', conditions: [readyCond('False')], containerStatuses: [waiting('app', 'CrashLoopBackOff', restarted(7))] } },
  { name: 'image-pull', expect: 'ImagePullBackOff', containers: ['a', 'b'], status: { phase: 'Pending', containerStatuses: [running('a'), waiting('b', 'ImagePullBackOff')] } },
  { name: 'signal', expect: 'Signal:15', status: { phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 143, signal: 15 })] } },
  { name: 'exitcode', expect: 'ExitCode:3', status: { phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 3 })] } },
  { name: 'oomkilled', expect: 'OOMKilled', status: { phase: 'Running', containerStatuses: [terminated('app', { exitCode: 137, reason: 'OOMKilled' }, restarted(1))] } },
  { name: 'succeeded', expect: 'Completed', status: { phase: 'Succeeded', containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })] } },
  // init failures and progress
  { name: 'init-crashloop', expect: 'Init:CrashLoopBackOff', init: [initA], status: { phase: 'Pending', conditions: [initialized('False')], initContainerStatuses: [waiting('init-a', 'CrashLoopBackOff', restarted(4))], containerStatuses: [waiting('app', 'PodInitializing')] } },
  { name: 'init-error', expect: 'Init:Error', init: [initA], status: { phase: 'Pending', initContainerStatuses: [terminated('init-a', { exitCode: 1, reason: 'Error' })], containerStatuses: [waiting('app', 'PodInitializing')] } },
  { name: 'init-exitcode', expect: 'Init:ExitCode:2', init: [initA], status: { phase: 'Pending', initContainerStatuses: [terminated('init-a', { exitCode: 2 })] } },
  { name: 'init-signal', expect: 'Init:Signal:9', init: [initA], status: { phase: 'Pending', initContainerStatuses: [terminated('init-a', { exitCode: 137, signal: 9 })] } },
  { name: 'init-progress', expect: 'Init:1/2', init: [initA, initB], status: { phase: 'Pending', initContainerStatuses: [terminated('init-a', { exitCode: 0, reason: 'Completed' }), running('init-b', false)], containerStatuses: [waiting('app', 'PodInitializing')] } },
  { name: 'init-waiting', expect: 'Init:0/1', init: [initA], status: { phase: 'Pending', initContainerStatuses: [waiting('init-a', 'PodInitializing')] } },
  { name: 'pod-initializing', expect: 'PodInitializing', init: [initA], status: { phase: 'Pending', conditions: [initialized('True')], initContainerStatuses: [terminated('init-a', { exitCode: 0, reason: 'Completed' })], containerStatuses: [waiting('app', 'PodInitializing')] } },
  // native sidecars
  { name: 'sidecar-not-started', expect: 'Init:0/1', init: [sidecar], status: { phase: 'Pending', initContainerStatuses: [running('proxy', false, { started: false })], containerStatuses: [waiting('app', 'PodInitializing')] } },
  { name: 'sidecar-started', expect: 'Running', init: [sidecar], status: { phase: 'Running', conditions: [initialized('True'), readyCond('True')], initContainerStatuses: [running('proxy', true, { started: true, ...restarted(2, T1) })], containerStatuses: [running('app', true, restarted(1, T0))] } },
  { name: 'sidecar-unready', expect: 'Running', init: [sidecar], status: { phase: 'Running', initContainerStatuses: [running('proxy', false, { started: true })], containerStatuses: [running('app')] } },
  { name: 'sidecar-then-init', expect: 'Init:1/2', init: [sidecar, initA], status: { phase: 'Pending', initContainerStatuses: [running('proxy', true, { started: true }), running('init-a', false)], containerStatuses: [waiting('app', 'PodInitializing')] } },
  { name: 'sidecar-crashed-initialized', expect: 'Init:Error', init: [sidecar], status: { phase: 'Running', conditions: [initialized('True')], initContainerStatuses: [terminated('proxy', { exitCode: 1, reason: 'Error' }, { started: false, ...restarted(3) })], containerStatuses: [running('app')] } },
  { name: 'sidecar-completed-job', expect: 'Completed', init: [sidecar], status: { phase: 'Succeeded', initContainerStatuses: [terminated('proxy', { exitCode: 0, reason: 'Completed' }, { started: false })], containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })] } },
  // completed plus running containers
  { name: 'completed-running-ready', expect: 'Running', containers: ['a', 'b'], status: { phase: 'Running', conditions: [readyCond('True')], containerStatuses: [running('a'), terminated('b', { exitCode: 0, reason: 'Completed' })] } },
  { name: 'completed-running-notready', expect: 'NotReady', containers: ['a', 'b'], status: { phase: 'Running', conditions: [readyCond('False')], containerStatuses: [running('a'), terminated('b', { exitCode: 0, reason: 'Completed' })] } },
  { name: 'completed-and-failed', expect: 'Error', containers: ['a', 'b'], status: { phase: 'Failed', containerStatuses: [terminated('a', { exitCode: 0, reason: 'Completed' }), terminated('b', { exitCode: 1, reason: 'Error' })] } },
  { name: 'completed-failed-running', expect: 'ExitCode:2', containers: ['a', 'b', 'c'], status: { phase: 'Running', conditions: [readyCond('False')], containerStatuses: [terminated('a', { exitCode: 0, reason: 'Completed' }), running('b'), terminated('c', { exitCode: 2 })] } },
  // evictions
  { name: 'evicted', expect: 'Evicted', status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' } },
  { name: 'evicted-unknown', expect: 'ContainerStatusUnknown', status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: ephemeral-storage.', containerStatuses: [terminated('app', { exitCode: 137, reason: 'ContainerStatusUnknown' })] } },
  // terminating (a finalizer keeps them)
  { name: 'terminating', expect: 'Terminating', finalizer: true, deleteAfter: true, status: { phase: 'Running', conditions: [readyCond('True')], containerStatuses: [running('app')] } },
  { name: 'terminating-succeeded', expect: 'Completed', finalizer: true, deleteAfter: true, status: { phase: 'Succeeded', containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })] } },
  { name: 'terminating-nodelost', expect: 'Unknown', finalizer: true, deleteAfter: true, status: { phase: 'Running', reason: 'NodeLost', containerStatuses: [running('app')] } },
  { name: 'terminating-gated', expect: 'Terminating', gated: true, finalizer: true, deleteAfter: true },
];

function manifest(c: Case): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: c.name, namespace: env.ns, ...(c.finalizer ? { finalizers: ['example.com/hold'] } : {}) },
    spec: {
      ...(c.gated ? { schedulingGates: [{ name: 'example.com/hold' }] } : { nodeName: NODE }),
      initContainers: c.init?.map((i) => ({ name: i.name, image: 'img', ...(i.sidecar ? { restartPolicy: 'Always' } : {}) })),
      containers: (c.containers ?? ['app']).map((name) => ({ name, image: 'img' })),
      terminationGracePeriodSeconds: 30,
    },
  } as KubeObject;
}

beforeAll(async () => {
  env = await scenarioEnv('printer');
  // a Node nobody runs: not annotated for KWOK, so its pods keep the status we write
  await env.apply({ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, labels: { 'kubedeck.e2e/unmanaged': 'true' } } });
  kd = await openKubedeck(env);
  await env.apply(...CASES.map(manifest));
  for (const c of CASES) {
    if (c.status) {
      await env.kubectl(['-n', env.ns, 'patch', 'pod', c.name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: c.status })]);
    }
  }
  for (const c of CASES) if (c.deleteAfter) await env.kubectl(['-n', env.ns, 'delete', 'pod', c.name, '--wait=false']);
}, 600_000);

afterAll(async () => {
  await kd?.close();
  if (env) {
    for (const c of CASES.filter((x) => x.finalizer)) {
      await env.kubectl(['-n', env.ns, 'patch', 'pod', c.name, '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']).catch(() => undefined);
    }
    await env.kubectl(['delete', 'node', NODE, '--wait=false']).catch(() => undefined);
    await env.teardown();
  }
}, 120_000);

interface TableRowJson {
  cells: unknown[];
  object: KubeObject;
}

/** The server's own Table of the namespace's pods, each row with its object. */
async function serverTable(): Promise<{ cols: Record<string, number>; rows: TableRowJson[] }> {
  const t = await kd.s.transport.request<any>(`/api/v1/namespaces/${env.ns}/pods`, { query: { includeObject: 'Object' }, accept: TABLE });
  expect(t.kind).toBe('Table');
  const cols: Record<string, number> = {};
  t.columnDefinitions.forEach((c: { name: string }, i: number) => (cols[c.name] = i));
  return { cols, rows: t.rows };
}

type Printed = [ready: string, status: string, restarts: string];

describe("kubedeck prints pods as the 1.37 API server's Table does", () => {
  it('the scenario is as varied as intended (the server shows each case its STATUS)', async () => {
    const { cols, rows } = await eventually('all pods in the Table, the deleted ones terminating', async () => {
      const t = await serverTable();
      const deleted = CASES.filter((c) => c.deleteAfter).map((c) => c.name);
      const ok = t.rows.length === CASES.length && t.rows.filter((r) => deleted.includes(r.object.metadata.name)).every((r) => r.object.metadata.deletionTimestamp);
      return ok ? t : undefined;
    });
    const server = Object.fromEntries(rows.map((r) => [r.object.metadata.name, r.cells[cols.Status]]));
    expect(server).toEqual(Object.fromEntries(CASES.map((c) => [c.name, c.expect])));
  });

  it('READY, STATUS and RESTARTS equal the server-side printing of the same object', async () => {
    const { cols, rows } = await serverTable();
    const now = Date.now();
    const theirs: Record<string, Printed> = {};
    const ours: Record<string, Printed> = {};
    for (const r of rows) {
      const name = r.object.metadata.name;
      theirs[name] = [String(r.cells[cols.Ready]), String(r.cells[cols.Status]), String(r.cells[cols.Restarts])];
      ours[name] = [podReady(r.object), podStatus(r.object), podRestarts(r.object, now)];
    }
    expect(Object.keys(theirs)).toHaveLength(CASES.length);
    // RESTARTS is exercised too: counts summed per the sidecar/init rules, with the time of the last one
    expect(theirs.restarting[2]).toBe('5 (26h ago)');
    expect(theirs['sidecar-started'][2]).toBe('3 (26h ago)');
    expect(theirs['init-crashloop'][2]).toBe('4 (2d2h ago)');
    expect(ours).toEqual(theirs);
  });

  it('and so do the rows of kubedeck\'s watched pods store (what the pods pane renders)', async () => {
    const { ours, theirs } = await eventually('the store at the Table\'s resourceVersions', async () => {
      const { cols, rows } = await serverTable();
      const now = Date.now();
      const theirs: Record<string, Printed> = {};
      const ours: Record<string, Printed> = {};
      for (const r of rows) {
        const name = r.object.metadata.name;
        const mine = kd.s.pods.get(`${env.ns}/${name}`);
        if (!mine || mine.metadata.resourceVersion !== r.object.metadata.resourceVersion) return undefined;
        theirs[name] = [String(r.cells[cols.Ready]), String(r.cells[cols.Status]), String(r.cells[cols.Restarts])];
        const row = podRow(mine, now);
        ours[name] = [row.cells[2], row.cells[3], row.cells[4]];
      }
      return { ours, theirs };
    });
    expect(Object.keys(ours)).toHaveLength(CASES.length);
    expect(ours).toEqual(theirs);
  });
});
