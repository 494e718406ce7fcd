// Scenario: the interactive generic pane (pane 6, `:deploy`) of the built file in a real
// pseudo-terminal against the real control plane shows the rows and columns
// `kubectl get deployments` prints, and after `o` those of `-o wide`. Time cells (AGE)
// may cross a second between the two reads, so they are compared normalised.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUILT, endPtyApps, runBuilt, type PtyApp } from '../../pty/harness.js';
import { scenarioEnv, type ScenarioEnv } from './helpers.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const COLS = 200;

let env: ScenarioEnv;
let app: PtyApp | undefined;

const deployment = (ns: string, name: string, containers: { name: string; image: string }[]) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers } } },
});

beforeAll(async () => {
  // .ci/run builds before the e2e suite; run alone, build what is missing
  if (!existsSync(BUILT)) execFileSync(process.execPath, [join(REPO, 'scripts/build.mjs'), '--bundle-only'], { cwd: REPO, stdio: 'inherit' });
  env = await scenarioEnv('respty');
  await env.apply(
    deployment(env.ns, 'pane-web', [
      { name: 'web', image: 'registry.k8s.io/pause:3.10' },
      { name: 'log', image: 'busybox:1.37' },
    ]),
    deployment(env.ns, 'pane-api', [{ name: 'api', image: 'registry.k8s.io/pause:3.10' }]),
  );
}, 600_000);

afterEach((ctx) => {
  app = undefined;
  endPtyApps('resources-pty', ctx.task.result?.state === 'fail');
});

afterAll(async () => {
  await env?.teardown();
}, 120_000);

const TIME = /^(<invalid>|\d+[smhdy](\d+[smhdy])?)$/;
const norm = (c: string) => (TIME.test(c) ? '<time>' : c);
/** kubectl's lines, split on its 3-space padding; the header and the rows sorted by name */
const kubectlCells = (text: string) => {
  const [header, ...rows] = text.trimEnd().split('\n').map((l) => l.trim().split(/ {3,}/).map(norm));
  return { header, rows: rows.sort((a, b) => a[0]!.localeCompare(b[0]!)) };
};
/** the pane's header and rows as the screen shows them (2-space gaps, a cursor mark, a sort arrow) */
const paneCells = (screen: string) => {
  const lines = screen.split('\n');
  const at = lines.findIndex((l) => /\bNAME\b/.test(l) && /\bREADY\b/.test(l));
  const split = (l: string) => l.replace(/^[\s›>▶●*]+/, '').trim().split(/ {2,}/).map((c) => norm(c.replace(/[▲▼]$/, '')));
  const header = split(lines[at] ?? '');
  const body = lines.slice(at + 1);
  const end = body.findIndex((l) => l.trim() === '');
  const rows = (end < 0 ? body : body.slice(0, end))
    .filter((l) => /pane-(web|api)/.test(l))
    .map(split)
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
  return { header, rows };
};

describe('the generic pane in a terminal against the real control plane', () => {
  it(':deploy shows what kubectl get deployments shows, and o what -o wide shows', async () => {
    const home = join(env.dir, 'home');
    mkdirSync(home, { recursive: true });
    app = runBuilt(['--kubeconfig', env.cluster.kubeconfig, '-n', env.ns], {
      cols: COLS,
      env: { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), KUBECONFIG: '' },
    });
    await app.waitFor(/\[1 Pods\]/, 30_000);
    app.write(':deploy\r');
    await app.waitFor((s) => s.includes('[6 Resources]') && s.includes('pane-web') && s.includes('pane-api'), 30_000);

    const plain = kubectlCells(await env.kubectl(['-n', env.ns, 'get', 'deployments']));
    expect(plain.header).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    const screen = app.screen();
    const shown = paneCells(screen);
    expect(shown.header, screen).toEqual(plain.header);
    expect(shown.rows, screen).toEqual(plain.rows);

    app.write('o');
    await app.waitFor(/\bIMAGES\b/, 10_000);
    const wide = kubectlCells(await env.kubectl(['-n', env.ns, 'get', 'deployments', '-o', 'wide']));
    expect(wide.header).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    const wideScreen = app.screen();
    const shownWide = paneCells(wideScreen);
    expect(shownWide.header, wideScreen).toEqual(wide.header);
    expect(shownWide.rows, wideScreen).toEqual(wide.rows);
    expect(shownWide.rows.find((r) => r[0] === 'pane-web')).toContain('registry.k8s.io/pause:3.10,busybox:1.37');

    app.write('q');
    const { exitCode } = await app.exited;
    expect(exitCode).toBe(0);
  });
});
