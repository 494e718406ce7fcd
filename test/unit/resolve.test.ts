import { describe, expect, it } from 'vitest';
import { KUBEDECK_ALIASES, resolveResource, resourceNames, type NamedResource } from '../../src/state/resolve.js';
import { discover } from '../../src/k8s/discovery.js';
import { ApiError, type RequestOptions, type Transport } from '../../src/k8s/types.js';

const r = (group: string, version: string, resource: string, kind: string, singular: string, shortNames: string[] = [], namespaced = true): NamedResource => ({
  group, version, resource, kind, singular, shortNames, namespaced, verbs: ['get', 'list', 'watch'], subresources: [],
});

const served: NamedResource[] = [
  r('', 'v1', 'pods', 'Pod', 'pod', ['po']),
  r('', 'v1', 'events', 'Event', 'event', ['ev']),
  r('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', 'persistentvolumeclaim', ['pvc']),
  r('', 'v1', 'persistentvolumes', 'PersistentVolume', 'persistentvolume', ['pv'], false),
  r('', 'v1', 'namespaces', 'Namespace', 'namespace', ['ns'], false),
  r('events.k8s.io', 'v1', 'events', 'Event', 'event', ['ev']),
  r('apps', 'v1', 'deployments', 'Deployment', 'deployment', ['deploy']),
  r('stable.example.com', 'v1', 'crontabs', 'CronTab', 'crontab', ['ct']),
  r('resource.k8s.io', 'v1', 'resourceclaims', 'ResourceClaim', 'resourceclaim'),
];

const name = (typed: string) => {
  const res = resolveResource(served, typed);
  return res.ok ? `${res.resource.group}/${res.resource.version}/${res.resource.resource}` : res.message;
};

describe('resolving what a user types', () => {
  it('plural, singular, short name and kind all mean the same resource', () => {
    for (const typed of ['deploy', 'deployments', 'deployment', 'Deployment', 'DEPLOY']) expect(name(typed)).toBe('apps/v1/deployments');
    expect(name('po')).toBe('/v1/pods');
    expect(name('pvc')).toBe('/v1/persistentvolumeclaims');
    expect(name('ns')).toBe('/v1/namespaces');
  });

  it('a CRD by plural.group, short name or GROUP/RESOURCE', () => {
    expect(name('crontabs.stable.example.com')).toBe('stable.example.com/v1/crontabs');
    expect(name('crontab.stable.example.com')).toBe('stable.example.com/v1/crontabs');
    expect(name('ct')).toBe('stable.example.com/v1/crontabs');
    expect(name('stable.example.com/crontabs')).toBe('stable.example.com/v1/crontabs');
    expect(name('stable.example.com/v1/crontabs')).toBe('stable.example.com/v1/crontabs');
    expect(name('deployments.v1.apps')).toBe('apps/v1/deployments');
  });

  it('the core group wins an ambiguous name, as in kubectl; a group picks the other', () => {
    expect(name('events')).toBe('/v1/events');
    expect(name('ev')).toBe('/v1/events');
    expect(name('events.events.k8s.io')).toBe('events.k8s.io/v1/events');
    expect(name('events.k8s.io/events')).toBe('events.k8s.io/v1/events');
    expect(name('v1/events')).toBe('/v1/events');
  });

  it("kubedeck's own aliases reach resources; a discovered name wins a clash", () => {
    expect(name('claims')).toBe('resource.k8s.io/v1/resourceclaims');
    expect(name('pvs')).toBe('/v1/persistentvolumes');
    // a CRD whose short name is "claims" takes the name from kubedeck's alias
    const withClash = [...served, r('claims.example.com', 'v1', 'insuranceclaims', 'InsuranceClaim', 'insuranceclaim', ['claims'])];
    const res = resolveResource(withClash, 'claims');
    expect(res.ok && res.resource.resource).toBe('insuranceclaims');
    expect(KUBEDECK_ALIASES.claims).toBe('resourceclaims.resource.k8s.io');
  });

  it('an unknown name, or an alias to a resource not served, says so as kubectl does', () => {
    expect(name('nosuchthing')).toBe('the server doesn\'t have a resource type "nosuchthing"');
    expect(name('slices')).toBe('the server doesn\'t have a resource type "slices"');
    expect(name('crontabs.other.example.com')).toBe('the server doesn\'t have a resource type "crontabs.other.example.com"');
    expect(name('  ')).toBe('no resource type given');
  });

  it('completion names include short names, plural.group and the aliases that resolve', () => {
    const names = resourceNames(served);
    expect(names).toEqual(expect.arrayContaining(['deploy', 'deployments', 'crontabs.stable.example.com', 'ct', 'claims', 'pvs']));
    expect(names).not.toContain('slices');
  });
});

describe('the registry refreshes from the server', () => {
  it('finds a CRD created after the first discovery once refreshed, in place', async () => {
    let withCrd = false;
    const core = { kind: 'APIGroupDiscoveryList', items: [{ metadata: { name: '' }, versions: [{ version: 'v1', resources: [{ resource: 'pods', responseKind: { kind: 'Pod' }, scope: 'Namespaced', singularResource: 'pod', verbs: ['list'], shortNames: ['po'] }] }] }] };
    const crd = { metadata: { name: 'stable.example.com' }, versions: [{ version: 'v1', resources: [{ resource: 'crontabs', responseKind: { kind: 'CronTab' }, scope: 'Namespaced', singularResource: 'crontab', verbs: ['list', 'watch'], shortNames: ['ct'] }] }] };
    let calls = 0;
    const transport: Transport = {
      server: 'https://scripted',
      async request<T>(path: string, _o?: RequestOptions): Promise<T> {
        calls++;
        if (path === '/api') return structuredClone(core) as T;
        if (path === '/apis') return { kind: 'APIGroupDiscoveryList', items: withCrd ? [crd] : [] } as T;
        if (path === '/version') return { gitVersion: 'v1.37.2' } as T;
        throw new ApiError(404, 'not found');
      },
      stream: () => Promise.reject(new Error('unused')),
    };
    const reg = await discover(transport);
    expect(reg.find('ct')).toEqual({ ok: false, message: 'the server doesn\'t have a resource type "ct"' });
    withCrd = true;
    const before = calls;
    await Promise.all([reg.refresh(), reg.refresh()]);
    expect(calls - before).toBe(3); // one discovery for both callers
    const found = reg.find('ct');
    expect(found.ok && found.resource).toMatchObject({ group: 'stable.example.com', version: 'v1', resource: 'crontabs', kind: 'CronTab', singular: 'crontab', shortNames: ['ct'] });
    expect(reg.find('po').ok).toBe(true);
  });
});
