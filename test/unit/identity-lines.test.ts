// The identity pane's lines and `kubectl auth whoami`'s table.
import { describe, expect, it } from 'vitest';
import { decodeToken } from '../../src/state/jwt.js';
import { expiry, identityLines, timeLeft, whoamiTable, wrap } from '../../src/state/identity.js';
import type { IdentityState } from '../../src/k8s/identity.js';

const NOW = Date.parse('2026-05-01T12:00:00Z');
const seg = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${seg({ alg: 'RS256' })}.${seg(claims)}.c2ln`;

function state(patch: Partial<IdentityState> = {}): IdentityState {
  return {
    review: { loading: false, object: { status: { userInfo: { username: 'alice', uid: 'u-1', groups: ['dev', 'system:authenticated'], extra: { 'scopes.example': ['a', 'b'] } } } } },
    rules: { loading: false, object: { status: { resourceRules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], incomplete: false } } },
    rulesNamespace: 'web',
    credential: { source: 'bearer token', token: decodeToken(jwt({ iss: 'https://issuer.example', sub: 'alice', aud: 'kubernetes', iat: NOW / 1000 - 60, exp: NOW / 1000 + 3 * 3600 + 65, email: 'alice@example.com' })) },
    ...patch,
  };
}
const texts = (s: IdentityState, width = 100, watchUnauthorized?: string) => identityLines({ state: s, now: NOW, width, watchUnauthorized }).map((l) => l.text);

describe('kubectl auth whoami table', () => {
  it('at 80 columns a long Extra key does not push Username and Groups off the screen', () => {
    const long = state({
      review: { loading: false, object: { status: { userInfo: { username: 'demo-admin', uid: '11269580-7121-4d28-b122-8a2f1c9d0e11', groups: ['system:masters', 'system:authenticated'], extra: { 'authentication.kubernetes.io/credential-id': ['JTI=c7660cb5-96dd-4f39-ab1e-5460ab020b22'] } } } } },
    });
    const lines = texts(long, 80);
    expect(lines).toContain('  Username      demo-admin');
    expect(lines).toContain('  Groups        [system:masters system:authenticated]');
    const extra = lines.indexOf('  Extra: authentication.kubernetes.io/credential-id');
    expect(lines[extra + 1]).toBe('                [JTI=c7660cb5-96dd-4f39-ab1e-5460ab020b22]');
  });

  it('prints ATTRIBUTE/VALUE with groups and extras as Go lists, extras sorted', () => {
    expect(whoamiTable({ username: 'alice', uid: 'u-1', groups: ['a', 'b'], extra: { z: ['1'], a: ['x', 'y'] } })).toBe(
      ['ATTRIBUTE   VALUE', 'Username    alice', 'UID         u-1', 'Groups      [a b]', 'Extra: a    [x y]', 'Extra: z    [1]', ''].join('\n'),
    );
  });
  it('leaves out what the server did not say', () => {
    expect(whoamiTable({ username: 'system:anonymous' })).toBe('ATTRIBUTE   VALUE\nUsername    system:anonymous\n');
  });
});

describe('token expiry', () => {
  it.each([
    [3 * 3600_000 + 65_000, '3h 01m 05s left', 'ok'],
    [4 * 60_000 + 9_000, '4m 09s left, expires soon', 'warn'],
    [-(2 * 60_000), 'expired 2m 00s ago', 'error'],
    [0, 'expired 0s ago', 'error'],
  ])('%i ms left → %s', (left, text, tone) => {
    expect(expiry(NOW + left, NOW)).toEqual({ text, tone });
  });
  it('counts days coarsely', () => expect(timeLeft(2 * 86400_000 + 3 * 3600_000)).toBe('2d 3h'));
});

describe('identity pane lines', () => {
  it('shows identity, decoded claims with a plain warning, and the can-i table', () => {
    const t = texts(state());
    expect(t).toContain('  Username                alice');
    expect(t).toContain('  Groups                  [dev system:authenticated]');
    expect(t).toContain('  Extra: scopes.example   [a b]');
    expect(t.some((l) => /signature is NOT verified/.test(l))).toBe(true);
    expect(t).toContain('  Issuer    https://issuer.example');
    expect(t).toContain('  Audience  kubernetes');
    expect(t).toContain('  Issued    2026-05-01T11:59:00Z  (1m 00s ago)');
    expect(t).toContain('  Expires   2026-05-01T15:01:05Z  (3h 01m 05s left)');
    expect(t).toContain('  email     "alice@example.com"');
    expect(t).toContain('What you may do in namespace web (kubectl auth can-i --list)');
    expect(t).toContain('  pods        []                  []               [get]');
    expect(t.some((l) => l.includes('401'))).toBe(false);
  });

  it('explains a 401 from the review or from the watch', () => {
    const refused = state({ review: { loading: false, error: { status: 401, message: 'Unauthorized' } } });
    const t = texts(refused);
    expect(t).toContain('401 Unauthorized: the API server did not accept the credential');
    expect(t.some((l) => l.includes('• issuer:'))).toBe(true);
    expect(texts(state(), 100, 'Unauthorized').some((l) => l.includes('pods watch: Unauthorized'))).toBe(true);
  });

  it('notes an incomplete list and its evaluation error', () => {
    const s = state({ rules: { loading: false, object: { status: { resourceRules: [], incomplete: true, evaluationError: 'webhook authorizer does not support rules' } } } });
    expect(texts(s)).toContain('  ⚠ the list may be incomplete (incomplete: true): webhook authorizer does not support rules');
  });

  it('shows review and rules errors instead of stale answers', () => {
    const s = state({ rules: { loading: false, error: { status: 403, message: 'forbidden: selfsubjectrulesreviews' } } });
    expect(texts(s)).toContain('  ✗ 403: forbidden: selfsubjectrulesreviews');
  });

  it('fits 80 columns: prose wraps, the table tightens its spacing instead of losing the verbs', () => {
    const s = state({
      rules: { loading: false, object: { status: { resourceRules: [{ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'] }], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/.well-known/openid-configuration/'] }] } } },
      review: { loading: false, error: { status: 401, message: 'Unauthorized' } },
    });
    const lines = texts(s, 79);
    for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(79);
    expect(lines).toContain('  [create]  selfsubjectaccessreviews.authorization.k8s.io');
    expect(lines).toContain('  [get]     [/.well-known/openid-configuration/]');
    // wide enough: kubectl's own layout
    expect(texts(s, 120)).toContain('  Resources                                       Non-Resource URLs                      Resource Names   Verbs');
  });

  it('wraps words with a hanging indent', () => {
    expect(wrap('one two three four', 11)).toEqual(['  one two', '    three', '    four']);
  });
});
