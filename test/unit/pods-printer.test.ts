// Cases follow the branches of printPod (kubernetes pkg/printers/internalversion/printers.go).
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/k8s/types.js';
import { gatedSince, gatesCell, isGated, podGates, podReady, podRestarts, podRow, podStatus, podTone } from '../../src/state/pods.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

type Json = Record<string, unknown>;
const running = (name: string, ready = true, extra: Json = {}) => ({
  name,
  ready,
  restartCount: 0,
  state: { running: { startedAt: ago(60) } },
  ...extra,
});
const waiting = (name: string, reason: string, extra: Json = {}) => ({
  name,
  ready: false,
  restartCount: 0,
  state: { waiting: { reason } },
  ...extra,
});
const terminated = (name: string, t: { exitCode: number; reason?: string; signal?: number }, extra: Json = {}) => ({
  name,
  ready: false,
  restartCount: 0,
  state: { terminated: { ...t, finishedAt: ago(5) } },
  ...extra,
});
const restarted = (count: number, minutesAgo?: number) => ({
  restartCount: count,
  lastState: minutesAgo === undefined ? {} : { terminated: { exitCode: 1, finishedAt: ago(minutesAgo) } },
});
const cond = (type: string, status: string, reason?: string) => ({ type, status, reason, lastTransitionTime: ago(9) });

interface PodSpec {
  phase?: string;
  reason?: string;
  containers?: string[];
  init?: { name: string; sidecar?: boolean }[];
  cs?: Json[];
  ics?: Json[];
  conditions?: Json[];
  deleting?: boolean;
}

function pod(p: PodSpec): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      namespace: 'ns',
      creationTimestamp: ago(120),
      ...(p.deleting ? { deletionTimestamp: ago(1) } : {}),
    },
    spec: {
      containers: (p.containers ?? ['app']).map((name) => ({ name, image: 'img' })),
      initContainers: p.init?.map((c) => ({ name: c.name, image: 'img', ...(c.sidecar ? { restartPolicy: 'Always' } : {}) })),
    },
    status: {
      phase: p.phase,
      reason: p.reason,
      conditions: p.conditions,
      containerStatuses: p.cs,
      initContainerStatuses: p.ics,
    },
  };
}

const sidecar = { name: 'proxy', sidecar: true };
const initA = { name: 'init-a' };
const initB = { name: 'init-b' };

describe('printPod STATUS and READY', () => {
  it.each<[string, PodSpec, string, string]>([
    ['phase when nothing else is known', { phase: 'Pending' }, 'Pending', '0/1'],
    ['status.reason replaces phase', { phase: 'Failed', reason: 'Evicted' }, 'Evicted', '0/1'],
    ['PodScheduled condition with reason SchedulingGated', { phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'SchedulingGated')] }, 'SchedulingGated', '0/1'],
    ['PodScheduled condition with another reason keeps phase', { phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'Unschedulable')] }, 'Pending', '0/1'],
    ['running and ready container', { phase: 'Running', cs: [running('app')] }, 'Running', '1/1'],
    ['running but not ready container is not counted', { phase: 'Running', cs: [running('app', false)] }, 'Running', '0/1'],
    ['main waiting reason overrides (CrashLoopBackOff)', { phase: 'Running', cs: [waiting('app', 'CrashLoopBackOff')] }, 'CrashLoopBackOff', '0/1'],
    ['main waiting reason overrides (ContainerCreating)', { phase: 'Pending', cs: [waiting('app', 'ContainerCreating')] }, 'ContainerCreating', '0/1'],
    ['main waiting without reason keeps phase', { phase: 'Pending', cs: [waiting('app', '')] }, 'Pending', '0/1'],
    ['main terminated reason overrides (Completed)', { phase: 'Succeeded', cs: [terminated('app', { exitCode: 0, reason: 'Completed' })] }, 'Completed', '0/1'],
    ['main terminated reason overrides (OOMKilled)', { phase: 'Running', cs: [terminated('app', { exitCode: 137, reason: 'OOMKilled' })] }, 'OOMKilled', '0/1'],
    ['main terminated without reason: ExitCode:N', { phase: 'Failed', cs: [terminated('app', { exitCode: 3 })] }, 'ExitCode:3', '0/1'],
    ['main terminated without reason, with signal: Signal:N', { phase: 'Failed', cs: [terminated('app', { exitCode: 137, signal: 9 })] }, 'Signal:9', '0/1'],
    ['walked last to first: the first container has the last word', { phase: 'Running', containers: ['a', 'b'], cs: [waiting('a', 'ErrImagePull'), running('b')] }, 'ErrImagePull', '1/2'],
    ['walked last to first: a running first container does not reset the reason', { phase: 'Running', containers: ['a', 'b'], cs: [running('a'), waiting('b', 'ImagePullBackOff')] }, 'ImagePullBackOff', '1/2'],
    ['Completed with a running container and Ready condition true: Running', { phase: 'Running', containers: ['a', 'b'], cs: [running('a'), terminated('b', { exitCode: 0, reason: 'Completed' })], conditions: [cond('Ready', 'True')] }, 'Running', '1/2'],
    ['Completed with a running container and no Ready condition: NotReady', { phase: 'Running', containers: ['a', 'b'], cs: [running('a'), terminated('b', { exitCode: 0, reason: 'Completed' })], conditions: [cond('Ready', 'False')] }, 'NotReady', '1/2'],
    // errorReason (printPod in 1.37): a failed container's reason replaces Completed
    ['Completed with a failed container and nothing running: errorReason (Error)', { phase: 'Failed', containers: ['a', 'b'], cs: [terminated('a', { exitCode: 0, reason: 'Completed' }), terminated('b', { exitCode: 1, reason: 'Error' })] }, 'Error', '0/2'],
    ['Completed with a failed container and a running one, not Ready: errorReason (ExitCode:N) over NotReady', { phase: 'Running', containers: ['a', 'b', 'c'], cs: [terminated('a', { exitCode: 0, reason: 'Completed' }), running('b'), terminated('c', { exitCode: 2 })], conditions: [cond('Ready', 'False')] }, 'ExitCode:2', '1/3'],
    ['Completed with a failed container and a running one, Ready: Running beats errorReason', { phase: 'Running', containers: ['a', 'b', 'c'], cs: [terminated('a', { exitCode: 0, reason: 'Completed' }), running('b'), terminated('c', { exitCode: 143, signal: 15 })], conditions: [cond('Ready', 'True')] }, 'Running', '1/3'],
    ['errorReason only replaces Completed: a failed first container keeps its own reason', { phase: 'Failed', containers: ['a', 'b'], cs: [terminated('a', { exitCode: 1, reason: 'Error' }), terminated('b', { exitCode: 0, reason: 'Completed' })] }, 'Error', '0/2'],
    ['init container running: Init:0/2', { phase: 'Pending', init: [initA, initB], ics: [running('init-a', false), waiting('init-b', 'PodInitializing')], cs: [waiting('app', 'PodInitializing')] }, 'Init:0/2', '0/1'],
    ['first init done: Init:1/2', { phase: 'Pending', init: [initA, initB], ics: [terminated('init-a', { exitCode: 0, reason: 'Completed' }), running('init-b', false)] }, 'Init:1/2', '0/1'],
    ['init waiting PodInitializing counts as progress: Init:0/1', { phase: 'Pending', init: [initA], ics: [waiting('init-a', 'PodInitializing')] }, 'Init:0/1', '0/1'],
    ['init waiting reason: Init:<reason>', { phase: 'Pending', init: [initA], ics: [waiting('init-a', 'CrashLoopBackOff')] }, 'Init:CrashLoopBackOff', '0/1'],
    ['init terminated with reason: Init:<reason>', { phase: 'Pending', init: [initA], ics: [terminated('init-a', { exitCode: 1, reason: 'Error' })] }, 'Init:Error', '0/1'],
    ['init terminated without reason: Init:ExitCode:N', { phase: 'Pending', init: [initA], ics: [terminated('init-a', { exitCode: 2 })] }, 'Init:ExitCode:2', '0/1'],
    ['init terminated without reason, with signal: Init:Signal:N', { phase: 'Pending', init: [initA], ics: [terminated('init-a', { exitCode: 2, signal: 15 })] }, 'Init:Signal:15', '0/1'],
    ['init done, main waiting PodInitializing: PodInitializing', { phase: 'Pending', init: [initA], ics: [terminated('init-a', { exitCode: 0, reason: 'Completed' })], cs: [waiting('app', 'PodInitializing')] }, 'PodInitializing', '0/1'],
    ['sidecar started and ready counts in READY', { phase: 'Running', init: [sidecar], ics: [running('proxy', true, { started: true })], cs: [running('app')] }, 'Running', '2/2'],
    ['sidecar started but not ready: not counted, not initializing', { phase: 'Running', init: [sidecar], ics: [running('proxy', false, { started: true })], cs: [running('app')] }, 'Running', '1/2'],
    ['sidecar not started yet: Init:0/1', { phase: 'Pending', init: [sidecar], ics: [running('proxy', false, { started: false })], cs: [waiting('app', 'PodInitializing')] }, 'Init:0/1', '0/2'],
    ['ready sidecar, then a regular init container running: Init:1/2', { phase: 'Pending', init: [sidecar, initA], ics: [running('proxy', true, { started: true }), running('init-a', false)] }, 'Init:1/2', '1/2'],
    ['sidecar exited 0 is skipped and not counted ready', { phase: 'Running', init: [sidecar], ics: [terminated('proxy', { exitCode: 0, reason: 'Completed' }, { started: false })], cs: [running('app')] }, 'Running', '1/2'],
    // Upstream keeps the Init: reason (running main containers do not reset it) but
    // still walks the main containers for READY once the pod is Initialized.
    ['crashed sidecar on an initialized pod: Init reason stays, main containers counted', { phase: 'Running', init: [sidecar], ics: [terminated('proxy', { exitCode: 1, reason: 'Error' }, { started: false })], cs: [running('app')], conditions: [cond('Initialized', 'True')] }, 'Init:Error', '1/2'],
    ['crashed sidecar on an initialized pod with a crashing main container: main reason wins', { phase: 'Running', init: [sidecar], ics: [terminated('proxy', { exitCode: 1, reason: 'Error' }, { started: false })], cs: [waiting('app', 'CrashLoopBackOff')], conditions: [cond('Initialized', 'True')] }, 'CrashLoopBackOff', '0/2'],
    ['crashing sidecar before initialization: Init:<reason>', { phase: 'Pending', init: [sidecar], ics: [terminated('proxy', { exitCode: 1, reason: 'Error' }, { started: false })], cs: [waiting('app', 'PodInitializing')] }, 'Init:Error', '0/2'],
    ['deletionTimestamp: Terminating', { phase: 'Running', cs: [running('app')], deleting: true }, 'Terminating', '1/1'],
    ['deletionTimestamp on Succeeded keeps Completed', { phase: 'Succeeded', cs: [terminated('app', { exitCode: 0, reason: 'Completed' })], deleting: true }, 'Completed', '0/1'],
    ['deletionTimestamp on Failed keeps the failure', { phase: 'Failed', cs: [terminated('app', { exitCode: 1, reason: 'Error' })], deleting: true }, 'Error', '0/1'],
    ['NodeLost with deletionTimestamp: Unknown', { phase: 'Running', reason: 'NodeLost', cs: [running('app')], deleting: true }, 'Unknown', '1/1'],
    ['NodeLost without deletionTimestamp keeps the reason when no container overrides', { phase: 'Running', reason: 'NodeLost' }, 'NodeLost', '0/1'],
  ])('%s', (_name, spec, status, ready) => {
    const p = pod(spec);
    expect(podStatus(p)).toBe(status);
    expect(podReady(p)).toBe(ready);
  });

  it('does not throw on an object with nothing but a name', () => {
    const bare: KubeObject = { metadata: { name: 'bare' } };
    expect(podStatus(bare)).toBe('');
    expect(podReady(bare)).toBe('0/0');
    expect(podRestarts(bare, NOW)).toBe('0');
  });
});

describe('printPod RESTARTS', () => {
  it.each<[string, PodSpec, string]>([
    ['no restarts', { phase: 'Running', cs: [running('app')] }, '0'],
    ['restarts without a last termination time: count only', { phase: 'Running', cs: [running('app', true, restarted(3))] }, '3'],
    ['restarts with lastState.terminated.finishedAt: "(Xm ago)"', { phase: 'Running', cs: [running('app', true, restarted(3, 2))] }, '3 (2m ago)'],
    ['summed over containers, latest finishedAt wins', { phase: 'Running', containers: ['a', 'b'], cs: [running('a', true, restarted(2, 30)), running('b', true, restarted(3, 4))] }, '5 (4m ago)'],
    ['sidecar restarts count once initialized', { phase: 'Running', init: [sidecar], ics: [running('proxy', true, { started: true, ...restarted(2, 10) })], cs: [running('app', true, restarted(1, 30))] }, '3 (10m ago)'],
    ['regular init restarts count while initializing (under 2m shown in seconds)', { phase: 'Pending', init: [initA], ics: [waiting('init-a', 'CrashLoopBackOff', restarted(4, 1))], cs: [waiting('app', 'PodInitializing')] }, '4 (60s ago)'],
    ['regular init restarts are dropped once initialized', { phase: 'Running', init: [initA], ics: [terminated('init-a', { exitCode: 0, reason: 'Completed' }, restarted(2, 50))], cs: [running('app', true, restarted(1))] }, '1'],
    ['restart time uses HumanDuration beyond minutes', { phase: 'Running', cs: [running('app', true, restarted(7, 3 * 24 * 60 + 5 * 60))] }, '7 (3d5h ago)'],
  ])('%s', (_name, spec, want) => {
    expect(podRestarts(pod(spec), NOW)).toBe(want);
  });
});

describe('scheduling gates', () => {
  const gated = (gates: string[], conditions?: Json[]): KubeObject => {
    const p = pod({ phase: 'Pending', conditions });
    return { ...p, spec: { ...p.spec, schedulingGates: gates.map((name) => ({ name })) } };
  };
  const gatedCond = cond('PodScheduled', 'False', 'SchedulingGated');

  it('lists gates in spec order and calls the pod gated while any remain', () => {
    const p = gated(['example.com/quota', 'gpu'], [gatedCond]);
    expect(podGates(p)).toEqual(['example.com/quota', 'gpu']);
    expect(isGated(p)).toBe(true);
    expect(isGated(gated([]))).toBe(false);
  });

  it('gatedSince is the PodScheduled transition time only while its reason is SchedulingGated', () => {
    expect(gatedSince(gated(['g'], [gatedCond]))).toBe(ago(9));
    expect(gatedSince(gated(['g'], [cond('PodScheduled', 'False', 'Unschedulable')]))).toBeUndefined();
    expect(gatedSince(gated(['g']))).toBeUndefined();
  });

  it('GATES shows short names, or a count when they do not fit', () => {
    expect(gatesCell([])).toBe('');
    expect(gatesCell(['example.com/quota', 'gpu'])).toBe('quota,gpu');
    expect(gatesCell(['a.io/first-long-gate', 'b.io/second-long-gate', 'c'])).toBe('3 gates');
  });

  it('GATED FOR counts from gatedSince, falls back to creation, and is empty when not gated', () => {
    const cells = (p: KubeObject) => podRow(p, NOW).cells;
    expect(cells(gated(['g'], [gatedCond]))[8]).toBe('9m');
    expect(cells(gated(['g']))[8]).toBe('120m');
    expect(cells(pod({ phase: 'Running', cs: [running('app')] }))[8]).toBe('');
  });
});

describe('podRow', () => {
  it('has one cell per column with NODE <none> when unscheduled', () => {
    const row = podRow(pod({ phase: 'Pending' }), NOW);
    expect(row.key).toBe('ns/p');
    expect(row.cells).toEqual(['ns', 'p', '0/1', 'Pending', '0', '120m', '<none>', '', '']);
  });

  it('sorts AGE by creation time (newest first ascending), RESTARTS and GATED FOR numerically', () => {
    const older = podRow({ ...pod({ phase: 'Running', cs: [running('app', true, restarted(10, 1))] }), metadata: { name: 'old', creationTimestamp: ago(600) } }, NOW);
    const newer = podRow({ ...pod({ phase: 'Running', cs: [running('app', true, restarted(9, 1))] }), metadata: { name: 'new', creationTimestamp: ago(5) } }, NOW);
    expect(newer.sort![5]).toBeLessThan(older.sort![5] as number);
    expect(older.sort![4]).toBe(10);
    expect(newer.sort![4]).toBe(9);
    expect(typeof older.sort![8]).toBe('number');
  });

  it('sanitizes every cell', () => {
    const p = pod({ phase: 'Running', cs: [waiting('app', '\x1b[31mBad\x1b]0;t\x07Reason')] });
    expect(podRow(p, NOW).cells[3]).toBe('BadReason');
  });
});

describe('podTone', () => {
  it.each([
    ['Running', 1, 1, 'ok'],
    ['Running', 0, 1, 'warn'],
    ['SchedulingGated', 0, 1, 'warn'],
    ['Pending', 0, 1, 'warn'],
    ['Terminating', 1, 1, 'warn'],
    ['Init:1/3', 0, 1, 'warn'],
    ['Completed', 0, 1, 'dim'],
    ['CrashLoopBackOff', 0, 1, 'error'],
    ['Init:Error', 0, 1, 'error'],
    ['ExitCode:1', 0, 1, 'error'],
    ['Evicted', 0, 1, 'error'],
    ['Unknown', 0, 1, 'error'],
  ] as const)('%s %i/%i is %s', (status, ready, total, tone) => {
    expect(podTone(status, ready, total)).toBe(tone);
  });
});
