// resource(gr).can: what the keys and the flow are told before anything is planned.
import { describe, expect, it } from 'vitest';
import { createAccessChecker } from '../../src/k8s/access.js';
import { createActionPipeline } from '../../src/k8s/actions.js';
import type { RequestOptions, ResourceType, Transport } from '../../src/k8s/types.js';
import { resourcesOver } from '../support/resources.js';

const deployments: ResourceType = { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, verbs: ['get', 'list', 'watch', 'patch', 'delete'], subresources: ['scale', 'status'] };
const events: ResourceType = { group: '', version: 'v1', resource: 'events', kind: 'Event', namespaced: true, verbs: ['get', 'list', 'watch'], subresources: [] };

function harness(readonly = false, allowed = true) {
  const sent: { method?: string; path: string; body?: unknown }[] = [];
  const transport: Transport = {
    server: 'https://fake',
    async request<T>(path: string, opts: RequestOptions = {}) {
      sent.push({ method: opts.method, path, body: opts.body });
      return { status: { allowed } } as T;
    },
    stream: () => Promise.reject(new Error('not used')),
  };
  const access = createAccessChecker(transport);
  const resource = resourcesOver({ transport, access, pipeline: createActionPipeline(transport, access), readonly }, [deployments, events]);
  return { sent, resource };
}

const reviews = (sent: { path: string; body?: unknown }[]) =>
  sent.filter((r) => r.path.endsWith('/selfsubjectaccessreviews')).map((r) => (r.body as { spec: { resourceAttributes: unknown } }).spec.resourceAttributes);

describe('resource(gr).can', () => {
  it('asks a SelfSubjectAccessReview with the group, resource, namespace and subresource, once for the same question', async () => {
    const { sent, resource } = harness();
    const res = resource({ group: 'apps', resource: 'deployments' });
    expect(await res.can('patch', { namespace: 'web', subresource: 'scale' })).toEqual({ ok: true });
    expect(await res.can('patch', { namespace: 'web', subresource: 'scale' })).toEqual({ ok: true });
    expect(reviews(sent)).toEqual([{ verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'web' }]);
  });

  it('a no names who may not do what, where', async () => {
    const { resource } = harness(false, false);
    expect(await resource({ group: 'apps', resource: 'deployments' }).can('delete', { namespace: 'web' })).toEqual({ ok: false, reason: 'you may not delete deployments.apps in namespace web' });
  });

  it('--readonly: a mutating verb is no without asking; reads are still asked', async () => {
    const { sent, resource } = harness(true);
    const res = resource({ group: 'apps', resource: 'deployments' });
    expect(await res.can('delete', { namespace: 'web' })).toEqual({ ok: false, reason: 'no: read-only (kubedeck was started with --readonly)' });
    expect(reviews(sent)).toEqual([]);
    expect(await res.can('list', { namespace: 'web' })).toEqual({ ok: true });
    expect(reviews(sent)).toHaveLength(1);
  });

  it('a verb the server does not serve for the resource, or a resource it does not serve, is no without asking', async () => {
    const { sent, resource } = harness();
    expect(await resource({ group: '', resource: 'events' }).can('delete')).toEqual({ ok: false, reason: 'the server does not offer delete for events' });
    expect(await resource({ group: 'example.com', resource: 'widgets' }).can('list')).toEqual({ ok: false, reason: 'the server does not serve widgets.example.com' });
    await expect(resource({ group: 'example.com', resource: 'widgets' }).planDelete([{ metadata: { name: 'w', uid: 'u' } }])).rejects.toThrow('the server does not serve widgets.example.com');
    expect(sent).toEqual([]);
  });
});
