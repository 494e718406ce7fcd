import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileAuditSink, defaultAuditPath } from '../../src/k8s/audit.js';
import type { AuditEntry } from '../../src/k8s/types.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubedeck-audit-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function entry(i: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `req-${i}`,
    phase: 'result',
    time: '2026-11-26T10:00:00.000Z',
    context: 'prod',
    server: 'https://prod.example:6443',
    user: 'admin',
    verb: 'PATCH',
    path: `/api/v1/namespaces/a/pods/p${i}?fieldManager=kubedeck`,
    contentType: 'application/json-patch+json',
    body: [{ op: 'remove', path: '/spec/schedulingGates/0' }],
    dryRun: false,
    result: { status: 200, ok: true },
    ...extra,
  };
}

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('file audit sink', () => {
  it('defaults to $XDG_STATE_HOME/kubedeck/audit.log, else ~/.local/state', () => {
    expect(defaultAuditPath({ XDG_STATE_HOME: '/x/state', HOME: '/home/u' })).toBe('/x/state/kubedeck/audit.log');
    expect(defaultAuditPath({ HOME: '/home/u' })).toBe('/home/u/.local/state/kubedeck/audit.log');
    const sink = createFileAuditSink(undefined, { XDG_STATE_HOME: dir, HOME: dir });
    expect(sink.path).toBe(path.join(dir, 'kubedeck', 'audit.log'));
  });

  it('creates a private directory and a 0600 file, one JSON line per entry, body kept', async () => {
    const sink = createFileAuditSink(undefined, { XDG_STATE_HOME: dir, HOME: dir });
    await sink.write(entry(1));
    // on disk as soon as write() resolves, without close()
    const lines = fs.readFileSync(sink.path, 'utf8').split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(JSON.parse(lines[0])).toEqual(entry(1));
    expect(mode(sink.path)).toBe(0o600);
    expect(mode(path.dirname(sink.path))).toBe(0o700);
    await sink.close();
  });

  it('appends to an existing log and tightens a world-readable one, saying so', async () => {
    const file = path.join(dir, 'audit.log');
    fs.writeFileSync(file, '{"old":true}\n', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const sink = createFileAuditSink(file);
    expect(mode(file)).toBe(0o600);
    expect(sink.notes.join()).toMatch(/changed to 600/);
    await sink.write(entry(2));
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toEqual(['{"old":true}', JSON.stringify(entry(2))]);
    await sink.close();
  });

  it('keeps concurrent writes as whole, separate lines', async () => {
    const sink = createFileAuditSink(path.join(dir, 'a.log'));
    const big = 'x'.repeat(1_500_000); // Node writes files in 512 KiB chunks
    await Promise.all(Array.from({ length: 12 }, (_, i) => sink.write(entry(i, { result: { status: 200, ok: true, message: big } }))));
    const lines = fs.readFileSync(sink.path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(12);
    const paths = lines.map((l) => (JSON.parse(l) as AuditEntry).path);
    expect(new Set(paths).size).toBe(12);
    await sink.close();
  });

  it('never writes an Authorization header or bearer token', async () => {
    const sink = createFileAuditSink(path.join(dir, 'b.log'));
    await sink.write(
      entry(3, {
        body: { headers: { Authorization: 'Bearer abc.def.ghi' }, spec: { x: 1 } },
        result: { status: 401, ok: false, message: 'sent Authorization: Bearer abc.def.ghi' },
      }),
    );
    const text = fs.readFileSync(sink.path, 'utf8');
    expect(text).not.toContain('abc.def.ghi');
    expect(JSON.parse(text).body.spec).toEqual({ x: 1 });
    await sink.close();
  });

  it('rejects the write when the log cannot be written, so the caller knows', async () => {
    const blocked = path.join(dir, 'blocked');
    fs.writeFileSync(blocked, ''); // a file where the directory should be
    const sink = createFileAuditSink(path.join(blocked, 'audit.log'));
    await expect(sink.write(entry(4))).rejects.toThrow();
  });
});
