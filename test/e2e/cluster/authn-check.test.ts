// `kubedeck authn check` against the real API server: given the suite's own
// AuthenticationConfiguration (cluster.sh write_authn_config), the prediction for the
// suite's JWT user is exactly what the server reports (kubectl auth whoami is the
// oracle); a copy of that configuration with a rule the token fails names the rule.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { clusterFromEnv, startCluster, type E2ECluster } from './cluster.mjs';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const KUBECTL = process.env.KUBECTL ?? 'kubectl';

let cluster: E2ECluster;
let ownCluster = false;
let dir: string;

beforeAll(async () => {
  const fromEnv = clusterFromEnv();
  if (fromEnv) cluster = fromEnv;
  else {
    cluster = await startCluster();
    ownCluster = true;
  }
  dir = mkdtempSync(path.join(tmpdir(), 'kubedeck-authn-'));
}, 3_600_000);

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (ownCluster) await cluster.stop();
}, 120_000);

/** `kubedeck authn check` as the JWT user, from source; its exit code and JSON report */
async function authnCheck(configPath: string): Promise<{ code: number; report: any }> {
  const args = ['--import', 'tsx', 'src/main.ts', '--kubeconfig', cluster.jwtKubeconfig, 'authn', 'check', '--config', configPath, '-o', 'json'];
  try {
    const { stdout } = await exec(process.execPath, args, { cwd: root, maxBuffer: 16 << 20 });
    return { code: 0, report: JSON.parse(stdout) };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (!e.stdout) throw new Error(`authn check failed (${e.code}): ${e.stderr}`, { cause: err });
    return { code: e.code ?? -1, report: JSON.parse(e.stdout) };
  }
}

const suiteConfig = () => path.join(cluster.runDir, 'config', 'authentication.yaml');

describe('kubedeck authn check on the real API server', () => {
  it("predicts exactly the username, groups, uid and extra the server reports for the suite's JWT user", async () => {
    const { stdout } = await exec(KUBECTL, ['--kubeconfig', cluster.jwtKubeconfig, 'auth', 'whoami', '-o', 'json']);
    const server = JSON.parse(stdout).status.userInfo;
    expect(server.username).toBe(cluster.env.KUBEDECK_E2E_JWT_USERNAME);

    const { code, report } = await authnCheck(suiteConfig());
    expect(report.configError).toBe('');
    expect(report.signatureVerified).toBe(false);
    expect(report.result).toBe('accepted');
    expect(report.user).toEqual({
      username: server.username,
      uid: server.uid,
      groups: server.groups.filter((g: string) => g !== 'system:authenticated'),
      extra: server.extra,
    });
    expect(report.server.user).toEqual(server);
    expect(report.differences).toEqual([]);
    expect(code).toBe(0);
  });

  it('a configuration with a rule the token fails says which rule', async () => {
    const config = parse(readFileSync(suiteConfig(), 'utf8'));
    config.jwt[0].claimValidationRules.push({ expression: "claims.preferred_username == 'bob'", message: 'only bob may sign in' });
    const file = path.join(dir, 'failing-rule.yaml');
    writeFileSync(file, stringify(config));

    const { code, report } = await authnCheck(file);
    expect(report.configError).toBe('');
    expect(report.result).toBe('rejected');
    const failed = report.steps.filter((s: { verdict: string }) => s.verdict === 'fail');
    expect(failed).toEqual([expect.objectContaining({ what: 'claimValidationRules[1]', rule: "claims.preferred_username == 'bob'" })]);
    expect(report.error).toBe("oidc: error evaluating claim validation expression: validation expression 'claims.preferred_username == 'bob'' failed: only bob may sign in");
    // the server, running the suite's configuration, still accepts the token: a difference
    expect(report.differences).toEqual([{ field: 'result', predicted: 'rejected', server: 'accepted' }]);
    expect(code).toBe(1);
  });
});
