// The demo cluster as a client first meets it: TLS, tokens, discovery, access.
import { X509Certificate } from 'node:crypto';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { call } from './demo-client.js';

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

let cluster: DemoCluster;
beforeAll(async () => {
  cluster = await startDemoCluster();
});
afterAll(() => cluster.close());

describe('connection and identity', () => {
  it('serves HTTPS on 127.0.0.1 with a certificate issued by the CA it hands out', () => {
    expect(cluster.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = new X509Certificate(cluster.caPem);
    expect(ca.ca).toBe(true);
  });

  it('writes kubeconfigs with the CA, a bearer token and the documented context names', () => {
    const admin = parse(cluster.kubeconfig());
    const viewer = parse(cluster.kubeconfig('demo-viewer'));
    expect(admin['current-context']).toBe('kubedeck-demo');
    expect(viewer['current-context']).toBe('kubedeck-demo-viewer');
    expect(admin.clusters[0].cluster.server).toBe(cluster.url);
    expect(Buffer.from(admin.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(cluster.caPem);
    expect(admin.users[0].user.token).not.toBe(viewer.users[0].user.token);
    expect(viewer.contexts[0].context.namespace).toBe('web');
  });

  it('answers 401 with a Status body without a valid token', async () => {
    const r = await call(cluster, '/api/v1/namespaces', { as: 'nobody' });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });

  it('is reachable through client-node with TLS verification on, from the kubeconfig alone', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(cluster.kubeconfig('demo-viewer'));
    const api = kc.makeApiClient(CoreV1Api);
    const page = await api.listNamespacedPod({ namespace: 'web', limit: 3 });
    expect(page.items).toHaveLength(3);
    expect(page.metadata?._continue).toBeTruthy();
    await expect(api.listPodForAllNamespaces()).rejects.toMatchObject({ code: 403 });
  });

  it('holds requests until startupDelayMs has passed', async () => {
    const slow = await startDemoCluster({ seed: 'empty', startupDelayMs: 400 });
    try {
      const started = Date.now();
      expect((await call(slow, '/version')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    } finally {
      await slow.close();
    }
  });

  it('says who the caller is through SelfSubjectReview', async () => {
    const r = await call(cluster, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      method: 'POST',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      as: 'demo-viewer',
    });
    expect(r.status).toBe(201);
    expect(r.body.status.userInfo.username).toBe('demo-viewer');
    expect(r.body.status.userInfo.groups).toContain('system:authenticated');
  });
});

describe('discovery', () => {
  it('serves /version and plain discovery documents', async () => {
    expect((await call(cluster, '/version')).body.gitVersion).toBe('v1.36.0-kubedeck-demo');
    const core = await call(cluster, '/api/v1');
    const pods = core.body.resources.find((r: { name: string }) => r.name === 'pods');
    expect(pods).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'] });
    expect(pods.verbs).toEqual(expect.arrayContaining(['list', 'watch', 'patch', 'delete']));
    expect(core.body.resources.map((r: { name: string }) => r.name)).toContain('pods/status');
    const apis = await call(cluster, '/apis');
    expect(apis.headers['content-type']).toBe('application/json');
    expect(apis.body.groups.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(['authorization.k8s.io', 'authentication.k8s.io']));
    const authz = await call(cluster, '/apis/authorization.k8s.io/v1');
    expect(authz.body.resources.map((r: { name: string }) => r.name)).toContain('selfsubjectaccessreviews');
  });

  it('answers aggregated discovery in its own content type when asked for it', async () => {
    const r = await call(cluster, '/api', { accept: `${AGGREGATED},application/json` });
    expect(r.headers['content-type']).toBe(AGGREGATED);
    expect(r.body.kind).toBe('APIGroupDiscoveryList');
    const pods = r.body.items[0].versions[0].resources.find((x: { resource: string }) => x.resource === 'pods');
    expect(pods).toMatchObject({ scope: 'Namespaced', responseKind: { group: '', version: 'v1', kind: 'Pod' } });
    expect(pods.subresources[0].subresource).toBe('status');
    const groups = await call(cluster, '/apis', { accept: AGGREGATED });
    expect(groups.body.items.map((g: { metadata: { name: string } }) => g.metadata.name)).toContain('authorization.k8s.io');
  });
});

describe('authorization', () => {
  it('refuses the viewer a cluster-wide list with the API server message', async () => {
    const r = await call(cluster, '/api/v1/pods', { as: 'demo-viewer' });
    expect(r.status).toBe(403);
    expect(r.body.reason).toBe('Forbidden');
    expect(r.body.message).toBe('pods is forbidden: User "demo-viewer" cannot list resource "pods" in API group "" at the cluster scope');
  });

  it('lets the viewer read pods in web only, and not change them', async () => {
    const list = await call(cluster, '/api/v1/namespaces/web/pods', { as: 'demo-viewer' });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(5);
    const other = await call(cluster, '/api/v1/namespaces/batch/pods', { as: 'demo-viewer' });
    expect(other.status).toBe(403);
    const name = list.body.items[0].metadata.name;
    const del = await call(cluster, `/api/v1/namespaces/web/pods/${name}`, { method: 'DELETE', as: 'demo-viewer' });
    expect(del.status).toBe(403);
    expect(del.body.message).toBe(`pods "${name}" is forbidden: User "demo-viewer" cannot delete resource "pods" in API group "" in the namespace "web"`);
  });

  it('answers SelfSubjectAccessReviews from each user table', async () => {
    const ask = (as: 'demo-admin' | 'demo-viewer', resourceAttributes: object) =>
      call(cluster, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        method: 'POST',
        as,
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } },
      });
    const adminPatch = await ask('demo-admin', { verb: 'patch', resource: 'pods', namespace: 'web' });
    expect(adminPatch.status).toBe(201);
    expect(adminPatch.body.status.allowed).toBe(true);
    expect((await ask('demo-viewer', { verb: 'watch', resource: 'pods', namespace: 'web' })).body.status.allowed).toBe(true);
    expect((await ask('demo-viewer', { verb: 'patch', resource: 'pods', namespace: 'web' })).body.status.allowed).toBe(false);
    expect((await ask('demo-viewer', { verb: 'list', resource: 'pods' })).body.status.allowed).toBe(false);
    expect((await ask('demo-viewer', { verb: 'list', resource: 'events', namespace: 'web' })).body.status.allowed).toBe(true);
  });

  it('lists the viewer rules per namespace in SelfSubjectRulesReview', async () => {
    const review = (namespace: string) =>
      call(cluster, '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { method: 'POST', as: 'demo-viewer', body: { spec: { namespace } } });
    const web = (await review('web')).body.status.resourceRules;
    expect(web).toContainEqual(expect.objectContaining({ verbs: ['get', 'list', 'watch'], resources: ['pods', 'events'] }));
    const batch = (await review('batch')).body.status.resourceRules;
    expect(batch.some((r: { resources: string[] }) => r.resources.includes('pods'))).toBe(false);
  });
});
