// The contract suite: one set of tests that kubedeck's own code (transport, watch loop,
// store, discovery, action pipeline, pod requests) must pass against any server it
// claims to speak to. It runs against the demo cluster (test/contract/demo.test.ts)
// and against a real kube-apiserver (test/e2e/cluster/contract.test.ts); where the demo
// differed from the real server, the demo was fixed, so both run the same assertions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../src/k8s/kubeconfig.js';
import { createTransport, isAborted, type TransportOptions } from '../../src/k8s/transport.js';
import type { WireRecord } from '../../src/k8s/encoding.js';
import { discover } from '../../src/k8s/discovery.js';
import { listAll, startWatch, type WatchHandle, type WatchLoopEvent } from '../../src/k8s/watch.js';
import { createAccessChecker } from '../../src/k8s/access.js';
import { createActionPipeline } from '../../src/k8s/actions.js';
import { deleteRequest, ungateRequest } from '../../src/k8s/pods.js';
import { resourcePath } from '../../src/k8s/paths.js';
import { SELF_SUBJECT_REVIEWS } from '../../src/k8s/identity.js';
import { Store, keyOf } from '../../src/state/store.js';
import { TABLE_ACCEPT } from '../../src/k8s/servertable.js';
import { ServerTableStore } from '../../src/state/servertable.js';
import { ApiError, type KubeObject, type ResourceType, type Transport } from '../../src/k8s/types.js';
import type { ContractTarget } from './target.js';

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';
// etcd3 store's wording (storage.NewInvalidError... errors.NewResourceExpired) for an expired continue token.
const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list ' +
  'without the continue parameter, or use the continue token in this response to retrieve the remainder of the ' +
  'results. Continuing with the provided token results in an inconsistent list - objects that were created, ' +
  'modified, or deleted between the time the first chunk was returned and now may show up in the list.';
// What a failed JSON Patch operation (a `test` included) answers: NewGenericServerResponse(422).
const PATCH_REJECTED = 'the server rejected our request due to an error in our request';

export function transportFor(kubeconfig: string, opts: TransportOptions = {}): Transport {
  const loaded = loadKubeconfig({ kubeconfig, env: {} });
  return createTransport(loaded.forContext(loaded.currentContext).kc, { requestTimeoutMs: 20_000, ...opts });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await sleep(100);
  }
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}

interface RawStream {
  lines: string[];
  events(): { type: string; object: any }[];
  ended: Promise<ApiError | undefined>;
  stop(): void;
}

/** A raw stream through kubedeck's transport; ended resolves with the error, if any. */
function rawStream(t: Transport, path: string, query: Record<string, string | number | boolean>): RawStream {
  const lines: string[] = [];
  const ctl = new AbortController();
  const ended = t.stream(path, { query, signal: ctl.signal, onLine: (l) => void (l.trim() && lines.push(l)) }).then(
    () => undefined,
    (err: unknown) => {
      if (err instanceof ApiError) return err;
      throw err;
    },
  );
  return { lines, events: () => lines.map((l) => JSON.parse(l)), ended, stop: () => ctl.abort() };
}

/** name → resourceVersion, the identity of a list's content */
function versions(items: readonly KubeObject[]): Record<string, string> {
  return Object.fromEntries(items.map((o) => [keyOf(o), o.metadata.resourceVersion ?? '']).sort(([a], [b]) => a.localeCompare(b)));
}

export function defineContractSuite(getTarget: () => ContractTarget): void {
  let target: ContractTarget;
  let admin: Transport;
  let viewer: Transport;
  let pods: ResourceType;
  const ns = `contract-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const handles: WatchHandle[] = [];

  const podPath = (name?: string) => resourcePath(pods, { namespace: ns, name });
  const getPod = (name: string) => admin.request<KubeObject>(podPath(name));
  const listPods = (query: Record<string, string | number> = {}) =>
    admin.request<{ metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number }; items: KubeObject[] }>(podPath(), { query });

  async function createPod(name: string, opts: { gates?: string[]; finalizers?: string[]; labels?: Record<string, string> } = {}): Promise<KubeObject> {
    const spec: Record<string, unknown> = {
      containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }],
      terminationGracePeriodSeconds: 0,
    };
    if (opts.gates) spec.schedulingGates = opts.gates.map((g) => ({ name: g }));
    return admin.request<KubeObject>(podPath(), {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: opts.labels, finalizers: opts.finalizers }, spec },
    });
  }

  function watch(opts: { timeoutSeconds?: number; pageSize?: number; transport?: Transport; watchList?: boolean } = {}) {
    const store = new Store({ frameMs: 0 });
    const events: WatchLoopEvent[] = [];
    const handle = startWatch({
      transport: opts.transport ?? admin,
      resource: pods,
      namespace: ns,
      sink: store,
      pageSize: opts.pageSize ?? 500,
      timeoutSeconds: opts.timeoutSeconds ?? 300,
      backoff: { initialMs: 200, maxMs: 2000 },
      watchList: opts.watchList,
      onEvent: (e) => events.push(e),
    });
    handles.push(handle);
    return { store, events, handle, count: (type: WatchLoopEvent['type']) => events.filter((e) => e.type === type).length };
  }

  /** the store holds exactly what a fresh LIST returns (names and resourceVersions) */
  async function sameAsList(store: Store): Promise<boolean> {
    const fresh = await listPods();
    return JSON.stringify(versions(store.list())) === JSON.stringify(versions(fresh.items));
  }

  beforeAll(async () => {
    target = getTarget();
    admin = transportFor(target.admin.kubeconfig);
    viewer = transportFor(target.viewer.kubeconfig);
    const reg = await discover(admin);
    pods = reg.resolve('', 'pods')!;
    expect(pods).toMatchObject({ version: 'v1', kind: 'Pod', namespaced: true });
    expect(pods.subresources).toContain('log');
    await admin.request('/api/v1/namespaces', { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    await target.controls.namespaceReady(ns);
  }, 120_000);

  afterAll(async () => {
    for (const h of handles) h.stop();
    await admin?.request(`/api/v1/namespaces/${ns}`, { method: 'DELETE' }).catch(() => undefined);
  });

  describe('lists and watches', () => {
    it('a paginated list (limit + continue) equals an unpaginated one', async () => {
      for (let i = 0; i < 7; i++) await createPod(`page-${i}`, { gates: ['hold'], labels: { contract: 'page' } });
      const first = await listPods({ limit: 3, labelSelector: 'contract=page' });
      expect(first.items).toHaveLength(3);
      expect(first.metadata.continue).toBeTruthy();
      const whole = await listPods({ labelSelector: 'contract=page' });
      expect(whole.metadata.continue ?? '').toBe('');
      const paged = await listAll(admin, pods, ns, { pageSize: 3, labelSelector: 'contract=page' });
      expect(versions(paged.items)).toEqual(versions(whole.items));
      expect(Object.keys(versions(paged.items))).toHaveLength(7);
      // list items carry no kind on the wire; listAll gives them the watch events' one
      expect(paged.items.every((p) => p.kind === 'Pod' && p.apiVersion === 'v1')).toBe(true);
      // without a selector the server says how many are left
      const total = (await listPods()).items.length;
      const unfiltered = await listPods({ limit: 2 });
      expect(unfiltered.metadata.remainingItemCount).toBe(total - 2);
    });

    it('a watch from a list’s resourceVersion gets exactly the later changes, in order', async () => {
      const list = await listPods();
      const s = rawStream(admin, podPath(), { watch: 1, resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 30 });
      const created = await createPod('watched', { gates: ['hold'] });
      const patched = await admin.request<KubeObject>(podPath('watched'), { method: 'PATCH', contentType: MERGE_PATCH, body: { metadata: { labels: { seen: 'yes' } } } });
      await admin.request(podPath('watched'), { method: 'DELETE' });
      const named = () => s.events().filter((e) => e.type !== 'BOOKMARK');
      await until('four events', () => named().length >= 4);
      s.stop();
      expect(await s.ended).toSatisfy(isAborted);
      const got = named().map((e) => [e.type, e.object.metadata.name, e.object.metadata.resourceVersion]);
      expect(got[0]).toEqual(['ADDED', 'watched', created.metadata.resourceVersion]);
      expect(got[1]).toEqual(['MODIFIED', 'watched', patched.metadata.resourceVersion]);
      // a pod's DELETE is graceful even with grace 0 (an unscheduled pod): the deletionTimestamp
      // is stored first (MODIFIED), then the object goes (DELETED, with the timestamp)
      expect(got.slice(2).map((g) => g[0])).toEqual(['MODIFIED', 'DELETED']);
      for (const e of named().slice(2)) expect(e.object.metadata).toMatchObject({ deletionTimestamp: expect.any(String), deletionGracePeriodSeconds: 0 });
      expect(Number(got[3][2])).toBeGreaterThan(Number(got[2][2]));
      expect(Number(got[2][2])).toBeGreaterThan(Number(patched.metadata.resourceVersion));
      expect(named()).toHaveLength(4);
      // watch events carry kind and apiVersion, as the loop relies on
      expect(named()[0].object).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
    });

    it('a watch with sendInitialEvents and allowWatchBookmarks ends its initial events with a BOOKMARK', async () => {
      // Real servers send the periodic BOOKMARK about once a minute; the one after the
      // initial events (sendInitialEvents / k8s.io/initial-events-end) comes at once.
      const s = rawStream(admin, podPath(), { watch: 1, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true, timeoutSeconds: 30 });
      const listed = await listPods();
      await until('the initial-events-end bookmark', () => s.events().some((e) => e.type === 'BOOKMARK'));
      s.stop();
      const evs = s.events();
      const at = evs.findIndex((e) => e.type === 'BOOKMARK');
      const bookmark = evs[at].object;
      expect(bookmark).toMatchObject({ kind: 'Pod', apiVersion: 'v1', metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } });
      expect(Number(bookmark.metadata.resourceVersion)).toBeGreaterThan(0);
      expect(evs.slice(0, at).every((e) => e.type === 'ADDED')).toBe(true);
      expect(evs.slice(0, at).map((e) => e.object.metadata.name).sort()).toEqual(listed.items.map((p) => p.metadata.name).sort());
    });

    it('kubedeck’s loop with watch-list syncs from one stream, without a LIST, and follows changes on it', async () => {
      const w = watch({ watchList: true });
      await until('synced', () => w.store.health.state === 'synced');
      await until('store equals a fresh LIST', () => sameAsList(w.store));
      expect(w.events.find((e) => e.type === 'list-start')).toMatchObject({ watchList: true });
      expect(w.events.find((e) => e.type === 'list-done')).toMatchObject({ watchList: true, resourceVersion: expect.stringMatching(/^[1-9]\d*$/) });
      expect(w.count('watch-list-refused')).toBe(0);
      expect(w.count('watch-start')).toBe(1);
      await createPod('after-watch-list', { gates: ['hold'] });
      await until('the new pod in the store', () => w.store.get(`${ns}/after-watch-list`));
      expect(w.count('watch-start')).toBe(1); // the same connection
      w.handle.stop();
    });

    it('the loop resumes from the last resourceVersion after the server ends a watch, without relisting', async () => {
      const w = watch({ timeoutSeconds: 1 }); // the server ends each watch after 1 to 2 s
      await until('synced', () => w.store.health.state === 'synced');
      await until('two server-ended watches', () => w.count('watch-end') >= 2, 15_000);
      await createPod('after-resume', { gates: ['hold'] });
      await until('the new pod in the store', () => w.store.get(`${ns}/after-resume`), 15_000);
      await until('store equals a fresh LIST', () => sameAsList(w.store), 15_000);
      expect(w.count('list-start')).toBe(1);
      expect(w.count('relist')).toBe(0);
      const starts = w.events.filter((e): e is Extract<WatchLoopEvent, { type: 'watch-start' }> => e.type === 'watch-start');
      expect(starts.length).toBeGreaterThanOrEqual(3);
      // each resumed watch starts where the previous one left off, never from "" or "0"
      expect(starts.every((e) => /^[1-9]\d*$/.test(e.resourceVersion))).toBe(true);
      w.handle.stop();
    });

    it('an expired continue token answers 410 Expired with etcd’s wording, and the paginated list restarts', async () => {
      const page = await listPods({ limit: 2 });
      const token = page.metadata.continue!;
      expect(token).toBeTruthy();
      // the loop's paginated LIST: after its first page, etcd compacts past the list's revision
      let compacted = false;
      const compacting: Transport = {
        server: admin.server,
        stream: (p, o) => admin.stream(p, o),
        async request<T>(p: string, o?: Parameters<Transport['request']>[1]) {
          const res = await admin.request<T>(p, o);
          const rv = (res as { metadata?: { continue?: string; resourceVersion?: string } })?.metadata;
          if (!compacted && o?.query?.limit && rv?.continue) {
            compacted = true;
            await target.controls.compactPast(rv.resourceVersion!);
          }
          return res;
        },
      };
      const w = watch({ pageSize: 2, transport: compacting });
      await until('synced after the restarted list', () => w.store.health.state === 'synced', 90_000);
      expect(w.events.filter((e) => e.type === 'list-start')).toEqual([
        { type: 'list-start', restart: false },
        { type: 'list-start', restart: true },
      ]);
      expect(await sameAsList(w.store)).toBe(true);
      w.handle.stop();

      const err = await failure(listPods({ limit: 2, continue: token }));
      expect(err.status).toBe(410);
      expect(err.reason).toBe('Expired');
      expect(err.message).toBe(INCONSISTENT_CONTINUE);
      // the Status carries a token that continues from the latest revision
      const fresh = (err.body as { metadata?: { continue?: string } }).metadata?.continue;
      expect(fresh).toBeTruthy();
      const rest = await listPods({ limit: 500, continue: fresh! });
      expect(rest.items.length).toBeGreaterThan(0);
    }, 120_000);

    it('the API server restarts mid-watch: a watch from before answers 410, the loop relists and matches a fresh LIST', async () => {
      const w = watch();
      await until('synced', () => w.store.health.state === 'synced' && w.count('watch-start') >= 1);
      await createPod('before-restart', { gates: ['hold'] });
      await until('pod seen', () => w.store.get(`${ns}/before-restart`));
      const staleRv = (await listPods()).metadata.resourceVersion;
      await target.controls.restartApiServer();
      // a GET first: kubedeck's transport retries a GET (only) on a keep-alive socket the restart closed
      await until('the restarted server answers', () => listPods(), 30_000);
      // changes while the loop reconnects
      await createPod('after-restart', { gates: ['hold'] });
      await admin.request(podPath('before-restart'), { method: 'DELETE' });

      // the new server's watch cache starts at the current revision: a 200 with one ERROR event
      const s = rawStream(admin, podPath(), { watch: 1, resourceVersion: staleRv, allowWatchBookmarks: true, timeoutSeconds: 10 });
      expect(await s.ended).toBeUndefined();
      const evs = s.events();
      expect(evs).toHaveLength(1);
      expect(evs[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 } });
      expect(evs[0].object.message).toMatch(new RegExp(`^too old resource version: ${staleRv} \\(\\d+\\)$`));

      await until('store equals a fresh LIST after the restart', async () => w.store.get(`${ns}/after-restart`) && !w.store.get(`${ns}/before-restart`) && w.store.health.state === 'synced' && (await sameAsList(w.store)), 60_000);
      expect(w.count('relist')).toBeGreaterThanOrEqual(1);
      expect(w.count('list-start')).toBeGreaterThanOrEqual(2);
      w.handle.stop();
    }, 120_000);
  });

  describe('patches and deletes', () => {
    it('kubedeck’s ungate JSON Patch (test + remove) removes one gate, then all, through the action pipeline', async () => {
      const pod = await createPod('gated', { gates: ['a', 'b', 'c'] });
      const pipeline = createActionPipeline(admin, createAccessChecker(admin));
      const req = ungateRequest(pod, 'b', pods);
      const plan = await pipeline.plan({ title: 'ungate', access: { verb: 'patch', group: '', resource: 'pods' }, requests: [req] });
      expect(plan.allowed).toEqual({ ok: true });
      expect(plan.dryRun).toEqual([{ ok: true, status: 200, message: 'would be changed' }]);
      expect((await getPod('gated')).spec.schedulingGates).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]); // the dry run changed nothing
      expect(await pipeline.execute(plan)).toEqual([{ target: `${ns}/gated`, ok: true, status: 200, message: 'changed' }]);
      const after = await getPod('gated');
      expect(after.spec.schedulingGates).toEqual([{ name: 'a' }, { name: 'c' }]);
      const all = await pipeline.execute(await pipeline.plan({ title: 'ungate', access: { verb: 'patch', group: '', resource: 'pods' }, requests: [ungateRequest(after, null, pods)] }));
      expect(all[0]).toMatchObject({ ok: true });
      expect((await getPod('gated')).spec.schedulingGates ?? []).toEqual([]);
    });

    it('adding a scheduling gate is refused with 422 and the API server’s field message', async () => {
      await createPod('no-new-gates', { gates: ['a'] });
      const err = await failure(
        admin.request(podPath('no-new-gates'), { method: 'PATCH', contentType: JSON_PATCH, body: [{ op: 'add', path: '/spec/schedulingGates/-', value: { name: 'z' } }] }),
      );
      expect(err.status).toBe(422);
      expect(err.reason).toBe('Invalid');
      expect(err.message).toBe(`Pod "no-new-gates" is invalid: spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'z'`);
      expect((err.body as any).details).toMatchObject({
        name: 'no-new-gates',
        kind: 'Pod',
        causes: [{ reason: 'FieldValueForbidden', field: 'spec.schedulingGates[1].name', message: `Forbidden: only deletion is allowed, but found new scheduling gate 'z'` }],
      });
    });

    it('a JSON Patch whose test fails is refused with 422 and changes nothing', async () => {
      const pod = await createPod('test-op', { gates: ['a', 'b'] });
      const stale = ungateRequest(pod, 'a', pods);
      // someone else removes gate b meanwhile
      await admin.request(podPath('test-op'), { method: 'PATCH', contentType: JSON_PATCH, body: [{ op: 'remove', path: '/spec/schedulingGates/1' }] });
      const before = await getPod('test-op');
      const err = await failure(admin.request(stale.path, { method: 'PATCH', contentType: JSON_PATCH, body: stale.body }));
      expect(err.status).toBe(422);
      expect(err.reason).toBe('Invalid');
      expect(err.message).toBe(PATCH_REJECTED);
      const pipeline = createActionPipeline(admin, createAccessChecker(admin));
      const [result] = await pipeline.execute({ title: 'ungate', requests: [stale], allowed: { ok: true }, dryRun: [], warnings: [] });
      expect(result).toMatchObject({ ok: false, status: 422 });
      expect(result.message).toContain(PATCH_REJECTED);
      const after = await getPod('test-op');
      expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
      expect(after.spec.schedulingGates).toEqual([{ name: 'a' }]);
    });

    it('a stale resourceVersion answers 409 Conflict, for a merge patch and for a PUT', async () => {
      const pod = await createPod('stale', { gates: ['a'] });
      await admin.request(podPath('stale'), { method: 'PATCH', contentType: MERGE_PATCH, body: { metadata: { labels: { touched: '1' } } } });
      const expected = `Operation cannot be fulfilled on pods "stale": ${MODIFIED}`;
      const patchErr = await failure(
        admin.request(podPath('stale'), { method: 'PATCH', contentType: MERGE_PATCH, body: { metadata: { resourceVersion: pod.metadata.resourceVersion, labels: { late: '1' } } } }),
      );
      expect([patchErr.status, patchErr.reason, patchErr.message]).toEqual([409, 'Conflict', expected]);
      expect((patchErr.body as any).details).toMatchObject({ name: 'stale', kind: 'pods' });
      const putErr = await failure(admin.request(podPath('stale'), { method: 'PUT', body: { ...pod, metadata: { ...pod.metadata, labels: { late: '1' } } } }));
      expect([putErr.status, putErr.reason, putErr.message]).toEqual([409, 'Conflict', expected]);
      expect((await getPod('stale')).metadata.labels).toEqual({ touched: '1' });
    });

    it('dryRun=All answers with the changed object and changes nothing', async () => {
      const pod = await createPod('dry', { gates: ['a'] });
      const answer = await admin.request<KubeObject>(podPath('dry'), {
        method: 'PATCH',
        contentType: MERGE_PATCH,
        query: { dryRun: 'All', fieldManager: 'kubedeck' },
        body: { metadata: { labels: { dry: 'run' } } },
      });
      expect(answer.metadata.labels).toEqual({ dry: 'run' });
      const created = await admin.request<KubeObject>(podPath(), {
        method: 'POST',
        query: { dryRun: 'All' },
        body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'dry-created' }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] } },
      });
      expect(created.metadata.name).toBe('dry-created');
      expect((await failure(getPod('dry-created'))).status).toBe(404);
      const pipeline = createActionPipeline(admin, createAccessChecker(admin));
      const plan = await pipeline.plan({ title: 'delete', access: { verb: 'delete', group: '', resource: 'pods' }, requests: [deleteRequest(pod, pods)] });
      expect(plan.dryRun).toEqual([{ ok: true, status: 200, message: 'would be deleted' }]);
      const after = await getPod('dry');
      expect(after.metadata.resourceVersion).toBe(pod.metadata.resourceVersion);
      expect(after.metadata.labels ?? {}).toEqual({});
      expect(after.metadata.deletionTimestamp).toBeUndefined();
    });

    it('a finalizer holds a deleted object with a deletionTimestamp; removing it deletes the object', async () => {
      const pod = await createPod('held', { gates: ['a'], finalizers: ['kubedeck.io/contract'] });
      const pipeline = createActionPipeline(admin, createAccessChecker(admin));
      const [result] = await pipeline.execute({ title: 'delete', requests: [deleteRequest(pod, pods)], allowed: { ok: true }, dryRun: [], warnings: [] });
      expect(result).toEqual({ target: `${ns}/held`, ok: true, status: 200, message: 'deletion started (Terminating)' });
      const held = await getPod('held');
      expect(held.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(held.metadata.finalizers).toEqual(['kubedeck.io/contract']);
      // the last finalizer's removal is the deletion
      await admin.request(podPath('held'), {
        method: 'PATCH',
        contentType: JSON_PATCH,
        body: [
          { op: 'test', path: '/metadata/finalizers', value: ['kubedeck.io/contract'] },
          { op: 'remove', path: '/metadata/finalizers' },
        ],
      });
      await until('the pod is gone', async () => (await failure(getPod('held'))).status === 404, 10_000);
    });

    it('a DELETE whose uid precondition does not match answers 409 and deletes nothing', async () => {
      const pod = await createPod('uid-guard', { gates: ['a'] });
      const wrong = '00000000-0000-0000-0000-000000000000';
      const req = deleteRequest({ ...pod, metadata: { ...pod.metadata, uid: wrong } }, pods);
      const err = await failure(admin.request(req.path, { method: 'DELETE', body: req.body }));
      expect(err.status).toBe(409);
      expect(err.reason).toBe('Conflict');
      expect(err.message).toBe(
        `Operation cannot be fulfilled on Pod "uid-guard": the UID in the precondition (${wrong}) does not match the UID in record (${pod.metadata.uid}). The object might have been deleted and then recreated`,
      );
      expect((err.body as any).details).toMatchObject({ name: 'uid-guard', kind: 'Pod' });
      const pipeline = createActionPipeline(admin, createAccessChecker(admin));
      const [result] = await pipeline.execute({ title: 'delete', requests: [req], allowed: { ok: true }, dryRun: [], warnings: [] });
      expect(result).toMatchObject({ ok: false, status: 409 });
      expect((await getPod('uid-guard')).metadata.uid).toBe(pod.metadata.uid);
    });
  });

  describe('server-side Tables (kubectl get)', () => {
    // Cells that are times rendered at encode time, normalised
    const TIME_COLUMNS = new Set(['Age', 'Last Seen', 'First Seen', 'Duration']);
    type Col = { name: string; type: string; format: string; priority: number };
    const shape = (t: any): Col[] => t.columnDefinitions.map((c: any) => ({ name: c.name, type: c.type, format: c.format ?? '', priority: c.priority ?? 0 }));
    const normalised = (cols: Col[], cells: unknown[]) => cells.map((c, i) => (TIME_COLUMNS.has(cols[i]!.name) ? '<time>' : c));
    const gvPath = (group: string, version: string, resource: string, name?: string, namespaced = true) =>
      `${group ? `/apis/${group}/${version}` : `/api/${version}`}${namespaced ? `/namespaces/${ns}` : ''}/${resource}${name ? `/${name}` : ''}`;

    async function printed(group: string, version: string, resource: string, name: string, namespaced = true) {
      const t = await admin.request<any>(gvPath(group, version, resource, name, namespaced), { accept: TABLE_ACCEPT });
      expect(t).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
      expect(t.rows).toHaveLength(1);
      // includeObject defaults to Metadata: the row carries the object's metadata only
      expect(t.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name } });
      expect(t.rows[0].object.spec).toBeUndefined();
      const cols = shape(t);
      return { cols, cells: normalised(cols, t.rows[0].cells) };
    }

    beforeAll(async () => {
      const post = (path: string, body: object) => admin.request(path, { method: 'POST', body });
      await post(gvPath('', 'v1', 'configmaps'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tbl-config' }, data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } });
      await post(gvPath('', 'v1', 'services'), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'tbl-external' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } });
      await post(gvPath('apps', 'v1', 'deployments'), {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'tbl-deploy' },
        spec: { replicas: 0, selector: { matchLabels: { app: 'tbl' } }, template: { metadata: { labels: { app: 'tbl' } }, spec: { containers: [{ name: 'web', image: 'registry.k8s.io/pause:3.10' }, { name: 'log', image: 'busybox:1.37' }] } } },
      });
      await createPod('tbl-pod', { gates: ['hold'] });
    });

    it('built-in kinds print the API server columns and cells (times normalised)', async () => {
      const NAME = { name: 'Name', type: 'string', format: 'name', priority: 0 };
      const col = (name: string, priority = 0, type = 'string') => ({ name, type, format: '', priority });
      expect(await printed('', 'v1', 'configmaps', 'tbl-config')).toEqual({ cols: [NAME, col('Data'), col('Age')], cells: ['tbl-config', 3, '<time>'] });
      expect(await printed('', 'v1', 'services', 'tbl-external')).toEqual({
        cols: [NAME, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), col('Age'), col('Selector', 1)],
        cells: ['tbl-external', 'ExternalName', '<none>', 'db.example.com', '<none>', '<time>', '<none>'],
      });
      expect(await printed('apps', 'v1', 'deployments', 'tbl-deploy')).toEqual({
        cols: [NAME, col('Ready'), col('Up-to-date'), col('Available'), col('Age'), col('Containers', 1), col('Images', 1), col('Selector', 1)],
        cells: ['tbl-deploy', '0/0', 0, 0, '<time>', 'web,log', 'registry.k8s.io/pause:3.10,busybox:1.37', 'app=tbl'],
      });
      expect(await printed('', 'v1', 'pods', 'tbl-pod')).toEqual({
        cols: [NAME, col('Ready'), col('Status'), col('Restarts'), col('Age'), col('IP', 1), col('Node', 1), col('Nominated Node', 1), col('Readiness Gates', 1)],
        cells: ['tbl-pod', '0/1', 'SchedulingGated', '0', '<time>', '<none>', '<none>', '<none>', '<none>'],
      });
      expect(await printed('', 'v1', 'namespaces', ns, false)).toEqual({ cols: [NAME, col('Status'), col('Age')], cells: [ns, 'Active', '<time>'] });
    });

    it('a Table watch sends one-row Tables, with the column definitions in the first event only', async () => {
      const list = await admin.request<any>(gvPath('', 'v1', 'configmaps'), { accept: TABLE_ACCEPT });
      expect(list.kind).toBe('Table');
      expect(list.metadata.resourceVersion).toMatch(/^\d+$/);
      const lines: string[] = [];
      const ctl = new AbortController();
      const ended = admin.stream(gvPath('', 'v1', 'configmaps'), { accept: TABLE_ACCEPT, query: { watch: 1, resourceVersion: list.metadata.resourceVersion, timeoutSeconds: 30 }, signal: ctl.signal, onLine: (l) => void (l.trim() && lines.push(l)) }).catch(() => undefined);
      for (const name of ['tbl-watch-1', 'tbl-watch-2']) await admin.request(gvPath('', 'v1', 'configmaps'), { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } } });
      await until('two events', () => lines.map((l) => JSON.parse(l)).filter((e) => e.type === 'ADDED').length >= 2);
      ctl.abort();
      await ended;
      const [first, second] = lines.map((l) => JSON.parse(l)).filter((e) => e.type === 'ADDED');
      expect(first.object).toMatchObject({ kind: 'Table', rows: [{ cells: ['tbl-watch-1', 1, expect.any(String)], object: { kind: 'PartialObjectMetadata', metadata: { name: 'tbl-watch-1' } } }] });
      expect(shape(first.object).map((c) => c.name)).toEqual(['Name', 'Data', 'Age']);
      expect(second.object.columnDefinitions ?? null).toBeNull();
      expect(second.object.rows[0].cells.slice(0, 2)).toEqual(['tbl-watch-2', 1]);
      expect(second.object.rows[0].object.metadata.resourceVersion).toMatch(/^\d+$/);
    });

    it('custom resources print their CRD printer columns, or NAME and Age without them', async () => {
      // the same two CRDs the demo serves; a real server gets them here (and loses them after)
      const crd = (group: string, plural: string, kind: string, columns?: object[]) => ({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `${plural}.${group}` },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural, singular: kind.toLowerCase(), kind },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } }, ...(columns ? { additionalPrinterColumns: columns } : {}) }],
        },
      });
      const definitions = [
        crd('stable.example.com', 'crontabs', 'CronTab', [
          { name: 'Spec', type: 'string', description: 'The cron spec defining the interval a CronJob is run', jsonPath: '.spec.cronSpec' },
          { name: 'Replicas', type: 'integer', description: 'The number of jobs launched by the CronJob', jsonPath: '.spec.replicas' },
          { name: 'Image', type: 'string', priority: 1, jsonPath: '.spec.image' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ]),
        crd('widgets.example.com', 'widgets', 'Widget'),
      ];
      const created: string[] = [];
      for (const d of definitions) {
        try {
          await admin.request('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { method: 'POST', body: d });
          created.push(d.metadata.name);
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 409)) throw err;
        }
      }
      try {
        const post = (group: string, resource: string, body: object) =>
          until(`${resource} served`, () => admin.request(gvPath(group, 'v1', resource), { method: 'POST', body }).then(() => true), 60_000);
        await post('stable.example.com', 'crontabs', { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'tbl-nightly' }, spec: { cronSpec: '0 2 * * *', replicas: 2, image: 'registry.example.com/report:3.1.0' } });
        await post('stable.example.com', 'crontabs', { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'tbl-bare' }, spec: { cronSpec: '@hourly' } });
        await post('widgets.example.com', 'widgets', { apiVersion: 'widgets.example.com/v1', kind: 'Widget', metadata: { name: 'tbl-widget' }, spec: { color: 'teal' } });
        const NAME = { name: 'Name', type: 'string', format: 'name', priority: 0 };
        const cronCols = [NAME, { name: 'Spec', type: 'string', format: '', priority: 0 }, { name: 'Replicas', type: 'integer', format: '', priority: 0 }, { name: 'Image', type: 'string', format: '', priority: 1 }, { name: 'Age', type: 'date', format: '', priority: 0 }];
        expect(await printed('stable.example.com', 'v1', 'crontabs', 'tbl-nightly')).toEqual({ cols: cronCols, cells: ['tbl-nightly', '0 2 * * *', 2, 'registry.example.com/report:3.1.0', '<time>'] });
        expect(await printed('stable.example.com', 'v1', 'crontabs', 'tbl-bare')).toEqual({ cols: cronCols, cells: ['tbl-bare', '@hourly', null, null, '<time>'] });
        expect(await printed('widgets.example.com', 'v1', 'widgets', 'tbl-widget')).toEqual({ cols: [NAME, { name: 'Age', type: 'date', format: '', priority: 0 }], cells: ['tbl-widget', '<time>'] });
        // the CRD's own descriptions, or the JSONPath when it has none
        const t = await admin.request<any>(gvPath('stable.example.com', 'v1', 'crontabs'), { accept: TABLE_ACCEPT });
        expect(t.columnDefinitions.slice(1).map((c: any) => c.description)).toEqual([
          'The cron spec defining the interval a CronJob is run',
          'The number of jobs launched by the CronJob',
          'Custom resource definition column (in JSONPath format): .spec.image',
          'Custom resource definition column (in JSONPath format): .metadata.creationTimestamp',
        ]);
      } finally {
        for (const name of created) await admin.request(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`, { method: 'DELETE' }).catch(() => undefined);
      }
    }, 120_000);

    it.each([
      ['a LIST', false],
      ['a watch-list', true],
    ])("kubedeck's Table watch from %s keeps the first columns and follows changes by uid", async (_how, watchList) => {
      const deployments: ResourceType = { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, verbs: ['list', 'watch'], subresources: [] };
      const store = new ServerTableStore({ frameMs: 0 });
      const events: WatchLoopEvent[] = [];
      const handle = startWatch({ transport: admin, resource: deployments, namespace: ns, sink: store, table: true, watchList, backoff: { initialMs: 200, maxMs: 2000 }, onEvent: (e) => events.push(e) });
      handles.push(handle);
      await until('synced', () => store.health.state === 'synced' && store.size === 1);
      // the server served it the way asked: no fallback
      expect(events.find((e) => e.type === 'list-done')).toMatchObject({ items: 1, ...(watchList ? { watchList: true } : {}) });
      expect(events.some((e) => e.type === 'watch-list-refused')).toBe(false);
      expect(store.columns?.map((c) => c.name)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
      const row = store.list()[0]!;
      expect(row.metadata).toMatchObject({ name: 'tbl-deploy', namespace: ns, uid: expect.any(String), resourceVersion: expect.any(String) });
      const image = `registry.k8s.io/pause:3.10.${watchList ? 2 : 1}`;
      await admin.request(gvPath('apps', 'v1', 'deployments', 'tbl-deploy'), { method: 'PATCH', contentType: MERGE_PATCH, body: { spec: { template: { spec: { containers: [{ name: 'web', image }, { name: 'log', image: 'busybox:1.37' }] } } } } });
      await until('the new image in the row', () => String(store.get(row.metadata.uid!)?.cells?.[6]).includes(image));
      // the columns stay the first ones although later watch events carry none
      expect(store.columns).toHaveLength(8);
      handle.stop();
    });
  });

  describe('who am I, and may I', () => {
    it('SelfSubjectReview names the user and its groups', async () => {
      for (const [t, user] of [[admin, target.admin], [viewer, target.viewer]] as const) {
        const review = await t.request<any>(SELF_SUBJECT_REVIEWS, {
          method: 'POST',
          body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        });
        expect(review).toMatchObject({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
        expect(review.status.userInfo.username).toBe(user.username);
        expect(review.status.userInfo.groups).toEqual(expect.arrayContaining([...user.groups, 'system:authenticated']));
      }
    });

    it('SelfSubjectAccessReview allows the viewer to read pods in its namespace and nothing more', async () => {
      const access = createAccessChecker(viewer);
      const vns = target.viewer.namespace;
      expect(await access.canI({ verb: 'list', group: '', resource: 'pods', namespace: vns })).toEqual({ ok: true });
      expect((await access.canI({ verb: 'delete', group: '', resource: 'pods', namespace: vns })).ok).toBe(false);
      expect((await access.canI({ verb: 'patch', group: '', resource: 'pods', namespace: vns })).ok).toBe(false);
      expect((await access.canI({ verb: 'list', group: '', resource: 'pods' })).ok).toBe(false);
      expect((await access.canI({ verb: 'list', group: '', resource: 'pods', namespace: ns })).ok).toBe(false);
      expect(await createAccessChecker(admin).canI({ verb: 'delete', group: '', resource: 'pods', namespace: ns })).toEqual({ ok: true });
      // and the server enforces what the review says
      expect(await viewer.request(resourcePath(pods, { namespace: vns }))).toMatchObject({ items: expect.any(Array) });
      const denied = await failure(viewer.request(resourcePath(pods, { namespace: ns })));
      expect(denied.status).toBe(403);
      expect(denied.message).toBe(
        `pods is forbidden: User "${target.viewer.username}" cannot list resource "pods" in API group "" in the namespace "${ns}"`,
      );
    });
  });

  describe('compression (Accept-Encoding: gzip)', () => {
    const wire: WireRecord[] = [];
    let zipped: Transport;
    const cmPath = () => resourcePath({ group: '', version: 'v1', resource: 'configmaps', namespaced: true }, { namespace: ns });
    const SELECTOR = 'contract=gzip';
    const bulk = 'k'.repeat(60 * 1024);
    const last = (p: string) => wire.filter((w) => w.path === p).at(-1);

    beforeAll(async () => {
      zipped = transportFor(target.admin.kubeconfig, { onWire: (w) => wire.push(w) });
      for (let i = 0; i < 3; i++) {
        await admin.request(cmPath(), { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `gzip-${i}`, labels: { contract: 'gzip' } }, data: { bulk } } });
      }
    });

    it('a LIST over 128 KiB comes gzipped and reads whole; one under it comes plain', async () => {
      const all = await zipped.request<{ items: KubeObject[] }>(cmPath(), { query: { labelSelector: SELECTOR } });
      expect(all.items.map((c) => c.metadata.name).sort()).toEqual(['gzip-0', 'gzip-1', 'gzip-2']);
      expect(all.items.every((c) => (c as { data?: { bulk?: string } }).data?.bulk === bulk)).toBe(true);
      const big = last(cmPath())!;
      expect(big).toMatchObject({ status: 200, encoding: 'gzip' });
      expect(big.bytes).toBeGreaterThan(3 * 60 * 1024);
      expect(big.wire).toBeLessThan(big.bytes / 10); // repeated bytes squeeze well

      const one = await zipped.request<{ items: KubeObject[] }>(cmPath(), { query: { labelSelector: SELECTOR, limit: 1 } });
      expect(one.items).toHaveLength(1);
      expect(last(cmPath())).toMatchObject({ encoding: 'identity' });
      expect(last(cmPath())!.wire).toBe(last(cmPath())!.bytes);
    });

    it('a watch-list stream comes gzipped (1.37) and inflates event by event up to the end marker; a plain watch never', async () => {
      const lines: string[] = [];
      const ctl = new AbortController();
      const marker = () => lines.map((l) => JSON.parse(l)).find((e) => e.type === 'BOOKMARK');
      const ended = zipped.stream(cmPath(), {
        query: { watch: 1, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true, resourceVersion: '', labelSelector: SELECTOR, timeoutSeconds: 30 },
        maxLineChars: 1 << 20,
        signal: ctl.signal,
        onLine: (l) => void (l.trim() && lines.push(l)),
      }).catch((err: unknown) => err);
      // the end marker arrives while the stream stays open: each write was flushed through gzip
      await until('the initial-events-end bookmark', () => marker());
      ctl.abort();
      expect(await ended).toSatisfy(isAborted);
      const evs = lines.map((l) => JSON.parse(l));
      expect(evs.slice(0, 3).map((e) => [e.type, e.object.metadata.name]).sort()).toEqual([['ADDED', 'gzip-0'], ['ADDED', 'gzip-1'], ['ADDED', 'gzip-2']]);
      expect(evs[3]).toMatchObject({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
      await until('the stream’s wire record', () => last(cmPath())?.watch);
      expect(last(cmPath())).toMatchObject({ status: 200, encoding: 'gzip', watch: true });

      // a plain watch (from a resourceVersion) is never gzipped
      const rv = marker().object.metadata.resourceVersion as string;
      const plain = rawStream(zipped, cmPath(), { watch: 1, resourceVersion: rv, labelSelector: SELECTOR, timeoutSeconds: 30 });
      await admin.request(`${cmPath()}/gzip-0`, { method: 'PATCH', contentType: MERGE_PATCH, body: { metadata: { annotations: { touched: 'yes' } } } });
      await until('the change', () => plain.events().some((e) => e.type === 'MODIFIED'));
      plain.stop();
      await plain.ended;
      await until('the plain watch’s wire record', () => wire.filter((w) => w.path === cmPath() && w.watch).length >= 2);
      expect(last(cmPath())).toMatchObject({ encoding: 'identity', watch: true });
    });
  });

  describe('container logs', () => {
    it('GET pods/log with tailLines, then with follow, streams the container’s lines', async () => {
      await createPod('logger');
      await until('the pod runs', async () => (await getPod('logger')).status?.containerStatuses?.[0]?.state?.running, 60_000);
      const path = `${podPath('logger')}/log`;
      const followed = rawStream(admin, path, { follow: true, tailLines: 2, timestamps: true });
      await until('two lines', () => followed.lines.length >= 2, 20_000);
      const marker = `contract-log-${Date.now()}`;
      const seen = followed.lines.length;
      await target.controls.printLogLine?.(marker);
      await until('a new line while following', () => followed.lines.length > seen, 20_000);
      if (target.controls.printLogLine) await until('the printed line', () => followed.lines.some((l) => l.endsWith(marker)), 20_000);
      // timestamps=true: RFC 3339 with nanoseconds before each line
      expect(followed.lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z /.test(l))).toBe(true);
      followed.stop();
      expect(await followed.ended).toSatisfy(isAborted);

      // without follow the stream ends by itself, with exactly the last tailLines lines
      const tail: string[] = [];
      await admin.stream(path, { query: { tailLines: 3 }, onLine: (l) => tail.push(l) });
      expect(tail).toHaveLength(3);
      expect(tail.every((l) => l.length > 0 && !/^\d{4}-\d\d-\d\dT/.test(l))).toBe(true);

      const bad = await failure(admin.request(path, { query: { container: 'nope' } }));
      expect(bad.status).toBe(400);
      expect(bad.message).toBe('container nope is not valid for pod logger');
    }, 90_000);
  });
}
