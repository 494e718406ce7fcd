import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { KubeconfigError, loadKubeconfig, type ContextConfig } from '../../src/k8s/kubeconfig.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubedeck-kc-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Doc {
  clusters?: [string, Record<string, unknown>][];
  users?: [string, Record<string, unknown>][];
  contexts?: [string, Record<string, unknown>][];
  current?: string;
}

function kubeconfig(rel: string, d: Doc): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: (d.clusters ?? []).map(([name, cluster]) => ({ name, cluster })),
    users: (d.users ?? []).map(([name, user]) => ({ name, user })),
    contexts: (d.contexts ?? []).map(([name, context]) => ({ name, context })),
    'current-context': d.current ?? '',
  };
  fs.writeFileSync(file, stringify(doc));
  return file;
}

/** The headers and TLS options client-node would put on a request for this context. */
async function requestFor(c: ContextConfig) {
  const opts: { headers?: Record<string, string>; ca?: Buffer; rejectUnauthorized?: boolean } = {};
  await c.kc.applyToHTTPSOptions(opts as never);
  return opts;
}

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ HOME: path.join(dir, 'home'), ...extra });

describe('KUBECONFIG merging (kubectl rules)', () => {
  function twoFiles() {
    const a = kubeconfig('a/config', {
      clusters: [['shared', { server: 'https://a.example:6443' }]],
      users: [['alice', { token: 'token-a' }]],
      contexts: [['ctx-a', { cluster: 'shared', user: 'alice', namespace: 'team-a' }]],
      current: 'ctx-a',
    });
    const b = kubeconfig('b/config', {
      clusters: [
        ['shared', { server: 'https://b.example:6443' }],
        ['only-b', { server: 'https://only-b.example' }],
      ],
      users: [['alice', { token: 'token-b' }], ['bob', { token: 'token-bob' }]],
      contexts: [
        ['ctx-a', { cluster: 'only-b', user: 'bob' }],
        ['ctx-b', { cluster: 'shared', user: 'bob' }],
      ],
      current: 'ctx-b',
    });
    return { a, b };
  }

  it('lets the first file win names and current-context, skipping missing files', async () => {
    const { a, b } = twoFiles();
    const missing = path.join(dir, 'missing/config');
    const k = loadKubeconfig({ env: env({ KUBECONFIG: [missing, a, b].join(path.delimiter) }) });
    expect(k.contexts).toEqual(['ctx-a', 'ctx-b']);
    expect(k.currentContext).toBe('ctx-a');
    expect(k.source).toContain(a);
    expect(k.source).toContain(`missing, skipped: ${missing}`);
    const ctxA = k.forContext('ctx-a');
    expect(ctxA.server).toBe('https://a.example:6443');
    expect(ctxA.namespace).toBe('team-a');
    expect(ctxA.user).toBe('alice');
    expect(ctxA.bearerToken).toBe('token-a');
    // ctx-b comes from file b but its cluster name "shared" resolves to file a's cluster
    const ctxB = k.forContext('ctx-b');
    expect(ctxB.server).toBe('https://a.example:6443');
    expect(ctxB.namespace).toBe('default');
    expect((await requestFor(ctxB)).headers?.Authorization).toBe('Bearer token-bob');
  });

  it('takes current-context from a later file when earlier ones leave it empty', () => {
    const { a, b } = twoFiles();
    const empty = kubeconfig('c/config', { clusters: [['x', { server: 'https://x' }]] });
    expect(loadKubeconfig({ env: env({ KUBECONFIG: [empty, b, a].join(path.delimiter) }) }).currentContext).toBe('ctx-b');
  });

  it('uses only the --kubeconfig file and fails when it is missing', () => {
    const { a, b } = twoFiles();
    const k = loadKubeconfig({ kubeconfig: b, env: env({ KUBECONFIG: a }) });
    expect(k.currentContext).toBe('ctx-b');
    expect(k.forContext('ctx-a').server).toBe('https://only-b.example');
    expect(() => loadKubeconfig({ kubeconfig: path.join(dir, 'nope'), env: env({ KUBECONFIG: a }) })).toThrow(
      /--kubeconfig .*nope: no such file/,
    );
  });

  it('reads ~/.kube/config when KUBECONFIG is unset', () => {
    kubeconfig('home/.kube/config', {
      clusters: [['c', { server: 'https://home.example' }]],
      contexts: [['home', { cluster: 'c' }]],
      current: 'home',
    });
    const k = loadKubeconfig({ env: env() });
    expect(k.forContext('home').server).toBe('https://home.example');
    expect(k.source).toBe(path.join(dir, 'home/.kube/config'));
  });
});

describe('paths inside a kubeconfig', () => {
  it('resolve against the directory of the file that defined them', () => {
    const first = kubeconfig('first/config', { current: 'ctx' });
    fs.mkdirSync(path.join(dir, 'second/certs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'second/certs/ca.crt'), 'not-a-real-ca');
    fs.writeFileSync(path.join(dir, 'second/token'), 'file-token\n');
    const second = kubeconfig('second/config', {
      clusters: [['c', { server: 'https://s.example', 'certificate-authority': 'certs/ca.crt' }]],
      users: [
        ['u', { 'client-certificate': 'certs/u.crt', 'client-key': '/abs/u.key', 'token-file': 'token' }],
        ['e', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/helper', args: ['x'] } }],
        ['p', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws', args: ['eks', 'get-token'] } }],
      ],
      contexts: [
        ['ctx', { cluster: 'c', user: 'u' }],
        ['exec', { cluster: 'c', user: 'e' }],
        ['path', { cluster: 'c', user: 'p' }],
      ],
    });
    const k = loadKubeconfig({ env: env({ KUBECONFIG: `${first}${path.delimiter}${second}` }) });
    const c = k.forContext('ctx');
    expect(c.kc.getCurrentCluster()?.caFile).toBe(path.join(dir, 'second/certs/ca.crt'));
    expect(c.kc.getCurrentUser()?.certFile).toBe(path.join(dir, 'second/certs/u.crt'));
    expect(c.kc.getCurrentUser()?.keyFile).toBe('/abs/u.key');
    expect(c.bearerToken).toBe('file-token');
    expect(k.forContext('exec').kc.getCurrentUser()?.exec.command).toBe(path.join(dir, 'second/bin/helper'));
    expect(k.forContext('path').kc.getCurrentUser()?.exec.command).toBe('aws');
  });
});

describe('errors in plain words', () => {
  const base: Doc = {
    clusters: [['c', { server: 'https://c.example' }]],
    users: [['u', { token: 't' }]],
    contexts: [
      ['prod', { cluster: 'c', user: 'u' }],
      ['staging', { cluster: 'c', user: 'u' }],
      ['no-cluster', { cluster: 'gone', user: 'u' }],
      ['no-user', { cluster: 'c', user: 'ghost' }],
    ],
    current: 'prod',
  };

  it('lists the known contexts for an unknown --context', () => {
    const f = kubeconfig('config', base);
    expect(() => loadKubeconfig({ kubeconfig: f, context: 'prdo', env: env() })).toThrow(
      /--context prdo: no such context .*known contexts: prod, staging, no-cluster, no-user/,
    );
  });

  it('says so when current-context is unset or unknown', () => {
    expect(() => loadKubeconfig({ kubeconfig: kubeconfig('a', { ...base, current: '' }), env: env() })).toThrow(
      /no current-context is set .*--context NAME/,
    );
    expect(() => loadKubeconfig({ kubeconfig: kubeconfig('b', { ...base, current: 'old' }), env: env() })).toThrow(
      /current-context "old" is not defined/,
    );
  });

  it('names the missing cluster or user of a context', () => {
    const f = kubeconfig('config', base);
    expect(() => loadKubeconfig({ kubeconfig: f, context: 'no-cluster', env: env() })).toThrow(
      /context "no-cluster" .* uses cluster "gone", which no kubeconfig file defines/,
    );
    const k = loadKubeconfig({ kubeconfig: f, env: env() });
    expect(() => k.forContext('no-user')).toThrow(/uses user "ghost", which no kubeconfig file defines/);
    expect(() => k.forContext('nope')).toThrow(KubeconfigError);
  });

  it('names the file and the YAML problem for a malformed file', () => {
    const good = kubeconfig('good', base);
    const bad = path.join(dir, 'bad');
    fs.writeFileSync(bad, 'clusters:\n  - name: x\n   cluster: {server: "https://x"\n');
    expect(() => loadKubeconfig({ env: env({ KUBECONFIG: `${good}${path.delimiter}${bad}` }) })).toThrow(
      new RegExp(`kubeconfig ${bad} is not valid YAML: \\S`),
    );
  });

  it('says where it looked when there is no configuration, and never falls back to localhost', () => {
    const e = env({ KUBERNETES_SERVICE_HOST: undefined });
    let message = '';
    try {
      loadKubeconfig({ env: e });
    } catch (err) {
      expect(err).toBeInstanceOf(KubeconfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('no Kubernetes configuration found');
    expect(message).toContain(path.join(dir, 'home/.kube/config'));
    expect(message).toContain('in-cluster service account (KUBERNETES_SERVICE_HOST/PORT not set)');
    expect(message).not.toContain('localhost');
    const listed = [path.join(dir, 'x'), path.join(dir, 'y')].join(path.delimiter);
    expect(() => loadKubeconfig({ env: env({ KUBECONFIG: listed }) })).toThrow(`KUBECONFIG=${listed} (no such files)`);
  });
});

describe('TLS warnings', () => {
  it('never lets TLS verification be off silently', () => {
    const f = kubeconfig('config', {
      clusters: [
        ['lab', { server: 'https://lab.example', 'insecure-skip-tls-verify': true }],
        ['prod', { server: 'https://prod.example' }],
      ],
      contexts: [
        ['lab', { cluster: 'lab' }],
        ['prod', { cluster: 'prod' }],
      ],
      current: 'lab',
    });
    const k = loadKubeconfig({ kubeconfig: f, env: env() });
    expect(k.forContext('lab').tlsWarnings).toEqual(['TLS verification is off for cluster lab (insecure-skip-tls-verify)']);
    expect(k.forContext('prod').tlsWarnings).toEqual([]);
    const k2 = loadKubeconfig({ kubeconfig: f, env: env({ NODE_TLS_REJECT_UNAUTHORIZED: '0' }) });
    expect(k2.forContext('prod').tlsWarnings).toEqual(['TLS verification is off for this process (NODE_TLS_REJECT_UNAUTHORIZED=0)']);
  });
});

describe('one context, one set of credentials', () => {
  function twoClusters() {
    return kubeconfig('config', {
      clusters: [
        ['prod', { server: 'https://prod.example:6443' }],
        ['dev', { server: 'https://dev.example:6443' }],
      ],
      users: [
        ['prod-admin', { token: 'PROD-SECRET' }],
        ['dev-user', { token: 'DEV-SECRET' }],
      ],
      contexts: [
        ['prod', { cluster: 'prod', user: 'prod-admin' }],
        ['dev', { cluster: 'dev', user: 'dev-user' }],
      ],
      current: 'dev',
    });
  }

  it("gives each context a KubeConfig that holds only its own server and credentials", async () => {
    const k = loadKubeconfig({ kubeconfig: twoClusters(), env: env() });
    const dev = k.forContext('dev');
    const prod = k.forContext('prod');
    expect(dev.kc.getClusters().map((c) => c.server)).toEqual(['https://dev.example:6443']);
    expect(dev.kc.getUsers().map((u) => u.name)).toEqual(['dev-user']);
    expect(dev.kc.getContexts().map((c) => c.name)).toEqual(['dev']);
    expect(dev.kc.exportConfig()).not.toContain('PROD-SECRET');
    expect(prod.kc.exportConfig()).not.toContain('DEV-SECRET');
    expect((await requestFor(dev)).headers?.Authorization).toBe('Bearer DEV-SECRET');
    expect((await requestFor(prod)).headers?.Authorization).toBe('Bearer PROD-SECRET');
    // switching to prod afterwards changes nothing for an existing dev client
    expect(dev.kc.getCurrentContext()).toBe('dev');
    expect((await requestFor(dev)).headers?.Authorization).toBe('Bearer DEV-SECRET');
    expect(k.forContext('dev')).toBe(dev);
  });

  it('applies server and credential flags to the starting context only, impersonation to all', async () => {
    const caFile = path.join(dir, 'flag-ca.crt');
    fs.writeFileSync(caFile, 'ca');
    const k = loadKubeconfig({
      kubeconfig: twoClusters(),
      context: 'prod',
      namespace: 'kube-system',
      server: 'https://tunnel.local:8443',
      certificateAuthority: caFile,
      token: 'FLAG-TOKEN',
      as: 'jane',
      asGroups: ['viewers', 'oncall'],
      env: env(),
    });
    const prod = k.forContext('prod');
    expect(k.currentContext).toBe('prod');
    expect(prod.server).toBe('https://tunnel.local:8443');
    expect(prod.namespace).toBe('kube-system');
    expect(prod.bearerToken).toBe('FLAG-TOKEN');
    expect(prod.kc.getCurrentCluster()?.caFile).toBe(caFile);
    expect(prod.impersonate).toEqual({ user: 'jane', groups: ['viewers', 'oncall'] });
    const req = await requestFor(prod);
    expect(req.headers?.Authorization).toBe('Bearer FLAG-TOKEN');
    expect(req.headers?.['Impersonate-User']).toBe('jane');
    // dev keeps its own server, token and namespace: the flag token never goes to dev's server
    const dev = k.forContext('dev');
    expect(dev.server).toBe('https://dev.example:6443');
    expect(dev.namespace).toBe('default');
    expect(dev.bearerToken).toBe('DEV-SECRET');
    expect(dev.impersonate).toEqual({ user: 'jane', groups: ['viewers', 'oncall'] });
  });

  it('lets --token replace an exec plugin, and --token-file be read and trimmed', () => {
    const f = kubeconfig('config', {
      clusters: [['c', { server: 'https://c.example' }]],
      users: [['u', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'get-token' } }]],
      contexts: [['ctx', { cluster: 'c', user: 'u' }]],
      current: 'ctx',
    });
    fs.writeFileSync(path.join(dir, 'tok'), '  from-file\n');
    const c = loadKubeconfig({ kubeconfig: f, tokenFile: path.join(dir, 'tok'), env: env() }).forContext('ctx');
    expect(c.bearerToken).toBe('from-file');
    expect(c.kc.getCurrentUser()?.exec).toBeFalsy();
    expect(() => loadKubeconfig({ kubeconfig: f, tokenFile: path.join(dir, 'none'), env: env() })).toThrow(/cannot read --token-file/);
  });

  it('passes exec and OIDC auth-provider entries through unchanged', () => {
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: 'kubelogin',
      args: ['get-token', '--server-id', 'abc'],
      env: [{ name: 'AZURE_CONFIG_DIR', value: '/cfg' }],
      interactiveMode: 'IfAvailable',
      provideClusterInfo: false,
    };
    const oidc = { name: 'oidc', config: { 'client-id': 'kd', 'id-token': 'eyJ.x.y', 'idp-issuer-url': 'https://idp', 'refresh-token': 'r' } };
    const f = kubeconfig('config', {
      clusters: [['c', { server: 'https://c.example' }]],
      users: [['e', { exec }], ['o', { 'auth-provider': oidc }]],
      contexts: [['e', { cluster: 'c', user: 'e' }], ['o', { cluster: 'c', user: 'o' }]],
      current: 'e',
    });
    const k = loadKubeconfig({ kubeconfig: f, env: env() });
    expect(k.forContext('e').kc.getCurrentUser()?.exec).toEqual(exec);
    expect(k.forContext('o').kc.getCurrentUser()?.authProvider).toEqual(oidc);
  });
});

describe('without a kubeconfig', () => {
  it('accepts --server alone, with the token and CA flags as the rest', async () => {
    const k = loadKubeconfig({ server: 'https://10.0.0.1:6443', token: 'T', env: env() });
    expect(k.contexts).toEqual(['https://10.0.0.1:6443']);
    expect(k.source).toBe('--server flag');
    const c = k.forContext(k.currentContext);
    expect(c.server).toBe('https://10.0.0.1:6443');
    expect(c.namespace).toBe('default');
    expect((await requestFor(c)).headers?.Authorization).toBe('Bearer T');
  });

  it('uses the in-cluster service account when the pod environment is there', () => {
    const root = path.join(dir, 'pod');
    const sa = path.join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    fs.mkdirSync(sa, { recursive: true });
    fs.writeFileSync(path.join(sa, 'token'), 'sa-token');
    fs.writeFileSync(path.join(sa, 'ca.crt'), 'ca');
    fs.writeFileSync(path.join(sa, 'namespace'), 'ops\n');
    const k = loadKubeconfig({
      env: env({ KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }),
      inClusterRoot: root,
    });
    expect(k.source).toMatch(/^in-cluster service account/);
    const c = k.forContext(k.currentContext);
    expect(c.server).toBe('https://10.96.0.1:443');
    expect(c.namespace).toBe('ops');
    expect(c.bearerToken).toBe('sa-token');
    expect(c.kc.getCurrentCluster()?.caFile).toBe(path.join(sa, 'ca.crt'));
    expect(c.kc.getCurrentUser()?.authProvider).toEqual({ name: 'tokenFile', config: { tokenFile: path.join(sa, 'token') } });
  });
});
