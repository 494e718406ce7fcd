import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { startDemoCluster } from '../../src/demo/index.js';
import { AGGREGATED_ACCEPT, discover } from '../../src/k8s/discovery.js';
import { createTransport } from '../../src/k8s/transport.js';
import { ApiError, type RequestOptions, type Transport } from '../../src/k8s/types.js';

/** Answers GETs from a path → body table; an Error value is thrown. */
function scripted(answers: Record<string, unknown>) {
  const seen: { path: string; accept?: string }[] = [];
  const transport: Transport = {
    server: 'https://scripted:6443',
    async request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
      seen.push({ path, accept: opts.accept });
      const a = answers[path];
      if (a === undefined) throw new ApiError(404, 'the server could not find the requested resource', { reason: 'NotFound' });
      if (a instanceof Error) throw a;
      return structuredClone(a) as T;
    },
    stream: () => Promise.reject(new Error('not used')),
  };
  return { transport, seen };
}

const res = (resource: string, kind: string, scope: 'Namespaced' | 'Cluster', extra: Record<string, unknown> = {}) => ({
  resource,
  responseKind: { group: '', version: '', kind },
  scope,
  singularResource: kind.toLowerCase(),
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  ...extra,
});

const aggregatedCore = {
  kind: 'APIGroupDiscoveryList',
  apiVersion: 'apidiscovery.k8s.io/v2',
  items: [
    {
      metadata: { name: '' },
      versions: [
        {
          version: 'v1',
          freshness: 'Current',
          resources: [
            res('pods', 'Pod', 'Namespaced', { shortNames: ['po'], subresources: [{ subresource: 'status', verbs: ['get', 'patch'] }, { subresource: 'log', verbs: ['get'] }] }),
            res('events', 'Event', 'Namespaced', { shortNames: ['ev'] }),
            res('nodes', 'Node', 'Cluster', { verbs: ['get', 'list', 'watch'] }),
          ],
        },
      ],
    },
  ],
};

const aggregatedApis = {
  kind: 'APIGroupDiscoveryList',
  apiVersion: 'apidiscovery.k8s.io/v2',
  items: [
    {
      metadata: { name: 'events.k8s.io' },
      versions: [{ version: 'v1', resources: [res('events', 'Event', 'Namespaced', { shortNames: ['ev'] })] }],
    },
    {
      metadata: { name: 'resource.k8s.io' },
      versions: [
        // v1 first: the group's preferred version, but it does not serve resourceclaims here
        { version: 'v1', freshness: 'Current', resources: [res('deviceclasses', 'DeviceClass', 'Cluster')] },
        { version: 'v1beta2', freshness: 'Current', resources: [res('deviceclasses', 'DeviceClass', 'Cluster'), res('resourceclaims', 'ResourceClaim', 'Namespaced')] },
      ],
    },
    {
      metadata: { name: 'metrics.k8s.io' },
      versions: [{ version: 'v1beta1', freshness: 'Stale', resources: [res('pods', 'PodMetrics', 'Namespaced', { verbs: ['get', 'list'] })] }],
    },
  ],
};

describe('aggregated discovery', () => {
  it('reads everything from /api and /apis in one request each', async () => {
    const { transport, seen } = scripted({ '/api': aggregatedCore, '/apis': aggregatedApis, '/version': { gitVersion: 'v1.34.2' } });
    const reg = await discover(transport);
    expect(reg.aggregated).toBe(true);
    expect(reg.serverVersion).toBe('v1.34.2');
    expect(seen.map((s) => s.path).sort()).toEqual(['/api', '/apis', '/version']);
    expect(seen.find((s) => s.path === '/apis')?.accept).toBe(AGGREGATED_ACCEPT);
    expect(reg.resolve('', 'pods')).toEqual({
      group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['status', 'log'],
    });
    expect(reg.resolve('', 'nodes')?.namespaced).toBe(false);
  });

  it('chooses the version per resource, not per group', async () => {
    const { transport } = scripted({ '/api': aggregatedCore, '/apis': aggregatedApis, '/version': { gitVersion: 'v1.33.0' } });
    const reg = await discover(transport);
    expect(reg.resolve('resource.k8s.io', 'resourceclaims')?.version).toBe('v1beta2');
    expect(reg.resolve('resource.k8s.io', 'deviceclasses')?.version).toBe('v1');
    expect(reg.resolve('resource.k8s.io', 'deviceclasses', ['v1beta2'])?.version).toBe('v1beta2');
    expect(reg.resolve('resource.k8s.io', 'resourceclaims', ['v1'])?.version).toBe('v1beta2');
    expect(reg.versions('resource.k8s.io', 'deviceclasses')).toEqual(['v1', 'v1beta2']);
    expect(reg.has('resource.k8s.io', 'resourceslices')).toBe(false);
    expect(reg.resolve('resource.k8s.io', 'resourceslices')).toBeUndefined();
  });

  it('records stale group versions without dropping them', async () => {
    const { transport } = scripted({ '/api': aggregatedCore, '/apis': aggregatedApis, '/version': new ApiError(0, 'request timed out after 30s') });
    const reg = await discover(transport);
    expect(reg.serverVersion).toBeUndefined();
    expect(reg.failures).toEqual([{ groupVersion: 'metrics.k8s.io/v1beta1', message: expect.stringContaining('stale') }]);
    expect(reg.has('metrics.k8s.io', 'pods')).toBe(true);
  });

  it('answers verb questions and kubectl-style names', async () => {
    const { transport } = scripted({ '/api': aggregatedCore, '/apis': aggregatedApis, '/version': {} });
    const reg = await discover(transport);
    const nodes = reg.resolve('', 'nodes')!;
    expect(reg.allows(nodes, 'watch')).toBe(true);
    expect(reg.allows(nodes, 'delete')).toBe(false);
    for (const name of ['po', 'pod', 'pods', 'Pod']) expect(reg.lookup(name)?.resource).toBe('pods');
    expect(reg.lookup('events')?.group).toBe(''); // the core group wins, as in kubectl
    expect(reg.lookup('events.events.k8s.io')?.group).toBe('events.k8s.io');
    expect(reg.lookup('resourceclaims.resource.k8s.io')?.version).toBe('v1beta2');
    expect(reg.lookup('nosuchthing')).toBeUndefined();
    expect(reg.all().map((r) => `${r.group}/${r.version}/${r.resource}`)).toContain('resource.k8s.io/v1/deviceclasses');
  });
});

describe('plain discovery', () => {
  const plainAnswers = (): Record<string, unknown> => ({
    '/api': { kind: 'APIVersions', versions: ['v1'] },
    '/apis': {
      kind: 'APIGroupList',
      groups: [
        { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } },
        {
          name: 'resource.k8s.io',
          versions: [
            { groupVersion: 'resource.k8s.io/v1', version: 'v1' },
            { groupVersion: 'resource.k8s.io/v1beta2', version: 'v1beta2' },
          ],
          preferredVersion: { groupVersion: 'resource.k8s.io/v1', version: 'v1' },
        },
        { name: 'metrics.k8s.io', versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }], preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' } },
      ],
    },
    '/version': { gitVersion: 'v1.30.4' },
    '/api/v1': {
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: [
        { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list', 'watch', 'delete'], shortNames: ['po'] },
        { name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch'] },
        { name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
      ],
    },
    '/apis/apps/v1': { kind: 'APIResourceList', resources: [{ name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ['list', 'watch'] }] },
    '/apis/resource.k8s.io/v1': { kind: 'APIResourceList', resources: [{ name: 'deviceclasses', namespaced: false, kind: 'DeviceClass', verbs: ['list'] }] },
    '/apis/resource.k8s.io/v1beta2': {
      kind: 'APIResourceList',
      resources: [
        { name: 'deviceclasses', namespaced: false, kind: 'DeviceClass', verbs: ['list'] },
        { name: 'resourceclaims', namespaced: true, kind: 'ResourceClaim', verbs: ['list', 'watch'] },
        { name: 'resourceclaims/status', namespaced: true, kind: 'ResourceClaim', verbs: ['get'] },
      ],
    },
    '/apis/metrics.k8s.io/v1beta1': new ApiError(503, 'the server is currently unable to handle the request', { reason: 'ServiceUnavailable' }),
  });

  it('falls back to per-group-version documents when the server does not aggregate', async () => {
    const { transport, seen } = scripted(plainAnswers());
    const reg = await discover(transport);
    expect(reg.aggregated).toBe(false);
    expect(seen.map((s) => s.path)).toContain('/apis/resource.k8s.io/v1beta2');
    expect(reg.resolve('', 'pods')?.subresources).toEqual(['status', 'eviction']);
    expect(reg.resolve('apps', 'deployments')).toMatchObject({ version: 'v1', kind: 'Deployment', namespaced: true });
    expect(reg.resolve('resource.k8s.io', 'resourceclaims')).toMatchObject({ version: 'v1beta2', subresources: ['status'] });
    expect(reg.resolve('resource.k8s.io', 'deviceclasses')?.version).toBe('v1');
    expect(reg.versions('resource.k8s.io', 'deviceclasses')).toEqual(['v1', 'v1beta2']);
    expect(reg.serverVersion).toBe('v1.30.4');
  });

  it('a failing group version does not break the rest', async () => {
    const { transport } = scripted(plainAnswers());
    const reg = await discover(transport);
    expect(reg.failures).toEqual([{ groupVersion: 'metrics.k8s.io/v1beta1', message: 'the server is currently unable to handle the request' }]);
    expect(reg.has('metrics.k8s.io', 'pods')).toBe(false);
    expect(reg.has('apps', 'deployments')).toBe(true);
  });

  it('keeps the server preference order whatever order the answers arrive in', async () => {
    const answers = plainAnswers();
    const slow = scripted(answers);
    const inner = slow.transport.request.bind(slow.transport);
    // v1 answers last
    slow.transport.request = async <T,>(path: string, opts?: RequestOptions) => {
      if (path === '/apis/resource.k8s.io/v1') await new Promise((r) => setTimeout(r, 30));
      return inner<T>(path, opts);
    };
    const reg = await discover(slow.transport);
    expect(reg.versions('resource.k8s.io', 'deviceclasses')).toEqual(['v1', 'v1beta2']);
    expect(reg.resolve('resource.k8s.io', 'deviceclasses')?.version).toBe('v1');
  });

  it('fails with the server message when the roots themselves fail', async () => {
    const { transport } = scripted({ '/api': new ApiError(401, 'Unauthorized'), '/apis': {}, '/version': {} });
    await expect(discover(transport)).rejects.toThrow('Unauthorized');
  });
});

describe('against the demo cluster', () => {
  it('uses aggregated discovery and finds pods with their subresources', async () => {
    const cluster = await startDemoCluster({ seed: 'empty' });
    try {
      const kc = new KubeConfig();
      kc.loadFromString(cluster.kubeconfig());
      const reg = await discover(createTransport(kc));
      expect(reg.aggregated).toBe(true);
      expect(reg.failures).toEqual([]);
      expect(reg.serverVersion).toMatch(/^v1\.\d+/);
      expect(reg.resolve('', 'pods')).toMatchObject({ version: 'v1', kind: 'Pod', namespaced: true, subresources: expect.arrayContaining(['status']) });
      expect(reg.lookup('po')?.resource).toBe('pods');
      expect(cluster.control.requests.filter((r) => r.path.startsWith('/api')).map((r) => r.path).sort()).toEqual(['/api', '/apis']);
    } finally {
      await cluster.close();
    }
  });
});
