// AuthenticationConfiguration (apiserver.config.k8s.io v1alpha1 since 1.29, v1beta1
// since 1.30, v1 since 1.34): reading the file and validating it as the API server's
// ValidateAuthenticationConfiguration does (k8s.io/apiserver/pkg/apis/apiserver/validation),
// with the same field paths and messages. Pure: no file or network access here.
import { X509Certificate } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { compileJwtExpression, selectsClaim } from './jwt.js';
import { child, duplicate, index, invalid, required, type FieldError } from './field.js';

export interface PrefixedClaimOrExpression {
  claim?: string;
  prefix?: string;
  expression?: string;
}

export interface JWTAuthenticator {
  issuer: {
    url?: string;
    discoveryURL?: string;
    audiences?: string[];
    audienceMatchPolicy?: string;
    certificateAuthority?: string;
    egressSelectorType?: string;
  };
  claimValidationRules?: { claim?: string; requiredValue?: string; expression?: string; message?: string }[];
  claimMappings?: {
    username?: PrefixedClaimOrExpression;
    groups?: PrefixedClaimOrExpression;
    uid?: { claim?: string; expression?: string };
    extra?: { key?: string; valueExpression?: string }[];
  };
  userValidationRules?: { expression?: string; message?: string }[];
}

export interface AuthenticationConfiguration {
  apiVersion?: string;
  kind?: string;
  jwt?: JWTAuthenticator[];
  anonymous?: { enabled?: boolean; conditions?: { path?: string }[] };
}

export const API_VERSIONS = ['apiserver.config.k8s.io/v1', 'apiserver.config.k8s.io/v1beta1', 'apiserver.config.k8s.io/v1alpha1'];

type Schema = 'string' | 'bool' | { list: Schema } | { [field: string]: Schema };

const PREFIXED: Schema = { claim: 'string', prefix: 'string', expression: 'string' };
/** the fields of apiserver.config.k8s.io AuthenticationConfiguration (v1alpha1, v1beta1 and v1 share them) */
const SCHEMA: Schema = {
  apiVersion: 'string',
  kind: 'string',
  jwt: {
    list: {
      issuer: { url: 'string', discoveryURL: 'string', certificateAuthority: 'string', audiences: { list: 'string' }, audienceMatchPolicy: 'string', egressSelectorType: 'string' },
      claimValidationRules: { list: { claim: 'string', requiredValue: 'string', expression: 'string', message: 'string' } },
      claimMappings: { username: PREFIXED, groups: PREFIXED, uid: { claim: 'string', expression: 'string' }, extra: { list: { key: 'string', valueExpression: 'string' } } },
      userValidationRules: { list: { expression: 'string', message: 'string' } },
    },
  },
  anonymous: { enabled: 'bool', conditions: { list: { path: 'string' } } },
};

/** What the API server's strict decoder refuses: unknown fields and values of the wrong type. */
function decodingErrors(v: unknown, schema: Schema, path: string, out: { unknown: string[]; types: string[] }): void {
  if (v === null || v === undefined) return;
  const at = path || 'the document';
  if (schema === 'string' || schema === 'bool') {
    if (typeof v !== (schema === 'bool' ? 'boolean' : 'string')) out.types.push(`${at} must be a ${schema === 'bool' ? 'boolean' : 'string'}`);
    return;
  }
  if ('list' in schema && typeof schema.list !== 'undefined' && Object.keys(schema).length === 1) {
    if (!Array.isArray(v)) return void out.types.push(`${at} must be a list`);
    v.forEach((x, i) => decodingErrors(x, schema.list as Schema, `${path}[${i}]`, out));
    return;
  }
  if (typeof v !== 'object' || Array.isArray(v)) return void out.types.push(`${at} must be an object`);
  for (const [k, x] of Object.entries(v)) {
    const f = (schema as Record<string, Schema>)[k];
    const p = path ? `${path}.${k}` : k;
    if (!f) out.unknown.push(p);
    else decodingErrors(x, f, p, out);
  }
}

/** Reads an AuthenticationConfiguration file's text, as strictly as the API server; a one-line reason when it is not one. */
export function parseAuthenticationConfiguration(text: string): { config: AuthenticationConfiguration } | { error: string } {
  let doc: unknown;
  try {
    doc = parseYaml(text, { uniqueKeys: true });
  } catch (err) {
    return { error: `not YAML or JSON: ${(err as Error).message.split('\n')[0]}` };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { error: 'not an AuthenticationConfiguration (the file holds no object)' };
  const c = doc as AuthenticationConfiguration;
  if (c.kind !== 'AuthenticationConfiguration') return { error: `kind is ${JSON.stringify(c.kind ?? '')}, not AuthenticationConfiguration` };
  if (!API_VERSIONS.includes(c.apiVersion ?? '')) return { error: `apiVersion ${JSON.stringify(c.apiVersion ?? '')} is not one of ${API_VERSIONS.join(', ')}` };
  const found = { unknown: [] as string[], types: [] as string[] };
  decodingErrors(doc, SCHEMA, '', found);
  if (found.types.length) return { error: found.types.join('; ') };
  if (found.unknown.length) return { error: `strict decoding error: ${found.unknown.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}` };
  for (const [i, a] of (c.jwt ?? []).entries()) if (!a?.issuer) c.jwt![i] = { ...a, issuer: {} };
  return { config: c };
}

export interface ValidateOptions {
  /** the service-account issuers (--service-account-issuer), which no JWT authenticator may use */
  disallowedIssuers?: string[];
  /** StructuredAuthenticationConfigurationEgressSelector (beta, on by default since 1.34) */
  egressSelectorFeature?: boolean;
  minor?: number;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HTTP_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

function validateURL(url: string, disallowed: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (disallowed.has(url)) errs.push(invalid(path, url, `URL must not overlap with disallowed issuers: [${[...disallowed].sort().join(' ')}]`));
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/([^/?#]*))?([^?#]*)(\?[^#]*)?(#.*)?$/.exec(url);
  const authority = m?.[3] ?? '';
  const port = /:([^:\]]*)$/.exec(authority.replace(/^.*@/, ''))?.[1];
  if (port !== undefined && !/^[0-9]*$/.test(port)) {
    errs.push(invalid(path, url, `parse ${JSON.stringify(url)}: invalid port ${JSON.stringify(`:${port}`)} after host`));
    return errs;
  }
  if (m?.[1]?.toLowerCase() !== 'https') errs.push(invalid(path, url, 'URL scheme must be https'));
  if (authority.includes('@')) errs.push(invalid(path, url, 'URL must not contain a username or password'));
  if (m?.[5] && m[5].length > 1) errs.push(invalid(path, url, 'URL must not contain a query'));
  if (m?.[6] && m[6].length > 1) errs.push(invalid(path, url, 'URL must not contain a fragment'));
  return errs;
}

export function validateIssuerURL(url: string | undefined, disallowed: string[] = [], path = 'issuer.url'): FieldError[] {
  if (!url) return [required(path)];
  return validateURL(url, new Set(disallowed), path);
}

export function validateIssuerDiscoveryURL(url: string | undefined, discoveryURL: string | undefined, path = 'issuer.discoveryURL'): FieldError[] {
  if (!discoveryURL) return [];
  const errs: FieldError[] = [];
  if (url && url.replace(/\/+$/, '') === discoveryURL.replace(/\/+$/, '')) errs.push(invalid(path, discoveryURL, 'discoveryURL must be different from URL'));
  return [...errs, ...validateURL(discoveryURL, new Set(), path)];
}

export function validateAudiences(audiences: string[] | undefined, policy: string | undefined, path = 'issuer.audiences', policyPath = 'issuer.audienceMatchPolicy'): FieldError[] {
  if (!audiences?.length) return [required(path, `at least one ${path} is required`)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  audiences.forEach((a, i) => {
    if (!a) errs.push(required(index(path, i)));
    if (seen.has(a)) errs.push(duplicate(index(path, i), a));
    seen.add(a);
  });
  if (audiences.length > 1 && policy !== 'MatchAny') errs.push(invalid(policyPath, policy ?? '', 'audienceMatchPolicy must be MatchAny for multiple audiences'));
  if (audiences.length === 1 && policy && policy !== 'MatchAny') errs.push(invalid(policyPath, policy, 'audienceMatchPolicy must be empty or MatchAny for single audience'));
  return errs;
}

export function validateCertificateAuthority(ca: string | undefined, path = 'issuer.certificateAuthority'): FieldError[] {
  if (!ca) return [];
  const blocks = ca.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  const valid = blocks.filter((b) => {
    try {
      new X509Certificate(b);
      return true;
    } catch {
      return false;
    }
  });
  return valid.length ? [] : [invalid(path, '<omitted>', 'data does not contain any valid RSA or ECDSA certificates')];
}

/** what validateClaimValidationRules and validateClaimMappings learn about the email claims */
interface State {
  usesEmailClaim: boolean;
  usesEmailVerifiedClaim: boolean;
  minor?: number;
}

function compileError(path: string, expression: string, kind: Parameters<typeof compileJwtExpression>[1], minor?: number): FieldError | undefined {
  const c = compileJwtExpression(expression, kind, minor);
  if (c.ok) return undefined;
  const o = c.outcome;
  // an expression kubedeck cannot compile is not proven invalid: it is not reported as a server error
  if (o.kind === 'cannotEvaluate') return undefined;
  return invalid(path, expression, o.kind === 'compileError' ? o.message : o.message);
}

export function validateClaimValidationRules(rules: JWTAuthenticator['claimValidationRules'], state: State, path = 'issuer.claimValidationRules'): FieldError[] {
  const errs: FieldError[] = [];
  const claims = new Set<string>();
  const expressions = new Set<string>();
  (rules ?? []).forEach((r, i) => {
    const p = index(path, i);
    if (r.claim && r.expression) errs.push(invalid(p, r.claim, "claim and expression can't both be set"));
    else if (!r.claim && !r.expression) errs.push(required(p, 'claim or expression is required'));
    else if (r.claim) {
      if (r.message) errs.push(invalid(child(p, 'message'), r.message, 'may not be specified when claim is set'));
      if (claims.has(r.claim)) errs.push(duplicate(child(p, 'claim'), r.claim));
      claims.add(r.claim);
    } else if (r.expression) {
      if (r.requiredValue) errs.push(invalid(child(p, 'requiredValue'), r.requiredValue, 'may not be specified when expression is set'));
      if (expressions.has(r.expression)) return errs.push(duplicate(child(p, 'expression'), r.expression));
      expressions.add(r.expression);
      const e = compileError(child(p, 'expression'), r.expression, 'claimValidation', state.minor);
      if (e) return errs.push(e);
      state.usesEmailVerifiedClaim ||= selectsClaim(r.expression, 'email_verified');
    }
  });
  return errs;
}

function validatePrefixed(m: PrefixedClaimOrExpression | undefined, path: string, required_: boolean, state: State): { errs: FieldError[]; compiled: boolean } {
  const errs: FieldError[] = [];
  if (m?.expression && m.claim) errs.push(invalid(path, '', "claim and expression can't both be set"));
  else if (!m?.expression && !m?.claim) {
    if (required_) errs.push(required(path, 'claim or expression is required'));
  } else if (m.expression) {
    if (m.prefix !== undefined) errs.push(invalid(child(path, 'prefix'), m.prefix, 'may not be specified when expression is set'));
    const e = compileError(child(path, 'expression'), m.expression, 'claimMapping', state.minor);
    if (e) errs.push(e);
    return { errs, compiled: errs.length === 0 };
  } else if (m.prefix === undefined) {
    errs.push(required(child(path, 'prefix'), 'prefix is required when claim is set. It can be set to an empty string to disable prefixing'));
  }
  return { errs, compiled: false };
}

function domainPrefixedPath(path: string, key: string): FieldError[] {
  if (!key) return [required(path)];
  const slash = key.indexOf('/');
  const host = slash < 0 ? '' : key.slice(0, slash);
  const rest = slash < 0 ? '' : key.slice(slash + 1);
  if (!host || !rest) return [invalid(path, key, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs: FieldError[] = [];
  if (host.length > 253) errs.push(invalid(path, host, 'must be no more than 253 characters'));
  if (!DNS1123_SUBDOMAIN.test(host)) {
    errs.push(invalid(path, host, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
  }
  if (!HTTP_PATH.test(rest)) return [...errs, invalid(path, rest, "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')")];
  return errs;
}

const reservedDomain = (key: string) => {
  const slash = key.indexOf('/');
  const d = slash < 0 ? '' : key.slice(0, slash);
  return d === 'kubernetes.io' || d.endsWith('.kubernetes.io') || d === 'k8s.io' || d.endsWith('.k8s.io');
};

export function validateClaimMappings(m: JWTAuthenticator['claimMappings'], state: State, path = 'issuer.claimMappings'): FieldError[] {
  const errs: FieldError[] = [];
  const user = validatePrefixed(m?.username, child(path, 'username'), true, state);
  errs.push(...user.errs);
  if (user.compiled && m?.username?.expression) {
    state.usesEmailClaim ||= selectsClaim(m.username.expression, 'email');
    state.usesEmailVerifiedClaim ||= selectsClaim(m.username.expression, 'email_verified');
  }
  errs.push(...validatePrefixed(m?.groups, child(path, 'groups'), false, state).errs);
  const uid = m?.uid;
  if (uid?.claim && uid.expression) errs.push(invalid(child(path, 'uid'), '', "claim and expression can't both be set"));
  else if (uid?.expression) {
    const e = compileError(child(child(path, 'uid'), 'expression'), uid.expression, 'claimMapping', state.minor);
    if (e) errs.push(e);
  }
  const keys = new Set<string>();
  (m?.extra ?? []).forEach((x, i) => {
    const p = index(child(path, 'extra'), i);
    const key = x.key ?? '';
    errs.push(...domainPrefixedPath(child(p, 'key'), key));
    if (key !== key.toLowerCase()) errs.push(invalid(child(p, 'key'), key, 'must be lowercase'));
    if (reservedDomain(key)) errs.push(invalid(child(p, 'key'), key, 'k8s.io, kubernetes.io and their subdomains are reserved for Kubernetes use'));
    if (keys.has(key)) return errs.push(duplicate(child(p, 'key'), key));
    keys.add(key);
    if (!x.valueExpression) return errs.push(required(child(p, 'valueExpression')));
    const e = compileError(child(p, 'valueExpression'), x.valueExpression, 'claimMapping', state.minor);
    if (e) return errs.push(e);
    state.usesEmailVerifiedClaim ||= selectsClaim(x.valueExpression, 'email_verified');
  });
  if (state.usesEmailClaim && !state.usesEmailVerifiedClaim) {
    errs.push(
      invalid(
        child(child(path, 'username'), 'expression'),
        m?.username?.expression ?? '',
        'claims.email_verified must be used in claimMappings.username.expression or claimMappings.extra[*].valueExpression or claimValidationRules[*].expression when claims.email is used in claimMappings.username.expression',
      ),
    );
  }
  return errs;
}

export function validateUserValidationRules(rules: JWTAuthenticator['userValidationRules'], state: Pick<State, 'minor'> = {}, path = 'issuer.userValidationRules'): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (rules ?? []).forEach((r, i) => {
    const p = child(index(path, i), 'expression');
    if (!r.expression) return errs.push(required(p));
    if (seen.has(r.expression)) return errs.push(duplicate(p, r.expression));
    seen.add(r.expression);
    const e = compileError(p, r.expression, 'userValidation', state.minor);
    if (e) errs.push(e);
  });
  return errs;
}

export function validateJWTAuthenticator(a: JWTAuthenticator, path: string, opts: ValidateOptions = {}): FieldError[] {
  const issuer = child(path, 'issuer');
  const state: State = { usesEmailClaim: false, usesEmailVerifiedClaim: false, minor: opts.minor };
  const errs: FieldError[] = [
    ...validateIssuerURL(a.issuer?.url, opts.disallowedIssuers, child(issuer, 'url')),
    ...validateIssuerDiscoveryURL(a.issuer?.url, a.issuer?.discoveryURL, child(issuer, 'discoveryURL')),
    ...validateAudiences(a.issuer?.audiences, a.issuer?.audienceMatchPolicy, child(issuer, 'audiences'), child(issuer, 'audienceMatchPolicy')),
    ...validateCertificateAuthority(a.issuer?.certificateAuthority, child(issuer, 'certificateAuthority')),
  ];
  const egress = a.issuer?.egressSelectorType;
  if (egress) {
    const p = child(issuer, 'egressSelectorType');
    if (opts.egressSelectorFeature === false) errs.push(invalid(p, egress, 'egress selector is not supported when StructuredAuthenticationConfigurationEgressSelector feature gate is disabled'));
    if (egress !== 'controlplane' && egress !== 'cluster') errs.push(invalid(p, egress, 'egress selector must be either controlplane or cluster'));
  }
  errs.push(...validateClaimValidationRules(a.claimValidationRules, state, child(path, 'claimValidationRules')));
  errs.push(...validateClaimMappings(a.claimMappings, state, child(path, 'claimMappings')));
  errs.push(...validateUserValidationRules(a.userValidationRules, state, child(path, 'userValidationRules')));
  return errs;
}

/** ValidateAuthenticationConfiguration */
export function validateAuthenticationConfiguration(c: AuthenticationConfiguration, opts: ValidateOptions = {}): FieldError[] {
  const jwt = c.jwt ?? [];
  if (jwt.length > 64) return [{ field: 'jwt', type: 'Too many', value: jwt.length, detail: 'must have at most 64 items' }];
  const errs: FieldError[] = [];
  const issuers = new Set<string>();
  const discovery = new Set<string>();
  jwt.forEach((a, i) => {
    const p = index('jwt', i);
    errs.push(...validateJWTAuthenticator(a, p, opts));
    const url = a.issuer?.url ?? '';
    if (issuers.has(url)) errs.push(duplicate(`${p}.issuer.url`, url));
    issuers.add(url);
    const d = a.issuer?.discoveryURL;
    if (d) {
      if (discovery.has(d)) errs.push(duplicate(`${p}.issuer.discoveryURL`, d));
      discovery.add(d);
    }
  });
  if (c.anonymous && !c.anonymous.enabled && (c.anonymous.conditions?.length ?? 0) > 0) {
    errs.push(invalid('anonymous.conditions', JSON.stringify(c.anonymous.conditions), 'enabled should be set to true when conditions are defined'));
  }
  return errs;
}
