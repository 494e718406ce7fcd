import { describe, expect, it } from 'vitest';
import { decodeToken } from '../../src/state/jwt.js';

const seg = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const jwt = (claims: unknown, header: unknown = { alg: 'RS256', kid: 'k1', typ: 'JWT' }, sig = 'c2ln') => `${seg(header)}.${seg(claims)}.${sig}`;

describe('decodeToken', () => {
  it('reads the registered claims of a JWT and keeps the others', () => {
    const t = decodeToken(jwt({ iss: 'https://issuer.example/', sub: 'alice', aud: ['kubernetes', 'other'], iat: 1700000000, nbf: 1700000000, exp: 1700003600.5, groups: ['dev'] }));
    expect(t.kind).toBe('jwt');
    if (t.kind !== 'jwt') return;
    expect(t.header).toEqual({ alg: 'RS256', kid: 'k1', typ: 'JWT' });
    expect(t.claims).toMatchObject({ iss: 'https://issuer.example/', sub: 'alice', aud: ['kubernetes', 'other'], audForm: 'array' });
    // NumericDate seconds (fractions allowed) become milliseconds
    expect(t.claims.iat).toBe(1700000000_000);
    expect(t.claims.exp).toBe(1700003600_500);
    expect(t.claims.all.groups).toEqual(['dev']);
    expect(t.problems).toEqual([]);
  });

  it.each([
    ['a single string', { aud: 'kubernetes' }, ['kubernetes'], 'string'],
    ['an array', { aud: ['a', 'b'] }, ['a', 'b'], 'array'],
    ['missing', {}, [], 'missing'],
  ])('aud as %s', (_name, claims, aud, form) => {
    const t = decodeToken(jwt(claims));
    expect(t.kind === 'jwt' && [t.claims.aud, t.claims.audForm]).toEqual([aud, form]);
  });

  it('reports claims of the wrong type instead of trusting them', () => {
    const t = decodeToken(jwt({ exp: '1700000000', aud: [1, 2], iss: 7 }));
    expect(t.kind).toBe('jwt');
    if (t.kind !== 'jwt') return;
    expect(t.claims.exp).toBeUndefined();
    expect(t.claims.iss).toBeUndefined();
    expect(t.problems).toEqual(['iss is not a string', 'aud is neither a string nor a list of strings', 'exp is not a number of seconds ("1700000000")']);
  });

  it.each([
    ['a static token', 'Zm9vYmFyYmF6', 'opaque', /this token has 1/],
    ['a bootstrap token', 'abcdef.0123456789abcdef', 'opaque', /this token has 2/],
    ['three parts that are not a JWT header', 'abc.def.ghi', 'opaque', /not a base64url JSON JWT header/],
    ['a JSON header without alg', `${seg({ typ: 'JWT' })}.${seg({})}.x`, 'opaque', /no "alg"/],
    ['a JWT whose payload is cut', `${seg({ alg: 'RS256' })}.${seg({ sub: 'x' }).slice(0, 7)}.sig`, 'malformed', /payload \(second part\) is not JSON/],
    ['a JWT whose payload has bad characters', `${seg({ alg: 'RS256' })}.e30*.sig`, 'malformed', /not base64url/],
    ['a JWT whose payload is an array', `${seg({ alg: 'RS256' })}.${seg([1])}.sig`, 'malformed', /not a JSON object/],
    ['a JWT whose signature has bad characters', `${seg({ alg: 'RS256' })}.${seg({})}.a+b`, 'malformed', /signature/],
  ])('%s is not read as claims', (_name, token, kind, reason) => {
    const t = decodeToken(token);
    expect(t.kind).toBe(kind);
    expect('reason' in t ? t.reason : '').toMatch(reason);
  });

  it('recognises an encrypted JWT (five parts) without pretending to read it', () => {
    expect(decodeToken('a.b.c.d.e')).toEqual({ kind: 'encrypted' });
  });

  it('accepts an unsigned JWT (empty signature) and surrounding whitespace', () => {
    const t = decodeToken(`  ${seg({ alg: 'none' })}.${seg({ sub: 'x' })}.\n`);
    expect(t.kind === 'jwt' && t.claims.sub).toBe('x');
  });

  it('never returns the token itself', () => {
    const token = jwt({ sub: 'alice' });
    expect(JSON.stringify(decodeToken(token))).not.toContain(token.split('.')[2]);
    expect(JSON.stringify(decodeToken(token))).not.toContain(token);
  });
});
