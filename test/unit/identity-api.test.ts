// The identity API: the exact reviews it asks, what it does with 401s, and where the
// credential's claims come from (static token, exec plugin) without keeping the token.
import { describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { createIdentityApi, explainUnauthorized, readCredential } from '../../src/k8s/identity.js';
import type { SessionCore } from '../../src/k8s/session.js';
import type { ContextConfig } from '../../src/k8s/kubeconfig.js';
import { ApiError, type RequestOptions, type Transport } from '../../src/k8s/types.js';

const seg = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const token = `${seg({ alg: 'RS256' })}.${seg({ iss: 'https://i.example', sub: 'alice', aud: 'k8s', exp: Math.floor(Date.now() / 1000) - 60 })}.c2ln`;

function ctxWith(user: Record<string, unknown>, bearerToken?: string): ContextConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: false }],
    users: [{ name: 'u', ...user }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return { name: 'x', kc, server: 'https://127.0.0.1:6443', namespace: 'default', user: 'u', tlsWarnings: [], bearerToken };
}

function core(answer: (path: string, opts: RequestOptions) => unknown, namespace: string | null = null, ctx = ctxWith({ token }, token)) {
  const calls: { path: string; opts: RequestOptions }[] = [];
  const transport: Transport = {
    server: ctx.server,
    async request<T>(path: string, opts: RequestOptions = {}) {
      calls.push({ path, opts });
      await Promise.resolve();
      return answer(path, opts) as T;
    },
    stream: async () => {},
  };
  const closers: (() => void)[] = [];
  const c = { ctx, namespace, transport, onClose: (fn: () => void) => closers.push(fn), notifyInfo() {} } as unknown as SessionCore;
  return { c, calls, close: () => closers.forEach((f) => f()) };
}

const review = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', status: { userInfo: { username: 'alice' } } };

describe('identity API', () => {
  it('asks SelfSubjectReview and SelfSubjectRulesReview for "default" when the session spans all namespaces', async () => {
    const { c, calls } = core((path) => (path.includes('rules') ? { status: { resourceRules: [] } } : review));
    const api = createIdentityApi(c);
    await api.refresh();
    expect(calls.map((x) => [x.path, x.opts.method, x.opts.body])).toEqual([
      ['/apis/authentication.k8s.io/v1/selfsubjectreviews', 'POST', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }],
      ['/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', 'POST', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'default' } }],
    ]);
    const s = api.state();
    expect(s.review.object?.status?.userInfo?.username).toBe('alice');
    expect(s.rulesNamespace).toBe('default');
    expect(s.credential?.token?.kind).toBe('jwt');
  });

  it('asks about the session namespace, and shares a review already in flight', async () => {
    const { c, calls } = core((path) => (path.includes('rules') ? {} : review), 'web');
    const api = createIdentityApi(c);
    const [a, b] = await Promise.all([api.whoami(), api.whoami()]);
    expect([a, b]).toEqual(['alice', 'alice']);
    expect(calls).toHaveLength(1);
    await api.refresh();
    expect(calls.at(-1)?.opts.body).toMatchObject({ spec: { namespace: 'web' } });
  });

  it('a 401 is kept with the credential read, so hints have claims; listeners hear each change', async () => {
    const { c } = core(() => {
      throw new ApiError(401, 'Unauthorized');
    });
    const api = createIdentityApi(c);
    let changes = 0;
    api.subscribe(() => changes++);
    expect(await api.whoami()).toBeUndefined();
    expect(api.state().review.error).toEqual({ status: 401, message: 'Unauthorized' });
    expect(api.state().credential?.token?.kind).toBe('jwt');
    expect(changes).toBeGreaterThanOrEqual(2);
  });

  it('stops reporting once the session closed', async () => {
    const { c, close } = core(() => review);
    const api = createIdentityApi(c);
    let changes = 0;
    api.subscribe(() => changes++);
    close();
    await api.refresh();
    expect(changes).toBe(0);
  });
});

describe('readCredential', () => {
  it('decodes the token an exec plugin hands out, through applyToHTTPSOptions', async () => {
    const cred = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } });
    const ctx = ctxWith({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/bin/sh', args: ['-c', `printf '%s' '${cred}'`] } });
    const c = await readCredential(ctx);
    expect(c.source).toBe('exec plugin sh');
    expect(c.token?.kind === 'jwt' && c.token.claims.sub).toBe('alice');
    expect(JSON.stringify(c)).not.toContain(token);
  });

  it('says when a plugin fails, and when no bearer token is sent', async () => {
    const failing = await readCredential(ctxWith({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/bin/sh', args: ['-c', 'echo nope >&2; exit 3'] } }));
    expect(failing.error).toMatch(/^cannot get credentials: nope/);
    expect(await readCredential(ctxWith({}))).toEqual({ source: 'no credential: requests are anonymous' });
    expect((await readCredential(ctxWith({ username: 'a', password: 'b' }))).source).toBe('username and password (basic auth)');
  });

  it('explainUnauthorized adds hints to a 401 and passes other errors through', async () => {
    const err = (await explainUnauthorized(ctxWith({ token }, token), new ApiError(401, 'Unauthorized'))) as ApiError;
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/^401 Unauthorized: the API server did not accept the credentials\n {2}hint: expired: the token expired 6\ds ago/);
    const other = new ApiError(403, 'Forbidden');
    expect(await explainUnauthorized(ctxWith({}), other)).toBe(other);
  });
});
