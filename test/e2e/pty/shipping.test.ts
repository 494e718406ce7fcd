// What is shipped, used as a user gets it: the single executable on a machine with no
// Node (KUBEDECK_PTY_TARGET=executable), and the npm package installed by npx from its
// tarball in an empty folder.
import { afterEach, describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtCommand, endPtyApps, runBuilt, runInPty, TARGET, type PtyApp } from './harness.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

let app: PtyApp | undefined;
afterEach((ctx) => {
  app = undefined;
  endPtyApps('shipping', ctx.task.result?.state === 'fail');
});

function home() {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-ship-'));
  return { HOME: dir, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') };
}

/** runs the built kubedeck headless, as TARGET says (no node on the PATH for the executable) */
function run(args: string[]) {
  const cmd = builtCommand(args);
  const env: NodeJS.ProcessEnv = { ...process.env, ...home() };
  if (cmd.path) env.PATH = cmd.path;
  return spawnSync(cmd.file, cmd.args, { env, encoding: 'utf8', timeout: 60_000 });
}

describe(`the built kubedeck (${TARGET})`, () => {
  test('--version, --help and a snapshot of the demo cluster', () => {
    const v = run(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(version);
    expect(v.stderr).toBe('');

    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/snapshot/);

    const snap = run(['--demo', 'snapshot', 'pods', '-A']);
    expect(snap.stderr).toBe('');
    expect(snap.status).toBe(0);
    expect(snap.stdout.split('\n')[0]).toMatch(/^NAMESPACE +NAME +READY +STATUS/);
    expect(snap.stdout).toMatch(/SchedulingGated/);
  });

  test('the console against the demo cluster, then q', async () => {
    app = runBuilt(['--demo'], { env: { ...home(), CI: 'true' } });
    await app.waitFor(/SchedulingGated/, 30_000);
    expect(app.bufferType()).toBe('alternate');
    app.write('q');
    const { exitCode } = await app.exited;
    expect(exitCode).toBe(0);
    expect(app.bufferType()).toBe('normal');
  });
});

describe.runIf(TARGET === 'mjs')('the npm package', () => {
  const packed = mkdtempSync(join(tmpdir(), 'kubedeck-pack-'));
  const tgz = () => join(packed, `kubedeck-${version}.tgz`);

  test('npm pack holds the bundle, README and LICENSE, no dependencies and no install scripts', () => {
    execFileSync('npm', ['pack', join(REPO, 'dist/npm'), '--pack-destination', packed, '--silent'], { encoding: 'utf8' });
    expect(readdirSync(packed)).toEqual([`kubedeck-${version}.tgz`]);
    const files = execFileSync('tar', ['-tzf', tgz()], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(files).toEqual(['package/LICENSE', 'package/README.md', 'package/kubedeck.mjs', 'package/package.json']);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tgz(), 'package/package.json'], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.optionalDependencies).toBeUndefined();
    expect(manifest.scripts).toBeUndefined();
    expect(manifest.bin).toEqual({ kubedeck: 'kubedeck.mjs' });
    expect(manifest.engines).toEqual({ node: '>=22' });
  });

  test('npx ./kubedeck-VERSION.tgz runs snapshot and the console from an empty folder', async () => {
    // a folder holding nothing but the tarball, as a user downloads it
    const empty = mkdtempSync(join(tmpdir(), 'kubedeck-npx-'));
    const name = `kubedeck-${version}.tgz`;
    copyFileSync(tgz(), join(empty, name));
    const env = { ...process.env, ...home(), npm_config_cache: mkdtempSync(join(tmpdir(), 'kubedeck-npm-cache-')), npm_config_yes: 'true' };
    const snap = spawnSync('npx', [`./${name}`, '--demo', 'snapshot', 'pods', '-A'], { cwd: empty, env, encoding: 'utf8', timeout: 120_000 });
    expect(snap.status).toBe(0);
    expect(snap.stdout).toMatch(/SchedulingGated/);
    // nothing was installed into the folder
    expect(readdirSync(empty)).toEqual([name]);

    app = runInPty('npx', [`./${name}`, '--demo'], { cwd: empty, env: { ...env, CI: 'true' } as Record<string, string> });
    await app.waitFor(/SchedulingGated/, 60_000);
    app.write('q');
    expect((await app.exited).exitCode).toBe(0);
    expect(app.bufferType()).toBe('normal');
  });
});
