// LIST and WATCH faults that are not about rates: null items, lies, floods, stalls.
import { describe, expect, it } from 'vitest';
import { event, flood, halfLineThenStall, isList, isWatch, json, lies, list, nsPods, nullItem, pod, watchLines, bookmarks, slowPage } from './modes.js';
import { until, watchAgainst } from './helpers.js';

const PATH = nsPods('default');
const names = (w: { store: { list(): readonly { metadata: { name: string } }[] } }) => w.store.list().map((o) => o.metadata.name).sort();

describe('LIST faults', () => {
  it('a null item (and numbers, strings) in a LIST is skipped and noted; the resource still syncs', async () => {
    const w = await watchAgainst((fs) => {
      fs.on('GET', isList(PATH), nullItem());
      fs.on('GET', isWatch(PATH), watchLines([], 'hang'));
    });
    try {
      await until(() => w.store.health.state === 'synced', 'synced');
      expect(names(w)).toEqual(['a', 'b']);
      expect(w.events).toContainEqual(expect.objectContaining({ type: 'skipped', items: 3 }));
    } finally {
      await w.stop();
    }
  });

  it('a slow page is waited for, and the pages before it are already in the store', async () => {
    const w = await watchAgainst((fs) => {
      fs.on('GET', isList(PATH), (req, res, n) =>
        req.query.continue ? slowPage(300, list([pod('b')], '100'))(req, res, n) : json(res, 200, list([pod('a')], '100', 'next')),
      );
      fs.on('GET', isWatch(PATH), watchLines([], 'hang'));
    });
    try {
      await until(() => w.store.size === 1, 'first page');
      expect(w.store.health.state).toBe('syncing');
      await until(() => w.store.health.state === 'synced', 'synced');
      expect(names(w)).toEqual(['a', 'b']);
    } finally {
      await w.stop();
    }
  });
});

describe('WATCH faults', () => {
  it('counts equal the store through ADDED, DELETED, ghosts and duplicates', async () => {
    const w = await watchAgainst((fs) => {
      fs.on('GET', isList(PATH), (_req, res) => json(res, 200, list([pod('x', '100'), pod('y', '100')], '100')));
      fs.on('GET', isWatch(PATH), lies());
    });
    try {
      // lies: DELETED ghost (unknown), ADDED a twice, MODIFIED b (new), resourceVersion back to 5
      await until(() => w.store.size === 4, 'four pods');
      const h = w.store.health;
      expect(h.state).toBe('synced');
      expect('count' in h && h.count).toBe(4);
      expect(names(w)).toEqual(['a', 'b', 'x', 'y']);
    } finally {
      await w.stop();
    }
  });

  it('a flood of 5,000 events in one write reaches the store whole', async () => {
    const w = await watchAgainst((fs) => {
      fs.on('GET', isList(PATH), (_req, res) => json(res, 200, list([], '100')));
      fs.on('GET', isWatch(PATH), flood(5000));
    });
    try {
      await until(() => w.store.size === 5000, '5000 pods');
      const h = w.store.health;
      expect('count' in h && h.count).toBe(5000);
    } finally {
      await w.stop();
    }
  });

  it('bookmarks move the resume point: the next watch starts from the bookmark', async () => {
    const w = await watchAgainst((fs) => {
      fs.on('GET', isList(PATH), (_req, res) => json(res, 200, list([], '100')));
      fs.on('GET', isWatch(PATH), (req, res, n) => (n === 1 ? watchLines([event('BOOKMARK', { metadata: { resourceVersion: '555' } })], 'end')(req, res, n) : bookmarks('556')(req, res, n)));
    });
    try {
      await until(() => w.fs.hits(PATH).filter((r) => r.query.watch).length >= 2, 'second watch');
      expect(w.fs.hits(PATH).filter((r) => r.query.watch)[1]!.query.resourceVersion).toBe('555');
      expect(w.fs.hits(PATH).filter((r) => !r.query.watch)).toHaveLength(1);
    } finally {
      await w.stop();
    }
  });

  it('half a line, then a stall: the watchdog drops it and reports reconnecting, not synced', async () => {
    const w = await watchAgainst(
      (fs) => {
        fs.on('GET', isList(PATH), (_req, res) => json(res, 200, list([pod('a')], '100')));
        fs.on('GET', isWatch(PATH), halfLineThenStall());
      },
      { watchdogMs: 300 },
    );
    try {
      await until(() => w.store.health.state === 'reconnecting', 'reconnecting');
      const h = w.store.health;
      expect(h.state === 'reconnecting' && h.lastError).toMatch(/no data from the server/);
      expect(names(w)).toEqual(['a']);
    } finally {
      await w.stop();
    }
  });
});
