// Stream reading: one huge line, a million lines, a big watch event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport, cutMarker, MAX_LINE_CHARS } from '../../src/k8s/transport.js';
import { event, hugeLogLine, isList, isWatch, json, list, manyLogLines, nsPods, pod, watchLines } from './modes.js';
import { until, watchAgainst } from './helpers.js';
import { startFaultServer, type FaultServer } from './server.js';

let fs: FaultServer;
const LOG = '/api/v1/namespaces/default/pods/p/log';
beforeAll(async () => {
  fs = await startFaultServer();
});
afterAll(() => fs.close());

async function read(path: string): Promise<string[]> {
  const lines: string[] = [];
  await createTransport(fs.kubeconfig()).stream(path, { onLine: (l) => lines.push(l) });
  return lines;
}

describe('log streams', () => {
  it('one 20 MB line without a newline arrives cut at 64 Ki characters, saying how much was cut', async () => {
    const bytes = 20 * 1024 * 1024;
    fs.on('GET', `${LOG}-huge`, hugeLogLine(bytes));
    const lines = await read(`${LOG}-huge`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('x'.repeat(MAX_LINE_CHARS) + cutMarker(bytes - MAX_LINE_CHARS));
    expect(lines[0]).toContain('[line cut: 20,905,984 more characters]');
  });

  it('a million lines all arrive, in order', async () => {
    fs.on('GET', `${LOG}-many`, manyLogLines(1_000_000));
    const lines = await read(`${LOG}-many`);
    expect(lines).toHaveLength(1_000_000);
    expect(lines[0]).toBe('line 0');
    expect(lines[999_999]).toBe('line 999999');
  });
});

describe('watch streams', () => {
  it('a watch event bigger than the log line cap (a 1 MiB annotation) is read whole', async () => {
    const PATH = nsPods('default');
    const big = pod('big', '101', 'default', { metadata: { name: 'big', namespace: 'default', resourceVersion: '101', annotations: { blob: 'b'.repeat(1 << 20) } } });
    const w = await watchAgainst((f) => {
      f.on('GET', isList(PATH), (_req, res) => json(res, 200, list([], '100')));
      f.on('GET', isWatch(PATH), watchLines([event('ADDED', big)], 'hang'));
    });
    try {
      await until(() => w.store.size === 1, 'the big pod');
      expect(w.store.get('default/big')?.metadata.annotations?.blob).toHaveLength(1 << 20);
    } finally {
      await w.stop();
    }
  });
});
