import { describe, expect, it } from 'vitest';
import { createAccessChecker } from '../../src/k8s/access.js';
import { ApiError, type RequestOptions, type Transport } from '../../src/k8s/types.js';

type Answer = unknown | ((path: string, opts: RequestOptions) => unknown);

function fakeTransport(answers: Answer[]) {
  const sent: { path: string; method?: string; body?: unknown }[] = [];
  const transport: Transport = {
    server: 'https://fake',
    async request<T>(path: string, opts: RequestOptions = {}) {
      sent.push({ path, method: opts.method, body: opts.body });
      const a = answers.shift();
      if (a instanceof Error) throw a;
      return (typeof a === 'function' ? a(path, opts) : a) as T;
    },
    stream: () => Promise.reject(new Error('not used')),
  };
  return { transport, sent };
}

const allowed = { status: { allowed: true } };
const pods = { verb: 'patch', group: '', resource: 'pods', namespace: 'team-a' };

describe('createAccessChecker', () => {
  it('posts a SelfSubjectAccessReview with the resource attributes', async () => {
    const { transport, sent } = fakeTransport([allowed]);
    const answer = await createAccessChecker(transport).canI({ ...pods, subresource: 'status', name: 'web-0' });
    expect(answer).toEqual({ ok: true });
    expect(sent).toEqual([
      {
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        method: 'POST',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              verb: 'patch',
              group: '',
              resource: 'pods',
              subresource: 'status',
              namespace: 'team-a',
              name: 'web-0',
            },
          },
        },
      },
    ]);
  });

  it('answers a repeated question from the cache without a request', async () => {
    const { transport, sent } = fakeTransport([allowed]);
    const checker = createAccessChecker(transport);
    await checker.canI(pods);
    expect(await checker.canI({ ...pods })).toEqual({ ok: true });
    expect(sent).toHaveLength(1);
  });

  it('asks again for another namespace, and after the TTL', async () => {
    let t = 0;
    const { transport, sent } = fakeTransport([allowed, { status: { allowed: false } }, allowed]);
    const checker = createAccessChecker(transport, { ttlMs: 60_000, now: () => t });
    await checker.canI(pods);
    expect((await checker.canI({ ...pods, namespace: 'team-b' })).ok).toBe(false);
    t = 59_999;
    await checker.canI(pods);
    expect(sent).toHaveLength(2);
    t = 60_000;
    await checker.canI(pods);
    expect(sent).toHaveLength(3);
  });

  it('says in plain words what is denied, with the authorizer reason', async () => {
    const { transport } = fakeTransport([{ status: { allowed: false, denied: true, reason: 'policy says no' } }]);
    const answer = await createAccessChecker(transport).canI({ verb: 'delete', group: 'apps', resource: 'deployments', namespace: 'prod' });
    expect(answer).toEqual({ ok: false, reason: 'you may not delete deployments.apps in namespace prod (policy says no)' });
  });

  it('names cluster-wide denials', async () => {
    const { transport } = fakeTransport([{ status: { allowed: false } }]);
    const answer = await createAccessChecker(transport).canI({ verb: 'delete', group: '', resource: 'persistentvolumes' });
    expect(answer).toEqual({ ok: false, reason: 'you may not delete persistentvolumes cluster-wide' });
  });

  it('turns a failed review into a plain "no" and does not cache it', async () => {
    const { transport, sent } = fakeTransport([new ApiError(503, 'the server is currently unable to handle the request'), allowed]);
    const checker = createAccessChecker(transport);
    expect(await checker.canI(pods)).toEqual({
      ok: false,
      reason: 'could not check access: the server is currently unable to handle the request (HTTP 503)',
    });
    expect(await checker.canI(pods)).toEqual({ ok: true });
    expect(sent).toHaveLength(2);
  });

  it('shares one request between concurrent identical questions', async () => {
    const { transport, sent } = fakeTransport([allowed]);
    const checker = createAccessChecker(transport);
    const [a, b] = await Promise.all([checker.canI(pods), checker.canI(pods)]);
    expect(a).toEqual({ ok: true });
    expect(b).toEqual({ ok: true });
    expect(sent).toHaveLength(1);
  });
});
