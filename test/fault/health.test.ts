// The tab line tells the truth: what a resource's health says under each fault.
import { afterEach, describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../src/k8s/kubeconfig.js';
import { openSession, type Session } from '../../src/k8s/session.js';
import { defaultAppConfig } from '../../src/config.js';
import { whileConnecting } from '../../src/terminal.js';
import { PODS, closeAfterEachEvent, gone, halfLineThenStall, isList, isWatch, json, list, neverAnswer, nsPods, pod, serveDiscovery, watchLines } from './modes.js';
import { until, watchAgainst } from './helpers.js';
import { startFaultServer, type FaultServer } from './server.js';

const PATH = nsPods('default');
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function session(fs: FaultServer, opts: { liveness?: { intervalMs: number; timeoutMs: number }; requestTimeoutMs?: number } = {}): Promise<Session> {
  const loaded = loadKubeconfig({ kubeconfig: fs.kubeconfigFile(), env: {} });
  const s = await openSession({
    ctx: loaded.forContext(loaded.currentContext),
    contexts: loaded.contexts,
    namespace: null,
    readonly: true,
    config: defaultAppConfig,
    requestTimeoutMs: opts.requestTimeoutMs ?? 5000,
    liveness: opts.liveness,
  });
  cleanup.push(() => s.close());
  return s;
}

describe('tab-line truth', () => {
  it('a frozen server (no answer to /livez) turns a synced pane to reconnecting, naming the probe', async () => {
    const fs = await startFaultServer();
    cleanup.push(() => fs.close());
    serveDiscovery(fs);
    fs.on('GET', isList(PODS), (_req, res) => json(res, 200, list([pod('a')], '100')));
    fs.on('GET', isWatch(PODS), watchLines([], 'hang'));
    const s = await session(fs, { liveness: { intervalMs: 100, timeoutMs: 300 } });
    await until(() => s.pods.health.state === 'synced', 'synced');
    await until(() => fs.hits('/livez').length >= 2, 'probes');
    expect(s.pods.health.state).toBe('synced'); // probes that answer change nothing
    // SIGSTOP: every request from now on, /livez included, gets no answer
    fs.on(undefined, undefined, neverAnswer());
    await until(() => s.pods.health.state === 'reconnecting', 'reconnecting');
    const h = s.pods.health;
    expect(h.state === 'reconnecting' && h.lastError).toContain(`${fs.url} did not answer GET /livez`);
  });

  it('a watch that gets 410 every time is not green; it says why', async () => {
    const w = await watchAgainst((fs) => {
      fs.on('GET', isList(PATH), (_req, res) => json(res, 200, list([pod('a')], '100')));
      fs.on('GET', isWatch(PATH), gone());
    });
    cleanup.push(() => w.stop());
    await until(() => w.fs.hits(PATH).filter((r) => !r.query.watch).length >= 3, 'three lists');
    await until(() => w.store.health.state === 'reconnecting', 'reconnecting');
    const h = w.store.health;
    expect(h.state === 'reconnecting' && h.lastError).toContain('too old resource version');
  });

  it('a watch the server ends after every event is not green either', async () => {
    const w = await watchAgainst((fs) => {
      fs.on('GET', isList(PATH), (_req, res) => json(res, 200, list([pod('a')], '100')));
      fs.on('GET', isWatch(PATH), closeAfterEachEvent());
    }, { backoff: { initialMs: 20, maxMs: 100 } });
    cleanup.push(() => w.stop());
    await until(() => w.store.health.state === 'reconnecting', 'reconnecting');
    const h = w.store.health;
    expect(h.state === 'reconnecting' && h.lastError).toMatch(/the server ended 3 watches in a row/);
  });

  it('a LIST that keeps timing out shows the error (naming the server) while it retries, not "syncing"', async () => {
    const w = await watchAgainst((fs) => fs.on('GET', isList(PATH), neverAnswer()), {}, { requestTimeoutMs: 300 });
    cleanup.push(() => w.stop());
    await until(() => w.fs.hits(PATH).length >= 2, 'a second list');
    const h = w.store.health;
    expect(h.state).toBe('reconnecting');
    expect(h.state === 'reconnecting' && h.lastError).toBe(`no answer from ${w.fs.url} to GET ${PATH} after 300ms`);
  });

  it('half an event, then a stall, is dropped after partialEventMs and reported', async () => {
    const w = await watchAgainst(
      (fs) => {
        fs.on('GET', isList(PATH), (_req, res) => json(res, 200, list([pod('a')], '100')));
        fs.on('GET', isWatch(PATH), halfLineThenStall());
      },
      { partialEventMs: 200 },
    );
    cleanup.push(() => w.stop());
    await until(() => w.store.health.state === 'reconnecting', 'reconnecting');
    const h = w.store.health;
    expect(h.state === 'reconnecting' && h.lastError).toMatch(/half a line, then nothing for 200ms/);
  });

  it('a first connection that hangs says "connecting to SERVER…" instead of a blank screen', async () => {
    const fs = await startFaultServer();
    cleanup.push(() => fs.close());
    fs.on(undefined, undefined, neverAnswer());
    const said: string[] = [];
    const err = await whileConnecting(fs.url, session(fs, { requestTimeoutMs: 600 }), (t) => said.push(t), 100).catch((e: unknown) => e as Error);
    expect(said).toEqual([`kubedeck: connecting to ${fs.url}…\n`]);
    expect((err as Error).message).toContain(`no answer from ${fs.url}`);
  });
});
