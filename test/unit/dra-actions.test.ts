import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AccessAttributes } from '../../src/k8s/access.js';
import { createActionPipeline } from '../../src/k8s/actions.js';
import { planRelease, releaseRequest, RELEASE_WARNINGS } from '../../src/k8s/claims.js';
import { resourcesOver } from '../support/resources.js';
import { ApiError, type KubeObject, type RequestOptions, type ResourceType, type Transport } from '../../src/k8s/types.js';

const claims: ResourceType = {
  group: 'resource.k8s.io',
  version: 'v1',
  resource: 'resourceclaims',
  kind: 'ResourceClaim',
  namespaced: true,
  verbs: ['get', 'list', 'watch', 'patch', 'delete'],
  subresources: ['status'],
};
const pods: ResourceType = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, verbs: ['get', 'list', 'watch', 'patch', 'delete'], subresources: [] };
const fixture = (name: string): KubeObject => JSON.parse(readFileSync(new URL(`../fixtures/dra/${name}`, import.meta.url), 'utf8'));

type Answer = (path: string, opts: RequestOptions) => unknown;

function harness(answer: Answer = () => ({}), allowed = true) {
  const sent: { method?: string; path: string; query?: RequestOptions['query']; body?: unknown; contentType?: string }[] = [];
  const asked: AccessAttributes[] = [];
  const transport: Transport = {
    server: 'https://fake',
    async request<T>(path: string, opts: RequestOptions = {}) {
      sent.push({ method: opts.method, path, query: opts.query, body: opts.body, contentType: opts.contentType });
      return answer(path, opts) as T;
    },
    stream: () => Promise.reject(new Error('not used')),
  };
  const pipeline = createActionPipeline(transport, {
    async canI(a) {
      asked.push(a);
      return allowed ? { ok: true } : { ok: false, reason: 'no RBAC rule allows it' };
    },
  });
  const access = { canI: () => Promise.reject(new Error('the pipeline asks')) };
  const resource = resourcesOver({ transport, access, pipeline }, [claims, pods]);
  const release = (claim: KubeObject, uid: string) => planRelease(resource({ group: 'resource.k8s.io', resource: 'resourceclaims' }), resource({ group: '', resource: 'pods' }), claim, uid);
  const planDelete = (list: KubeObject[]) => resource({ group: 'resource.k8s.io', resource: 'resourceclaims' }).planDelete(list);
  return { pipeline, transport, sent, asked, release, planDelete };
}

const podGone: Answer = (path, opts) => {
  if (path.startsWith('/api/v1/namespaces/ml/pods/')) throw new ApiError(404, 'pods "old-run-0" not found');
  return opts.method === 'PATCH' ? {} : {};
};

describe('releaseRequest', () => {
  it('removes exactly the stale entry by index, testing the claim uid and the entry with its uid', () => {
    const claim = fixture('claim-v1-deleted-stale.json');
    expect(releaseRequest(claim, 'p-gone', claims)).toEqual({
      target: 'ml/old-run-gpu',
      method: 'PATCH',
      path: '/apis/resource.k8s.io/v1/namespaces/ml/resourceclaims/old-run-gpu/status',
      contentType: 'application/json-patch+json',
      body: [
        { op: 'test', path: '/metadata/uid', value: 'c-2' },
        { op: 'test', path: '/status/reservedFor/1', value: { resource: 'pods', name: 'old-run-0', uid: 'p-gone' } },
        { op: 'remove', path: '/status/reservedFor/1' },
      ],
    });
  });

  it('matches by uid, never by name: a same-named entry with another uid is not touched', () => {
    const claim = fixture('claim-v1-deleted-stale.json');
    claim.status.reservedFor.unshift({ resource: 'pods', name: 'old-run-0', uid: 'p-newcomer' });
    const body = releaseRequest(claim, 'p-gone', claims).body as { path: string; value?: unknown }[];
    expect(body[2].path).toBe('/status/reservedFor/2');
    expect(body[1].value).toMatchObject({ uid: 'p-gone' });
  });

  it('refuses a uid that is not a pod reservation of the claim', () => {
    const claim = fixture('claim-v1-deleted-stale.json');
    expect(() => releaseRequest(claim, 'nope', claims)).toThrow(/no reservation for a pod with uid nope/);
    claim.status.reservedFor[1].resource = 'jobs';
    expect(() => releaseRequest(claim, 'p-gone', claims)).toThrow(/no reservation/);
  });
});

describe('planRelease', () => {
  it('checks the pod is really gone, asks for patch on resourceclaims/status, dry-runs, warns', async () => {
    const h = harness(podGone);
    const plan = await h.release(fixture('claim-v1-deleted-stale.json'), 'p-gone');
    expect(h.sent[0]).toMatchObject({ path: '/api/v1/namespaces/ml/pods/old-run-0' });
    expect(h.asked).toEqual([{ verb: 'patch', group: 'resource.k8s.io', resource: 'resourceclaims', subresource: 'status', namespace: 'ml' }]);
    expect(h.sent[1]).toMatchObject({ method: 'PATCH', query: { dryRun: 'All', fieldManager: 'kubedeck' }, contentType: 'application/json-patch+json' });
    expect(plan.warnings).toEqual(RELEASE_WARNINGS);
    expect(plan.warnings.join(' ')).toMatch(/kube-controller-manager/);
    expect(plan.warnings.join(' ')).toMatch(/allocated twice/);
    expect(plan.dryRun).toEqual([{ ok: true, status: 200, message: 'would be changed' }]);
  });

  it('refuses when a pod with that uid still exists', async () => {
    const h = harness((path) => (path.includes('/pods/') ? { metadata: { name: 'old-run-0', uid: 'p-gone' } } : {}));
    await expect(h.release(fixture('claim-v1-deleted-stale.json'), 'p-gone')).rejects.toThrow(/still exists/);
    expect(h.sent.some((s) => s.method === 'PATCH')).toBe(false);
  });

  it('goes ahead when the name belongs to a newer pod (StatefulSet reuse): uid decides', async () => {
    const h = harness((path) => (path.includes('/pods/') ? { metadata: { name: 'old-run-0', uid: 'p-newer' } } : {}));
    const plan = await h.release(fixture('claim-v1-deleted-stale.json'), 'p-gone');
    expect(plan.requests).toHaveLength(1);
  });

  it.each([
    [409, 'Operation cannot be fulfilled on resourceclaims.resource.k8s.io "old-run-gpu": the object has been modified', /changed since you looked/],
    [422, 'the server rejected our request due to an error in our request: test failed', /changed since you looked/],
    [403, 'resourceclaims.resource.k8s.io "old-run-gpu" is forbidden: User "bob" cannot patch resource "resourceclaims/status"', /^forbidden: /],
  ])('a %i answer on execute is reported per object, in plain words', async (status, message, words) => {
    const h = harness((path, opts) => {
      if (path.includes('/pods/')) throw new ApiError(404, 'not found');
      if (opts.method === 'PATCH' && !opts.query?.dryRun) throw new ApiError(status, message);
      return {};
    });
    const plan = await h.release(fixture('claim-v1-deleted-stale.json'), 'p-gone');
    const [result] = await h.pipeline.execute(plan);
    expect(result).toMatchObject({ target: 'ml/old-run-gpu', ok: false, status });
    expect(result.message).toMatch(words);
  });

  it('a 403 access review answer makes the plan not allowed', async () => {
    const h = harness(podGone, false);
    const plan = await h.release(fixture('claim-v1-deleted-stale.json'), 'p-gone');
    expect(plan.allowed).toEqual({ ok: false, reason: 'no RBAC rule allows it' });
  });
});

describe('resource(resourceclaims).planDelete', () => {
  it('sends DELETE with a uid precondition and says why the claim will linger', async () => {
    const h = harness();
    const plan = await h.planDelete([fixture('claim-v1-reserved.json')]);
    expect(plan.requests).toEqual([
      {
        target: 'ml/train-0-gpu-7xk2q',
        method: 'DELETE',
        path: '/apis/resource.k8s.io/v1/namespaces/ml/resourceclaims/train-0-gpu-7xk2q',
        contentType: 'application/json',
        body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'c-1' } },
      },
    ]);
    expect(h.asked[0]).toMatchObject({ verb: 'delete', group: 'resource.k8s.io', resource: 'resourceclaims' });
    expect(h.sent[0].body).toMatchObject({ dryRun: ['All'], preconditions: { uid: 'c-1' } });
    expect(plan.warnings[0]).toMatch(/reserved for pod\/train-0/);
  });

  it('a 409 (uid precondition: re-created meanwhile) is reported as changed', async () => {
    const h = harness((_p, opts) => {
      if (opts.method === 'DELETE' && !(opts.body as { dryRun?: string[] }).dryRun) throw new ApiError(409, 'Precondition failed: UID in precondition: c-1, UID in object meta: c-9');
      return {};
    });
    const plan = await h.planDelete([fixture('claim-v1-reserved.json')]);
    const [r] = await h.pipeline.execute(plan);
    expect(r).toMatchObject({ ok: false, status: 409 });
    expect(r.message).toMatch(/changed since you looked/);
  });
});
