// The request budget: under any fault, one resource costs the server at most 20
// requests in any 10 s. Each scenario watches pods for a few seconds against a
// misbehaving server and counts what reached it (the server's own request log).
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS } from '../../src/k8s/watch.js';
import { closeAfterEachEvent, event, failWith, garbageLine, gone, goneEvent, isList, isWatch, json, list, nsPods, pod, repeatingContinue, watchLines } from './modes.js';
import { peakIn, sleep, until, watchAgainst } from './helpers.js';
import type { FaultServer } from './server.js';

const PATH = nsPods('default');
const okList = (fs: FaultServer) => fs.on('GET', isList(PATH), (_req, res) => json(res, 200, list([pod('a', '100')], '100')));
const BUDGET = 20;
const OBSERVE_MS = 3000;

type Scenario = [string, (fs: FaultServer) => void];
const scenarios: Scenario[] = [
  ['a LIST whose continue token repeats', (fs) => fs.on('GET', isList(PATH), repeatingContinue())],
  ['a watch that ends after every event', (fs) => (okList(fs), fs.on('GET', isWatch(PATH), closeAfterEachEvent()))],
  ['a watch that answers 410 every time', (fs) => (okList(fs), fs.on('GET', isWatch(PATH), gone()))],
  ['a watch that sends an ERROR 410 event every time', (fs) => (okList(fs), fs.on('GET', isWatch(PATH), goneEvent()))],
  ['a watch that sends one event, then garbage', (fs) => (okList(fs), fs.on('GET', isWatch(PATH), watchLines([event('MODIFIED', pod('a', '101')), 'garbage\n'], 'end')))],
  ['a watch that sends garbage at once', (fs) => (okList(fs), fs.on('GET', isWatch(PATH), garbageLine()))],
  ['a watch that ends at once, empty', (fs) => (okList(fs), fs.on('GET', isWatch(PATH), watchLines([], 'end')))],
  ['500 on everything', (fs) => fs.on('GET', undefined, failWith(500))],
  ['503 on the watch', (fs) => (okList(fs), fs.on('GET', isWatch(PATH), failWith(503)))],
  ['429 on the list, Retry-After 0', (fs) => fs.on('GET', undefined, failWith(429, '0'))],
];

describe('request budget under faults', () => {
  it.concurrent.each(scenarios)('%s: at most 20 requests in 10 s', async (_name, setup) => {
    const w = await watchAgainst(setup);
    try {
      await sleep(OBSERVE_MS);
      expect(w.fs.requests.length).toBeGreaterThan(0);
      expect(peakIn(w.fs.requests)).toBeLessThanOrEqual(BUDGET);
    } finally {
      await w.stop();
    }
  });

  it('a repeated continue token stops the LIST with a clear error, not "syncing" forever', async () => {
    const w = await watchAgainst((fs) => fs.on('GET', isList(PATH), repeatingContinue()));
    try {
      await until(() => w.store.health.state === 'reconnecting', 'reconnecting');
      const h = w.store.health;
      expect(h.state === 'reconnecting' && h.lastError).toContain('same continue token');
      // each attempt costs the first page and the one that repeated the token
      expect(w.fs.requests.length).toBeLessThanOrEqual(3);
    } finally {
      await w.stop();
    }
  });

  it('restarts of a watch that ends after every event come at a growing interval', async () => {
    const w = await watchAgainst((fs) => (okList(fs), fs.on('GET', isWatch(PATH), closeAfterEachEvent())));
    try {
      await until(() => w.fs.hits(PATH).filter((r) => r.query.watch).length >= 4, 'four watches');
      const t = w.fs.hits(PATH).filter((r) => r.query.watch).map((r) => r.time);
      const gaps = t.slice(1).map((x, i) => x - t[i]!);
      // 800 ms doubling, jittered down by at most a quarter
      expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
      expect(gaps[2]!).toBeGreaterThan(gaps[1]!);
    } finally {
      await w.stop();
    }
  });

  it('Retry-After on 429 is honoured: the next request waits that long', async () => {
    const w = await watchAgainst((fs) => fs.on('GET', undefined, failWith(429, '2')));
    try {
      // the transport itself retries the GET twice after Retry-After; then the loop backs off as long
      await until(() => w.events.some((e) => e.type === 'error'), 'the loop sees the 429', 10_000);
      const [a, b] = w.fs.requests;
      expect(b!.time - a!.time).toBeGreaterThanOrEqual(1900);
      const err = w.events.find((e) => e.type === 'error');
      expect(err?.type === 'error' && err.retryInMs).toBeGreaterThanOrEqual(2000);
    } finally {
      await w.stop();
    }
  });

  it('an absurd Retry-After is capped', async () => {
    const w = await watchAgainst((fs) => fs.on('GET', undefined, failWith(503, '86400')));
    try {
      await until(() => w.events.some((e) => e.type === 'error'), 'the error');
      const err = w.events.find((e) => e.type === 'error');
      expect(err?.type === 'error' && err.retryInMs).toBe(MAX_RETRY_AFTER_MS);
      expect(w.store.health.state).toBe('reconnecting');
    } finally {
      await w.stop();
    }
  });
});

describe('Retry-After on a single GET', () => {
  it('a GET answered 429 with Retry-After is sent again after that long; a change is not', async () => {
    const { createTransport } = await import('../../src/k8s/transport.js');
    const { startFaultServer } = await import('./server.js');
    const fs = await startFaultServer();
    try {
      fs.on('GET', '/version', (req, res, n) => (n <= 2 ? failWith(429, '1')(req, res, n) : json(res, 200, { gitVersion: 'v1.36.0' })));
      fs.on('DELETE', undefined, failWith(429, '1'));
      const t = createTransport(fs.kubeconfig());
      expect(await t.request('/version')).toEqual({ gitVersion: 'v1.36.0' });
      const times = fs.hits('/version').map((r) => r.time);
      expect(times).toHaveLength(3);
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
      await expect(t.request('/api/v1/namespaces/a/pods/b', { method: 'DELETE' })).rejects.toThrow('fault 429');
      expect(fs.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    } finally {
      await fs.close();
    }
  });
});
