// The request sent is the one confirmed: path segments are validated and encoded,
// and the server's request log shows the same bytes the audit log recorded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileAuditSink } from '../../src/k8s/audit.js';
import { resourcePath } from '../../src/k8s/paths.js';
import { createTransport } from '../../src/k8s/transport.js';
import type { ApiError } from '../../src/k8s/types.js';
import { json } from './modes.js';
import { podsType } from './helpers.js';
import { startFaultServer, type FaultServer } from './server.js';

let fsrv: FaultServer;
let dir: string;
beforeAll(async () => {
  fsrv = await startFaultServer();
  fsrv.on('DELETE', undefined, (_req, res) => json(res, 200, { kind: 'Status', status: 'Success' }));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubedeck-paths-'));
});
afterAll(async () => {
  await fsrv.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('path segments', () => {
  it.each([
    ['..', 'it may not be ".."'],
    ['.', 'it may not be "."'],
    ['a/b', 'it may not contain "/"'],
    ['50%', 'it may not contain "%"'],
  ])('the name %j is refused before a request is built', (name, why) => {
    expect(() => resourcePath(podsType, { namespace: 'ns1', name })).toThrow(`refusing name ${JSON.stringify(name)}: ${why}; no request was sent`);
    expect(() => resourcePath(podsType, { namespace: name, name: 'web-0' })).toThrow(`refusing namespace ${JSON.stringify(name)}`);
  });

  it('the transport refuses a hand-built path with a ".." segment and sends nothing', async () => {
    const before = fsrv.requests.length;
    const t = createTransport(fsrv.kubeconfig());
    for (const p of ['/api/v1/namespaces/ns1/pods/..', '/api/v1/namespaces/ns1/pods/%2E%2e', '/api/v1/namespaces/ns1/pods/./x']) {
      const err = (await t.request(p, { method: 'DELETE' }).catch((e: unknown) => e)) as ApiError;
      expect(err.message).toContain('a "." or ".." path segment would change which object it names');
    }
    expect(fsrv.requests.length).toBe(before);
  });

  it('the bytes on the wire equal the audited path, for names with ":", "ä", "+" and spaces', async () => {
    const sink = createFileAuditSink(path.join(dir, 'audit.log'));
    const t = createTransport(fsrv.kubeconfig(), { audit: { sink, context: 'fault', user: () => 'alice' } });
    const names = ['system:node:a', 'straße-ä', 'a+b', 'with space'];
    for (const name of names) await t.request(resourcePath(podsType, { namespace: 'ns1', name }), { method: 'DELETE', query: { dryRun: 'All' } });
    await sink.close();
    const audited = fs.readFileSync(sink.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.phase === 'result').map((l) => l.path);
    const wire = fsrv.requests.filter((r) => r.method === 'DELETE').map((r) => r.rawUrl);
    expect(wire).toEqual(audited);
    expect(wire[0]).toBe('/api/v1/namespaces/ns1/pods/system%3Anode%3Aa?dryRun=All');
    expect(fsrv.requests.filter((r) => r.method === 'DELETE').map((r) => decodeURIComponent(r.path.split('/').at(-1)!))).toEqual(names);
  });
});

describe('plans', () => {
  it('deleting a pod named ".." is refused as a rejected plan, never a thrown crash', async () => {
    const { resourcesOver } = await import('../support/resources.js');
    const pipeline = { plan: async () => { throw new Error('must not be reached'); } } as never;
    const bad = { metadata: { name: '..', namespace: 'ns1', uid: 'u-1' } };
    const p = resourcesOver({ pipeline, transport: {} as never, access: {} as never }, [podsType])({ group: '', resource: 'pods' }).planDelete([bad]);
    await expect(p).rejects.toThrow('refusing name "..": it may not be ".."; no request was sent');
  });
});
