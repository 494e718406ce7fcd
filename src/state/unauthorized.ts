// Why an API server answers 401, guessed from what the credential claims. The server
// never says why (by design), so these are hints, most likely cause first.
import type { RowTone } from '../k8s/types.js';
import type { Credential } from '../k8s/identity.js';
import { humanDuration } from './format.js';
import { sanitize } from './sanitize.js';

export interface Hint {
  /** sanitized, one paragraph */
  text: string;
  tone: RowTone;
}

/** "2026-05-01T12:00:00Z" */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const quoted = (items: string[]) => `[${items.map((a) => JSON.stringify(sanitize(a))).join(', ')}]`;

export function unauthorizedHints(credential: Credential | undefined, now: number): Hint[] {
  const hint = (text: string, tone: RowTone = 'normal'): Hint => ({ text, tone });
  if (!credential) return [hint('kubedeck has not read the credential yet; press R to refresh')];
  if (credential.error) return [hint(`the credential could not be obtained: ${sanitize(credential.error)}`, 'error')];
  const token = credential.token;
  if (!token) {
    return [
      hint(
        `no bearer token is sent (${sanitize(credential.source)}): the API server did not accept it. ` +
          'A client certificate must be signed by a CA in the server\'s --client-ca-file and be within its validity period.',
      ),
    ];
  }
  switch (token.kind) {
    case 'opaque':
      return [
        hint(
          `the token is not a JWT (${token.reason}), so kubedeck cannot read its claims. It may be a static, bootstrap ` +
            'or webhook token that the server no longer accepts: get a new one from whoever issued it.',
        ),
      ];
    case 'encrypted':
      return [hint('the token is an encrypted JWT (JWE): its claims cannot be read here. Get a new token from its issuer.')];
    case 'malformed':
      return [hint(`the token looks like a JWT but ${token.reason}: it was probably cut short or changed when copied. Get a new one.`, 'error')];
  }

  const { claims, header } = token;
  const hints: Hint[] = [];
  if (claims.exp !== undefined && claims.exp <= now) {
    hints.push(
      hint(
        `expired: the token expired ${humanDuration(now - claims.exp)} ago (exp ${isoTime(claims.exp)}). ` +
          'Get a new one: log in again, or let the credential plugin run again.',
        'error',
      ),
    );
  }
  if (claims.nbf !== undefined && claims.nbf > now) {
    hints.push(
      hint(
        `not yet valid: nbf is ${isoTime(claims.nbf)}, ${humanDuration(claims.nbf - now)} from now. ` +
          'Check the clocks of this machine, the issuer and the API server.',
        'error',
      ),
    );
  }
  if (hints.length === 0) {
    const until = claims.exp !== undefined ? ` (until ${isoTime(claims.exp)})` : '';
    hints.push(hint(`the token is within its validity period${until}, so the server refused it for another reason:`));
  }
  const iss = claims.iss;
  hints.push(
    iss === undefined
      ? hint('issuer: the token has no iss claim; an API server only accepts JWTs from an issuer it is configured for.')
      : hint(
          `issuer: the token's iss is ${JSON.stringify(sanitize(iss))}; it must equal an issuer url in the API server's ` +
            'AuthenticationConfiguration (jwt[].issuer.url) exactly, as a string: scheme, host, path and trailing slash ' +
            `(this one ${iss.endsWith('/') ? 'ends' : 'does not end'} with "/"). Service account tokens: --service-account-issuer.`,
        ),
  );
  hints.push(
    claims.aud.length === 0
      ? hint('audience: the token has no aud claim; the API server requires one of its configured audiences.')
      : hint(
          `audience: the token's aud is ${quoted(claims.aud)}${claims.audForm === 'string' ? ' (a single string)' : ''}; ` +
            "the API server's authentication configuration must list one of them (jwt[].issuer.audiences, " +
            'or --oidc-client-id, or --api-audiences for service account tokens).',
        ),
  );
  const kid = header.kid ? ` with kid ${JSON.stringify(sanitize(header.kid))}` : '';
  hints.push(
    hint(
      `signature: kubedeck does not verify it; the API server checks it against the issuer's signing keys, which must include the key${kid}.`,
    ),
  );
  for (const p of token.problems) hints.push(hint(`claims: ${sanitize(p)}`, 'warn'));
  return hints;
}
