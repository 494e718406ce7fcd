// The logs pane against the demo cluster through the real session, transport and
// pods watch: a pod with an init container, a native sidecar and an app.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { render } from 'ink-testing-library';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { restartContainers } from '../../src/demo/logs.js';
import { loadKubeconfig } from '../../src/k8s/kubeconfig.js';
import { openSession, type Session } from '../../src/k8s/session.js';
import { defaultAppConfig } from '../../src/config.js';
import { App } from '../../src/views/App.js';

const POD = 'orders-5d7f9c8b6-t5wzk';
const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));
const SGR = /\x1b\[[0-9;]*m/g;

let demo: DemoCluster;
let dir: string;
const savedState = process.env.XDG_STATE_HOME;

beforeAll(async () => {
  demo = await startDemoCluster();
  dir = mkdtempSync(join(tmpdir(), 'kubedeck-logs-it-'));
  process.env.XDG_STATE_HOME = join(dir, 'state');
});
afterAll(async () => {
  process.env.XDG_STATE_HOME = savedState;
  await demo.close();
});

async function session(): Promise<Session> {
  const file = join(dir, 'kubeconfig');
  writeFileSync(file, demo.kubeconfig(), { mode: 0o600 });
  const loaded = loadKubeconfig({ kubeconfig: file, env: {} });
  return openSession({ ctx: loaded.forContext(loaded.currentContext), contexts: loaded.contexts, namespace: null, readonly: false, config: defaultAppConfig, requestTimeoutMs: 10_000 });
}

function app(s: Session) {
  const r = render(<App api={s} colors onQuit={() => {}} />);
  const frame = () => r.lastFrame() ?? '';
  const plain = () => frame().replace(SGR, '');
  const waitFor = async (pred: (f: string) => boolean, what: string, ms = 10_000) => {
    const until = Date.now() + ms;
    while (!pred(plain())) {
      if (Date.now() > until) throw new Error(`never saw ${what}:\n${plain()}`);
      await tick(25);
    }
    await tick(30);
  };
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await tick(30);
    }
  };
  /** `:` then the command, once the command line listens */
  const command = async (text: string) => {
    await press(':');
    await tick(150);
    await press(...text, '\r');
  };
  return { r, frame, plain, waitFor, press, command };
}

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
      const pod = demo.control.get('pods', 'web', POD)!;
      demo.control.patch('pods', 'web', POD, { status: restartContainers(pod, ['app']).status }, 'merge', { subresource: 'status' });
      await ui.waitFor((f) => /app +│ — container restarted \(restart \d+\) —/.test(f), 'the gap marker');
      const markerRow = ui.plain().split('\n').findIndex((l) => l.includes('container restarted'));
      await ui.waitFor((f) => f.split('\n').slice(markerRow + 1).some((l) => /app +│ level=/.test(l)) || f.split('\n').findIndex((l) => l.includes('container restarted')) < markerRow, 'app lines after the marker');

      // save: a new 0600 file, path in the footer, no escapes inside
      await ui.press('S');
      await ui.waitFor((f) => f.includes('saved '), 'the saved path');
      const logDir = join(dir, 'state', 'kubedeck', 'logs');
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
