// What a structured-authentication configuration would make of a JWT, step by step in
// the order the API server's JWT authenticator takes them
// (k8s.io/apiserver/plugin/pkg/authenticator/token/oidc: AuthenticateToken): issuer,
// audience, expiry, username (with the implicit email_verified check), groups, uid,
// extra, required claims, claim validation rules, user validation rules.
// The token's signature is NOT verified: the key set lives with the issuer, and this is
// a pure function. Everything else the server checks locally is checked here.
import type { AuthenticationConfiguration, JWTAuthenticator } from './authn-config.js';
import { validateAuthenticationConfiguration, type ValidateOptions } from './authn-config.js';
import { aggregateText } from './field.js';
import { compileJwtExpression } from './jwt.js';
import { outcome, type CelOutcome } from './eval.js';

/** authentication.k8s.io/v1 UserInfo */
export interface UserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export type Verdict = 'pass' | 'fail' | 'cannot evaluate' | 'not reached';

export interface Step {
  /** e.g. "audience", "claimValidationRules[0]", "claimMappings.username" */
  what: string;
  verdict: Verdict;
  /** the expression or claim the step is about */
  rule?: string;
  /** in words: why it failed, what it produced */
  detail?: string;
}

export interface AuthnCheck {
  /** always false: the signature is never verified here */
  signatureVerified: false;
  /** the configuration's validation errors, in the API server's words ("" when valid) */
  configError: string;
  /** index in jwt[] of the authenticator whose issuer.url is the token's iss */
  authenticator?: number;
  steps: Step[];
  /** 'accepted' with the user it maps to; 'rejected' with the server's error; 'unknown' when a step cannot be evaluated */
  result: 'accepted' | 'rejected' | 'unknown' | 'not taken';
  user?: UserInfo;
  error?: string;
}

export interface CheckOptions extends ValidateOptions {
  /** ms since the epoch */
  now: number;
  /** the token header's alg; with --authentication-config the server accepts RS, ES and PS 256/384/512 */
  alg?: string;
}

/** oidc.AllValidSigningAlgorithms(), what kube-apiserver accepts with --authentication-config */
export const SIGNING_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512'];

const CREDENTIAL_ID = 'authentication.kubernetes.io/credential-id';

/** token.iss as the server's hasCorrectIssuer reads it (accounts.google.com is coalesced) */
const issuerOf = (claims: Record<string, unknown>) => (claims.iss === 'accounts.google.com' ? 'https://accounts.google.com' : claims.iss);

type Eval = { ok: true; value: unknown } | { ok: false; verdict: 'fail' | 'cannot evaluate'; detail: string };

function evaluate(expression: string, kind: Parameters<typeof compileJwtExpression>[1], vars: Record<string, unknown>, minor?: number): Eval {
  const r: CelOutcome = outcome(compileJwtExpression(expression, kind, minor), vars);
  if (r.kind === 'value') return { ok: true, value: r.value };
  if (r.kind === 'cannotEvaluate') return { ok: false, verdict: 'cannot evaluate', detail: `cannot evaluate: ${r.feature}` };
  if (r.kind === 'runtimeError') return { ok: false, verdict: 'fail', detail: `expression '${expression}' resulted in error: ${r.message.replace(/^No such key/, 'no such key')}` };
  return { ok: false, verdict: 'fail', detail: r.message };
}

/** convertCELValueToStringList: a string or a list of strings; "" and [] mean none */
function stringList(v: unknown): string[] | undefined {
  if (v === null) return [];
  if (typeof v === 'string') return v ? [v] : [];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.filter(Boolean);
  return undefined;
}

/** Go's %q of a []string: ["a" "b"] */
const goList = (l: string[]) => `[${l.map((x) => JSON.stringify(x)).join(' ')}]`;
/** Go's time.Time String() in UTC: 2009-11-10 22:00:00 +0000 UTC */
const goTime = (ms: number) => `${new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} +0000 UTC`;

const goType = (v: unknown) => (typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : 'string');

/** json.Unmarshal of a claim into a Go string */
function claimString(claims: Record<string, unknown>, name: string): { value: string } | { error: string } {
  if (!Object.hasOwn(claims, name)) return { error: 'claim not present' };
  const v = claims[name];
  if (v === null) return { value: '' };
  if (typeof v !== 'string') return { error: `json: cannot unmarshal ${goType(v)} into Go value of type string` };
  return { value: v };
}

/** a claim the distributed-claims resolver would fetch from an endpoint (aggregated JWT sources are ignored, as by the server) */
function distributed(claims: Record<string, unknown>, name: string): boolean {
  const names = claims._claim_names as Record<string, unknown> | undefined;
  const sources = claims._claim_sources as Record<string, { endpoint?: unknown }> | undefined;
  if (!names || typeof names !== 'object' || !Object.hasOwn(names, name)) return false;
  const src = sources?.[String(names[name])];
  return !!src && typeof src === 'object' && typeof src.endpoint === 'string' && src.endpoint !== '';
}

/** The JWT authenticator's verdict on one token's claims, as far as it can be reached without the issuer. */
function authenticate(a: JWTAuthenticator, claims: Record<string, unknown>, now: number, minor?: number): Omit<AuthnCheck, 'signatureVerified' | 'configError' | 'authenticator'> {
  const steps: Step[] = [];
  let error: string | undefined;
  let unknown = false;
  // every step is evaluated and shown; the server's answer is the first failure
  const step = (s: Step, serverError?: string) => {
    steps.push(s);
    if (s.verdict === 'fail' && !error && !unknown) error = serverError ?? s.detail;
    if (s.verdict === 'cannot evaluate' && !error) unknown = true;
  };
  const vars = { claims };

  // go-oidc: audience, then expiry and not-before (1 minute leeway)
  const aud = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? (claims.aud as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  const audiences = a.issuer.audiences ?? [];
  const audOk = aud.some((x) => audiences.includes(x));
  // one audience: go-oidc's client ID check; several: the authenticator's MatchAny
  const audError = audiences.length === 1 ? `expected audience ${JSON.stringify(audiences[0])} got ${goList(aud)}` : `expected audience in ${goList([...audiences].sort())} got ${goList(aud)}`;
  step(
    { what: 'audience', verdict: audOk ? 'pass' : 'fail', detail: audOk ? `aud ${JSON.stringify(aud)} matches ${JSON.stringify(audiences)}${audiences.length > 1 ? ' (MatchAny)' : ''}` : audError },
    `oidc: verify token: oidc: ${audError}`,
  );
  const exp = typeof claims.exp === 'number' ? Math.trunc(claims.exp) * 1000 : undefined;
  const expOk = exp !== undefined && exp >= now;
  step({ what: 'exp', verdict: expOk ? 'pass' : 'fail', detail: exp === undefined ? 'no exp claim: the server treats the token as expired' : `${new Date(exp).toISOString()}${expOk ? '' : ' is in the past'}` }, `oidc: verify token: oidc: token is expired (Token Expiry: ${exp === undefined ? '0001-01-01 00:00:00 +0000 UTC' : goTime(exp)})`);
  if (typeof claims.nbf === 'number') {
    const nbf = Math.trunc(claims.nbf) * 1000;
    const ok = now + 60_000 >= nbf;
    step({ what: 'nbf', verdict: ok ? 'pass' : 'fail', detail: `${new Date(nbf).toISOString()}${ok ? '' : ' is more than a minute ahead'}` }, `oidc: verify token: oidc: current time ${goTime(now)} before the nbf (not before) time: ${goTime(nbf)}`);
  }

  const m = a.claimMappings ?? {};
  const user: UserInfo = {};
  // username
  const un = m.username ?? {};
  if (un.expression) {
    const r = evaluate(un.expression, 'claimMapping', vars, minor);
    if (!r.ok) step({ what: 'claimMappings.username', rule: un.expression, verdict: r.verdict, detail: r.detail }, `oidc: error evaluating username claim expression: ${r.detail}`);
    else if (typeof r.value !== 'string') step({ what: 'claimMappings.username', rule: un.expression, verdict: 'fail', detail: 'username claim expression must return a string' }, 'oidc: error evaluating username claim expression: username claim expression must return a string');
    else if (!r.value) step({ what: 'claimMappings.username', rule: un.expression, verdict: 'fail', detail: 'empty username via CEL expression is not allowed' }, 'oidc: empty username via CEL expression is not allowed');
    else {
      user.username = r.value;
      step({ what: 'claimMappings.username', rule: un.expression, verdict: 'pass', detail: JSON.stringify(r.value) });
    }
  } else if (un.claim) {
    const c = claimString(claims, un.claim);
    if ('error' in c) step({ what: 'claimMappings.username', rule: `claim ${un.claim}`, verdict: 'fail', detail: c.error }, `oidc: parse username claims ${JSON.stringify(un.claim)}: ${c.error}`);
    else {
      let ok = true;
      if (un.claim === 'email' && Object.hasOwn(claims, 'email_verified')) {
        const v = claims.email_verified;
        if (typeof v !== 'boolean') {
          ok = false;
          step({ what: 'email_verified', verdict: 'fail', detail: `email_verified is not a bool` }, `oidc: parse 'email_verified' claim: json: cannot unmarshal ${goType(v)} into Go value of type bool`);
        } else if (!v) {
          ok = false;
          step({ what: 'email_verified', verdict: 'fail', detail: 'the username is the email claim, and email_verified is false' }, 'oidc: email not verified');
        } else step({ what: 'email_verified', verdict: 'pass', detail: 'the username is the email claim, and email_verified is true' });
      } else if (un.claim === 'email') step({ what: 'email_verified', verdict: 'pass', detail: 'no email_verified claim: the server assumes true' });
      if (ok) {
        user.username = (un.prefix ?? '') + c.value;
        step({ what: 'claimMappings.username', rule: `claim ${un.claim}${un.prefix ? ` with prefix ${JSON.stringify(un.prefix)}` : ''}`, verdict: 'pass', detail: JSON.stringify(user.username) });
      }
    }
  }

  // groups: the claim when present, else the expression
  const g = m.groups ?? {};
  if (g.claim && Object.hasOwn(claims, g.claim)) {
    if (distributed(claims, g.claim)) step({ what: 'claimMappings.groups', rule: `claim ${g.claim}`, verdict: 'cannot evaluate', detail: 'cannot evaluate: distributed claims (the server fetches them from the issuer)' });
    const v = claims[g.claim];
    const list = typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : v === null ? [] : undefined;
    if (!list) step({ what: 'claimMappings.groups', rule: `claim ${g.claim}`, verdict: 'fail', detail: `json: cannot unmarshal ${goType(v)} into Go value of type string` }, `oidc: parse groups claim ${JSON.stringify(g.claim)}: json: cannot unmarshal ${goType(v)} into Go value of type string`);
    else {
      const groups = list.map((x) => (g.prefix ?? '') + x);
      if (groups.length) user.groups = groups;
      step({ what: 'claimMappings.groups', rule: `claim ${g.claim}${g.prefix ? ` with prefix ${JSON.stringify(g.prefix)}` : ''}`, verdict: 'pass', detail: JSON.stringify(groups) });
    }
  } else if (g.claim && distributed(claims, g.claim)) {
    step({ what: 'claimMappings.groups', rule: `claim ${g.claim}`, verdict: 'cannot evaluate', detail: 'cannot evaluate: distributed claims (the server fetches them from the issuer)' });
  } else if (g.expression) {
    const r = evaluate(g.expression, 'claimMapping', vars, minor);
    const list = r.ok ? stringList(r.value) : undefined;
    if (!r.ok) step({ what: 'claimMappings.groups', rule: g.expression, verdict: r.verdict, detail: r.detail }, `oidc: error evaluating group claim expression: ${r.detail}`);
    else if (!list) step({ what: 'claimMappings.groups', rule: g.expression, verdict: 'fail', detail: 'expression must return a string or a list of strings' }, 'oidc: error evaluating group claim expression: expression must return a string or a list of strings');
    else {
      if (list.length) user.groups = list;
      step({ what: 'claimMappings.groups', rule: g.expression, verdict: 'pass', detail: JSON.stringify(list) });
    }
  }

  // uid
  const u = m.uid ?? {};
  if (u.claim) {
    const c = claimString(claims, u.claim);
    if ('error' in c) step({ what: 'claimMappings.uid', rule: `claim ${u.claim}`, verdict: 'fail', detail: c.error }, `oidc: parse uid claim ${JSON.stringify(u.claim)}: ${c.error}`);
    else {
      if (c.value) user.uid = c.value;
      step({ what: 'claimMappings.uid', rule: `claim ${u.claim}`, verdict: 'pass', detail: JSON.stringify(c.value) });
    }
  } else if (u.expression) {
    const r = evaluate(u.expression, 'claimMapping', vars, minor);
    if (!r.ok) step({ what: 'claimMappings.uid', rule: u.expression, verdict: r.verdict, detail: r.detail }, `oidc: error evaluating uid claim expression: ${r.detail}`);
    else if (typeof r.value !== 'string') step({ what: 'claimMappings.uid', rule: u.expression, verdict: 'fail', detail: 'uid claim expression must return a string' }, 'oidc: error evaluating uid claim expression: uid claim expression must return a string');
    else {
      if (r.value) user.uid = r.value;
      step({ what: 'claimMappings.uid', rule: u.expression, verdict: 'pass', detail: JSON.stringify(r.value) });
    }
  }

  // extra: the credential id of a jti, then each mapping
  const extra: Record<string, string[]> = {};
  if (typeof claims.jti === 'string' && claims.jti) {
    extra[CREDENTIAL_ID] = [`JTI=${claims.jti}`];
    step({ what: `extra ${CREDENTIAL_ID}`, verdict: 'pass', detail: `from jti: ${JSON.stringify(extra[CREDENTIAL_ID])}` });
  }
  for (const [i, x] of (m.extra ?? []).entries()) {
    const r = evaluate(x.valueExpression ?? '', 'claimMapping', vars, minor);
    const list = r.ok ? stringList(r.value) : undefined;
    const what = `claimMappings.extra[${i}] ${x.key}`;
    if (!r.ok) step({ what, rule: x.valueExpression, verdict: r.verdict, detail: r.detail }, `${r.detail}`);
    else if (!list) step({ what, rule: x.valueExpression, verdict: 'fail', detail: 'expression must return a string or a list of strings' }, `oidc: error evaluating extra claim expression: ${x.valueExpression}: expression must return a string or a list of strings`);
    else {
      if (list.length) extra[x.key ?? ''] = list;
      step({ what, rule: x.valueExpression, verdict: 'pass', detail: JSON.stringify(list) });
    }
  }
  if (Object.keys(extra).length) user.extra = extra;

  // required claims, then the claim validation expressions
  for (const [i, r] of (a.claimValidationRules ?? []).entries()) {
    const what = `claimValidationRules[${i}]`;
    if (r.claim) {
      const c = claimString(claims, r.claim);
      const rule = `${r.claim} == ${JSON.stringify(r.requiredValue ?? '')}`;
      if (!Object.hasOwn(claims, r.claim)) step({ what, rule, verdict: 'fail', detail: `claim ${r.claim} not present` }, `oidc: required claim ${r.claim} not present in ID token`);
      else if ('error' in c) step({ what, rule, verdict: 'fail', detail: c.error }, `oidc: parse claim ${r.claim}: ${c.error}`);
      else if (c.value !== (r.requiredValue ?? '')) step({ what, rule, verdict: 'fail', detail: `got ${JSON.stringify(c.value)}` }, `oidc: required claim ${r.claim} value does not match. Got = ${c.value}, want = ${r.requiredValue ?? ''}`);
      else step({ what, rule, verdict: 'pass' });
    }
  }
  for (const [i, r] of (a.claimValidationRules ?? []).entries()) {
    if (!r.expression) continue;
    const what = `claimValidationRules[${i}]`;
    const e = evaluate(r.expression, 'claimValidation', vars, minor);
    if (!e.ok) step({ what, rule: r.expression, verdict: e.verdict, detail: e.detail }, `oidc: error evaluating claim validation expression: ${e.detail}`);
    else if (e.value !== true) {
      const msg = typeof e.value === 'boolean' ? `validation expression '${r.expression}' failed: ${r.message ?? ''}` : 'validation expression must return a boolean';
      step({ what, rule: r.expression, verdict: 'fail', detail: r.message ? `false: ${r.message}` : 'false' }, `oidc: error evaluating claim validation expression: ${msg}`);
    } else step({ what, rule: r.expression, verdict: 'pass' });
  }

  // user validation rules see the mapped user
  const userValue = { username: user.username ?? '', uid: user.uid ?? '', groups: user.groups ?? [], extra: user.extra ?? {} };
  for (const [i, r] of (a.userValidationRules ?? []).entries()) {
    const what = `userValidationRules[${i}]`;
    const e = evaluate(r.expression ?? '', 'userValidation', { user: userValue }, minor);
    if (!e.ok) step({ what, rule: r.expression, verdict: e.verdict, detail: e.detail }, `oidc: error evaluating user info validation rule: ${e.detail}`);
    else if (e.value !== true) step({ what, rule: r.expression, verdict: 'fail', detail: r.message ? `false: ${r.message}` : 'false' }, `oidc: error evaluating user info validation rule: validation expression '${r.expression}' failed: ${r.message ?? ''}`);
    else step({ what, rule: r.expression, verdict: 'pass' });
  }

  if (error) return { steps, result: 'rejected', error };
  if (unknown) return { steps, result: 'unknown' };
  return { steps, result: 'accepted', user };
}

/** What the configuration would make of a token with these (unverified) claims. */
export function checkToken(config: AuthenticationConfiguration, claims: Record<string, unknown>, opts: CheckOptions): AuthnCheck {
  const configError = aggregateText(validateAuthenticationConfiguration(config, opts));
  const iss = issuerOf(claims);
  const index = (config.jwt ?? []).findIndex((a) => a.issuer?.url === iss);
  const base = { signatureVerified: false as const, configError };
  if (index < 0) {
    const issuers = (config.jwt ?? []).map((a) => a.issuer?.url).join(', ') || 'none';
    return { ...base, steps: [{ what: 'issuer', verdict: 'fail', detail: `iss ${JSON.stringify(claims.iss ?? '')} is no authenticator's issuer.url (${issuers})` }], result: 'not taken', error: 'no JWT authenticator takes the token: its iss is not an issuer.url' };
  }
  const issuerStep: Step = { what: 'issuer', verdict: 'pass', detail: `jwt[${index}] ${String(iss)}` };
  if (opts.alg !== undefined && !SIGNING_ALGORITHMS.includes(opts.alg)) {
    const expected = `[${SIGNING_ALGORITHMS.map((a) => JSON.stringify(a)).join(' ')}]`;
    const algStep: Step = { what: 'signature algorithm', verdict: 'fail', detail: `${JSON.stringify(opts.alg)} is not one of ${SIGNING_ALGORITHMS.join(', ')}` };
    return { ...base, authenticator: index, steps: [issuerStep, algStep], result: 'rejected', error: `oidc: verify token: oidc: id token signed with unsupported algorithm, expected ${expected} got ${JSON.stringify(opts.alg)}` };
  }
  const r = authenticate(config.jwt![index]!, claims, opts.now, opts.minor);
  const algStep: Step[] = opts.alg ? [{ what: 'signature algorithm', verdict: 'pass', detail: `${opts.alg} (the signature itself is not verified)` }] : [];
  return { ...base, authenticator: index, ...r, steps: [issuerStep, ...algStep, ...r.steps] };
}
