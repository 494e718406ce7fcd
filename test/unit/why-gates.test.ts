// Gate readiness rules: validated at load, first match wins, each kind of rule.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/k8s/types.js';
import { ConfigError, parseAppConfig } from '../../src/config.js';
import { gateReadiness, readyToUngate, ruleFor } from '../../src/state/why/gates.js';
import { celRuleEvaluator } from '../../src/state/why/cel.js';
import { noRuleEngine } from '../../src/state/why/types.js';

const cluster = JSON.parse(readFileSync(new URL('../fixtures/why/cluster.json', import.meta.url), 'utf8')) as Record<string, KubeObject[]>;
const ctx = { claims: cluster.claims, pvcs: cluster.pvcs, evaluator: celRuleEvaluator() };

function gatedPod(name: string, gates: string[], extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ml', uid: `uid-${name}`, labels: { quota: 'granted' } }, spec: { schedulingGates: gates.map((g) => ({ name: g })), containers: [{ name: 'app', image: 'app:1' }], ...extra }, status: { phase: 'Pending' } };
}

const load = (yaml: string) => parseAppConfig(yaml, 'config.yaml').gates.rules;

describe('gates.rules in the config file', () => {
  it('reads names, patterns, keywords and CEL', () => {
    expect(load(`gates:\n  rules:\n    - { gate: example.com/gpu, ready: claimsAllocated }\n    - { gate: "storage.example.com/*", ready: pvcsBound }\n    - { gate: example.com/quota, expression: 'pod.metadata.labels["quota"] == "granted"' }\n`)).toEqual([
      { gate: 'example.com/gpu', ready: 'claimsAllocated' },
      { gate: 'storage.example.com/*', ready: 'pvcsBound' },
      { gate: 'example.com/quota', ready: { expression: 'pod.metadata.labels["quota"] == "granted"' } },
    ]);
  });

  it.each([
    ['gates:\n  rules: { gate: x }\n', /"gates.rules" must be a list of rules/],
    ['gates:\n  rules:\n    - { gate: x, ready: sometimes }\n', /"gates.rules\[0\].ready" must be one of claimsAllocated, pvcsBound, manual, got "sometimes"/],
    ['gates:\n  rules:\n    - { gate: x }\n', /"gates.rules\[0\]" needs exactly one of ready/],
    ['gates:\n  rules:\n    - { gate: x, ready: manual, expression: "true" }\n', /needs exactly one of ready/],
    ['gates:\n  rules:\n    - { ready: manual }\n', /"gates.rules\[0\].gate" must be a gate name or pattern/],
    ['gates:\n  rules:\n    - { gate: x, when: manual }\n', /unknown key "when"/],
    ['gates:\n  rules:\n    - { gate: x, expression: "pod.metadata +" }\n', /"gates.rules\[0\].expression" "pod.metadata \+": Syntax error/],
    ['gates:\n  rules:\n    - { gate: x, expression: "1 + 1" }\n', /must evaluate to bool/],
  ])('refuses %j with a clear message', (yaml, message) => {
    expect(() => load(yaml)).toThrow(ConfigError);
    expect(() => load(yaml)).toThrow(message);
  });
});

describe('gate readiness', () => {
  const rules = load(`gates:\n  rules:\n    - { gate: example.com/approval, ready: manual }\n    - { gate: "example.com/*", ready: claimsAllocated }\n    - { gate: data.example.com/ready, ready: pvcsBound }\n    - { gate: quota.example.com/granted, expression: 'pod.metadata.labels["quota"] == "granted"' }\n`);

  it('first matching rule wins; no rule is manual', () => {
    expect(ruleFor('example.com/approval', rules)?.ready).toBe('manual');
    expect(ruleFor('example.com/gpu', rules)?.ready).toBe('claimsAllocated');
    expect(ruleFor('other.io/x', rules)).toBeUndefined();
    expect(gateReadiness('other.io/x', gatedPod('p', ['other.io/x']), rules, ctx)).toMatchObject({ ready: null, rule: 'manual (no rule)' });
  });

  it('claimsAllocated: ready once every claim is allocated', () => {
    const held = gatedPod('a', ['example.com/gpu'], { resourceClaims: [{ name: 'gpu', resourceClaimName: 'holder' }] });
    const pending = gatedPod('b', ['example.com/gpu'], { resourceClaims: [{ name: 'gpu', resourceClaimName: 'wants-big' }] });
    const template = gatedPod('c', ['example.com/gpu'], { resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 't' }] });
    expect(gateReadiness('example.com/gpu', held, rules, ctx)).toMatchObject({ ready: true });
    expect(gateReadiness('example.com/gpu', pending, rules, ctx)).toMatchObject({ ready: false, detail: 'pending: wants-big' });
    expect(gateReadiness('example.com/gpu', template, rules, ctx)).toMatchObject({ ready: false, detail: '1 claim(s) not created yet' });
  });

  it('pvcsBound: ready once every PVC is Bound', () => {
    const vol = (claimName: string) => ({ volumes: [{ name: 'v', persistentVolumeClaim: { claimName } }] });
    const ns = (p: KubeObject) => ((p.metadata.namespace = 'default'), p);
    expect(gateReadiness('data.example.com/ready', ns(gatedPod('a', ['data.example.com/ready'], vol('home'))), rules, ctx).ready).toBe(true);
    expect(gateReadiness('data.example.com/ready', ns(gatedPod('b', ['data.example.com/ready'], vol('data-big'))), rules, ctx)).toMatchObject({ ready: false, detail: 'not bound: data-big Pending' });
  });

  it('CEL: the expression decides; without an engine it is never ready', () => {
    const p = gatedPod('a', ['quota.example.com/granted']);
    expect(gateReadiness('quota.example.com/granted', p, rules, ctx).ready).toBe(true);
    p.metadata.labels = {};
    expect(gateReadiness('quota.example.com/granted', p, rules, ctx)).toMatchObject({ ready: false, detail: expect.stringMatching(/^error: /) });
    expect(gateReadiness('quota.example.com/granted', gatedPod('b', ['quota.example.com/granted']), rules, { ...ctx, evaluator: noRuleEngine })).toMatchObject({ ready: false, detail: 'rule not evaluated: CEL engine missing' });
  });

  it('readyToUngate takes a pod only when all its gates are ready', () => {
    const both = gatedPod('both', ['quota.example.com/granted', 'example.com/gpu'], { resourceClaims: [{ name: 'gpu', resourceClaimName: 'holder' }] });
    const half = gatedPod('half', ['quota.example.com/granted', 'example.com/approval']);
    expect(readyToUngate([both, half, cluster.pods[0]!], rules, ctx).map((r) => r.pod.metadata.name)).toEqual(['both']);
  });
});
