// The logs pane against the demo cluster through the real session, transport and
// pods watch: a pod with an init container, a native sidecar and an app.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { restartContainers } from '../../src/demo/logs.js';
import type { Session } from '../../src/k8s/session.js';
import { demoKubeconfig, openKubeconfigSession } from '../support/demo-session.js';
import { renderConsole, SGR, useDemoCluster } from './harness.js';

const POD = 'orders-5d7f9c8b6-t5wzk';

const env = useDemoCluster('kubedeck-logs-it-');
const savedState = process.env.XDG_STATE_HOME;

beforeAll(() => {
  process.env.XDG_STATE_HOME = join(env.dir, 'state');
});
afterAll(() => {
  process.env.XDG_STATE_HOME = savedState;
});

const session = (): Promise<Session> => openKubeconfigSession(demoKubeconfig(env.demo, env.dir));

const app = (s: Session) => renderConsole(s, { colors: true, plain: true, timeoutMs: 10_000, pollMs: 25 });

const NASTY_TEXTS = ['colored status', 'cursor games', 'set title', 'clipboard', 'alt screen'];

describe('logs against the demo cluster', () => {
  test('sidecar and app merged with prefixes, nasty lines sanitized, a restart reconnects with a gap marker, saving', async () => {
    const s = await session();
    const ui = app(s);
    try {
      await ui.waitFor((f) => f.includes('pods ●'), 'the pods synced');
      await ui.press('/', ...'orders-5d7', '\r');
      await ui.waitFor((f) => f.includes(POD) && !f.includes('nginx'), 'the pod, filtered');
      await ui.press('l');
      await ui.waitFor((f) => f.includes('init: migrate ✓  sidecars: proxy ▶ ready  main:'), 'the lifecycle line');
      expect(ui.plain()).toContain('start migrate→proxy→app · stop app→proxy');
      await ui.waitFor((f) => /proxy +│ \[proxy\] "GET /.test(f) && /app +│ level=/.test(f), 'lines of both containers with prefixes');

      // a line full of escape sequences arrives: only colors survive, and they are closed
      await ui.waitFor((f) => NASTY_TEXTS.some((t) => f.includes(t)), 'a line with escape sequences', 15_000);
      const raw = ui.frame();
      expect(raw.replace(SGR, '')).not.toContain('\x1b');
      expect(ui.plain()).not.toMatch(/ZWNobyBwd25lZA==.*written/); // the OSC 52 payload went with its sequence

      // the kubelet restarts the app: the old stream ends, the new instance is tailed after a marker
      const pod = env.demo.control.get('pods', 'web', POD)!;
      env.demo.control.patch('pods', 'web', POD, { status: restartContainers(pod, ['app']).status }, 'merge', { subresource: 'status' });
      await ui.waitFor((f) => /app +│ — container restarted \(restart \d+\) —/.test(f), 'the gap marker');
      const markerRow = ui.plain().split('\n').findIndex((l) => l.includes('container restarted'));
      await ui.waitFor((f) => f.split('\n').slice(markerRow + 1).some((l) => /app +│ level=/.test(l)) || f.split('\n').findIndex((l) => l.includes('container restarted')) < markerRow, 'app lines after the marker');

      // save: a new 0600 file, path in the footer, no escapes inside
      await ui.press('S');
      await ui.waitFor((f) => f.includes('saved '), 'the saved path');
      const logDir = join(env.dir, 'state', 'kubedeck', 'logs');
      const [name] = readdirSync(logDir);
      expect(name).toMatch(/^web_orders-5d7f9c8b6-t5wzk_all_\d{8}T\d{6}Z\.log$/);
      expect(statSync(join(logDir, name!)).mode & 0o777).toBe(0o600);
      const text = readFileSync(join(logDir, name!), 'utf8');
      expect(text).toMatch(/\[proxy\] \[proxy\] "GET/);
      expect(text).toContain('— container restarted');
      expect(text).not.toContain('\x1b');
    } finally {
      ui.r.unmount();
      s.close();
    }
  });

  test("an unknown container or a missing previous instance shows the server's message", async () => {
    const s = await session();
    const ui = app(s);
    try {
      await ui.waitFor((f) => f.includes('pods'), 'the console');
      await ui.command(`logs web/${POD} nosuch`);
      await ui.waitFor((f) => f.includes(`container nosuch is not valid for pod ${POD}`), 'the 400 message');
      await ui.command('logs web/nginx-missing');
      await ui.waitFor((f) => f.includes('pods "nginx-missing" not found'), 'the 404 message');
      await ui.command('logs default/nginx');
      await ui.waitFor((f) => f.includes('main: nginx ▶ ready'), 'the nginx pod');
      await ui.press('P');
      await ui.waitFor((f) => f.includes('previous terminated container "nginx" in pod "nginx" not found'), 'the previous-instance message');
    } finally {
      ui.r.unmount();
      s.close();
    }
  });
});
