// `kubedeck authn check` from the command line: bad input gets one line and exit 2.
// (Its predictions against a real API server: test/e2e/cluster/authn-check.test.ts.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'kubedeck-authn-cli-'));
const kubedeck = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
const config = path.join(dir, 'authn.yaml');
writeFileSync(config, 'apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt: []\n');

describe('kubedeck authn check: bad input', () => {
  it('without --config: the usage line', () => {
    const r = kubedeck('authn', 'check');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: 'kubedeck: usage: kubedeck authn check --config FILE [--token-file FILE] [-o json]\n' });
  });
  it('a file that is not an AuthenticationConfiguration: one line naming it', () => {
    const bad = path.join(dir, 'cm.yaml');
    writeFileSync(bad, 'apiVersion: v1\nkind: ConfigMap\n');
    const r = kubedeck('--demo', 'authn', 'check', '--config', bad);
    expect({ status: r.status, stderr: r.stderr, stdout: r.stdout }).toEqual({ status: 2, stderr: `kubedeck: ${bad}: kind is "ConfigMap", not AuthenticationConfiguration\n`, stdout: '' });
  });
  it('a session whose bearer token is not a JWT: says to give one with --token-file', () => {
    // nothing listens on port 9: the token is refused before any request
    const r = kubedeck('--server', 'https://127.0.0.1:9', '--token', 'a-static-token', 'authn', 'check', '--config', config);
    expect({ status: r.status, stderr: r.stderr }).toEqual({
      status: 2,
      stderr: 'kubedeck: the bearer token is not a readable JWT (a JWT has three dot-separated parts; this token has 1): give the JWT with --token-file FILE\n',
    });
  });
});
