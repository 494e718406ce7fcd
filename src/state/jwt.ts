// Reads the claims of a bearer token locally, to explain who the token says you are
// and why a server may refuse it. No signature is checked: nothing here proves the
// token is genuine, and the views say so. The raw token never leaves this function.

export type AudienceForm = 'string' | 'array' | 'missing';

export interface JwtClaims {
  iss?: string;
  sub?: string;
  /** aud as a list: a single string becomes one entry */
  aud: string[];
  /** how the token wrote aud (RFC 7519 allows a string or an array) */
  audForm: AudienceForm;
  /** NumericDate claims converted to milliseconds since the epoch */
  iat?: number;
  nbf?: number;
  exp?: number;
  /** every claim as decoded (groups, email, kubernetes.io, ...) */
  all: Record<string, unknown>;
}

export interface JwtHeader {
  alg?: string;
  kid?: string;
  typ?: string;
}

export type DecodedToken =
  | { kind: 'jwt'; header: JwtHeader; claims: JwtClaims; /** claims of the wrong type, in words */ problems: string[] }
  /** looks like a JWT (its header decodes) but the claims cannot be read */
  | { kind: 'malformed'; reason: string }
  /** JWE: five parts; the claims are encrypted */
  | { kind: 'encrypted' }
  /** not a JWT at all (static token, bootstrap token, webhook token) */
  | { kind: 'opaque'; reason: string };

const B64URL = /^[A-Za-z0-9_-]*={0,2}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function decodeSegment(segment: string): unknown {
  if (segment === '' || !B64URL.test(segment)) throw new Error('is not base64url');
  const text = Buffer.from(segment, 'base64url').toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('is not JSON');
  }
}

function numericDate(name: string, v: unknown, problems: string[]): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return Math.round(v * 1000);
  problems.push(`${name} is not a number of seconds (${JSON.stringify(v)})`);
  return undefined;
}

function text(name: string, v: unknown, problems: string[]): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  problems.push(`${name} is not a string`);
  return undefined;
}

function audience(v: unknown, problems: string[]): { aud: string[]; audForm: AudienceForm } {
  if (v === undefined) return { aud: [], audForm: 'missing' };
  if (typeof v === 'string') return { aud: [v], audForm: 'string' };
  if (Array.isArray(v) && v.every((a) => typeof a === 'string')) return { aud: v, audForm: 'array' };
  problems.push('aud is neither a string nor a list of strings');
  return { aud: [], audForm: 'missing' };
}

/** Decodes a bearer token's claims without verifying anything. */
export function decodeToken(token: string): DecodedToken {
  const parts = token.trim().split('.');
  if (parts.length === 5) return { kind: 'encrypted' };
  if (parts.length !== 3) {
    return { kind: 'opaque', reason: `a JWT has three dot-separated parts; this token has ${parts.length}` };
  }
  let header: unknown;
  try {
    header = decodeSegment(parts[0]);
  } catch {
    return { kind: 'opaque', reason: 'its first part is not a base64url JSON JWT header' };
  }
  if (!isObject(header) || typeof header.alg !== 'string') {
    return { kind: 'opaque', reason: 'its first part is not a JWT header (no "alg")' };
  }
  let payload: unknown;
  try {
    payload = decodeSegment(parts[1]);
  } catch (err) {
    return { kind: 'malformed', reason: `the payload (second part) ${(err as Error).message}` };
  }
  if (!isObject(payload)) return { kind: 'malformed', reason: 'the payload (second part) is not a JSON object' };
  if (parts[2] !== '' && !B64URL.test(parts[2])) return { kind: 'malformed', reason: 'the signature (third part) is not base64url' };

  const problems: string[] = [];
  const claims: JwtClaims = {
    iss: text('iss', payload.iss, problems),
    sub: text('sub', payload.sub, problems),
    ...audience(payload.aud, problems),
    iat: numericDate('iat', payload.iat, problems),
    nbf: numericDate('nbf', payload.nbf, problems),
    exp: numericDate('exp', payload.exp, problems),
    all: payload,
  };
  const h: JwtHeader = {
    alg: header.alg,
    kid: typeof header.kid === 'string' ? header.kid : undefined,
    typ: typeof header.typ === 'string' ? header.typ : undefined,
  };
  return { kind: 'jwt', header: h, claims, problems };
}

