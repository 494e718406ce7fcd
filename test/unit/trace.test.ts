import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';

async function load(file: string | undefined) {
  vi.resetModules();
  if (file === undefined) delete process.env.KUBEDECK_TRACE;
  else process.env.KUBEDECK_TRACE = file;
  return import('../../src/trace.js');
}

afterEach(() => {
  delete process.env.KUBEDECK_TRACE;
});

describe('KUBEDECK_TRACE', () => {
  it('records each terminal input chunk as read and each output write, in order, with times', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kd-trace-')), 'trace.jsonl');
    const { traceTerminal, flushTrace } = await load(file);
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    traceTerminal(stdin as unknown as NodeJS.ReadStream, stdout as unknown as NodeJS.WriteStream);
    stdin.write('jk');
    await new Promise((r) => stdin.once('readable', r));
    expect(String(stdin.read())).toBe('jk');
    stdout.write('frame ✓');
    flushTrace();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t: number; ev: string; bytes: number });
    expect(lines.map((l) => [l.ev, l.bytes])).toEqual([
      ['stdin', 2],
      ['frame', 9],
    ]);
    expect(lines[1]!.t).toBeGreaterThanOrEqual(lines[0]!.t);
    expect(String(stdout.read())).toBe('frame ✓');
  });

  it('does nothing when unset: streams untouched, no file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kd-trace-')), 'trace.jsonl');
    const { traceTerminal, trace, flushTrace } = await load(undefined);
    const stdout = new PassThrough();
    const write = stdout.write;
    traceTerminal(new PassThrough() as unknown as NodeJS.ReadStream, stdout as unknown as NodeJS.WriteStream);
    trace('x');
    flushTrace();
    expect(stdout.write).toBe(write);
    expect(existsSync(file)).toBe(false);
  });
});
