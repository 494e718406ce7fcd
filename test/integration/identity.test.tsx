// The identity pane against the demo cluster through the real session and transport:
// admin and viewer see different identities and rules, `snapshot whoami` prints what
// kubectl would, and refused credentials (at startup, or from an exec plugin whose
// token goes bad mid-session) are explained from the token's claims.
import { describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Session } from '../../src/k8s/session.js';
import { ApiError } from '../../src/k8s/types.js';
import { paneSnapshot } from '../../src/panes.js';
import { openKubeconfigSession, type DemoUser } from '../support/demo-session.js';
import { renderConsole, useDemoCluster } from './harness.js';

const seg = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const nowS = () => Math.floor(Date.now() / 1000);

const env = useDemoCluster('kubedeck-identity-');

/** the demo's kubeconfig for user, with its user entry replaced when given */
function kubeconfig(name: string, user: DemoUser, replace?: Record<string, unknown>): string {
  const doc = parse(env.demo.kubeconfig(user));
  if (replace) doc.users[0].user = replace;
  const file = join(env.dir, name);
  writeFileSync(file, stringify(doc), { mode: 0o600 });
  return file;
}

const open = (file: string, namespace: string | null = null): Promise<Session> => openKubeconfigSession(file, { namespace });

function app(s: Session) {
  const { r, frame, resize, waitForText: waitFor } = renderConsole(s, { pane: 'identity' });
  return { r, frame, resize, waitFor };
}

describe('identity pane against the demo cluster', () => {
  test('admin and viewer: different users, groups, claims and rules', async () => {
    const admin = await open(kubeconfig('admin', 'demo-admin'));
    const a = app(admin);
    try {
      await a.waitFor(/Username\s+demo-admin/);
      const f = a.frame();
      expect(f.split('\n')[0]).toContain('demo-admin'); // the header
      expect(f).toMatch(/Username\s+demo-admin/);
      expect(f).toMatch(/Groups\s+\[system:masters system:authenticated\]/);
      expect(f).toMatch(/Extra: authentication\.kubernetes\.io\/credential-id\s+\[JTI=/);
      expect(f).toContain('signature is NOT verified');
      expect(f).toMatch(/Issuer\s+https:\/\/issuer\.kubedeck\.demo/);
      expect(f).toMatch(/Expires\s+\S+Z\s+\(3h 5\dm \d\ds left\)/);
      expect(f).toContain('rules for ns default'); // all namespaces: rules asked for "default"
      // the can-i list is further down: once the rules review answered, scroll to it
      await a.waitFor(/answered \d+s ago/);
      a.r.stdin.write('G');
      await a.waitFor(/\*\.\*\s+\[\]\s+\[\]\s+\[\*\]/);
      expect(a.frame()).toMatch(/\s{10,}\[\*\]\s+\[\]\s+\[\*\]/);
    } finally {
      a.r.unmount();
      admin.close();
    }

    const viewer = await open(kubeconfig('viewer', 'demo-viewer'), 'web');
    const v = app(viewer);
    try {
      // wide enough for kubectl's own layout of the viewer's rules
      v.resize(140);
      await v.waitFor(/Username\s+demo-viewer/);
      const f = v.frame();
      expect(f).toMatch(/Username\s+demo-viewer/);
      expect(f).toMatch(/Groups\s+\[demo:viewers system:authenticated\]/);
      expect(f).toMatch(/Subject\s+demo-viewer/);
      expect(f).toContain('rules for ns web');
      await v.waitFor(/answered \d+s ago/);
      v.r.stdin.write('G');
      await v.waitFor(/pods\s+\[\]\s+\[\]\s+\[get list watch\]/);
      expect(v.frame()).toMatch(/events\.events\.k8s\.io\s+\[\]\s+\[\]\s+\[get list watch\]/);
      expect(v.frame()).not.toContain('*.*');
    } finally {
      v.r.unmount();
      viewer.close();
    }
    // the rules review asked about the session's namespace
    const asked = env.demo.control.requests.filter((r) => r.path.endsWith('/selfsubjectrulesreviews') && r.user === 'demo-viewer');
    expect(asked.at(-1)?.body).toMatchObject({ kind: 'SelfSubjectRulesReview', spec: { namespace: 'web' } });
  });

  test('snapshot whoami prints kubectl auth whoami, or the SelfSubjectReview as JSON', async () => {
    const s = await open(kubeconfig('snap', 'demo-viewer'), 'web');
    try {
      const snap = paneSnapshot(s, 'whoami');
      expect(await snap.load!()).toBeUndefined();
      const table = snap.print('table', Date.now()).stdout.split('\n');
      expect(table[0]).toBe('ATTRIBUTE                                           VALUE');
      expect(table[1]).toBe('Username                                            demo-viewer');
      expect(table[2]).toMatch(/^UID {49}[0-9a-f-]{36}$/);
      expect(table[3]).toBe('Groups                                              [demo:viewers system:authenticated]');
      expect(table[4]).toMatch(/^Extra: authentication\.kubernetes\.io\/credential-id {3}\[JTI=[0-9a-f-]{36}\]$/);
      const json = JSON.parse(snap.print('json', Date.now()).stdout);
      expect(json).toMatchObject({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', status: { userInfo: { username: 'demo-viewer' } } });
    } finally {
      s.close();
    }
  });

  test('a refused token at startup is explained from its claims', async () => {
    const forged = `${seg({ alg: 'RS256', typ: 'JWT' })}.${seg({ iss: 'https://issuer.kubedeck.demo/', sub: 'mallory', aud: 'kubernetes', exp: nowS() - 600 })}.AAAA`;
    const err = await open(kubeconfig('forged', 'demo-admin', { token: forged })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    const message = (err as ApiError).message;
    expect(message).toContain('401 Unauthorized');
    expect(message).toMatch(/hint: expired: the token expired 10m ago/);
    expect(message).toMatch(/hint: issuer: the token's iss is "https:\/\/issuer\.kubedeck\.demo\/".*this one ends with "\/"/);
    expect(message).toMatch(/hint: audience: the token's aud is \["kubernetes"\] \(a single string\)/);
    expect(message).not.toContain(forged);

    const opaque = await open(kubeconfig('opaque', 'demo-admin', { token: 'not-a-jwt' })).catch((e: unknown) => e);
    expect((opaque as Error).message).toMatch(/hint: the token is not a JWT/);
  });

  test('an exec plugin whose token goes bad mid-session: R shows the 401, explained, and the header says so', async () => {
    const good = parse(env.demo.kubeconfig('demo-admin')).users[0].user.token as string;
    const credFile = join(env.dir, 'credential.json');
    const issue = (token: string) =>
      writeFileSync(credFile, JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } }));
    issue(good);
    const file = kubeconfig('exec', 'demo-admin', {
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/bin/sh', args: ['-c', `cat '${credFile}'`], interactiveMode: 'Never' },
    });
    const s = await open(file, 'default');
    const ui = app(s);
    try {
      await ui.waitFor(/Username\s+demo-admin/);
      expect(ui.frame()).toContain('Credential: exec plugin sh');
      expect(ui.frame()).toMatch(/Issuer\s+https:\/\/issuer\.kubedeck\.demo/);

      // the plugin now hands out an expired token the server refuses
      issue(`${seg({ alg: 'RS256' })}.${seg({ iss: 'https://issuer.kubedeck.demo', sub: 'demo-admin', aud: ['kubernetes'], exp: nowS() - 300 })}.AAAA`);
      ui.r.stdin.write('R');
      await ui.waitFor('401 Unauthorized: the API server did not accept the credential');
      // exp is whole seconds 5 minutes ago; a slow machine may show a few seconds more
      await ui.waitFor(/• expired: the token expired 5m(\d+s)? ago/);
      expect(ui.frame().split('\n')[0]).toMatch(/✗ 401 Unauthorized: token expired 5m(\d+s)? ago/);
    } finally {
      ui.r.unmount();
      s.close();
    }
  });
});
