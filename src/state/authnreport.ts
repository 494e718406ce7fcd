// `kubedeck authn check` as text and JSON: the prediction of an AuthenticationConfiguration
// for a token beside what the API server returned in SelfSubjectReview, differences
// marked. Pure: (check, server answer) → lines.
import type { AuthnPreview, UserInfo } from '../k8s/identity.js';
import type { RowTone } from '../k8s/types.js';
import type { AuthnCheck } from '../cel/authn.js';
import { tabulate } from './cani.js';
import { sanitize } from './sanitize.js';

export interface ServerAnswer {
  /** status.userInfo of the SelfSubjectReview */
  user?: UserInfo;
  /** why there is none: "401 Unauthorized: ..." */
  error?: string;
}

export interface Difference {
  field: string;
  predicted: string;
  server: string;
}

const list = (v: string[] | undefined) => `[${(v ?? []).join(' ')}]`;

/** username, uid, groups and each extra key, as `kubectl auth whoami` prints them */
function rows(u: UserInfo | undefined): Map<string, string> {
  const m = new Map<string, string>();
  m.set('Username', u?.username ?? '');
  m.set('UID', u?.uid ?? '');
  m.set('Groups', list(u?.groups));
  for (const k of Object.keys(u?.extra ?? {}).sort()) m.set(`Extra: ${k}`, list(u!.extra![k]));
  return m;
}

/**
 * The fields where the prediction and the server differ. The server adds
 * system:authenticated to every authenticated user; it is not a difference.
 */
export function differences(check: AuthnCheck, server: ServerAnswer): Difference[] {
  if (check.result !== 'accepted' || server.error || !server.user) {
    const predicted = check.result === 'accepted' ? 'accepted' : check.result;
    const said = server.error ? 'rejected' : server.user ? 'accepted' : 'no answer';
    return predicted === said ? [] : [{ field: 'result', predicted, server: said }];
  }
  const serverUser = { ...server.user, groups: (server.user.groups ?? []).filter((g) => g !== 'system:authenticated') };
  const p = rows(check.user);
  const s = rows(serverUser);
  const out: Difference[] = [];
  for (const field of new Set([...p.keys(), ...s.keys()])) {
    const a = p.get(field) ?? '';
    const b = s.get(field) ?? '';
    if (a !== b) out.push({ field, predicted: a, server: b });
  }
  return out;
}

const MARK: Record<string, string> = { pass: '✓', fail: '✗', 'cannot evaluate': '?', 'not reached': '·' };

export function authnReportLines(check: AuthnCheck, server: ServerAnswer, configPath: string): string[] {
  const lines: string[] = [];
  const s = (t: string) => sanitize(t);
  lines.push(`Structured authentication preview of ${s(configPath)}`);
  lines.push('  the token is decoded locally: its signature is NOT verified; exp and nbf are checked');
  if (check.configError) lines.push('', '✗ the API server would refuse this configuration:', ...check.configError.split('\n').map((l) => `  ${s(l)}`));
  lines.push('', check.authenticator === undefined ? 'No JWT authenticator takes the token' : `JWT authenticator jwt[${check.authenticator}]`);
  for (const st of check.steps) {
    const rule = st.rule ? `  ${st.rule}` : '';
    lines.push(`  ${MARK[st.verdict]} ${s(st.what)}${s(rule)}${st.detail ? `  →  ${s(st.detail)}` : ''}`);
  }
  const verdict = check.result === 'accepted' ? 'accepted' : check.result === 'unknown' ? 'unknown: a rule cannot be evaluated here' : check.result === 'not taken' ? 'not taken by any JWT authenticator' : 'rejected';
  lines.push('', `Prediction: ${verdict}${check.error ? `: ${s(check.error)}` : ''}`);

  const diffs = differences(check, server);
  const marked = new Set(diffs.map((d) => d.field));
  lines.push('', 'Predicted beside what the API server returned (SelfSubjectReview):');
  if (check.result === 'accepted' && server.user) {
    const p = rows(check.user);
    const sv = rows({ ...server.user, groups: (server.user.groups ?? []).filter((g) => g !== 'system:authenticated') });
    const table = [['', 'ATTRIBUTE', 'PREDICTED', 'SERVER']];
    for (const field of new Set([...p.keys(), ...sv.keys()])) table.push([marked.has(field) ? '≠' : ' ', field, p.get(field) ?? '', sv.get(field) ?? '']);
    lines.push(...tabulate(table.map((r) => r.map(s)), 2, 1).map((l) => `  ${l}`));
    lines.push('  (the server also adds the group system:authenticated)');
  } else {
    lines.push(`  predicted: ${verdict}`);
    lines.push(`  server:    ${server.error ? s(server.error) : server.user ? `accepted as ${s(server.user.username ?? '')}` : 'no answer'}`);
  }
  lines.push('', diffs.length ? `≠ ${diffs.length} difference${diffs.length > 1 ? 's' : ''}: ${diffs.map((d) => s(d.field)).join(', ')}` : '= the prediction matches the server');
  return lines;
}

export function authnReportJson(check: AuthnCheck, server: ServerAnswer): Record<string, unknown> {
  return { ...check, server, differences: differences(check, server) };
}

/** The identity pane's section: the preview of identity.authenticationConfig beside the review. */
export function authnPaneLines(preview: AuthnPreview, server: ServerAnswer): { text: string; tone?: RowTone; bold?: boolean }[] {
  const title = { text: `Structured authentication preview (identity.authenticationConfig: ${sanitize(preview.path)})`, bold: true };
  if (!preview.check) return [title, { text: `  ✗ ${sanitize(preview.error ?? 'no check')}`, tone: 'error' }];
  const lines = authnReportLines(preview.check, server, preview.path).slice(1);
  return [
    title,
    ...lines.map((text) => ({
      text,
      tone: /^\s*(✗|≠)/.test(text) ? ('error' as const) : /^\s*\?/.test(text) || /NOT verified/.test(text) ? ('warn' as const) : /^\s*✓|^= /.test(text) ? ('ok' as const) : undefined,
    })),
  ];
}
