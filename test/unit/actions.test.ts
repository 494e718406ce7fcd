import { describe, expect, it } from 'vitest';
import type { AccessAttributes, AccessChecker } from '../../src/k8s/access.js';
import { createActionPipeline, mapLimit } from '../../src/k8s/actions.js';
import { ApiError, ReadonlyError, type PlannedRequest, type RequestOptions, type Transport } from '../../src/k8s/types.js';

interface Sent {
  method?: string;
  path: string;
  query?: RequestOptions['query'];
  contentType?: string;
  body?: unknown;
}

/** Records every request; `answer` decides per request (throw for errors). */
function fakeTransport(answer: (s: Sent) => unknown = () => ({})) {
  const sent: Sent[] = [];
  const transport: Transport = {
    server: 'https://fake',
    async request<T>(path: string, opts: RequestOptions = {}) {
      const s = { method: opts.method, path, query: opts.query, contentType: opts.contentType, body: opts.body };
      sent.push(s);
      await Promise.resolve();
      return answer(s) as T;
    },
    stream: () => Promise.reject(new Error('not used')),
  };
  return { transport, sent };
}

function fakeAccess(deny: Record<string, string> = {}) {
  const asked: AccessAttributes[] = [];
  const access: AccessChecker = {
    async canI(attrs) {
      asked.push(attrs);
      const reason = deny[attrs.namespace ?? ''];
      return reason ? { ok: false, reason } : { ok: true };
    },
  };
  return { access, asked };
}

const jsonPatch = 'application/json-patch+json';
const patchReq = (ns: string, name: string): PlannedRequest => ({
  target: `${ns}/${name}`,
  method: 'PATCH',
  path: `/api/v1/namespaces/${ns}/pods/${name}`,
  contentType: jsonPatch,
  body: [{ op: 'remove', path: '/spec/schedulingGates' }],
});
const deleteReq = (ns: string, name: string, uid: string): PlannedRequest => ({
  target: `${ns}/${name}`,
  method: 'DELETE',
  path: `/api/v1/namespaces/${ns}/pods/${name}`,
  contentType: 'application/json',
  body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid } },
});
const podAccess = { verb: 'patch', group: '', resource: 'pods' };

describe('plan', () => {
  it('checks access per namespace, then dry-runs every request with dryRun=All and fieldManager', async () => {
    const order: string[] = [];
    const { transport, sent } = fakeTransport((s) => order.push(`send ${s.path}`));
    const access: AccessChecker = {
      async canI(a) {
        order.push(`canI ${a.namespace}`);
        return { ok: true };
      },
    };
    const reqs = [patchReq('a', 'p1'), patchReq('a', 'p2'), patchReq('b', 'p3')];
    const plan = await createActionPipeline(transport, access).plan({ title: 'Remove scheduling gate', access: podAccess, requests: reqs });

    expect(order.slice(0, 2).sort()).toEqual(['canI a', 'canI b']);
    expect(order.slice(2)).toHaveLength(3);
    expect(sent).toEqual(
      reqs.map((r) => ({ method: 'PATCH', path: r.path, query: { dryRun: 'All', fieldManager: 'kubedeck' }, contentType: jsonPatch, body: r.body })),
    );
    expect(plan).toEqual({
      title: 'Remove scheduling gate',
      requests: reqs,
      allowed: { ok: true },
      dryRun: [
        { ok: true, status: 200, message: 'would be changed' },
        { ok: true, status: 200, message: 'would be changed' },
        { ok: true, status: 200, message: 'would be changed' },
      ],
      warnings: [],
    });
  });

  it('reports a denied namespace in plan.allowed', async () => {
    const { transport } = fakeTransport();
    const { access, asked } = fakeAccess({ b: 'you may not patch pods in namespace b' });
    const plan = await createActionPipeline(transport, access).plan({
      title: 't',
      access: podAccess,
      requests: [patchReq('a', 'p1'), patchReq('b', 'p2')],
    });
    expect(asked).toEqual([
      { ...podAccess, namespace: 'a' },
      { ...podAccess, namespace: 'b' },
    ]);
    expect(plan.allowed).toEqual({ ok: false, reason: 'you may not patch pods in namespace b' });
  });

  it('checks cluster-scoped targets without a namespace', async () => {
    const { transport } = fakeTransport();
    const { access, asked } = fakeAccess();
    await createActionPipeline(transport, access).plan({
      title: 't',
      access: { verb: 'delete', group: '', resource: 'persistentvolumes' },
      requests: [{ target: 'pv-1', method: 'DELETE', path: '/api/v1/persistentvolumes/pv-1' }],
    });
    expect(asked).toEqual([{ verb: 'delete', group: '', resource: 'persistentvolumes', namespace: undefined }]);
  });

  it('puts a 422 dry-run answer, in the server words, at the position of its request', async () => {
    const { transport } = fakeTransport((s) => {
      if (s.path.endsWith('/p2')) throw new ApiError(422, 'Pod "p2" is invalid: spec.schedulingGates[1].name: Forbidden: only deletion is allowed');
      return {};
    });
    const plan = await createActionPipeline(transport, fakeAccess().access).plan({
      title: 't',
      access: podAccess,
      requests: [patchReq('a', 'p1'), patchReq('a', 'p2'), patchReq('a', 'p3')],
      warnings: ['skipped a/p4: it has no scheduling gates'],
    });
    expect(plan.dryRun).toEqual([
      { ok: true, status: 200, message: 'would be changed' },
      {
        ok: false,
        status: 422,
        message: 'the server refused the change: Pod "p2" is invalid: spec.schedulingGates[1].name: Forbidden: only deletion is allowed',
      },
      { ok: true, status: 200, message: 'would be changed' },
    ]);
    expect(plan.warnings).toEqual(['skipped a/p4: it has no scheduling gates']);
  });

  it('dry-runs a delete with dryRun in the body too, since the server ignores the query when a body is sent', async () => {
    const { transport, sent } = fakeTransport();
    const req = deleteReq('a', 'p1', 'uid-1');
    await createActionPipeline(transport, fakeAccess().access).plan({ title: 'Delete', access: { ...podAccess, verb: 'delete' }, requests: [req] });
    expect(sent).toEqual([
      {
        method: 'DELETE',
        path: req.path,
        query: { dryRun: 'All' },
        contentType: 'application/json',
        body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'uid-1' }, dryRun: ['All'] },
      },
    ]);
    expect(req.body).not.toHaveProperty('dryRun');
  });

  it('refuses PUT: no read-modify-write of whole objects', async () => {
    const { transport, sent } = fakeTransport();
    const put: PlannedRequest = { target: 'a/p1', method: 'PUT', path: '/api/v1/namespaces/a/pods/p1', body: {} };
    const pipeline = createActionPipeline(transport, fakeAccess().access);
    await expect(pipeline.plan({ title: 't', access: podAccess, requests: [put] })).rejects.toThrow(/refused PUT/);
    await expect(
      pipeline.execute({ title: 't', requests: [put], allowed: { ok: true }, dryRun: [], warnings: [] }),
    ).rejects.toThrow(/refused PUT/);
    expect(sent).toEqual([]);
  });
});

describe('execute', () => {
  const planOf = (requests: PlannedRequest[]) => ({ title: 't', requests, allowed: { ok: true }, dryRun: [], warnings: [] });

  it('sends each request with fieldManager and never dryRun', async () => {
    const { transport, sent } = fakeTransport();
    const reqs = [patchReq('a', 'p1'), deleteReq('a', 'p2', 'uid-2')];
    const results = await createActionPipeline(transport, fakeAccess().access).execute(planOf(reqs));
    expect(sent).toEqual([
      { method: 'PATCH', path: reqs[0].path, query: { fieldManager: 'kubedeck' }, contentType: jsonPatch, body: reqs[0].body },
      { method: 'DELETE', path: reqs[1].path, query: {}, contentType: 'application/json', body: reqs[1].body },
    ]);
    expect(results).toEqual([
      { target: 'a/p1', ok: true, status: 200, message: 'changed' },
      { target: 'a/p2', ok: true, status: 200, message: 'deleted' },
    ]);
  });

  it('gives each object its own result in plain words; one failure does not stop the others', async () => {
    const errors: Record<string, Error> = {
      p1: new ApiError(409, 'Operation cannot be fulfilled on pods "p1": the object has been modified', { reason: 'Conflict' }),
      p2: new ApiError(422, 'Pod "p2" is invalid: spec: Forbidden: pod updates may not change fields', { reason: 'Invalid' }),
      p3: new ApiError(403, 'pods "p3" is forbidden: User "dev" cannot patch resource "pods"', { reason: 'Forbidden' }),
      p4: new ApiError(404, 'pods "p4" not found', { reason: 'NotFound' }),
      p5: new ReadonlyError('PATCH', '/api/v1/namespaces/a/pods/p5'),
    };
    const { transport, sent } = fakeTransport((s) => {
      const err = errors[s.path.split('/').pop()!];
      if (err) throw err;
      return {};
    });
    const names = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const results = await createActionPipeline(transport, fakeAccess().access).execute(planOf(names.map((n) => patchReq('a', n))));
    expect(sent).toHaveLength(6);
    expect(results).toEqual([
      {
        target: 'a/p1',
        ok: false,
        status: 409,
        message:
          'changed since you looked: Operation cannot be fulfilled on pods "p1": the object has been modified; nothing was applied, look again and retry',
      },
      { target: 'a/p2', ok: false, status: 422, message: 'the server refused the change: Pod "p2" is invalid: spec: Forbidden: pod updates may not change fields' },
      { target: 'a/p3', ok: false, status: 403, message: 'forbidden: pods "p3" is forbidden: User "dev" cannot patch resource "pods"' },
      { target: 'a/p4', ok: false, status: 404, message: 'already gone' },
      { target: 'a/p5', ok: false, status: 0, message: 'read-only mode: refused PATCH /api/v1/namespaces/a/pods/p5 (started with --readonly)' },
      { target: 'a/p6', ok: true, status: 200, message: 'changed' },
    ]);
  });

  it.each(['testing value /spec/schedulingGates failed: test failed', 'Testing value /spec/schedulingGates failed'])(
    'reads a failed JSON Patch test op (%s) as a concurrent change',
    async (serverMessage) => {
      const { transport } = fakeTransport(() => {
        throw new ApiError(422, serverMessage);
      });
      const [r] = await createActionPipeline(transport, fakeAccess().access).execute(planOf([patchReq('a', 'p1')]));
      expect(r).toEqual({
        target: 'a/p1',
        ok: false,
        status: 422,
        message: `changed since you looked: ${serverMessage}; nothing was applied, look again and retry`,
      });
    },
  );

  it('tells a delete that left the object Terminating from one that removed it', async () => {
    const { transport } = fakeTransport((s) =>
      s.path.endsWith('/p1')
        ? { kind: 'Pod', metadata: { name: 'p1', deletionTimestamp: '2026-01-01T00:00:00Z' } }
        : { kind: 'Status', status: 'Success' },
    );
    const results = await createActionPipeline(transport, fakeAccess().access).execute(
      planOf([deleteReq('a', 'p1', 'u1'), deleteReq('a', 'p2', 'u2')]),
    );
    expect(results.map((r) => r.message)).toEqual(['deletion started (Terminating)', 'deleted']);
  });

  it('keeps at most `concurrency` requests in flight, results in request order', async () => {
    let inFlight = 0;
    let peak = 0;
    const transport: Transport = {
      server: 'https://fake',
      async request<T>(path: string) {
        peak = Math.max(peak, ++inFlight);
        // later requests finish first, so order must come from the input
        await new Promise((r) => setTimeout(r, 20 - Number(path.slice(-1)) * 2));
        inFlight--;
        return {} as T;
      },
      stream: () => Promise.reject(new Error('not used')),
    };
    const reqs = Array.from({ length: 9 }, (_, i) => patchReq('a', `p${i}`));
    const results = await createActionPipeline(transport, fakeAccess().access).execute(planOf(reqs), { concurrency: 3 });
    expect(peak).toBe(3);
    expect(results.map((r) => r.target)).toEqual(reqs.map((r) => r.target));
  });
});

describe('mapLimit', () => {
  it('returns no results for no items', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});
