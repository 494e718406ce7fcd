// Scenario 2: Dynamic Resource Allocation on the real control plane. A DeviceClass,
// a hand-made ResourceSlice published for the KWOK node, a ResourceClaimTemplate and
// a pod using it: kube-controller-manager creates the claim from the template, the
// real kube-scheduler allocates a device and reserves the claim for the pod, KWOK
// runs the pod. kubedeck's claims pane data (the watched stores through
// session.claims, and the pure row functions over them) shows driver/pool/device,
// the pod it is reserved for and the node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimColumns, claimContext, claimDetails, claimRow, claimState } from '../../../../src/state/claims.js';
import { inventory, poolRow } from '../../../../src/state/slices.js';
import { claimsPerClass, deviceClassRow } from '../../../../src/state/deviceclasses.js';
import { waiterRows } from '../../../../src/state/claimwaiters.js';
import { podStatus } from '../../../../src/state/pods.js';
import { keyOf } from '../../../../src/state/store.js';
import { eventually, kwokNode, openKubedeck, pod, scenarioEnv, waitInStore, type OpenedSession, type ScenarioEnv } from './helpers.js';

let env: ScenarioEnv;
let kd: OpenedSession;
// cluster-scoped names are per run, so reruns on one long-lived cluster never meet
// another run's slices in the same pool
const RUN = Date.now().toString(36);
const DRIVER = `gpu-${RUN}.example.com`;
const CLASS = `gpu-${RUN}`;
const SLICE = `slice-${RUN}`;
let NODE: string;
let VERSION: string;

const col = (id: string) => claimColumns.findIndex((c) => c.id === id);

beforeAll(async () => {
  env = await scenarioEnv('dra');
  NODE = kwokNode(env);
  kd = await openKubedeck(env);
  VERSION = (await env.getRaw('/apis/resource.k8s.io')).preferredVersion.version;
}, 600_000);

afterAll(async () => {
  await kd?.close();
  if (env) {
    await env.kubectl(['delete', 'resourceslice', SLICE, '--ignore-not-found', '--wait=false']).catch(() => undefined);
    await env.kubectl(['delete', 'deviceclass', CLASS, '--ignore-not-found', '--wait=false']).catch(() => undefined);
    await env.teardown();
  }
}, 120_000);

describe('a pod with a claim from a template, allocated by the real scheduler', () => {
  it('the claim pane rows show the device, the pod it is reserved for and the node', async () => {
    const version = VERSION;
    // kubedeck chooses the same version the server prefers (per resource, newest first)
    const claimsWatched = kd.s.claims.watched('resourceclaims');
    expect(claimsWatched?.type.version).toBe(version);
    const claims = kd.s.claims.store('resourceclaims')!;
    const slices = kd.s.claims.store('resourceslices')!;
    const classes = kd.s.claims.store('deviceclasses')!;

    const api = `resource.k8s.io/${version}`;
    await env.apply(
      {
        apiVersion: api,
        kind: 'DeviceClass',
        metadata: { name: CLASS },
        spec: { selectors: [{ cel: { expression: `device.driver == "${DRIVER}"` } }] },
      },
      {
        apiVersion: api,
        kind: 'ResourceSlice',
        metadata: { name: SLICE },
        spec: {
          driver: DRIVER,
          nodeName: NODE,
          pool: { name: NODE, generation: 1, resourceSliceCount: 1 },
          devices: ['gpu-0', 'gpu-1', 'gpu-2'].map((name, i) => ({
            name,
            attributes: { index: { int: i }, model: { string: 'e2e-accelerator' } },
            capacity: { memory: { value: '16Gi' } },
          })),
        },
      },
      {
        apiVersion: api,
        kind: 'ResourceClaimTemplate',
        metadata: { name: 'one-gpu', namespace: env.ns },
        spec: { spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: CLASS } }] } } },
      },
    );

    // the slice is in kubedeck's inventory before anything is allocated: 0/3
    await eventually('the slice in the store', () => slices.list().some((s) => s.metadata.name === SLICE));
    const before = inventory(slices.list(), claims.list()).find((r) => r.driver === DRIVER)!;
    expect(before).toMatchObject({ node: NODE, pool: NODE, total: 3, allocated: 0, generation: 1 });

    await env.apply(
      pod(env, 'trainer', {
        resourceClaims: [{ name: 'accel', resourceClaimTemplateName: 'one-gpu' }],
        containers: [{ name: 'main', image: 'registry.invalid/train:1', resources: { claims: [{ name: 'accel' }] } }],
      }),
    );

    // kube-controller-manager made the claim from the template, the scheduler allocated
    // and reserved it, and the pod runs on the KWOK node
    const running = await waitInStore(kd.s.pods, 'the trainer pod Running', (p) => p.metadata.name === 'trainer' && podStatus(p) === 'Running', 90_000);
    expect(running.spec.nodeName).toBe(NODE);
    const claimName: string = running.status.resourceClaimStatuses?.[0]?.resourceClaimName;
    expect(claimName).toMatch(/^trainer-accel-/);
    const claim = await waitInStore(claims, 'the claim allocated and reserved in kubedeck', (c) => c.metadata.name === claimName && claimState(c) === 'allocated,reserved');

    // the oracle: the same claim straight from the server
    const truth = await env.kubectlJson(['-n', env.ns, 'get', 'resourceclaim', claimName]);
    const result = truth.status.allocation.devices.results[0];
    expect(result).toMatchObject({ request: 'gpu', driver: DRIVER, pool: NODE });
    expect(['gpu-0', 'gpu-1', 'gpu-2']).toContain(result.device);
    expect(truth.status.reservedFor).toEqual([{ resource: 'pods', name: 'trainer', uid: running.metadata.uid }]);

    const ctx = claimContext(kd.s.pods.list());
    const row = claimRow(claim, Date.now(), ctx);
    expect(row.key).toBe(keyOf(truth));
    expect(row.cells[col('name')]).toBe(claimName);
    expect(row.cells[col('state')]).toBe('allocated,reserved');
    expect(row.cells[col('class')]).toBe(CLASS);
    expect(row.cells[col('devices')]).toBe(`${DRIVER}/${NODE}/${result.device}`);
    expect(row.cells[col('reservedFor')]).toBe('pod/trainer');
    expect(row.cells[col('node')]).toBe(NODE);
    expect(row.cells[col('owner')]).toBe('pod/trainer');
    expect(row.tone).toBe('ok');
    const details = claimDetails(claim, ctx);
    expect(details).toContain('generated for pod/trainer');
    expect(details).toContain(`gpu→${DRIVER}/${NODE}/${result.device}`);
    expect(details).not.toContain('stale');

    // kubectl's STATE column (server-side printing of resourceclaims) agrees
    const kubectlLine = await env.kubectl(['-n', env.ns, 'get', 'resourceclaim', claimName, '--no-headers']);
    expect(kubectlLine.split(/\s+/)[1]).toBe('allocated,reserved');

    // the inventory counts the device as allocated; the class counts one claim
    const after = await eventually('the slice row counting the allocation', () => {
      const r = inventory(slices.list(), claims.list()).find((x) => x.driver === DRIVER);
      return r && r.allocated === 1 ? r : undefined;
    });
    expect(poolRow(after).cells.slice(0, 4)).toEqual([NODE, DRIVER, NODE, '1/3']);
    const cls = await waitInStore(classes, 'the device class', (c) => c.metadata.name === CLASS);
    expect(deviceClassRow(cls, Date.now(), claimsPerClass(claims.list())).cells).toContain('1');
    // nobody waits for a claim
    expect(waiterRows(kd.s.pods.list(), Date.now(), claims).filter((r) => r.key.endsWith('/trainer'))).toEqual([]);
  });

  it('the pod goes: kube-controller-manager deletes its generated claim and the device is free again', async () => {
    const claims = kd.s.claims.store('resourceclaims')!;
    const slices = kd.s.claims.store('resourceslices')!;
    const trainer = kd.s.pods.list().find((p) => p.metadata.name === 'trainer')!;
    const claimName: string = trainer.status.resourceClaimStatuses[0].resourceClaimName;
    await env.kubectl(['-n', env.ns, 'delete', 'pod', 'trainer', '--wait=false']);
    await eventually('the pod gone from kubedeck', () => !kd.s.pods.list().some((p) => p.metadata.name === 'trainer'));
    await eventually('the generated claim gone from kubedeck', () => !claims.list().some((c) => c.metadata.name === claimName));
    const row = inventory(slices.list(), claims.list()).find((r) => r.driver === DRIVER)!;
    expect(row).toMatchObject({ total: 3, allocated: 0 });
    await expect(env.kubectl(['-n', env.ns, 'get', 'resourceclaim', claimName])).rejects.toThrow(/NotFound|not found/);
  });

  it('a pod whose claim cannot be allocated is listed as waiting, with the claim pending', async () => {
    await env.apply(
      {
        apiVersion: `resource.k8s.io/${VERSION}`,
        kind: 'ResourceClaimTemplate',
        metadata: { name: 'four-gpus', namespace: env.ns },
        spec: { spec: { devices: { requests: [{ name: 'gpus', exactly: { deviceClassName: CLASS, allocationMode: 'ExactCount', count: 4 } }] } } },
      },
      pod(env, 'greedy', {
        resourceClaims: [{ name: 'accel', resourceClaimTemplateName: 'four-gpus' }],
        containers: [{ name: 'main', image: 'registry.invalid/train:1', resources: { claims: [{ name: 'accel' }] } }],
      }),
    );
    const claims = kd.s.claims.store('resourceclaims')!;
    const greedy = await waitInStore(kd.s.pods, 'the greedy pod with its generated claim', (p) => p.metadata.name === 'greedy' && !!p.status?.resourceClaimStatuses?.[0]?.resourceClaimName);
    const claimName: string = greedy.status.resourceClaimStatuses[0].resourceClaimName;
    const claim = await waitInStore(claims, 'the pending claim', (c) => c.metadata.name === claimName);
    expect(claimState(claim)).toBe('pending');
    const unschedulable = await eventually('the scheduler to give up on the greedy pod', async () => {
      const p = await env.kubectlJson(['-n', env.ns, 'get', 'pod', 'greedy']);
      const c = p.status?.conditions?.find((x: any) => x.type === 'PodScheduled');
      return c?.status === 'False' && c?.reason === 'Unschedulable' ? p : undefined;
    });
    expect(unschedulable.spec.nodeName).toBeUndefined();
    const rows = await eventually('the greedy pod among the waiters', () => {
      const r = waiterRows(kd.s.pods.list(), Date.now(), claims).find((x) => x.key === `${env.ns}/greedy`);
      return r;
    });
    expect(rows.cells.join(' ')).toContain(claimName);
    expect(rows.cells.join(' ')).toContain('pending');
  });
});
