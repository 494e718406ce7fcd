// The identity pane as a user sees it: who the server says you are, the token's
// claims with a live countdown, the can-i list, 401 explanations and R to refresh.
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { FakeConsoleApi } from './fake-api.js';
import { renderApp, tick } from './render.js';
import { decodeToken } from '../../src/state/jwt.js';
import { App } from '../../src/views/App.js';
import type { IdentityState } from '../../src/k8s/identity.js';

const seg = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${seg({ alg: 'RS256', kid: 'k1' })}.${seg(claims)}.c2ln`;
const nowS = () => Math.floor(Date.now() / 1000);

function answered(expInS: number, extra: Partial<IdentityState> = {}): Partial<IdentityState> {
  return {
    review: { loading: false, at: Date.now(), object: { status: { userInfo: { username: 'alice@corp.example', uid: 'u-42', groups: ['sre', 'system:authenticated'] } } } },
    rules: {
      loading: false,
      at: Date.now(),
      object: { status: { resourceRules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] }], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }], incomplete: false } },
    },
    credential: { source: 'exec plugin kubelogin', token: decodeToken(jwt({ iss: 'https://login.corp.example', sub: 'alice', aud: ['kubernetes'], iat: nowS() - 60, exp: nowS() + expInS })) },
    ...extra,
  };
}

function apiWith(state: Partial<IdentityState>): FakeConsoleApi {
  const api = new FakeConsoleApi();
  api.identity.next = state;
  return api;
}

describe('identity pane', () => {
  it('asks on first visit and shows identity, decoded claims and the can-i list', async () => {
    const app = await renderApp({ api: apiWith(answered(3 * 3600)), pane: 'identity' });
    await app.waitFor('alice@corp.example');
    expect(app.api.identity.refreshes).toBe(1);
    const f = app.frame();
    expect(f).toContain('[5 Identity]');
    expect(f).toMatch(/UID\s+u-42/);
    expect(f).toMatch(/Groups\s+\[sre system:authenticated\]/);
    expect(f).toContain('Credential: exec plugin kubelogin');
    expect(f).toContain('signature is NOT verified');
    expect(f).toMatch(/Issuer\s+https:\/\/login\.corp\.example/);
    expect(f).toMatch(/Expires\s+\S+Z\s+\(2h 59m \d\ds left\)/);
    expect(f).toContain('rules for ns default');
    expect(f).toMatch(/Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs/);
    expect(f).toMatch(/pods\s+\[\]\s+\[\]\s+\[get list watch\]/);
    expect(f).toMatch(/\s+\[\/healthz\]\s+\[\]\s+\[get\]/);
    expect(f).toContain('R refresh');
    app.unmount();
  });

  it('counts the token down live, warns under five minutes and marks it expired', async () => {
    const app = await renderApp({ api: apiWith(answered(4 * 60 + 3)), pane: 'identity' });
    await app.waitFor('expires soon');
    const first = /\((\d+m \d\ds) left, expires soon\)/.exec(app.frame())?.[1];
    await tick(2100);
    const later = /\((\d+m \d\ds) left, expires soon\)/.exec(app.frame())?.[1];
    expect(first).toBeDefined();
    expect(later).not.toBe(first);
    app.api.identity.set(answered(-125));
    await app.waitFor('expired 2m');
    app.unmount();
  });

  it('explains a 401 with the token\'s claims, and the header says so', async () => {
    const state = answered(-600, { review: { loading: false, at: Date.now(), error: { status: 401, message: 'Unauthorized' } } });
    const app = await renderApp({ api: apiWith(state), pane: 'identity' });
    await app.waitFor('401 Unauthorized: the API server did not accept');
    const f = app.frame();
    expect(f.split('\n')[0]).toContain('✗ 401 Unauthorized: token expired 10m ago');
    expect(f).toContain('• expired: the token expired 10m ago');
    app.unmount();
  });

  it('explains a watch that answers 401 even when the review did not run into it', async () => {
    const app = await renderApp({ api: apiWith(answered(3600)), pane: 'identity' });
    await app.waitFor('alice@corp.example');
    app.api.pods.set([], { state: 'unauthorized', message: 'Unauthorized' });
    await app.waitFor('pods watch: Unauthorized');
    expect(app.frame()).toContain('• issuer:');
    app.unmount();
  });

  it('R asks again; scrolling reaches the end of a long list within the frame', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ verbs: ['get'], apiGroups: [''], resources: [`res${String(i).padStart(2, '0')}`] }));
    const state = answered(3600);
    state.rules = { loading: false, at: Date.now(), object: { status: { resourceRules: many } } };
    const app = await renderApp({ api: apiWith(state), pane: 'identity' });
    await app.waitFor('alice@corp.example');
    expect(app.frame()).toMatch(/↓ \d+ more/);
    expect(app.frame()).not.toContain('res39');
    await app.press('G');
    expect(app.frame()).toContain('res39');
    expect(app.frame()).toMatch(/↑ \d+ above/);
    await app.press('R');
    expect(app.api.identity.refreshes).toBe(2);
    await app.waitFor('identity refreshed');
    app.unmount();
  });

  it('lists R in ? help under Identity', async () => {
    const app = await renderApp({ api: apiWith(answered(3600)), pane: 'identity' });
    await app.press('?');
    await app.waitFor('Keys');
    // the help may span pages: look through them
    let seen = app.frame();
    for (let page = 0; page < 4 && !/R\s+ask again: who am I, what may I do/.test(seen); page++) {
      await app.press('j');
      seen += app.frame();
    }
    expect(seen).toMatch(/R\s+ask again: who am I, what may I do/);
    expect(seen).toMatch(/^\s*Identity\s*$|\s{2,}Identity\s*$/m);
    app.unmount();
  });

  it('fits 80x24: the frame has at most 23 lines, none wider than 80', async () => {
    const app = await renderApp({ api: apiWith(answered(3600, {})), pane: 'identity' });
    Object.defineProperty(app.stdout, 'columns', { value: 80, configurable: true });
    Object.defineProperty(app.stdout, 'rows', { value: 24, configurable: true });
    app.stdout.emit('resize');
    await app.waitFor('alice@corp.example');
    const lines = app.frame().split('\n');
    expect(app.frame()).toMatch(/\[get list watch\]/);
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    app.unmount();
  });

  it('sanitizes what the token and the server said', async () => {
    const state = answered(3600);
    state.review = { loading: false, at: Date.now(), object: { status: { userInfo: { username: 'eve\x1b]0;pwned\x07', groups: ['g\x1b[31mred'] } } } };
    state.credential = { source: 'bearer token', token: decodeToken(jwt({ iss: 'https://x\x1b[2J', sub: 's\x9b1m', exp: nowS() + 3600 })) };
    const r = render(<App api={apiWith(state)} initialPane="identity" colors={false} onQuit={() => {}} />);
    await tick(100);
    const f = r.lastFrame() ?? '';
    expect(f).toContain('eve');
    expect(f).toContain('https://x');
    expect(f).not.toMatch(/[\x1b\x07\x9b]/);
    r.unmount();
  });
});
