// Names with emoji, ZWJ sequences, CJK and combining marks at 80 columns: every row's
// columns start where the header's do, in the cells a terminal (and Ink) counts.
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import stringWidth from 'string-width';
import { FakeConsoleApi, makePod } from './fake-api.js';
import { makePv } from './volumes-fake.js';
import { renderApp } from './render.js';

afterEach(() => cleanup());

const NAMES = ['rocket-🚀', 'family-👨‍👩‍👧-0', '日本語-pod', 'cafe\u0301-api', 'done-✅', 'ﾊﾝｶｸ-job', 'plain-name'];

/** the screen column (in cells) where `token` starts on a line */
const column = (line: string, token: string) => stringWidth(line.slice(0, line.indexOf(token)));

async function at80(api: FakeConsoleApi, pane?: 'volumes') {
  const app = await renderApp({ api, pane });
  Object.defineProperty(app.stdout, 'columns', { value: 80, configurable: true });
  app.stdout.emit('resize');
  await app.press();
  return app;
}

describe('wide and combining names at 80 columns', () => {
  test('pods: READY and STATUS start in the header\'s columns on every row', async () => {
    const api = new FakeConsoleApi();
    api.pods.set(NAMES.map((name, i) => makePod({ namespace: 'web', name, node: `node-${i}` })));
    const app = await at80(api);
    await app.waitFor('plain-name');
    const lines = app.frame().split('\n');
    const header = lines.find((l) => /NAME\S*\s+READY\s+STATUS/.test(l))!;
    const rows = lines.filter((l) => l.includes('1/1'));
    expect(rows).toHaveLength(NAMES.length);
    for (const row of rows) {
      expect(column(row, '1/1') + '1/1'.length).toBe(column(header, 'READY') + 'READY'.length); // READY is right-aligned
      expect(column(row, 'Running')).toBe(column(header, 'STATUS'));
      expect(stringWidth(row)).toBeLessThanOrEqual(80);
    }
  });

  test('volumes: CAPACITY and STATUS start in the header\'s columns on every row', async () => {
    const api = new FakeConsoleApi();
    api.volumes.pvs.set(NAMES.map((name) => makePv({ name: `pv-${name}` })));
    const app = await at80(api, 'volumes');
    await app.waitFor('pv-plain-name');
    const lines = app.frame().split('\n');
    const header = lines.find((l) => /NAME\S*\s+CAPACITY/.test(l))!;
    const rows = lines.filter((l) => l.includes('10Gi'));
    expect(rows).toHaveLength(NAMES.length);
    for (const row of rows) {
      expect(column(row, 'Available')).toBe(column(header, 'STATUS'));
      expect(stringWidth(row)).toBeLessThanOrEqual(80);
    }
  });
});
