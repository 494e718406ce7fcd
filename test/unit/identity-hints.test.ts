// Why a 401: the hints the pane, the header and the startup error give, case by case.
import { describe, expect, it } from 'vitest';
import { decodeToken } from '../../src/state/jwt.js';
import { unauthorizedHints } from '../../src/state/unauthorized.js';
import { headerProblem } from '../../src/state/identity.js';
import type { Credential, IdentityState } from '../../src/k8s/identity.js';

const NOW = Date.parse('2026-05-01T12:00:00Z');
const s = (ms: number) => Math.floor(ms / 1000);
const seg = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (claims: Record<string, unknown>, kid = 'key-1') => `${seg({ alg: 'RS256', kid })}.${seg(claims)}.c2ln`;
const bearer = (token: string): Credential => ({ source: 'bearer token', token: decodeToken(token) });
const valid = { iss: 'https://issuer.example', sub: 'alice', aud: ['kubernetes'], iat: s(NOW - 3600_000), exp: s(NOW + 3600_000) };

const cases: [string, Credential | undefined, RegExp[], RegExp[]][] = [
  ['an expired JWT, by how long', bearer(jwt({ ...valid, exp: s(NOW - 12 * 60_000) })), [/^expired: the token expired 12m ago \(exp 2026-05-01T11:48:00Z\)/], []],
  ['a JWT not valid yet', bearer(jwt({ ...valid, nbf: s(NOW + 3 * 60_000) })), [/^not yet valid: nbf is 2026-05-01T12:03:00Z, 3m from now/], [/^expired/]],
  ['a valid JWT: issuer, audience and signature are what is left', bearer(jwt(valid)), [/^the token is within its validity period \(until 2026-05-01T13:00:00Z\)/, /^issuer: the token's iss is "https:\/\/issuer.example"; .*\(jwt\[\]\.issuer\.url\) exactly.*does not end with "\/"/, /^audience: the token's aud is \["kubernetes"\]; .*must list one of them/, /^signature: .*kid "key-1"/], [/^expired/]],
  ['an issuer with a trailing slash says so', bearer(jwt({ ...valid, iss: 'https://issuer.example/' })), [/this one ends with "\/"/], []],
  ['aud as a single string', bearer(jwt({ ...valid, aud: 'kubernetes' })), [/aud is \["kubernetes"\] \(a single string\)/], []],
  ['several audiences are all listed', bearer(jwt({ ...valid, aud: ['a', 'b'] })), [/aud is \["a", "b"\]; the API server's authentication configuration must list one of them/], []],
  ['no iss and no aud', bearer(jwt({ sub: 'x' })), [/^issuer: the token has no iss claim/, /^audience: the token has no aud claim/], []],
  ['a claim of the wrong type', bearer(jwt({ ...valid, exp: 'soon' })), [/^claims: exp is not a number of seconds/], []],
  ['a token that is not a JWT', bearer('0123456789abcdef'), [/^the token is not a JWT \(a JWT has three dot-separated parts; this token has 1\)/], [/issuer/]],
  ['a malformed JWT', bearer(`${seg({ alg: 'RS256' })}.!!.x`), [/^the token looks like a JWT but the payload \(second part\) is not base64url/], []],
  ['an encrypted JWT', bearer('a.b.c.d.e'), [/encrypted JWT \(JWE\)/], []],
  ['a client certificate', { source: 'client certificate' }, [/^no bearer token is sent \(client certificate\).*--client-ca-file/], []],
  ['a credential plugin that failed', { source: 'exec plugin aws', error: 'cannot get credentials: exit 1' }, [/^the credential could not be obtained: cannot get credentials: exit 1/], []],
  ['nothing read yet', undefined, [/press R/], []],
];

describe('401 hints', () => {
  it.each(cases)('%s', (_name, credential, present, absent) => {
    const texts = unauthorizedHints(credential, NOW).map((h) => h.text);
    for (const re of present) expect(texts.some((t) => re.test(t)), `${re} in\n${texts.join('\n')}`).toBe(true);
    for (const re of absent) expect(texts.some((t) => re.test(t)), `${re} not in\n${texts.join('\n')}`).toBe(false);
  });

  it('puts the most likely cause first and colours time problems as errors', () => {
    const hints = unauthorizedHints(bearer(jwt({ ...valid, exp: s(NOW - 1000 * 3600 * 5) })), NOW);
    expect(hints[0]).toMatchObject({ tone: 'error' });
    expect(hints[0]!.text).toMatch(/^expired: the token expired 5h ago/);
  });

  it('sanitizes claims: escape sequences in iss or aud never reach the terminal', () => {
    const texts = unauthorizedHints(bearer(jwt({ ...valid, iss: 'https://x\x1b]8;;evil\x07', aud: ['k\x1b[2J'] })), NOW).map((h) => h.text).join('\n');
    expect(texts).not.toMatch(/\x1b|\x07/);
    expect(texts).toContain('"https://x"');
  });

  it('the header says 401 and, for an expired token, how long ago', () => {
    const state = (credential?: Credential, status = 401): IdentityState => ({
      review: { loading: false, error: { status, message: 'Unauthorized' } },
      rules: { loading: false },
      rulesNamespace: 'default',
      credential,
    });
    expect(headerProblem(state(bearer(jwt({ ...valid, exp: s(NOW - 90_000) }))), NOW)).toBe('401 Unauthorized: token expired 90s ago');
    expect(headerProblem(state(bearer(jwt(valid))), NOW)).toBe('401 Unauthorized (5 Identity explains)');
    expect(headerProblem(state(undefined, 500), NOW)).toBeUndefined();
  });
});
