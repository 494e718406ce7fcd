// Bearer tokens, the two demo users and their rule tables, authorization with
// the API server's Forbidden wording, and the self-subject reviews.
import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeObject } from '../k8s/types.js';
import { forbidden } from './status.js';

export type DemoUser = 'demo-admin' | 'demo-viewer';

export interface Rule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  /** undefined: every namespace and cluster-scoped objects */
  namespaces?: string[];
}

export interface Identity {
  username: DemoUser;
  uid: string;
  groups: string[];
  /** user.Info extra, as SelfSubjectReview reports it */
  extra: Record<string, string[]>;
  token: string;
  rules: Rule[];
}

export interface Attributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

// What system:basic-user and system:discovery grant every authenticated user.
const EVERYONE: Rule[] = [
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
];
const NON_RESOURCE = [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/version', '/version/'] }];

export const DEMO_ISSUER = 'https://issuer.kubedeck.demo';
const TOKEN_LIFETIME_S = 4 * 3600;

/**
 * A JWT-shaped token, as an OIDC issuer would hand out, so the identity pane has
 * claims to decode. The demo server never checks the signature: it compares the
 * whole token string, and the random signature keeps the token unguessable.
 */
function jwtFor(sub: string, groups: string[], jti: string): string {
  const seg = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const claims = { iss: DEMO_ISSUER, sub, aud: ['kubernetes'], iat, nbf: iat, exp: iat + TOKEN_LIFETIME_S, jti, ...(groups.length ? { groups } : {}), email: `${sub}@kubedeck.demo` };
  return `${seg({ alg: 'RS256', kid: 'kubedeck-demo', typ: 'JWT' })}.${seg(claims)}.${randomBytes(32).toString('base64url')}`;
}

function identity(username: DemoUser, groups: string[], rules: Rule[]): Identity {
  const jti = randomUUID();
  // kube-apiserver 1.32+ adds the token's jti as a credential id
  const extra = { 'authentication.kubernetes.io/credential-id': [`JTI=${jti}`] };
  return { username, uid: randomUUID(), groups, extra, token: jwtFor(username, groups.filter((g) => !g.startsWith('system:')), jti), rules };
}

export function makeIdentities(): Record<DemoUser, Identity> {
  return {
    'demo-admin': identity('demo-admin', ['system:masters', 'system:authenticated'], [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]),
    'demo-viewer': identity('demo-viewer', ['demo:viewers', 'system:authenticated'], [
      { verbs: ['get', 'list', 'watch'], apiGroups: ['', 'events.k8s.io'], resources: ['pods', 'events'], namespaces: ['web'] },
    ]),
  };
}

const has = (list: string[], v: string) => list.includes('*') || list.includes(v);

function ruleAllows(rule: Rule, a: Attributes): boolean {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (!has(rule.verbs, a.verb) || !has(rule.apiGroups, a.group) || !has(rule.resources, resource)) return false;
  if (!rule.namespaces) return true;
  return a.namespace !== undefined && rule.namespaces.includes(a.namespace);
}

export function allows(id: Identity, a: Attributes): boolean {
  return [...EVERYONE, ...id.rules].some((r) => ruleAllows(r, a));
}

/** Throws 403 worded as kube-apiserver's RBAC denial. */
export function authorize(id: Identity, a: Attributes): void {
  if (allows(id, a)) return;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const why = `User "${id.username}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`;
  throw forbidden(a.group, a.resource, a.name ?? '', why);
}

const reviewMeta = () => ({ creationTimestamp: null });

export function accessReview(id: Identity, body: KubeObject): KubeObject {
  const ra = body.spec?.resourceAttributes;
  let allowed = false;
  let reason = '';
  if (ra) {
    allowed = allows(id, {
      verb: ra.verb ?? '',
      group: ra.group ?? '',
      resource: ra.resource ?? '',
      subresource: ra.subresource || undefined,
      namespace: ra.namespace || undefined,
      name: ra.name,
    });
  } else if (body.spec?.nonResourceAttributes) {
    const { verb, path } = body.spec.nonResourceAttributes;
    allowed = id.username === 'demo-admin' || (verb === 'get' && NON_RESOURCE[0].nonResourceURLs.some((u) => u === path || (u.endsWith('*') && path?.startsWith(u.slice(0, -1)))));
  }
  if (allowed) {
    reason =
      id.username === 'demo-admin'
        ? ''
        : `RBAC: allowed by RoleBinding "demo-viewer/web" of Role "pod-viewer" to User "${id.username}"`;
  }
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    metadata: reviewMeta() as never,
    spec: body.spec ?? {},
    status: reason ? { allowed, reason } : { allowed },
  };
}

export function rulesReview(id: Identity, body: KubeObject): KubeObject {
  const ns: string = body.spec?.namespace ?? '';
  const resourceRules = [...EVERYONE, ...id.rules]
    .filter((r) => !r.namespaces || r.namespaces.includes(ns))
    .map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources }));
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    metadata: reviewMeta() as never,
    spec: body.spec ?? {},
    status: {
      resourceRules,
      nonResourceRules: id.username === 'demo-admin' ? [{ verbs: ['*'], nonResourceURLs: ['*'] }] : NON_RESOURCE,
      incomplete: false,
    },
  };
}

export function selfReview(id: Identity): KubeObject {
  return {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
    metadata: reviewMeta() as never,
    status: { userInfo: { username: id.username, uid: id.uid, groups: id.groups, extra: id.extra } },
  };
}
