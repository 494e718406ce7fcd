import { describe, expect, it } from 'vitest';
import { fetchEvents } from '../../src/k8s/events.js';
import type { KubeObject, RequestOptions, Transport } from '../../src/k8s/types.js';

function fakeTransport(pages: { items: KubeObject[]; metadata?: { continue?: string } }[]) {
  const sent: { path: string; method?: string; query?: RequestOptions['query'] }[] = [];
  const transport: Transport = {
    server: 'https://fake',
    async request<T>(path: string, opts: RequestOptions = {}) {
      sent.push({ path, method: opts.method, query: opts.query });
      return (pages.shift() ?? { items: [] }) as T;
    },
    stream: () => Promise.reject(new Error('not used')),
  };
  return { transport, sent };
}

function event(name: string, times: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'team-a' }, reason: name, ...times };
}

const pod: KubeObject = { kind: 'Pod', metadata: { name: 'web-0', namespace: 'team-a', uid: '1b2c-uid' } };

describe('fetchEvents', () => {
  it('lists events in the object namespace by involvedObject.uid', async () => {
    const { transport, sent } = fakeTransport([{ items: [] }]);
    expect(await fetchEvents(transport, pod)).toEqual([]);
    expect(sent).toEqual([
      {
        path: '/api/v1/namespaces/team-a/events',
        method: undefined,
        query: { fieldSelector: 'involvedObject.uid=1b2c-uid', limit: 500, continue: undefined },
      },
    ]);
  });

  it('searches every namespace for a cluster-scoped object, as kubectl describe does', async () => {
    const { transport, sent } = fakeTransport([{ items: [] }]);
    await fetchEvents(transport, { kind: 'Node', metadata: { name: 'n1', uid: 'node-uid' } });
    expect(sent[0].path).toBe('/api/v1/events');
    expect(sent[0].query?.fieldSelector).toBe('involvedObject.uid=node-uid');
  });

  it('sorts newest first by the time each event last happened', async () => {
    const { transport } = fakeTransport([
      {
        items: [
          event('old', { firstTimestamp: '2026-01-01T10:00:00Z', lastTimestamp: '2026-01-01T10:00:00Z' }),
          event('repeated', { firstTimestamp: '2026-01-01T09:00:00Z', lastTimestamp: '2026-01-01T12:00:00Z', count: 5 }),
          event('series', { eventTime: '2026-01-01T08:00:00.000000Z', series: { count: 3, lastObservedTime: '2026-01-01T13:00:00.000000Z' } }),
          event('micro', { eventTime: '2026-01-01T11:00:00.123456Z' }),
        ],
      },
    ]);
    const names = (await fetchEvents(transport, pod)).map((e) => e.metadata.name);
    expect(names).toEqual(['series', 'repeated', 'micro', 'old']);
  });

  it('reads every page before keeping the newest 50', async () => {
    // the server returns events in name order, so the newest may sit on the last page
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
    const all = Array.from({ length: 70 }, (_, i) => event(`e${i}`, { lastTimestamp: at(i) }));
    const { transport, sent } = fakeTransport([
      { items: all.slice(0, 40), metadata: { continue: 'tok' } },
      { items: all.slice(40), metadata: {} },
    ]);
    const got = await fetchEvents(transport, pod);
    expect(sent.map((s) => s.query?.continue)).toEqual([undefined, 'tok']);
    expect(got).toHaveLength(50);
    expect(got[0].metadata.name).toBe('e69');
    expect(got[49].metadata.name).toBe('e20');
  });

  it('falls back to name, namespace and kind for an object without a uid', async () => {
    const { transport, sent } = fakeTransport([{ items: [] }]);
    await fetchEvents(transport, { kind: 'Pod', metadata: { name: 'a,b=c', namespace: 'team-a' } });
    expect(sent[0].query?.fieldSelector).toBe(
      'involvedObject.name=a\\,b\\=c,involvedObject.namespace=team-a,involvedObject.kind=Pod',
    );
  });
});
