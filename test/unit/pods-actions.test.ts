import { describe, expect, it } from 'vitest';
import type { AccessAttributes } from '../../src/k8s/access.js';
import { createActionPipeline } from '../../src/k8s/actions.js';
import { deleteRequest, planUngate, ungateRequest } from '../../src/k8s/pods.js';
import { resourcesOver } from '../support/resources.js';
import type { KubeObject, RequestOptions, ResourceType, Transport } from '../../src/k8s/types.js';

const podsResource: ResourceType = {
  group: '',
  version: 'v1',
  resource: 'pods',
  kind: 'Pod',
  namespaced: true,
  verbs: ['get', 'list', 'watch', 'patch', 'delete'],
  subresources: ['status', 'log', 'eviction'],
};
const pvResource: ResourceType = { ...podsResource, resource: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false, subresources: ['status'] };

function pod(name: string, gates?: string[], extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'team-a', uid: `uid-${name}`, resourceVersion: '7', ...extra },
    spec: { containers: [{ name: 'c', image: 'busybox' }], ...(gates ? { schedulingGates: gates.map((g) => ({ name: g })) } : {}) },
  };
}

/** the pods resource API over the harness's pipeline (its transport answers nothing else) */
const pods_ = (pipeline: ReturnType<typeof harness>['pipeline']) =>
  resourcesOver({ transport: { server: 'https://fake', request: () => Promise.reject(new Error('not used')), stream: () => Promise.reject(new Error('not used')) }, access: { canI: () => Promise.reject(new Error('not used')) }, pipeline }, [podsResource])({ group: '', resource: 'pods' });

function harness() {
  const sent: { method?: string; path: string; query?: RequestOptions['query']; body?: unknown }[] = [];
  const asked: AccessAttributes[] = [];
  const transport: Transport = {
    server: 'https://fake',
    async request<T>(path: string, opts: RequestOptions = {}) {
      sent.push({ method: opts.method, path, query: opts.query, body: opts.body });
      return {} as T;
    },
    stream: () => Promise.reject(new Error('not used')),
  };
  const pipeline = createActionPipeline(transport, {
    async canI(a) {
      asked.push(a);
      return { ok: true };
    },
  });
  return { pipeline, sent, asked };
}

const three = ['example.com/quota', 'example.com/arch', 'example.com/team'];
const testOp = (names: string[]) => ({ op: 'test', path: '/spec/schedulingGates', value: names.map((name) => ({ name })) });
const uidOp = (name = 'p') => ({ op: 'test', path: '/metadata/uid', value: `uid-${name}` });

describe('ungateRequest', () => {
  it('removes one gate by index after testing the gates as read', () => {
    expect(ungateRequest(pod('p', ['example.com/quota']), 'example.com/quota', podsResource)).toEqual({
      target: 'team-a/p',
      method: 'PATCH',
      path: '/api/v1/namespaces/team-a/pods/p',
      contentType: 'application/json-patch+json',
      body: [uidOp(), testOp(['example.com/quota']), { op: 'remove', path: '/spec/schedulingGates/0' }],
    });
  });

  it.each([
    ['example.com/quota', 0],
    ['example.com/arch', 1],
    ['example.com/team', 2],
  ])('targets %s at index %i of three', (gate, index) => {
    const req = ungateRequest(pod('p', three), gate, podsResource);
    expect(req.body).toEqual([uidOp(), testOp(three), { op: 'remove', path: `/spec/schedulingGates/${index}` }]);
  });

  it('removes the whole field for all gates', () => {
    const req = ungateRequest(pod('p', three), null, podsResource);
    expect(req.body).toEqual([uidOp(), testOp(three), { op: 'remove', path: '/spec/schedulingGates' }]);
  });

  it('pins the uid: a pod re-created under the same name with the same gates is refused', () => {
    const req = ungateRequest(pod('web-0', ['example.com/quota']), null, podsResource);
    expect((req.body as unknown[])[0]).toEqual({ op: 'test', path: '/metadata/uid', value: 'uid-web-0' });
  });

  it('tests the gates exactly as read, including fields kubedeck does not know', () => {
    const p = pod('p');
    p.spec.schedulingGates = [{ name: 'a' }, { name: 'b', futureField: true }];
    const [, test] = ungateRequest(p, 'b', podsResource).body as unknown[];
    expect(test).toEqual({ op: 'test', path: '/spec/schedulingGates', value: [{ name: 'a' }, { name: 'b', futureField: true }] });
    // a copy: later edits of the store's object do not change the request
    p.spec.schedulingGates.pop();
    expect((test as { value: unknown[] }).value).toHaveLength(2);
  });

  it('refuses a pod without that gate, or without gates', () => {
    expect(() => ungateRequest(pod('p', ['a']), 'b', podsResource)).toThrow('team-a/p has no scheduling gate "b"');
    expect(() => ungateRequest(pod('q'), null, podsResource)).toThrow('team-a/q has no scheduling gates');
    expect(() => ungateRequest(pod('r', []), 'a', podsResource)).toThrow('team-a/r has no scheduling gates');
  });
});

describe('planUngate', () => {
  it('dry-runs only pods that carry the gate and names the others in a warning', async () => {
    const { pipeline, sent, asked } = harness();
    const pods = [pod('p1', ['x', 'y']), pod('p2', ['y']), pod('p3'), pod('p4', ['x'])];
    const plan = await planUngate(pods_(pipeline), pods, 'x');
    expect(plan.title).toBe('Remove scheduling gate');
    expect(asked).toEqual([{ verb: 'patch', group: '', resource: 'pods', namespace: 'team-a' }]);
    expect(plan.requests.map((r) => r.target)).toEqual(['team-a/p1', 'team-a/p4']);
    expect(plan.warnings).toEqual(['left out, no scheduling gate "x": team-a/p2, team-a/p3']);
    expect(sent.map((s) => [s.method, s.path, s.query])).toEqual([
      ['PATCH', '/api/v1/namespaces/team-a/pods/p1', { dryRun: 'All', fieldManager: 'kubedeck' }],
      ['PATCH', '/api/v1/namespaces/team-a/pods/p4', { dryRun: 'All', fieldManager: 'kubedeck' }],
    ]);
  });

  it('removes all gates from every gated pod', async () => {
    const { pipeline } = harness();
    const plan = await planUngate(pods_(pipeline), [pod('p1', ['x', 'y']), pod('p2')], null);
    expect(plan.title).toBe('Remove all scheduling gates');
    expect(plan.requests.map((r) => r.body)).toEqual([[uidOp('p1'), testOp(['x', 'y']), { op: 'remove', path: '/spec/schedulingGates' }]]);
    expect(plan.warnings).toEqual(['left out, no scheduling gates: team-a/p2']);
  });
});

describe('delete', () => {
  it('carries a uid precondition, so a re-created namesake is never deleted', () => {
    expect(deleteRequest(pod('p1'), podsResource)).toEqual({
      target: 'team-a/p1',
      method: 'DELETE',
      path: '/api/v1/namespaces/team-a/pods/p1',
      contentType: 'application/json',
      body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'uid-p1' } },
    });
  });

  it('uses the cluster-scoped path and plain name for cluster-scoped objects', () => {
    const pv: KubeObject = { metadata: { name: 'pv-1', uid: 'u-pv' } };
    expect(deleteRequest(pv, pvResource)).toMatchObject({ target: 'pv-1', path: '/api/v1/persistentvolumes/pv-1' });
  });

  it('refuses an object without a uid', () => {
    expect(() => deleteRequest(pod('p1', undefined, { uid: undefined }), podsResource)).toThrow(/no uid/);
  });

  it('plans with a delete access check and warns about finalizers', async () => {
    const { pipeline, asked, sent } = harness();
    const pods = [pod('p1', undefined, { finalizers: ['example.com/keep', 'example.com/audit'] }), pod('p2')];
    const plan = await pods_(pipeline).planDelete(pods);
    expect(plan.title).toBe('Delete 2 pods');
    expect(asked).toEqual([{ verb: 'delete', group: '', resource: 'pods', namespace: 'team-a' }]);
    expect(plan.warnings).toEqual([
      'team-a/p1 will stay Terminating until its finalizers are removed: example.com/keep, example.com/audit',
    ]);
    expect(sent.map((s) => s.body)).toEqual([
      { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'uid-p1' }, dryRun: ['All'] },
      { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'uid-p2' }, dryRun: ['All'] },
    ]);
  });
});
