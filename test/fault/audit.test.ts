// The audit log under attack: symlinks, folders others may write, another owner;
// and the order of lines around a request the server sees.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileAuditSink } from '../../src/k8s/audit.js';
import { createTransport } from '../../src/k8s/transport.js';
import type { ApiError } from '../../src/k8s/types.js';
import { json } from './modes.js';
import { startFaultServer, type FaultServer } from './server.js';

let fsrv: FaultServer;
let dir: string;
const POD = '/api/v1/namespaces/ns1/pods/web-0';
beforeAll(async () => {
  fsrv = await startFaultServer();
  fsrv.on('DELETE', POD, (_req, res) => json(res, 200, { kind: 'Status', status: 'Success' }));
});
afterAll(() => fsrv.close());
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubedeck-audit-fault-'));
  fs.chmodSync(dir, 0o700);
  fsrv.requests.length = 0;
});

function transport(file: string) {
  const sink = createFileAuditSink(file);
  return { sink, t: createTransport(fsrv.kubeconfig(), { audit: { sink, context: 'fault', user: () => 'alice' } }) };
}
const deleted = () => fsrv.requests.filter((r) => r.method === 'DELETE');

describe('audit log', () => {
  it('a symlinked audit.log is refused: the target keeps its mode and content, and nothing is sent', async () => {
    const target = path.join(dir, 'elsewhere');
    fs.writeFileSync(target, 'precious\n', { mode: 0o644 });
    fs.chmodSync(target, 0o644);
    const link = path.join(dir, 'audit.log');
    fs.symlinkSync(target, link);
    const { t, sink } = transport(link);
    const err = (await t.request(POD, { method: 'DELETE' }).catch((e: unknown) => e)) as ApiError;
    expect(err.message).toMatch(/^the audit log cannot be written \(refusing audit log .*audit\.log: it is a symbolic link.*\); nothing was sent$/);
    expect(deleted()).toHaveLength(0);
    expect(fs.statSync(target).mode & 0o777).toBe(0o644);
    expect(fs.readFileSync(target, 'utf8')).toBe('precious\n');
    expect(sink.notes).toEqual([]);
  });

  it('a folder writable by others is refused, with the fix', async () => {
    fs.chmodSync(dir, 0o777);
    const { t } = transport(path.join(dir, 'audit.log'));
    const err = (await t.request(POD, { method: 'DELETE' }).catch((e: unknown) => e)) as ApiError;
    expect(err.message).toContain(`its folder ${dir}: it is writable by everyone (mode 777). Fix with: chmod go-w ${dir}`);
    expect(deleted()).toHaveLength(0);
  });

  it('a file writable by its group is refused', async () => {
    const file = path.join(dir, 'audit.log');
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o620);
    const { t } = transport(file);
    const err = (await t.request(POD, { method: 'DELETE' }).catch((e: unknown) => e)) as ApiError;
    expect(err.message).toContain('it is writable by its group (mode 620)');
    expect(deleted()).toHaveLength(0);
  });

  it('a file owned by another user is refused', async () => {
    const file = path.join(dir, 'audit.log');
    fs.writeFileSync(file, '', { mode: 0o600 });
    const me = process.getuid!();
    const other = me === 0 ? 65534 : me;
    // as root, hand the file to nobody; as a user, run as nobody's peer: the file is ours, so pretend to be someone else
    if (me === 0) fs.chownSync(file, other, other);
    const restore = process.getuid;
    if (me !== 0) process.getuid = () => me + 1;
    try {
      const { t } = transport(file);
      const err = (await t.request(POD, { method: 'DELETE' }).catch((e: unknown) => e)) as ApiError;
      expect(err.message).toMatch(/it is owned by uid \d+, not by you/);
      expect(deleted()).toHaveLength(0);
    } finally {
      process.getuid = restore;
    }
  });

  it('the intent line is on disk before the server sees the request; the result line after, same id', async () => {
    const file = path.join(dir, 'audit.log');
    let onDiskWhenSent = '';
    fsrv.on('DELETE', '/api/v1/namespaces/ns1/pods/web-1', (_req, res) => {
      onDiskWhenSent = fs.readFileSync(file, 'utf8');
      json(res, 200, { kind: 'Status', status: 'Success' });
    });
    const { t, sink } = transport(file);
    await t.request('/api/v1/namespaces/ns1/pods/web-1', { method: 'DELETE' });
    await sink.close();
    const before = onDiskWhenSent.trim().split('\n').map((l) => JSON.parse(l));
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ phase: 'intent', verb: 'DELETE', path: '/api/v1/namespaces/ns1/pods/web-1' });
    expect(before[0].result).toBeUndefined();
    const after = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(after.map((l) => l.phase)).toEqual(['intent', 'result']);
    expect(after[1]).toMatchObject({ id: before[0].id, result: { status: 200, ok: true } });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
