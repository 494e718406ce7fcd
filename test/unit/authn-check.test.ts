// `checkToken`, rule kind by rule kind: what a structured-authentication configuration
// would make of a token, and which rule refuses it.
import { describe, expect, it } from 'vitest';
import { checkToken } from '../../src/cel/authn.js';
import { parseAuthenticationConfiguration, type AuthenticationConfiguration, type JWTAuthenticator } from '../../src/cel/authn-config.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const ISS = 'https://issuer.example.com';
const base = { iss: ISS, aud: 'kubedeck', sub: 'u-1', exp: NOW / 1000 + 3600 };

const config = (a: Partial<JWTAuthenticator>): AuthenticationConfiguration => ({
  apiVersion: 'apiserver.config.k8s.io/v1',
  kind: 'AuthenticationConfiguration',
  jwt: [{ issuer: { url: ISS, audiences: ['kubedeck'] }, claimMappings: { username: { claim: 'sub', prefix: '' } }, ...a }],
});
const check = (a: Partial<JWTAuthenticator>, claims: Record<string, unknown> = {}, now = NOW) => checkToken(config(a), { ...base, ...claims }, { now });
const failed = (r: ReturnType<typeof check>) => r.steps.filter((s) => s.verdict === 'fail').map((s) => s.what);

describe('authn check: which authenticator', () => {
  it('is the one whose issuer.url is the token iss; another iss is not taken', () => {
    expect(check({}).authenticator).toBe(0);
    const r = check({}, { iss: 'https://other.example.com' });
    expect(r.result).toBe('not taken');
  });
  it('audiences: one of the token audiences must be listed (MatchAny)', () => {
    const multi = { issuer: { url: ISS, audiences: ['a', 'kubedeck'], audienceMatchPolicy: 'MatchAny' } };
    expect(check(multi, { aud: ['x', 'kubedeck'] }).result).toBe('accepted');
    const r = check(multi, { aud: ['x'] });
    expect(r).toMatchObject({ result: 'rejected', error: 'oidc: verify token: oidc: expected audience in ["a" "kubedeck"] got ["x"]' });
  });
  it('the header alg must be one the server accepts with --authentication-config (the signature is not verified)', () => {
    expect(checkToken(config({}), base, { now: NOW, alg: 'RS256' }).result).toBe('accepted');
    const r = checkToken(config({}), base, { now: NOW, alg: 'HS256' });
    expect(r).toMatchObject({ result: 'rejected', error: expect.stringContaining('id token signed with unsupported algorithm') });
    expect(r.signatureVerified).toBe(false);
  });
  it('exp and nbf are checked (a minute of leeway on nbf); no exp counts as expired', () => {
    expect(check({}, { exp: NOW / 1000 - 1 }).result).toBe('rejected');
    expect(check({}, { exp: undefined }).error).toContain('token is expired');
    expect(check({}, { nbf: NOW / 1000 + 30 }).result).toBe('accepted');
    expect(failed(check({}, { nbf: NOW / 1000 + 120 }))).toEqual(['nbf']);
  });
});

describe('authn check: claim mappings', () => {
  it('username and groups by claim and prefix, uid by claim', () => {
    const r = check({ claimMappings: { username: { claim: 'preferred_username', prefix: 'oidc:' }, groups: { claim: 'groups', prefix: 'oidc:' }, uid: { claim: 'sub' } } }, { preferred_username: 'alice', groups: 'admins' });
    expect(r.user).toEqual({ username: 'oidc:alice', groups: ['oidc:admins'], uid: 'u-1' });
  });
  it('username, groups, uid and extra by expression; a jti adds the credential id', () => {
    const r = check(
      {
        claimMappings: {
          username: { expression: "'jwt:' + claims.name" },
          groups: { expression: "claims.roles.map(r, 'role:' + r)" },
          uid: { expression: 'claims.sub' },
          extra: [{ key: 'example.org/team', valueExpression: 'claims.team' }, { key: 'example.org/none', valueExpression: "''" }],
        },
      },
      { name: 'bob', roles: ['a', 'b'], team: 'blue', jti: 'abc' },
    );
    expect(r.user).toEqual({
      username: 'jwt:bob',
      groups: ['role:a', 'role:b'],
      uid: 'u-1',
      extra: { 'authentication.kubernetes.io/credential-id': ['JTI=abc'], 'example.org/team': ['blue'] },
    });
  });
  it('the username from the email claim needs email_verified true when present', () => {
    const email = { claimMappings: { username: { claim: 'email', prefix: '' } } };
    expect(check(email, { email: 'a@example.com' }).user?.username).toBe('a@example.com');
    expect(check(email, { email: 'a@example.com', email_verified: false })).toMatchObject({ result: 'rejected', error: 'oidc: email not verified' });
    expect(failed(check(email, { email: 'a@example.com', email_verified: 'true' }))).toEqual(['email_verified']);
  });
  it('a username expression must give a non-empty string', () => {
    expect(check({ claimMappings: { username: { expression: 'claims.n' } } }, { n: 3 }).error).toBe('oidc: error evaluating username claim expression: username claim expression must return a string');
    expect(check({ claimMappings: { username: { expression: 'claims.n' } } }, { n: '' }).error).toBe('oidc: empty username via CEL expression is not allowed');
  });
});

describe('authn check: validation rules', () => {
  it('claim + requiredValue', () => {
    const rules = { claimValidationRules: [{ claim: 'hd', requiredValue: 'example.com' }] };
    expect(check(rules, { hd: 'example.com' }).result).toBe('accepted');
    expect(check(rules, { hd: 'evil.com' }).error).toBe('oidc: required claim hd value does not match. Got = evil.com, want = example.com');
    expect(check(rules, {}).error).toBe('oidc: required claim hd not present in ID token');
  });
  it('expression + message: the failing rule is named', () => {
    const rules = { claimValidationRules: [{ expression: 'claims.sub != ""' }, { expression: "claims.tier == 'gold'", message: 'gold tier only' }] };
    const r = check(rules, { tier: 'silver' });
    expect(failed(r)).toEqual(['claimValidationRules[1]']);
    expect(r.error).toBe("oidc: error evaluating claim validation expression: validation expression 'claims.tier == 'gold'' failed: gold tier only");
  });
  it('user validation rules see the mapped user', () => {
    const rules = { claimMappings: { username: { claim: 'sub', prefix: 'system:' } }, userValidationRules: [{ expression: "!user.username.startsWith('system:')", message: 'no system users' }] };
    const r = check(rules);
    expect(failed(r)).toEqual(['userValidationRules[0]']);
    expect(r.error).toContain('no system users');
  });
  it('a rule kubedeck cannot evaluate makes the answer unknown, never a pass or a fail', () => {
    const r = check({ claimValidationRules: [{ expression: "'%.1f'.format([claims.exp]) != ''" }] });
    expect(r.result).toBe('unknown');
    expect(r.steps.find((s) => s.what === 'claimValidationRules[0]')?.verdict).toBe('cannot evaluate');
  });
});

describe('authn check: the configuration file', () => {
  it('reads v1alpha1, v1beta1 and v1 and refuses anything else in one line', () => {
    for (const v of ['v1alpha1', 'v1beta1', 'v1']) expect(parseAuthenticationConfiguration(`apiVersion: apiserver.config.k8s.io/${v}\nkind: AuthenticationConfiguration\njwt: []\n`)).toHaveProperty('config');
    expect(parseAuthenticationConfiguration('apiVersion: v1\nkind: ConfigMap\n')).toEqual({ error: 'kind is "ConfigMap", not AuthenticationConfiguration' });
    expect(parseAuthenticationConfiguration('jwt: [')).toHaveProperty('error');
  });
  it('reports configuration errors as the API server words them', () => {
    const r = checkToken(config({ claimMappings: { username: { claim: 'sub' } } }), base, { now: NOW });
    expect(r.configError).toBe('jwt[0].claimMappings.username.prefix: Required value: prefix is required when claim is set. It can be set to an empty string to disable prefixing');
  });
});

describe('authn check: reading the file as strictly as the API server', () => {
  const head = 'apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\n';
  it('an unknown field (a typo the server would refuse) is named with its path', () => {
    const r = parseAuthenticationConfiguration(`${head}jwt:\n- issuer: {url: "${ISS}", audiences: [a]}\n  claimMapping: {username: {claim: sub, prefix: ""}}\n`);
    expect(r).toEqual({ error: 'strict decoding error: unknown field "jwt[0].claimMapping"' });
  });
  it('a value of the wrong type and a duplicate key are refused in one line', () => {
    expect(parseAuthenticationConfiguration(`${head}jwt:\n- issuer: {url: "${ISS}", audiences: a}\n`)).toEqual({ error: 'jwt[0].issuer.audiences must be a list' });
    expect(parseAuthenticationConfiguration(`${head}kind: AuthenticationConfiguration\n`)).toHaveProperty('error');
  });
});
