// The identity pane as lines: who the server says you are, why it may refuse you,
// what the credential claims and what you may do. Pure: (state, now, width) → lines.
import { displayWidth, padEnd } from './width.js';
import type { RowTone } from '../k8s/types.js';
import type { Credential, IdentityApi, IdentityState, UserInfo } from '../k8s/identity.js';
import { canICompactLines, canILines, canIRows, tabulate } from './cani.js';
import type { JwtClaims } from './jwt.js';
import { humanDuration } from './format.js';
import { sanitize } from './sanitize.js';
import { isoTime, unauthorizedHints } from './unauthorized.js';
import { authnPaneLines } from './authnreport.js';

export interface Line {
  /** sanitized */
  text: string;
  tone?: RowTone;
  bold?: boolean;
}

/** a token expiring sooner than this is shown as a warning */
export const EXPIRY_WARNING_MS = 5 * 60_000;

const STANDARD_CLAIMS = new Set(['iss', 'sub', 'aud', 'iat', 'nbf', 'exp']);

/** A live countdown with seconds: "3h 05m 12s", "4m 09s", "12s", "2d 3h". */
export function timeLeft(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${two(m)}m ${two(sec)}s`;
  if (m > 0) return `${m}m ${two(sec)}s`;
  return `${sec}s`;
}

/** How long a token has left, and how worried to be. */
export function expiry(exp: number | undefined, now: number): { text: string; tone: RowTone } | undefined {
  if (exp === undefined) return undefined;
  const left = exp - now;
  if (left <= 0) return { text: `expired ${timeLeft(-left)} ago`, tone: 'error' };
  if (left < EXPIRY_WARNING_MS) return { text: `${timeLeft(left)} left, expires soon`, tone: 'warn' };
  return { text: `${timeLeft(left)} left`, tone: 'ok' };
}

/** Greedy word wrap to width columns; the first line starts at indent, the rest hang at indent + hang. */
export function wrap(text: string, width: number, indent = 2, hang = 2): string[] {
  const out: string[] = [];
  let line = ' '.repeat(indent);
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const fits = displayWidth(line) + (empty ? 0 : 1) + displayWidth(word) <= width;
    if (!empty && !fits) {
      out.push(line);
      line = ' '.repeat(indent + hang);
      empty = true;
    }
    line += (empty ? '' : ' ') + word;
    empty = false;
  }
  if (!empty) out.push(line);
  return out;
}

/** kubectl auth whoami's table rows: Username, UID, Groups, then "Extra: key" sorted by key. */
export function whoamiRows(user: UserInfo | undefined): [string, string][] {
  const rows: [string, string][] = [];
  const goList = (v: unknown) => `[${(Array.isArray(v) ? v : []).map((s) => sanitize(String(s))).join(' ')}]`;
  if (user?.username) rows.push(['Username', sanitize(user.username)]);
  if (user?.uid) rows.push(['UID', sanitize(user.uid)]);
  if (user?.groups?.length) rows.push(['Groups', goList(user.groups)]);
  const extra = user?.extra ?? {};
  for (const k of Object.keys(extra).sort()) rows.push([`Extra: ${sanitize(k)}`, goList(extra[k])]);
  return rows;
}

/**
 * whoami rows as kubectl aligns them when they fit; else a long label (an "Extra:"
 * key) gets its value on the next line, so Username and Groups are never cut.
 */
function whoamiLines(rows: [string, string][], width: number): Line[] {
  const table = tabulate(rows, 3, 6, displayWidth);
  if (Math.max(0, ...table.map((l) => displayWidth(l))) + 2 <= width) return table.map((text) => ({ text: `  ${text}` }));
  const labelWidth = Math.min(12, Math.max(0, ...rows.map(([l]) => displayWidth(l)))) + 2;
  return rows.flatMap(([label, value]) =>
    displayWidth(label) < labelWidth
      ? [{ text: `  ${padEnd(label, labelWidth)}${value}` }]
      : [{ text: `  ${label}` }, { text: `  ${' '.repeat(labelWidth)}${value}` }],
  );
}

/** `kubectl auth whoami` as text */
export function whoamiTable(user: UserInfo | undefined): string {
  return tabulate([['ATTRIBUTE', 'VALUE'], ...whoamiRows(user)]).join('\n') + '\n';
}

function claimLines(claims: JwtClaims, now: number): Line[] {
  const rows: { label: string; value: string; tone?: RowTone }[] = [];
  const at = (ms: number) => `${isoTime(ms)}`;
  if (claims.iss !== undefined) rows.push({ label: 'Issuer', value: sanitize(claims.iss) });
  if (claims.sub !== undefined) rows.push({ label: 'Subject', value: sanitize(claims.sub) });
  const aud = claims.aud.map((a) => sanitize(a)).join(', ');
  rows.push({ label: 'Audience', value: claims.audForm === 'missing' ? '(none)' : claims.audForm === 'string' ? aud : `[${aud}]` });
  if (claims.iat !== undefined) rows.push({ label: 'Issued', value: `${at(claims.iat)}  (${timeLeft(now - claims.iat)} ago)` });
  if (claims.nbf !== undefined) {
    const early = claims.nbf > now;
    rows.push({ label: 'Not before', value: `${at(claims.nbf)}${early ? `  (valid in ${timeLeft(claims.nbf - now)})` : ''}`, tone: early ? 'error' : undefined });
  }
  const left = expiry(claims.exp, now);
  if (claims.exp !== undefined && left) rows.push({ label: 'Expires', value: `${at(claims.exp)}  (${left.text})`, tone: left.tone });
  else rows.push({ label: 'Expires', value: 'never (no exp claim)', tone: 'warn' });
  for (const [k, v] of Object.entries(claims.all)) {
    if (STANDARD_CLAIMS.has(k)) continue;
    rows.push({ label: sanitize(k), value: sanitize(JSON.stringify(v) ?? String(v)), tone: 'dim' });
  }
  const width = Math.max(...rows.map((r) => displayWidth(r.label))) + 2;
  return rows.map((r) => ({ text: `  ${padEnd(r.label, width)}${r.value}`, tone: r.tone }));
}

function credentialLines(c: Credential | undefined, now: number, width: number): Line[] {
  if (!c) return [{ text: 'Credential', bold: true }, { text: '  reading…', tone: 'dim' }];
  const lines: Line[] = [{ text: `Credential: ${sanitize(c.source)}`, bold: true }];
  if (c.error) return [...lines, ...wrap(`✗ ${sanitize(c.error)}`, width).map((text) => ({ text, tone: 'error' as const }))];
  const t = c.token;
  if (!t) return [...lines, { text: '  no bearer token is sent, so there are no claims to show', tone: 'dim' }];
  switch (t.kind) {
    case 'opaque':
      return [...lines, ...wrap(`not a JWT (${t.reason}): nothing to decode`, width).map((text) => ({ text, tone: 'dim' as const }))];
    case 'encrypted':
      return [...lines, { text: '  an encrypted JWT (JWE): its claims cannot be read locally', tone: 'dim' }];
    case 'malformed':
      return [...lines, ...wrap(`looks like a JWT, but ${t.reason}`, width).map((text) => ({ text, tone: 'error' as const }))];
  }
  const alg = t.header.alg ? `, alg ${sanitize(t.header.alg)}` : '';
  return [
    ...lines,
    { text: `  JWT claims, decoded locally: the signature is NOT verified${alg}`, tone: 'warn' },
    ...claimLines(t.claims, now),
    ...t.problems.map((p) => ({ text: `  ⚠ ${sanitize(p)}`, tone: 'warn' as const })),
  ];
}

export interface IdentityInput {
  state: IdentityState;
  /** the pods watch's message when it answers 401 */
  watchUnauthorized?: string;
  now: number;
  width: number;
}

/** The header's short word on a refused SelfSubjectReview, e.g. "401 Unauthorized: token expired 12m ago". */
export function headerProblem(state: IdentityState, now: number): string | undefined {
  const e = state.review.error;
  if (e?.status !== 401) return undefined;
  const t = state.credential?.token;
  if (t?.kind === 'jwt' && t.claims.exp !== undefined && t.claims.exp <= now) return `401 Unauthorized: token expired ${humanDuration(now - t.claims.exp)} ago`;
  return '401 Unauthorized (5 Identity explains)';
}

/** Whether anything in this session answered 401, and what it said. */
export function unauthorizedBy(input: Pick<IdentityInput, 'state' | 'watchUnauthorized'>): string | undefined {
  const e = input.state.review.error;
  if (e?.status === 401) return `SelfSubjectReview: ${e.message}`;
  if (input.watchUnauthorized !== undefined) return `pods watch: ${input.watchUnauthorized}`;
  return undefined;
}

export function identityLines({ state, watchUnauthorized, now, width }: IdentityInput): Line[] {
  const lines: Line[] = [{ text: 'Who the API server says you are (SelfSubjectReview)', bold: true }];
  const { review, rules } = state;
  const user = review.object?.status?.userInfo;
  if (review.error) lines.push(...wrap(`✗ ${review.error.status || 'error'}: ${sanitize(review.error.message)}`, width).map((text) => ({ text, tone: 'error' as const })));
  else if (review.object) lines.push(...whoamiLines(whoamiRows(user), width));
  else lines.push({ text: '  asking the API server…', tone: 'dim' });
  if (state.impersonate) {
    const as = [state.impersonate.user, ...state.impersonate.groups.map((g) => `group ${g}`)].filter(Boolean).join(', ');
    lines.push(...wrap(`impersonating ${sanitize(as)} (--as): the credential below is the caller's own`, width).map((text) => ({ text, tone: 'dim' as const })));
  }

  const refused = unauthorizedBy({ state, watchUnauthorized });
  if (refused) {
    lines.push({ text: '' }, { text: '401 Unauthorized: the API server did not accept the credential', bold: true, tone: 'error' });
    lines.push(...wrap(sanitize(refused), width).map((text) => ({ text, tone: 'dim' as const })));
    for (const h of unauthorizedHints(state.credential, now)) lines.push(...wrap(`• ${h.text}`, width, 2, 2).map((text) => ({ text, tone: h.tone })));
  }

  lines.push({ text: '' }, ...credentialLines(state.credential, now, width));
  if (state.authnPreview) {
    const server = review.error ? { error: `${review.error.status || 'error'}: ${review.error.message}` } : { user };
    lines.push({ text: '' }, ...authnPaneLines(state.authnPreview, server));
  }

  lines.push({ text: '' }, { text: `What you may do in namespace ${sanitize(state.rulesNamespace)} (kubectl auth can-i --list)`, bold: true });
  if (rules.error) lines.push(...wrap(`✗ ${rules.error.status || 'error'}: ${sanitize(rules.error.message)}`, width).map((text) => ({ text, tone: 'error' as const })));
  else if (!rules.object) lines.push({ text: rules.loading ? '  asking the API server…' : '  not asked yet (R refreshes)', tone: 'dim' });
  else {
    const status = rules.object.status ?? {};
    if (status.incomplete) {
      const why = status.evaluationError ? `: ${sanitize(status.evaluationError)}` : '';
      lines.push(...wrap(`⚠ the list may be incomplete (incomplete: true)${why}`, width).map((text) => ({ text, tone: 'warn' as const })));
    } else if (status.evaluationError) {
      lines.push(...wrap(`⚠ evaluation error: ${sanitize(status.evaluationError)}`, width).map((text) => ({ text, tone: 'warn' as const })));
    }
    const rows = canIRows(status);
    // kubectl's layout when it fits; narrow terminals get the verbs first rather than cut off
    const table = canILines(rows, 3, displayWidth);
    if (Math.max(...table.map((l) => displayWidth(l))) + 2 <= width) lines.push(...table.map((text, i) => ({ text: `  ${text}`, bold: i === 0 })));
    else {
      lines.push({ text: '  (narrow terminal: kubectl\'s columns regrouped, verbs first)', tone: 'dim' });
      lines.push(...canICompactLines(rows, displayWidth).map((text, i) => ({ text: `  ${text}`, bold: i === 0 })));
    }
  }
  return lines;
}

/** `kubedeck snapshot whoami`: no watch to sync, one SelfSubjectReview to wait for. */
export function whoamiSnapshot(identity: IdentityApi) {
  return {
    /** resolves to undefined once answered, or to the reason it was not */
    async load(): Promise<string | undefined> {
      await identity.whoami();
      const { review, credential } = identity.state();
      if (!review.error) return undefined;
      const hints = review.error.status === 401 ? unauthorizedHints(credential, Date.now()).map((h) => `\n  hint: ${h.text}`).join('') : '';
      return `SelfSubjectReview failed (${review.error.status || 'no answer'}): ${sanitize(review.error.message)}${hints}`;
    },
    /** table: `kubectl auth whoami`; json: the SelfSubjectReview as the server sent it */
    print(format: 'table' | 'json'): { stdout: string } {
      const review = identity.state().review.object ?? {};
      return { stdout: format === 'json' ? JSON.stringify(review, null, 4) + '\n' : whoamiTable(review.status?.userInfo) };
    },
  };
}
