// Details worth reading: what `kubectl describe` tells an admin, from the objects alone.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import type { KubeObject } from '../../src/k8s/types.js';
import { describeObject, type DetailSection } from '../../src/state/details/index.js';

const fixture = (path: string): KubeObject => JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8'));
const NOW = Date.parse('2026-03-01T12:00:00Z');

/** "Section › label: value" lines, for assertions a reader can follow */
function flat(sections: DetailSection[]): string[] {
  return sections.flatMap((s) => s.lines.map((l) => `${s.title} › ${'  '.repeat(l.depth ?? 0)}${l.label ? `${l.label}: ` : ''}${l.value}`));
}
const sectionOf = (sections: DetailSection[], title: string) => sections.find((s) => s.title === title);

describe('pod details', () => {
  test('a crash-looping init container: state, restarts and the last termination with its exit code', () => {
    const lines = flat(describeObject(fixture('pods/init-crashloop.json'), NOW));
    expect(lines).toContain('Containers › wait-for-volume: init container');
    expect(lines).toContain('Containers ›   State: Waiting: CrashLoopBackOff — back-off 5m0s restarting failed container');
    expect(lines).toContain('Containers ›   Restarts: 12');
    expect(lines).toContain('Containers ›   Last termination: Terminated: Error (exit code 1), 3m ago');
    expect(lines).toContain('Containers › db: container');
    expect(lines).toContain('Containers ›   Image: postgres:17');
    expect(lines).toContain('Conditions › Initialized: False  ContainersNotInitialized');
    expect(lines).toContain('Pod › Node: worker-1');
  });

  test('a native sidecar is named as one, with started and ready', () => {
    const sections = describeObject(fixture('pods/sidecar-running.json'), NOW);
    const containers = sectionOf(sections, 'Containers')!.lines;
    const sidecar = containers.find((l) => l.value.startsWith('sidecar'));
    expect(sidecar).toBeDefined();
    const after = containers.slice(containers.indexOf(sidecar!) + 1);
    expect(after.find((l) => l.label === 'Started')?.value).toBe('true');
  });

  test('a gated pod shows where it may go: gates, tolerations and selectors, and its claims', () => {
    const pod = fixture('dra/pod-finetune-gated.json');
    const lines = flat(describeObject(pod, NOW));
    expect(lines.some((l) => l.startsWith('Scheduling › Scheduling gates: '))).toBe(true);
    expect(lines).toContain('Pod › Node: not scheduled');
    if (pod.spec.resourceClaims?.length) expect(sectionOf(describeObject(pod, NOW), 'Resource claims')).toBeDefined();
  });
});

describe('persistent volume details', () => {
  test('capacity, modes, policy, class, claim and time in phase', () => {
    const pv = fixture('pvs/released-stale.json');
    const lines = flat(describeObject(pv, NOW));
    expect(lines).toContain(`Volume › Phase: ${pv.status.phase}`);
    expect(lines).toContain(`Volume › Capacity: ${pv.spec.capacity.storage}`);
    expect(lines).toContain(`Volume › Reclaim policy: ${pv.spec.persistentVolumeReclaimPolicy}`);
    expect(lines.some((l) => l.startsWith('Volume › In phase for: ') && l.includes(pv.status.lastPhaseTransitionTime))).toBe(true);
    expect(lines.some((l) => l.startsWith(`Volume › Claim: ${pv.spec.claimRef.namespace}/${pv.spec.claimRef.name}`))).toBe(true);
  });

  test('a server before 1.31 has no time in phase, and says so', () => {
    expect(flat(describeObject(fixture('pvs/no-transition-time.json'), NOW))).toContain(
      'Volume › In phase for: not reported (lastPhaseTransitionTime needs Kubernetes 1.31+)',
    );
  });
});

describe('DRA details', () => {
  test('a reserved claim: its request, the allocated device, the node and who holds it', () => {
    const lines = flat(describeObject(fixture('dra/claim-v1-reserved.json'), NOW));
    expect(lines).toContain('Claim › State: allocated, reserved');
    expect(lines).toContain('Requests › gpu: request');
    expect(lines).toContain('Requests ›   Class: gpu.example.com, 1 device(s)');
    expect(lines).toContain('Allocated devices › gpu: gpu.example.com / node-3 / gpu-0');
    expect(lines).toContain('Claim › Node: node-3');
    expect(lines.some((l) => l.startsWith('Reserved for › pods/train-0'))).toBe(true);
  });

  test('a pending claim with firstAvailable lists each alternative with its class', () => {
    const claim = fixture('dra/claim-v1-pending-firstavailable.json');
    const lines = flat(describeObject(claim, NOW));
    expect(lines).toContain('Claim › State: pending (not allocated)');
    const subs = claim.spec.devices.requests.flatMap((r: any) => r.firstAvailable ?? []);
    expect(subs.length).toBeGreaterThan(1);
    for (const s of subs) expect(lines.some((l) => l.includes(`Class: ${s.deviceClassName}`))).toBe(true);
  });

  test('a slice lists every device with its attributes and capacity (v1 and v1beta1 shapes)', () => {
    const v1 = {
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceSlice',
      metadata: { name: 'node-1-gpu', uid: 's1' },
      spec: {
        driver: 'gpu.example.com',
        pool: { name: 'node-1', generation: 3, resourceSliceCount: 1 },
        nodeName: 'node-1',
        devices: [
          { name: 'gpu-0', attributes: { model: { string: 'A100' }, index: { int: 0 }, driverVersion: { version: '1.2.3' } }, capacity: { memory: { value: '80Gi' } } },
          { name: 'gpu-1', attributes: { model: { string: 'A100' }, index: { int: 1 } }, capacity: { memory: { value: '80Gi' } }, taints: [{ key: 'unhealthy', effect: 'NoSchedule' }] },
        ],
      },
    } as KubeObject;
    const lines = flat(describeObject(v1, NOW));
    expect(lines).toContain('Slice › Pool: node-1, generation 3, 1 slice(s) in the pool');
    expect(lines).toContain('Slice › Reachable from: node-1');
    expect(lines).toContain('Devices › gpu-0: device');
    expect(lines).toContain('Devices ›   Attributes: model=A100, index=0, driverVersion=1.2.3');
    expect(lines).toContain('Devices ›   Capacity: memory=80Gi');
    expect(lines).toContain('Devices ›   Taints: unhealthy:NoSchedule');

    const legacy = fixture('dra/slice-v1beta1-node3-gen2.json');
    const sections = describeObject(legacy, NOW);
    expect(sectionOf(sections, 'Devices')!.lines.filter((l) => !l.depth).map((d) => d.label)).toEqual(legacy.spec.devices.map((d: any) => d.name));
    expect(flat(sections).some((l) => l.startsWith('Devices ›   Attributes: '))).toBe(true);

    const partitionable = flat(describeObject(fixture('dra/slice-v1-partitionable.json'), NOW));
    expect(partitionable).toContain('Devices ›   Consumes counters: gpu-0');
    expect(partitionable).toContain('Slice › Shared counters: 1');
  });
});

describe('any object', () => {
  test('a custom resource gets its spec and status fields and conditions', () => {
    const lines = flat(
      describeObject(
        {
          apiVersion: 'stable.example.com/v1',
          kind: 'CronTab',
          metadata: { name: 'nightly', namespace: 'ops', uid: 'u1', labels: { team: 'ops' } },
          spec: { cronSpec: '*/5 * * * *', replicas: 2, image: 'cron:1' },
          status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Backoff', message: 'image pull' }] },
        } as KubeObject,
        NOW,
      ),
    );
    expect(lines).toContain('Spec › cronSpec: */5 * * * *');
    expect(lines).toContain('Spec › replicas: 2');
    expect(lines).toContain('Conditions › Ready: False  Backoff: image pull');
    expect(lines).toContain('Metadata › Labels: team=ops');
  });

  test('never throws on malformed objects, and no line carries an escape code', () => {
    const anyJson = fc.jsonValue({ maxDepth: 4 });
    const kinds = fc.constantFrom('Pod', 'PersistentVolume', 'ResourceClaim', 'ResourceSlice', 'CronTab', undefined);
    fc.assert(
      fc.property(kinds, anyJson, anyJson, anyJson, (kind, metadata, spec, status) => {
        const o = { kind, apiVersion: 'v1', metadata, spec, status } as unknown as KubeObject;
        const sections = describeObject(o, NOW);
        for (const l of flat(sections)) expect(l).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      }),
      { numRuns: 300 },
    );
  });
});
