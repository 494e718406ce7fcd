// The TablesApi a pane or `snapshot RESOURCE` hosts: names resolve through discovery,
// rediscovering once for a name it does not know; a 404 rediscovers too.
import { describe, expect, it } from 'vitest';
import { createTablesApi } from '../../src/k8s/tables.js';
import type { DiscoveryRegistry } from '../../src/k8s/discovery.js';
import { ApiError, type ResourceType, type Transport } from '../../src/k8s/types.js';
import { resolveResource, type NamedResource } from '../../src/state/resolve.js';

const crontabs: NamedResource = { group: 'stable.example.com', version: 'v1', resource: 'crontabs', kind: 'CronTab', namespaced: true, verbs: ['list', 'watch'], subresources: [], singular: 'crontab', shortNames: ['ct'] };

function fakeDiscovery(initial: NamedResource[], afterRefresh: NamedResource[]) {
  let current = initial;
  const calls = { refresh: 0 };
  const reg = {
    find: (typed: string) => resolveResource(current, typed),
    refresh: async () => {
      calls.refresh++;
      current = afterRefresh;
    },
  } as unknown as DiscoveryRegistry;
  return { reg, calls };
}

const notFound: Transport = {
  server: 'https://scripted',
  request: () => Promise.reject(new ApiError(404, 'the server could not find the requested resource', { reason: 'NotFound' })),
  stream: () => Promise.reject(new Error('unused')),
};

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the tables API', () => {
  it('a CRD created after discovery is found after one rediscovery; a known name needs none', async () => {
    const { reg, calls } = fakeDiscovery([], [crontabs]);
    const closers: (() => void)[] = [];
    const api = createTablesApi({ transport: notFound, discovery: reg, namespace: 'batch', frameMs: 1, onClose: (fn) => closers.push(fn) });
    const found = await api.resolve('ct');
    expect(found.ok && found.resource.resource).toBe('crontabs');
    expect(calls.refresh).toBe(1);
    await api.resolve('crontabs.stable.example.com');
    expect(calls.refresh).toBe(1);
    expect(await api.resolve('nosuch')).toEqual({ ok: false, message: 'the server doesn\'t have a resource type "nosuch"' });
    closers.forEach((fn) => fn());
  });

  it('a list answering 404 says unavailable and rediscovers (the CRD may be gone or moved)', async () => {
    const { reg, calls } = fakeDiscovery([crontabs], [crontabs]);
    const closers: (() => void)[] = [];
    const api = createTablesApi({ transport: notFound, discovery: reg, namespace: null, frameMs: 1, onClose: (fn) => closers.push(fn) });
    const rt: ResourceType = crontabs;
    const table = api.table(rt);
    expect(api.table(rt)).toBe(table); // one watch per resource
    expect(table.namespace).toBeNull();
    await until(() => table.store.health.state === 'unavailable');
    await until(() => calls.refresh === 1);
    expect(table.store.health).toEqual({ state: 'unavailable', message: 'the server could not find the requested resource' });
    closers.forEach((fn) => fn());
  });
});
