// Scenario 6: the built file (dist/kubedeck.mjs) in a real pseudo-terminal at 80x24
// against the real control plane with the admin kubeconfig — the same flow as the
// --demo pty test: find the gated pod, `u` removes its gates, the real scheduler
// binds it to the KWOK node and KWOK runs it, the row says Running, `q`, and the
// terminal is restored.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUILT, endPtyApps, runBuilt, type PtyApp } from '../../pty/harness.js';
import { kwokNode, pod, scenarioEnv, type ScenarioEnv } from './helpers.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

let env: ScenarioEnv;
let app: PtyApp | undefined;

beforeAll(async () => {
  // .ci/run builds before the e2e suite; run alone, build what is missing
  if (!existsSync(BUILT)) execFileSync(process.execPath, [join(REPO, 'scripts/build.mjs'), '--bundle-only'], { cwd: REPO, stdio: 'inherit' });
  env = await scenarioEnv('pty');
  await env.apply(
    pod(env, 'nightly-report', {
      schedulingGates: [{ name: 'example.com/quota' }, { name: 'example.com/approval' }],
      containers: [{ name: 'main', image: 'registry.invalid/report:1' }],
    }),
    pod(env, 'web-frontend', { containers: [{ name: 'main', image: 'registry.invalid/web:1' }] }),
  );
}, 600_000);

afterEach((ctx) => {
  app = undefined;
  endPtyApps('cluster-pty', ctx.task.result?.state === 'fail');
});

afterAll(async () => {
  await env?.teardown();
}, 120_000);

const row = (screen: string, name: string) => screen.split('\n').find((l) => l.includes(name)) ?? '';

describe('the built kubedeck in a terminal against the real control plane', () => {
  it('find the gated pod, remove its gates, see it Running on the KWOK node, quit: the terminal is restored', async () => {
    const home = join(env.dir, 'home');
    mkdirSync(home, { recursive: true });
    app = runBuilt(['--kubeconfig', env.cluster.kubeconfig, '-n', env.ns], {
      env: { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), KUBECONFIG: '' },
    });
    await app.waitFor((s) => /SchedulingGated/.test(row(s, 'nightly-report')), 30_000);
    expect(app.bufferType()).toBe('alternate');
    let lines = app.lines();
    expect(lines[0]).toMatch(/^kubedeck .*ctx admin@kubedeck-e2e/);
    expect(lines[23]!.trim()).toBe('');
    await app.waitFor((s) => /Running/.test(row(s, 'web-frontend')), 30_000);

    app.write('o'); // only gated pods
    await app.waitFor((s) => !s.includes('web-frontend') && s.includes('nightly-report'));
    app.write('/');
    await app.waitFor(/esc clear/);
    app.write('nightly');
    await app.waitFor(/\/nightly/);
    app.write('\r');
    await app.waitFor((s) => row(s, 'nightly-report') !== '');
    // the picker offers each gate, then all of them: the first gate first
    app.write('u');
    await app.waitFor(/all gates \(2\)/);
    app.write('\r');
    await app.waitFor(/dry run: would succeed/, 30_000);
    const confirm = app.screen();
    expect(confirm).toContain('application/json-patch+json');
    expect(confirm).toContain(`PATCH /api/v1/namespaces/${env.ns}/pods/nightly-report`);
    app.write('\r');
    await app.waitFor(new RegExp(`✓ ungated ${env.ns}/nightly-report`), 30_000);
    // one gate left: the pod stays gated, the scheduler leaves it alone
    await app.waitFor((s) => /SchedulingGated\s+\S+\s+approval\b/.test(row(s, 'nightly-report')), 30_000);
    // then the last one, through "all gates (1)"
    app.write('u');
    await app.waitFor(/all gates \(1\)/);
    app.write('\u001B[B'); // down
    await app.waitFor(/\(•\) all gates \(1\)/);
    app.write('\r');
    await app.waitFor(/dry run: would succeed/, 30_000);
    expect(app.screen()).toContain(`Remove all scheduling gates — ${env.ns}/nightly-report`);
    app.write('\r');
    // the dialog is gone once the request answered (a key meanwhile belongs to the dialog)
    await app.waitFor((s) => !s.includes('⏎ apply') && !s.includes('Applying'), 30_000);

    // the gated-only view loses it; show everything and watch the real scheduler and KWOK
    app.write('o');
    await app.waitFor((s) => /Running/.test(row(s, 'nightly-report')), 60_000);
    const r = row(app.screen(), 'nightly-report');
    expect(r).toMatch(/1\/1\s+Running/);
    lines = app.lines();
    expect(lines[0]).toMatch(/^kubedeck /);
    expect(lines[23]!.trim()).toBe('');

    // the oracle agrees (NODE is among the first columns dropped at 80 columns)
    const truth = await env.kubectlJson(['-n', env.ns, 'get', 'pod', 'nightly-report']);
    expect(truth.spec.nodeName).toBe(kwokNode(env));
    expect(truth.spec.schedulingGates ?? []).toEqual([]);

    app.write('q');
    const { exitCode } = await app.exited;
    expect(exitCode).toBe(0);
    expect(app.bufferType()).toBe('normal');
    expect(app.cursorHidden()).toBe(false);
    const audit = readFileSync(join(home, 'state', 'kubedeck', 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // each request has an intent line before it is sent and a result line after: the results
    const writes = audit.filter((l) => l.phase === 'result' && l.path.includes(`/namespaces/${env.ns}/pods/nightly-report`));
    expect(writes.map((l) => l.dryRun)).toEqual([true, false, true, false]);
    expect(writes[3]).toMatchObject({ verb: 'PATCH', server: env.cluster.server, user: 'kubedeck-admin', result: { ok: true } });
  });
});
