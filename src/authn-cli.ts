// `kubedeck authn check --config FILE [--token-file FILE] [-o json]`: what an
// AuthenticationConfiguration would make of the session's bearer token (or the one in
// --token-file, which is then also the session's credential), beside what the API server
// says in SelfSubjectReview. The token's signature is not verified.
// Exit codes: 0 the prediction accepts the token and matches the server; 1 it differs
// from the server, rejects the token or cannot tell; 2 bad input (file, token, usage).
import { readFileSync } from 'node:fs';
import type { AppConfig } from './config.js';
import type { Target } from './target.js';
import { readCredential, serviceAccountIssuer, type UserInfo } from './k8s/identity.js';
import { openSession, type Session } from './k8s/session.js';
import { errorMessage } from './k8s/transport.js';
import { ApiError } from './k8s/types.js';
import { checkToken } from './cel/authn.js';
import { parseAuthenticationConfiguration } from './cel/authn-config.js';
import { DEFAULT_MINOR, minorOfVersion } from './cel/library.js';
import { authnReportJson, authnReportLines, differences, type ServerAnswer } from './state/authnreport.js';
import { sanitize } from './state/sanitize.js';

export interface AuthnCheckOptions {
  target: Target;
  /** the AuthenticationConfiguration file */
  configPath: string;
  output: 'table' | 'json';
  config: AppConfig;
  requestTimeoutMs: number;
  out?: (text: string) => void;
  err?: (text: string) => void;
}

export async function runAuthnCheck(opts: AuthnCheckOptions): Promise<number> {
  const out = opts.out ?? ((t: string) => void process.stdout.write(t));
  const err = opts.err ?? ((t: string) => void process.stderr.write(t));
  const fail = (code: number, message: string) => (err(`kubedeck: ${sanitize(message, { multiline: true })}\n`), code);

  let text: string;
  try {
    text = readFileSync(opts.configPath, 'utf8');
  } catch (e) {
    return fail(2, `cannot read ${opts.configPath}: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`);
  }
  const parsed = parseAuthenticationConfiguration(text);
  if ('error' in parsed) return fail(2, `${opts.configPath}: ${parsed.error}`);

  const ctx = opts.target.loaded.forContext(opts.target.loaded.currentContext);
  const credential = await readCredential(ctx);
  const token = credential.token;
  if (credential.error) return fail(2, credential.error);
  if (token?.kind !== 'jwt') {
    const what = !token ? `the session sends no bearer token (${credential.source})` : token.kind === 'encrypted' ? 'the bearer token is an encrypted JWT' : `the bearer token is not a readable JWT (${token.reason})`;
    return fail(2, `${what}: give the JWT with --token-file FILE`);
  }

  let session: Session | undefined;
  const server: ServerAnswer = {};
  let minor = DEFAULT_MINOR;
  let saIssuer: string | undefined;
  try {
    session = await openSession({ ctx, contexts: opts.target.loaded.contexts, namespace: opts.target.namespace, readonly: true, config: opts.config, requestTimeoutMs: opts.requestTimeoutMs });
    minor = minorOfVersion(session.discovery.serverVersion);
    await session.identity.whoami();
    saIssuer = await serviceAccountIssuer(session.transport);
    const review = session.identity.state().review;
    if (review.error) server.error = `${review.error.status || 'error'}: ${review.error.message}`;
    else server.user = review.object?.status?.userInfo as UserInfo | undefined;
  } catch (e) {
    // a token the server refuses fails the session's discovery: that is the server's answer
    server.error = e instanceof ApiError && e.status === 401 ? `${/^401/.test(e.message) ? '' : '401 Unauthorized: '}${e.message.split('\n')[0]}` : `no answer: ${errorMessage(e).split('\n')[0]}`;
  } finally {
    await session?.close();
  }

  // the API server refuses a JWT authenticator on its own service-account issuer
  const check = checkToken(parsed.config, token.claims.all, { now: Date.now(), minor, alg: token.header.alg, disallowedIssuers: saIssuer ? [saIssuer] : [] });
  if (opts.output === 'json') out(JSON.stringify(authnReportJson(check, server), null, 2) + '\n');
  else out(authnReportLines(check, server, opts.configPath).join('\n') + '\n');
  return check.result === 'accepted' && !check.configError && differences(check, server).length === 0 ? 0 : 1;
}
