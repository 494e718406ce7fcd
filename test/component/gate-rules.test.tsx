// The pods pane and the config's gate readiness rules: ready pods are marked, `o` can
// list only them, and U ungates exactly them through the usual confirmation.
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { KubeObject } from '../../src/k8s/types.js';
import type { GateRulesSource } from '../../src/state/why/gates.js';
import type { GateRule } from '../../src/state/why/types.js';
import { celRuleEvaluator } from '../../src/state/why/cel.js';
import { FakeConsoleApi, makePod, samplePods, ungatePlan } from './fake-api.js';
import { FakeStore } from './fake-store.js';
import { keys, lineOf, renderApp } from './render.js';

afterEach(() => cleanup());

/** a gated pod that needs the claim NAME (through a claim of its own, not a template) */
function podWithClaim(name: string, claim: string): KubeObject {
  const pod = makePod({ namespace: 'batch', name, gates: ['example.com/quota'] });
  return { ...pod, spec: { ...pod.spec, resourceClaims: [{ name: 'gpu', resourceClaimName: claim }] } };
}

function claim(name: string, allocated: boolean): KubeObject {
  return {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaim',
    metadata: { namespace: 'batch', name, uid: `uid-${name}` },
    spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.example.com' } }] } },
    status: allocated ? { allocation: { devices: { results: [{ request: 'gpu', driver: 'gpu.example.com', pool: 'node-1', device: 'gpu-0' }] } } } : {},
  };
}

// train-0: quota and data gates; data has no rule (manual), so it is never ready.
// train-1: quota only, no claims: ready. train-2: quota, its claim still pending.
const rules: GateRule[] = [{ gate: 'example.com/quota', ready: 'claimsAllocated' }];

async function gatedApp(withRules: GateRule[] = rules) {
  const api = new FakeConsoleApi();
  const claims = new FakeStore();
  claims.set([claim('train-2-gpu', false)]);
  const source: GateRulesSource = { rules: withRules, evaluator: celRuleEvaluator(), claims };
  api.gateRules = () => source;
  const app = await renderApp({ api });
  app.api.pods.set([...samplePods(), podWithClaim('train-2', 'train-2-gpu')]);
  app.api.plan = (pods: KubeObject[]) => ungatePlan(`batch/${pods[0]!.metadata.name}`, 'example.com/quota');
  await app.press();
  return { app, claims };
}

const names = (frame: string) => [...frame.matchAll(/^[> ][* ] \S+\s+(\S+)/gm)].map((m) => m[1]).filter((n) => !n!.startsWith('NAME'));

describe('gate readiness rules in the pods pane', () => {
  test('a pod whose every gate is ready by rule is marked ✓ in GATES; the others are not', async () => {
    const { app } = await gatedApp();
    const frame = app.frame();
    expect(lineOf(frame, 'train-1')).toMatch(/✓ quota/);
    expect(lineOf(frame, 'train-0')).not.toContain('✓');
    expect(lineOf(frame, 'train-2')).not.toContain('✓');
  });

  test('the details line says each gate’s readiness and why', async () => {
    const { app } = await gatedApp();
    expect(app.frame()).toContain('gates: example.com/quota ✓, example.com/data (manual)');
    await app.press('j');
    expect(app.frame()).toContain('ready to ungate · gates: example.com/quota ✓');
    await app.press('j');
    expect(app.frame()).toContain('gates: example.com/quota ✗ pending: train-2-gpu');
  });

  test('o cycles all → gated only → ready to ungate → all', async () => {
    const { app } = await gatedApp();
    expect(names(app.frame())).toHaveLength(6);
    await app.press('o');
    expect(app.frame()).toContain('gated only');
    expect(names(app.frame())).toEqual(['train-0', 'train-1', 'train-2']);
    await app.press('o');
    expect(app.frame()).toContain('ready to ungate');
    expect(names(app.frame())).toEqual(['train-1']);
    await app.press('o');
    expect(names(app.frame())).toHaveLength(6);
  });

  test('a claim allocated later makes its pod ready, live', async () => {
    const { app, claims } = await gatedApp();
    claims.set([claim('train-2-gpu', true)]);
    await app.press();
    expect(lineOf(app.frame(), 'train-2')).toMatch(/✓ quota/);
  });

  test('U plans the removal of every gate of exactly the ready pods, and applies it after ⏎', async () => {
    const { app, claims } = await gatedApp();
    claims.set([claim('train-2-gpu', true)]);
    await app.press();
    app.api.results = [
      { target: 'batch/train-1', ok: true, status: 200, message: '' },
      { target: 'batch/train-2', ok: true, status: 200, message: '' },
    ];
    await app.press('U');
    await app.waitFor('PATCH');
    const [plan] = app.api.callsTo('planUngate');
    expect((plan!.args[0] as KubeObject[]).map((p) => p.metadata.name).sort()).toEqual(['train-1', 'train-2']);
    expect(plan!.args[1]).toBeNull();
    expect(app.api.callsTo('execute')).toHaveLength(0);
    await app.press(keys.enter);
    expect(app.api.callsTo('execute')).toHaveLength(1);
    await app.waitFor('ungated');
  });

  test('U with the filter set takes only the matching ready pods', async () => {
    const { app, claims } = await gatedApp();
    claims.set([claim('train-2-gpu', true)]);
    await app.press('/');
    await app.type('train-2');
    await app.press(keys.enter, 'U');
    await app.waitFor('PATCH');
    expect((app.api.callsTo('planUngate')[0]!.args[0] as KubeObject[]).map((p) => p.metadata.name)).toEqual(['train-2']);
  });

  test('U says why nothing happens: no pod ready, or no rules configured', async () => {
    const { app } = await gatedApp([{ gate: 'example.com/*', ready: 'manual' }]);
    await app.press('U');
    await app.waitFor('no pod is ready to ungate by rule');
    expect(app.api.callsTo('planUngate')).toHaveLength(0);
    cleanup();
    const { app: bare } = await gatedApp([]);
    await bare.press('U');
    await bare.waitFor('no gate rules: add gates.rules to the config file');
    // without rules, o only toggles gated only
    await bare.press('o', 'o');
    expect(bare.frame()).not.toContain('gated only');
    expect(bare.frame()).not.toContain('ready to ungate');
  });
});

describe('ui.gatedOnly', () => {
  test('seeds the pods pane with gated only, and o moves on from there', async () => {
    const app = await renderApp({ memory: { filters: { 'pods:scope': 'gated' } } });
    app.api.pods.set(samplePods());
    await app.press();
    expect(app.frame()).toContain('gated only');
    expect(names(app.frame())).toEqual(['train-0', 'train-1']);
    await app.press('o');
    expect(names(app.frame())).toHaveLength(5);
  });
});
