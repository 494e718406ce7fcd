import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, defaultAppConfig, defaultConfigPath, loadAppConfig } from '../../src/config.js';
import { parseDuration } from '../../src/duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['24h', 86_400_000],
    ['1.5h', 5_400_000],
    ['1m0.5s', 60_500],
    ['250us', 0.25],
  ])('reads %s as %d ms', (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
  });

  it.each(['', '30', 'abc', '1d', '5 s', '1h-2m', 's', '1.2.3s', '-5s'])('rejects %j', (s) => {
    expect(() => parseDuration(s)).toThrow(/invalid duration|negative/);
  });

  it('says a unit is missing for a bare number', () => {
    expect(() => parseDuration('30')).toThrow(/missing unit/);
  });
});

describe('loadAppConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubedeck-config-'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(text: string, mode = 0o600, name = 'config.yaml'): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    fs.chmodSync(file, mode);
    return file;
  }

  it('uses defaults when the default file does not exist', () => {
    expect(loadAppConfig({ env: { XDG_CONFIG_HOME: dir, HOME: dir } })).toEqual(defaultAppConfig);
  });

  it('finds the default file under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(defaultConfigPath({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/x/kubedeck/config.yaml');
    expect(defaultConfigPath({ HOME: '/h' })).toBe('/h/.config/kubedeck/config.yaml');
    fs.mkdirSync(path.join(dir, 'kubedeck'), { mode: 0o700 });
    write('ui: { gatedOnly: true }\n', 0o600, 'kubedeck/config.yaml');
    expect(loadAppConfig({ env: { XDG_CONFIG_HOME: dir } }).ui.gatedOnly).toBe(true);
  });

  it('fails when --config names a missing file', () => {
    expect(() => loadAppConfig({ path: path.join(dir, 'nope.yaml') })).toThrow(ConfigError);
  });

  it('reads every key and fills the rest with defaults', () => {
    const file = write(`
namespace: team-a
ui: { colors: false, refreshFps: 10 }
watch: { pageSize: 100 }
requestTimeout: 1m
audit: { file: /var/log/kd.log }
volumes:
  releasedThreshold: 1h30m
  hooks: { backup: ["/usr/local/bin/backup", "--pv"] }
logs: { colors: strip }
`);
    const c = loadAppConfig({ path: file });
    expect(c).toEqual({
      ...defaultAppConfig,
      namespace: 'team-a',
      ui: { colors: false, gatedOnly: false, refreshFps: 10 },
      watch: { pageSize: 100, timeoutSeconds: 300, watchList: true },
      requestTimeout: 60_000,
      audit: { file: '/var/log/kd.log' },
      volumes: {
        releasedThreshold: 5_400_000,
        customFinalizer: 'example.com/custom-cleanup',
        hooks: { backup: ['/usr/local/bin/backup', '--pv'], cleanup: [] },
      },
      logs: { bufferLines: 10_000, colors: 'strip' },
    });
    expect(defaultAppConfig.watch.pageSize).toBe(500); // defaults untouched
  });

  it.each([
    ['ui: { colour: true }', /unknown key "ui.colour"/],
    ['refresh: 1', /unknown key "refresh"/],
    ['ui: { colors: "yes" }', /"ui.colors" must be true or false/],
    ['watch: { pageSize: 0 }', /"watch.pageSize" must be an integer/],
    ['watch: { pageSize: 2.5 }', /"watch.pageSize" must be an integer/],
    ['requestTimeout: 30', /"requestTimeout" must be a duration/],
    ['requestTimeout: soon', /"requestTimeout" must be a duration/],
    ['logs: { colors: rainbow }', /"logs.colors" must be one of keep, strip/],
    ['volumes: { hooks: { backup: "rm -rf /" } }', /"volumes.hooks.backup" must be a list of strings/],
    ['volumes: { hooks: { cleanup: [1, 2] } }', /"volumes.hooks.cleanup" must be a list of strings/],
    ['ui: true', /"ui" must be a mapping/],
    ['- a\n- b', /top level/],
    ['ui: { colors: true\n', /invalid YAML/],
    ['namespace: a\nnamespace: b', /invalid YAML/],
  ])('rejects %j', (text, message) => {
    const file = write(text);
    expect(() => loadAppConfig({ path: file })).toThrow(message);
    expect(() => loadAppConfig({ path: file })).toThrow(file);
  });

  it.each([0o666, 0o620, 0o602])('refuses a file with mode %o that others can write', (mode) => {
    const file = write('namespace: a\n', mode);
    expect(() => loadAppConfig({ path: file })).toThrow(/refusing config file .* writable by/);
  });

  it('refuses a file in a directory that others can write', () => {
    const sub = path.join(dir, 'shared');
    fs.mkdirSync(sub);
    fs.chmodSync(sub, 0o777);
    const file = write('namespace: a\n', 0o600, 'shared/config.yaml');
    expect(() => loadAppConfig({ path: file })).toThrow(/refusing config directory/);
  });

  it('refuses a file owned by another user', () => {
    const file = write('namespace: a\n');
    const uid = process.getuid!();
    if (uid === 0) fs.chownSync(file, 12345, 12345);
    else vi.spyOn(process, 'getuid').mockReturnValue(uid + 1);
    expect(() => loadAppConfig({ path: file })).toThrow(/owned by uid .* not by you/);
  });
});
