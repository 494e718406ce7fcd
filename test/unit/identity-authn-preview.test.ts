// identity.authenticationConfig: the identity pane shows what that
// AuthenticationConfiguration would make of the session's JWT, beside the server's review.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { authnPreview, createIdentityApi, serviceAccountIssuer, type Credential, type IdentityState } from '../../src/k8s/identity.js';
import { checkToken } from '../../src/cel/authn.js';
import { parseAuthenticationConfiguration } from '../../src/cel/authn-config.js';
import type { SessionCore } from '../../src/k8s/session.js';
import { defaultAppConfig } from '../../src/config.js';
import { identityLines } from '../../src/state/identity.js';
import { decodeToken } from '../../src/state/jwt.js';
import { parseAppConfig } from '../../src/config.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.c2ln`;
const claims = { iss: 'https://issuer.example.com', aud: 'kubedeck', sub: 'u-1', preferred_username: 'alice', exp: NOW / 1000 + 3600 };
const credential: Credential = { source: 'bearer token', token: decodeToken(jwt(claims)) };

const dir = mkdtempSync(path.join(tmpdir(), 'kubedeck-authn-'));
const file = path.join(dir, 'authn.yaml');
writeFileSync(
  file,
  `apiVersion: apiserver.config.k8s.io/v1beta1
kind: AuthenticationConfiguration
jwt:
- issuer: {url: "https://issuer.example.com", audiences: [kubedeck]}
  claimMappings:
    username: {expression: "'oidc:' + claims.preferred_username"}
    uid: {claim: sub}
`,
);

const state = (authn: IdentityState['authnPreview'], username: string): IdentityState => ({
  review: { loading: false, object: { status: { userInfo: { username, uid: 'u-1', groups: ['system:authenticated'] } } } },
  rules: { loading: false },
  rulesNamespace: 'default',
  credential,
  authnPreview: authn,
});
const text = (s: IdentityState) => identityLines({ state: s, now: NOW, width: 120 }).map((l) => l.text);

describe('identity pane: structured authentication preview', () => {
  it('is a settings key, off by default', () => {
    expect(parseAppConfig('', 'c.yaml').identity.authenticationConfig).toBe('');
    expect(parseAppConfig('identity: {authenticationConfig: /etc/kubernetes/authn.yaml}', 'c.yaml').identity.authenticationConfig).toBe('/etc/kubernetes/authn.yaml');
  });

  it('shows each step and the prediction beside the review; the same user is no difference', async () => {
    const lines = text(state(await authnPreview(file, credential, 'v1.37.2', NOW), 'oidc:alice'));
    expect(lines).toContain(`Structured authentication preview (identity.authenticationConfig: ${file})`);
    expect(lines.some((l) => l.includes('claimMappings.username') && l.includes('"oidc:alice"'))).toBe(true);
    expect(lines).toContain('= the prediction matches the server');
  });

  it('marks a difference from what the server reports', async () => {
    const lines = text(state(await authnPreview(file, credential, undefined, NOW), 'someone-else'));
    expect(lines.some((l) => l.startsWith('  ≠') && l.includes('Username') && l.includes('oidc:alice') && l.includes('someone-else'))).toBe(true);
  });

  it('the identity API computes it when the settings name a file, with the session\'s own token', async () => {
    const token = jwt({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 });
    const kc = new KubeConfig();
    kc.loadFromOptions({ clusters: [{ name: 'c', server: 'https://127.0.0.1:6443' }], users: [{ name: 'u', token }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
    const ctx = { name: 'x', kc, server: 'https://127.0.0.1:6443', namespace: 'default', user: 'u', tlsWarnings: [], bearerToken: token };
    const transport = { server: ctx.server, request: async () => ({ status: { userInfo: { username: 'oidc:alice', uid: 'u-1' } } }), stream: async () => {} };
    const config = { ...defaultAppConfig, identity: { authenticationConfig: file } };
    const core = { ctx, namespace: null, transport, config, discovery: { serverVersion: 'v1.37.2' }, onClose() {}, notifyInfo() {} } as unknown as SessionCore;
    const api = createIdentityApi(core);
    await api.refresh();
    expect(api.state().authnPreview).toMatchObject({ path: file, check: { result: 'accepted', user: { username: 'oidc:alice', uid: 'u-1' } } });
    expect(text(api.state())).toContain('= the prediction matches the server');
  });

  it('says in one line why there is no preview', async () => {
    const lines = text(state(await authnPreview(path.join(dir, 'missing.yaml'), credential, undefined, NOW), 'oidc:alice'));
    expect(lines).toContain('  ✗ cannot read it: ENOENT');
    expect(text(state(await authnPreview(file, { source: 'client certificate' }, undefined, NOW), 'x'))).toContain('  ✗ no JWT to check (client certificate)');
  });
});

describe('the service-account issuer, which no JWT authenticator may use', () => {
  it('comes from the server\'s OIDC discovery document, when it may be read', async () => {
    const paths: string[] = [];
    const ok = { request: async <T>(p: string) => (paths.push(p), { issuer: 'https://kubernetes.default.svc.cluster.local' } as T) };
    expect(await serviceAccountIssuer(ok)).toBe('https://kubernetes.default.svc.cluster.local');
    expect(paths).toEqual(['/.well-known/openid-configuration']);
    expect(await serviceAccountIssuer({ request: async () => Promise.reject(new Error('403 Forbidden')) })).toBeUndefined();
  });
  it('makes a configuration that reuses it invalid, in the API server\'s words', () => {
    const parsed = parseAuthenticationConfiguration(
      'apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt:\n- issuer: {url: "https://kubernetes.default.svc.cluster.local", audiences: [a]}\n  claimMappings: {username: {claim: sub, prefix: ""}}\n',
    );
    if ('error' in parsed) throw new Error(parsed.error);
    const r = checkToken(parsed.config, claims, { now: NOW, disallowedIssuers: ['https://kubernetes.default.svc.cluster.local'] });
    expect(r.configError).toBe('jwt[0].issuer.url: Invalid value: "https://kubernetes.default.svc.cluster.local": URL must not overlap with disallowed issuers: [https://kubernetes.default.svc.cluster.local]');
  });
});
