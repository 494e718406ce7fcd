// Events for one object, fetched when asked for and never kept: a cluster-wide
// event watch would cost more than the rest of the console.
import { resourcePath } from './paths.js';
import type { KubeObject, Transport } from './types.js';

export const MAX_EVENTS = 50;
const PAGE_SIZE = 500;
// An object with more events than this is in a storm; the newest of those suffice.
const MAX_PAGES = 10;

const eventsResource = { group: '', version: 'v1', resource: 'events', namespaced: true };

interface EventList {
  items?: KubeObject[];
  metadata?: { continue?: string };
}

/**
 * Newest first, at most MAX_EVENTS. Like kubectl describe, a cluster-scoped
 * object's events are searched in every namespace (recorders file them under
 * "default"), and the list is read in full before sorting because the server
 * returns events in name order, not time order.
 */
export async function fetchEvents(transport: Transport, obj: KubeObject): Promise<KubeObject[]> {
  const path = resourcePath(eventsResource, { namespace: obj.metadata.namespace });
  const fieldSelector = involvedObjectSelector(obj);
  const items: KubeObject[] = [];
  let cont: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const list = await transport.request<EventList>(path, {
      query: { fieldSelector, limit: PAGE_SIZE, continue: cont },
    });
    items.push(...(list?.items ?? []));
    cont = list?.metadata?.continue || undefined;
    if (!cont) break;
  }
  return items
    .map((e, i) => ({ e, i, t: lastSeen(e) }))
    .sort((a, b) => b.t - a.t || a.i - b.i)
    .slice(0, MAX_EVENTS)
    .map(({ e }) => e);
}

function involvedObjectSelector(obj: KubeObject): string {
  const m = obj.metadata;
  if (m.uid) return `involvedObject.uid=${escapeValue(m.uid)}`;
  // Not yet persisted objects have no uid; fall back to what kubectl also matches on.
  const parts = [`involvedObject.name=${escapeValue(m.name)}`, `involvedObject.namespace=${escapeValue(m.namespace ?? '')}`];
  if (obj.kind) parts.push(`involvedObject.kind=${escapeValue(obj.kind)}`);
  return parts.join(',');
}

/** fields.EscapeValue: backslash, comma and equals are special in field selectors. */
function escapeValue(v: string): string {
  return v.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** When the event last happened: series and lastTimestamp cover repeats, eventTime covers events.k8s.io writers. */
export function lastSeen(e: KubeObject): number {
  const candidates = [
    (e.series as { lastObservedTime?: string } | undefined)?.lastObservedTime,
    e.lastTimestamp,
    e.eventTime,
    e.firstTimestamp,
    e.metadata.creationTimestamp,
  ];
  for (const c of candidates) {
    if (typeof c === 'string' && c) {
      const t = Date.parse(c);
      if (!Number.isNaN(t)) return t;
    }
  }
  return 0;
}
