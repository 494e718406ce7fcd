// identity.authenticationConfig: the identity pane shows what that
// AuthenticationConfiguration would make of the session's JWT, beside the server's review.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { authnPreview, createIdentityApi, type Credential, type IdentityState } from '../../src/k8s/identity.js';
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

  it('shows each step and the prediction beside the review; the same user is no difference', () => {
    const lines = text(state(authnPreview(file, credential, 'v1.37.2', NOW), 'oidc:alice'));
    expect(lines).toContain(`Structured authentication preview (identity.authenticationConfig: ${file})`);
    expect(lines.some((l) => l.includes('claimMappings.username') && l.includes('"oidc:alice"'))).toBe(true);
    expect(lines).toContain('= the prediction matches the server');
  });

  it('marks a difference from what the server reports', () => {
    const lines = text(state(authnPreview(file, credential, undefined, NOW), 'someone-else'));
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

  it('says in one line why there is no preview', () => {
    const lines = text(state(authnPreview(path.join(dir, 'missing.yaml'), credential, undefined, NOW), 'oidc:alice'));
    expect(lines).toContain('  ✗ cannot read it: ENOENT');
    expect(text(state(authnPreview(file, { source: 'client certificate' }, undefined, NOW), 'x'))).toContain('  ✗ no JWT to check (client certificate)');
  });
});
