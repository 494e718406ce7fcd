// The upstream JWT authenticator cases (k8s.io/apiserver plugin/pkg/authenticator/token/oidc
// oidc_test.go TestToken, dumped to test/fixtures/cel/oidc-token-test.json) through
// `checkToken`: the same user (username, uid, groups, extra) when the server accepts,
// the server's own error text when it rejects, a configuration error when it refuses to start, and no
// authenticator when it skips the token.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkToken } from '../../src/cel/authn.js';
import { validateJWTAuthenticator, type JWTAuthenticator } from '../../src/cel/authn-config.js';
import { aggregateText } from '../../src/cel/field.js';

interface Case {
  name: string;
  authenticator: JWTAuthenticator;
  now?: string;
  claims?: Record<string, unknown>;
  claimsText?: string;
  want?: { username: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  wantErr?: string;
  wantInitErr?: string;
  wantSkip?: boolean;
  wantHealthErrPrefix?: string;
  needsServer?: string[];
  signingAlg?: string;
  pubKeyAlgs?: string[];
  supportedSigningAlgs?: string[];
  disallowedIssuers?: string[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/cel/oidc-token-test.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** Why a case is not run (also in docs/cel.md): kubedeck never fetches from the issuer nor checks signatures. */
function excluded(c: Case): string | undefined {
  if (c.needsServer?.length) return `needs the issuer's server (${c.needsServer.join(', ')})`;
  if (c.authenticator.issuer.egressSelectorType && c.wantInitErr?.startsWith('oidc: ')) return "about the server's egress selector configuration";
  if (c.wantHealthErrPrefix) return "about the authenticator's health (fetching the issuer's keys)";
  if (c.signingAlg && !(c.pubKeyAlgs ?? []).includes(c.signingAlg)) return 'the token is signed with a key the issuer does not publish (signature check)';
  const alg = c.signingAlg?.split(':')[0];
  if (alg && !(c.supportedSigningAlgs?.length ? c.supportedSigningAlgs : ['RS256']).includes(alg)) return `signature algorithm ${alg} is not accepted (signature check)`;
  if (c.wantInitErr?.startsWith('oidc: ')) return `about the authenticator's Go options, not the configuration (${c.wantInitErr})`;
  if (!c.claims && !c.wantInitErr) return 'no claims';
  return undefined;
}

const normalize = (s: string) => s.replace(/compilation failed: [\s\S]*?(?=(, [a-z]+(\[\d+\])?\.[a-zA-Z]|\]$|$))/g, 'compilation failed: …');

export const EXCLUDED = Object.fromEntries(fixture.cases.map((c) => [c.name, excluded(c)] as const).filter(([, why]) => why)) as Record<string, string>;

describe('JWT authenticator: upstream oidc_test.go TestToken cases', () => {
  it('has the upstream table, most of it runnable', () => {
    expect(fixture.cases.length).toBeGreaterThan(80);
    expect(fixture.cases.length - Object.keys(EXCLUDED).length).toBeGreaterThanOrEqual(60);
  });
  for (const c of fixture.cases.filter((c) => !EXCLUDED[c.name])) {
    it(c.name, () => {
      const disallowedIssuers = c.disallowedIssuers ?? [];
      // New() validates the one authenticator with no field path prefix
      if (c.wantInitErr) return expect(normalize(aggregateText(validateJWTAuthenticator(c.authenticator, '', { disallowedIssuers })))).toBe(normalize(c.wantInitErr));
      const r = checkToken({ jwt: [c.authenticator] }, c.claims!, { now: Date.parse(c.now ?? '2009-11-10T23:00:00Z'), disallowedIssuers });
      expect(r.configError).toBe('');
      if (c.wantSkip) return expect(r.result).toBe('not taken');
      if (c.wantErr) return expect({ result: r.result, error: r.error }).toEqual({ result: 'rejected', error: c.wantErr });
      const want = c.want!;
      expect({ result: r.result, error: r.error, user: r.user }).toEqual({
        result: 'accepted',
        error: undefined,
        user: {
          username: want.username,
          ...(want.uid ? { uid: want.uid } : {}),
          ...(want.groups?.length ? { groups: want.groups } : {}),
          ...(want.extra && Object.keys(want.extra).length ? { extra: want.extra } : {}),
        },
      });
    });
  }
});
