// The command line under faults: slow pipes, closed pipes, usage errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PODS, isList, isWatch, json, list, nsPods, pod, serveDiscovery, watchLines } from './modes.js';
import { runCli } from './helpers.js';
import { startFaultServer, type FaultServer } from './server.js';

let fs: FaultServer;
let kubeconfig: string;
const PODS_N = 3000;

beforeAll(async () => {
  fs = await startFaultServer();
  serveDiscovery(fs);
  // ~7 MB of JSON: far more than a pipe buffer
  const items = Array.from({ length: PODS_N }, (_, i) => pod(`p-${i}`, '100', 'default', { metadata: { name: `p-${i}`, namespace: 'default', resourceVersion: '100', annotations: { note: 'x'.repeat(2000) } } }));
  fs.on('GET', isList(PODS), (_req, res) => json(res, 200, list(items, '100')));
  fs.on('GET', isWatch(PODS), watchLines([], 'hang'));
  kubeconfig = fs.kubeconfigFile();
});
afterAll(() => fs.close());

describe('snapshot output', () => {
  it('is complete when stdout is a slow pipe, and exits 0', async () => {
    const r = await runCli(['--kubeconfig', kubeconfig, 'snapshot', 'pods', '-A', '-o', 'json'], { readDelayMs: 1000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).items).toHaveLength(PODS_N);
  });

  it('a reader that closes the pipe early (| head) ends it quietly with 0', async () => {
    const r = await runCli(['--kubeconfig', kubeconfig, 'snapshot', 'pods', '-A', '-o', 'json'], { closeAfterBytes: 1 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('usage errors: exit 2 with one kubedeck: line', () => {
  const cases: [string, string[], RegExp][] = [
    ['-n without a value (console)', ['-n'], /--namespace needs a value/],
    ['-n without a value (snapshot)', ['snapshot', 'pods', '-n'], /--namespace needs a value/],
    ['a bad --request-timeout', ['--request-timeout', 'abc', 'snapshot', 'pods'], /--request-timeout: invalid duration "abc"/],
    ['an unknown --pane', ['--pane', 'frobs'], /unknown pane "frobs"/],
    ['an unknown flag', ['--frob'], /unknown flag --frob/],
    ['a --demo-pods that is not a number', ['--demo-pods', 'abc'], /--demo-pods needs a whole number/],
    ['why without NS/NAME', ['why', 'pod'], /usage: kubedeck why pod\|claim NAMESPACE\/NAME/],
    ['why of an unknown kind', ['why', 'node', 'a/b'], /usage: kubedeck why pod\|claim/],
    ['why -o wide', ['why', 'pod', 'a/b', '-o', 'wide'], /-o wide is for snapshot; why prints table or json/],
    ['gates without --ready', ['gates'], /usage: kubedeck gates --ready/],
    ['gates --apply without --yes', ['gates', '--ready', '--apply'], /usage: kubedeck gates --ready/],
    ['--ready outside gates', ['snapshot', 'pods', '--ready'], /--ready and --apply belong to `kubedeck gates`/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await runCli(['--kubeconfig', kubeconfig, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^kubedeck: /);
    expect(lines[0]).toMatch(message);
  });
});

describe('TLS warning', () => {
  it.each([
    ['snapshot pods', ['snapshot', 'pods', '-A']],
    ['pv cleanup', ['pv', 'cleanup', 'pv-none', '--yes']],
  ])('%s under insecure-skip-tls-verify says so on stderr', async (_name, args) => {
    const insecure = fs.kubeconfigFile({ insecure: true });
    const r = await runCli(['--kubeconfig', insecure, ...args]);
    expect(r.stderr.split('\n')[0]).toBe('kubedeck: warning: TLS verification is off for cluster fault (insecure-skip-tls-verify)');
  });
});

describe('snapshot logs', () => {
  it('NS/POD works without -n, from a context whose namespace is another one', async () => {
    const evil = pod('evil', '100', 'hostile', {
      status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:00Z' } }, containerID: 'containerd://1' }] },
    });
    fs.on('GET', isList(nsPods('hostile')), (_req, res) => json(res, 200, list([evil], '100')));
    fs.on('GET', isWatch(nsPods('hostile')), watchLines([], 'hang'));
    fs.on('GET', '/api/v1/namespaces/hostile/pods/evil', (_req, res) => json(res, 200, evil));
    fs.on('GET', '/api/v1/namespaces/hostile/pods/evil/log', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('2026-01-01T00:00:01.000000000Z hello from evil\n');
    });
    const r = await runCli(['--kubeconfig', fs.kubeconfigFile({ namespace: 'default' }), 'snapshot', 'logs', 'hostile/evil']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('[pod/evil/c] hello from evil\n');
  });
});

describe('a snapshot that could not see everything', () => {
  let limited: FaultServer;
  beforeAll(async () => {
    limited = await startFaultServer();
    serveDiscovery(limited);
    const forbidden = (_req: unknown, res: import('node:http').ServerResponse) =>
      json(res, 403, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 403, reason: 'Forbidden', message: 'pods is forbidden: User "fault-user" cannot list resource "pods" in API group "" at the cluster scope' });
    limited.on('GET', PODS, forbidden);
    limited.on('GET', isList(nsPods('web')), (_req, res) => json(res, 200, list([pod('api-0', '100', 'web')], '100')));
    limited.on('GET', isWatch(nsPods('web')), watchLines([], 'hang'));
  });
  afterAll(() => limited.close());

  it.each([
    ['says so on stderr and exits 1', [], 1],
    ['--partial: says so, exits 0', ['--partial'], 0],
  ])('%s', async (_name, extra, code) => {
    const r = await runCli(['--kubeconfig', limited.kubeconfigFile({ namespace: 'web' }), 'snapshot', 'pods', '-A', ...(extra as string[])]);
    expect(r.code).toBe(code);
    expect(r.stdout).toContain('api-0');
    expect(r.stderr).toContain('kubedeck: incomplete: pods: cluster-wide list forbidden; showing web');
  });
});
