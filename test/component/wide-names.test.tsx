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

async function at80(api: FakeConsoleApi, pane?: 'volumes' | 'claims' | 'identity') {
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

  test('claims: STATE starts in the header\'s column on every row', async () => {
    const api = new FakeConsoleApi();
    const created = new Date(Date.now() - 3_600_000).toISOString();
    api.claims.stores.resourceclaims.set(
      NAMES.map((name, i) => ({
        apiVersion: 'resource.k8s.io/v1',
        kind: 'ResourceClaim',
        metadata: { namespace: 'ml', name: `claim-${name}`, uid: `c-${i}`, creationTimestamp: created },
        spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.example.com' } }] } },
      })),
    );
    const app = await at80(api, 'claims');
    await app.waitFor('claim-plain-name');
    const lines = app.frame().split('\n');
    const header = lines.find((l) => /NAME\s+STATE\s+CLASS/.test(l))!;
    const rows = lines.filter((l) => l.includes('pending'));
    expect(rows).toHaveLength(NAMES.length);
    for (const row of rows) {
      expect(column(row, 'pending')).toBe(column(header, 'STATE'));
      expect(stringWidth(row)).toBeLessThanOrEqual(80);
    }
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  });

  test('logs: the container prefix is padded in cells, so every line\'s text starts in one column', async () => {
    const api = new FakeConsoleApi();
    const pod = makePod({ namespace: 'web', name: 'family-👨‍👩‍👧-日本語-0', node: 'node-2' });
    pod.spec.containers = [{ name: 'app-🚀' }, { name: 'ﾊﾝｶｸ' }, { name: 'cafe\u0301' }];
    pod.status.containerStatuses = pod.spec.containers.map((c: { name: string }) => ({ name: c.name, state: { running: {} }, ready: true, started: true, restartCount: 0 }));
    api.pods.set([pod]);
    api.logs.pod = pod;
    const app = await at80(api);
    await app.waitFor('Running');
    await app.press('l');
    await app.waitFor('main:');
    api.logs.last.line('app-🚀', '2025-06-01T10:00:01Z 日本語のログ行 ✅ done');
    api.logs.last.line('ﾊﾝｶｸ', '2025-06-01T10:00:02Z ready');
    api.logs.last.line('cafe\u0301', '2025-06-01T10:00:03Z cafe\u0301 ready');
    await app.press();
    const lines = app.frame().split('\n');
    const logLines = lines.filter((l) => l.includes('│'));
    expect(logLines).toHaveLength(3);
    const at = column(logLines[0]!, '│');
    for (const line of logLines) expect(column(line, '│')).toBe(at);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  });

  test('identity: values and the can-i columns start in one column whatever the names\' widths', async () => {
    const api = new FakeConsoleApi();
    api.identity.next = {
      review: { loading: false, at: Date.now(), object: { status: { userInfo: { username: 'アリス-🚀@corp.example', uid: 'u-42', groups: ['日本語-sre', 'family-👨‍👩‍👧', 'system:authenticated'] } } } },
      rules: { loading: false, at: Date.now(), object: { status: { resourceRules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'ﾊﾝｶｸ', '日本語'] }], nonResourceRules: [], incomplete: false } } },
    };
    const app = await at80(api, 'identity');
    await app.waitFor('corp.example');
    const lines = app.frame().split('\n');
    const value = (label: string, token: string) => column(lines.find((l) => l.trimStart().startsWith(label))!, token);
    expect(value('Username', 'アリス')).toBe(value('UID', 'u-42'));
    expect(value('Groups', '[')).toBe(value('UID', 'u-42'));
    const header = lines.find((l) => /Resources\s+Non-Resource URLs/.test(l))!;
    const rules = lines.filter((l) => l.includes('[get list]'));
    expect(rules).toHaveLength(3);
    for (const row of rules) {
      expect(column(row, '[]')).toBe(column(header, 'Non-Resource URLs'));
      expect(column(row, '[get list]')).toBe(column(header, 'Verbs'));
    }
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  });
});
