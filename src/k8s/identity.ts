// Identity pane API: who the API server says we are (SelfSubjectReview), what we may
// do in the session's namespace (SelfSubjectRulesReview) and what the credential
// itself claims. The raw token is decoded here and dropped: it never reaches the
// state, a log line or the terminal.
import { readFileSync } from 'node:fs';
import type https from 'node:https';
import path from 'node:path';
import type { SessionCore } from './session.js';
import type { ContextConfig } from './kubeconfig.js';
import { ApiError } from './types.js';
import { errorMessage } from './transport.js';
import { debug } from '../log.js';
import { decodeToken } from '../state/jwt.js';
import { unauthorizedHints } from '../state/unauthorized.js';
import type { SelfSubjectReview, SelfSubjectRulesReview, Credential, AuthnPreview, IdentityState, IdentityApi } from './types.js';
export type { SelfSubjectReview, SelfSubjectRulesReview, Credential, Fetched, AuthnPreview, IdentityState, IdentityApi } from './types.js';
export type { UserInfo } from './types.js';

export const SELF_SUBJECT_REVIEWS = '/apis/authentication.k8s.io/v1/selfsubjectreviews';
export const SELF_SUBJECT_RULES_REVIEWS = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews';









const problem = (err: unknown) => ({ status: err instanceof ApiError ? err.status : 0, message: errorMessage(err) });

/**
 * The credential the session's KubeConfig sends. Exec plugins and OIDC providers are
 * asked through applyToHTTPSOptions, exactly as a request would ask them.
 */
export async function readCredential(ctx: ContextConfig): Promise<Credential> {
  if (ctx.bearerToken) return { source: 'bearer token', token: decodeToken(ctx.bearerToken) };
  const user = ctx.kc.getCurrentUser();
  const exec = user?.exec as { command?: string } | undefined;
  const provider = user?.authProvider as { name?: string } | undefined;
  const source = exec?.command
    ? `exec plugin ${path.basename(exec.command)}`
    : provider?.name
      ? `auth-provider ${provider.name}`
      : 'bearer token';
  const opts: https.RequestOptions = { headers: {} };
  try {
    await ctx.kc.applyToHTTPSOptions(opts);
  } catch (err) {
    return { source, error: `cannot get credentials: ${errorMessage(err)}` };
  }
  const headers = (opts.headers ?? {}) as Record<string, unknown>;
  const auth = headers.Authorization ?? headers.authorization;
  const bearer = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  if (bearer) return { source, token: decodeToken(bearer) };
  if (opts.cert || opts.pfx) return { source: 'client certificate' };
  if (opts.auth || (typeof auth === 'string' && /^Basic\s/i.test(auth))) return { source: 'username and password (basic auth)' };
  return { source: 'no credential: requests are anonymous' };
}

/**
 * A 401 from startup (discovery) with hints from the credential's claims added to its
 * message; any other error unchanged.
 */
export async function explainUnauthorized(ctx: ContextConfig, err: unknown): Promise<unknown> {
  if (!(err instanceof ApiError) || err.status !== 401) return err;
  const hints = unauthorizedHints(await readCredential(ctx), Date.now());
  const text = hints.map((h) => `\n  hint: ${h.text}`).join('');
  const said = err.message && err.message !== 'Unauthorized' ? ` (${err.message})` : '';
  return new ApiError(401, `401 Unauthorized: the API server did not accept the credentials${said}${text}`, {
    reason: err.reason,
    body: err.body,
  });
}

/**
 * The service-account token issuer (--service-account-issuer), from the API server's OIDC
 * discovery document: a JWT authenticator may not use it. Undefined when the document
 * cannot be read (by default only service accounts may read it).
 */
export async function serviceAccountIssuer(transport: Pick<SessionCore['transport'], 'request'>): Promise<string | undefined> {
  try {
    const doc = await transport.request<{ issuer?: unknown }>('/.well-known/openid-configuration');
    return typeof doc?.issuer === 'string' && doc.issuer ? doc.issuer : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The structured-authentication preview of a credential (pure but for reading the file).
 * The CEL engine is loaded on first use: only sessions with identity.authenticationConfig pay for it.
 */
export async function authnPreview(file: string, c: Credential, serverVersion: string | undefined, now = Date.now()): Promise<AuthnPreview> {
  const [{ checkToken }, { parseAuthenticationConfiguration }, { minorOfVersion }] = await Promise.all([
    import('../cel/authn.js'),
    import('../cel/authn-config.js'),
    import('../cel/library.js'),
  ]);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { path: file, error: `cannot read it: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}` };
  }
  const parsed = parseAuthenticationConfiguration(text);
  if ('error' in parsed) return { path: file, error: parsed.error };
  if (c.token?.kind !== 'jwt') return { path: file, error: `no JWT to check (${c.source})` };
  return { path: file, check: checkToken(parsed.config, c.token.claims.all, { now, minor: minorOfVersion(serverVersion), alg: c.token.header.alg }) };
}

export function createIdentityApi(core: SessionCore): IdentityApi {
  let state: IdentityState = {
    review: { loading: false },
    rules: { loading: false },
    rulesNamespace: core.namespace ?? 'default',
    impersonate: core.ctx.impersonate,
  };
  const listeners = new Set<() => void>();
  let closed = false;
  core.onClose(() => {
    closed = true;
    listeners.clear();
  });
  const set = (patch: Partial<IdentityState>) => {
    if (closed) return;
    state = { ...state, ...patch };
    for (const l of [...listeners]) l();
  };

  let credentialRead: Promise<void> | undefined;
  const credential = () =>
    (credentialRead ??= readCredential(core.ctx)
      .then(async (c) => {
        const file = core.config?.identity?.authenticationConfig;
        set({ credential: c, ...(file ? { authnPreview: await authnPreview(file, c, core.discovery?.serverVersion) } : {}) });
      })
      .finally(() => (credentialRead = undefined)));

  let reviewing: Promise<string | undefined> | undefined;
  const review = () =>
    (reviewing ??= (async () => {
      set({ review: { ...state.review, loading: true } });
      try {
        const object = await core.transport.request<SelfSubjectReview>(SELF_SUBJECT_REVIEWS, {
          method: 'POST',
          body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        });
        set({ review: { loading: false, object, at: Date.now() } });
        return object.status?.userInfo?.username || undefined;
      } catch (err) {
        debug('selfsubjectreview failed', { error: errorMessage(err) });
        // a 401 is explained from the credential's claims: read them before reporting
        if (err instanceof ApiError && err.status === 401) await credential();
        set({ review: { loading: false, error: problem(err), at: Date.now() } });
        return undefined;
      } finally {
        reviewing = undefined;
      }
    })());

  let listing: Promise<void> | undefined;
  const rules = () =>
    (listing ??= (async () => {
      const namespace = state.rulesNamespace;
      set({ rules: { ...state.rules, loading: true } });
      try {
        const object = await core.transport.request<SelfSubjectRulesReview>(SELF_SUBJECT_RULES_REVIEWS, {
          method: 'POST',
          body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
        });
        set({ rules: { loading: false, object, at: Date.now() } });
      } catch (err) {
        debug('selfsubjectrulesreview failed', { error: errorMessage(err) });
        set({ rules: { loading: false, error: problem(err), at: Date.now() } });
      } finally {
        listing = undefined;
      }
    })());

  return {
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whoami: review,
    async refresh() {
      await Promise.all([credential(), review(), rules()]);
    },
  };
}
