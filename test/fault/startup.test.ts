// Start-up order: the first pane's pods watch goes out with discovery, not after it,
// and a discovery that fails still ends the session's start with its one clear line.
import { afterEach, describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../src/k8s/kubeconfig.js';
import { openSession } from '../../src/k8s/session.js';
import { defaultAppConfig } from '../../src/config.js';
import { versionInfo } from '../../src/demo/discovery.js';
import { PODS, isList, isWatch, json, list, pod, serveDiscovery, statusBody, watchLines } from './modes.js';
import { until } from './helpers.js';
import { startFaultServer, type FaultServer } from './server.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function server(): Promise<FaultServer> {
  const fs = await startFaultServer();
  cleanup.push(() => fs.close());
  serveDiscovery(fs);
  return fs;
}

function open(fs: FaultServer) {
  const loaded = loadKubeconfig({ kubeconfig: fs.kubeconfigFile(), env: {} });
  return openSession({
    ctx: loaded.forContext(loaded.currentContext),
    contexts: loaded.contexts,
    namespace: null,
    readonly: true,
    config: defaultAppConfig,
    requestTimeoutMs: 5000,
    liveness: false,
  });
}

describe('start-up order', () => {
  it('the pods list is asked for while discovery is still unanswered, and its rows are there once the session opens', async () => {
    const fs = await server();
    fs.on('GET', isList(PODS), (_req, res) => json(res, 200, list([pod('a'), pod('b')], '100')));
    fs.on('GET', isWatch(PODS), watchLines([], 'hang'));
    // /version (part of discovery) answers only once the pods list has arrived, or after 3 s
    let podsAskedFirst: boolean | undefined;
    fs.on('GET', '/version', async (_req, res) => {
      await until(() => fs.hits(PODS).length > 0, 'the pods list', 3000).catch(() => undefined);
      podsAskedFirst = fs.hits(PODS).length > 0;
      json(res, 200, versionInfo());
    });
    const s = await open(fs);
    cleanup.push(() => s.close());
    expect(podsAskedFirst).toBe(true);
    await until(() => s.pods.health.state === 'synced', 'pods synced');
    expect(s.pods.size).toBe(2);
    // one pods list, not a second one started after discovery
    expect(fs.hits(PODS).filter((r) => r.query.watch === undefined)).toHaveLength(1);
  });

  it('a discovery refused with 401 fails the start with its message, and the pods request already sent is dropped', async () => {
    const fs = await server();
    let podsClosed = false;
    fs.on('GET', PODS, (_req, res) => {
      res.on('close', () => (podsClosed = true)); // never answered: only the client can end it
    });
    // refused once the pods request is there (or after 3 s)
    fs.on('GET', (p) => p === '/api' || p === '/apis', async (_req, res) => {
      await until(() => fs.hits(PODS).length > 0, 'the pods request', 3000).catch(() => undefined);
      json(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
    });
    await expect(open(fs)).rejects.toThrow(/401|Unauthorized|credentials/i);
    await until(() => podsClosed, 'the pods request dropped');
  });
});
