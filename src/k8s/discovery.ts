import { errorMessage } from './transport.js';
import type { ResourceType, Transport } from './types.js';
import { resolveResource, type NamedResource, type Resolution } from '../state/resolve.js';

export interface DiscoveryRegistry {
  serverVersion?: string;
  /** true when the server answered aggregated discovery (one request for everything) */
  readonly aggregated: boolean;
  /** group versions whose discovery failed or is stale; the rest still works */
  readonly failures: readonly { groupVersion: string; message: string }[];
  has(group: string, resource: string): boolean;
  /**
   * The version to use, chosen per resource: the first of preferredVersions that
   * serves it, else the group's preferred version if it serves it, else any served one.
   */
  resolve(group: string, resource: string, preferredVersions?: string[]): ResourceType | undefined;
  /** versions serving the resource, in the group's order of preference */
  versions(group: string, resource: string): string[];
  allows(rt: ResourceType, verb: string): boolean;
  /** every resource, each at its resolved version */
  all(): ResourceType[];
  /** by plural, singular, short name or kind, optionally "plural.group" (as kubectl) */
  lookup(name: string): ResourceType | undefined;
  /** every resource at its resolved version, with its singular and short names */
  named(): NamedResource[];
  /** what a user typed (`deploy`, `crontabs.stable.example.com`, `apps/deployments`), kubedeck's aliases included */
  find(typed: string): Resolution;
  /**
   * Discovers again, in place (every holder of this registry sees the result): after a
   * 404 or a name it does not know, e.g. a CRD created since. Concurrent calls share one
   * request; a failed refresh keeps what was known.
   */
  refresh(): Promise<void>;
}

export const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

const CONCURRENCY = 4;

interface Served {
  rt: ResourceType;
  singular: string; // lower case
  shortNames: string[]; // lower case
}

interface GroupInfo {
  preferred?: string;
  versions: string[];
  served: Map<string, Map<string, Served>>; // version → resource → entry
}

interface AggResource {
  resource: string;
  responseKind?: { kind?: string } | null;
  scope?: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  subresources?: { subresource: string }[];
}
interface AggList {
  kind?: string;
  items?: { metadata?: { name?: string }; versions?: { version: string; freshness?: string; resources?: AggResource[] }[] }[];
}
interface PlainResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
}
interface PlainGroups {
  kind?: string;
  versions?: string[]; // APIVersions (/api)
  groups?: { name: string; versions: { version: string }[]; preferredVersion?: { version: string } }[];
}

class Registry implements DiscoveryRegistry {
  serverVersion?: string;
  aggregated = false;
  failures: { groupVersion: string; message: string }[] = [];
  readonly groups = new Map<string, GroupInfo>();

  group(name: string): GroupInfo {
    let g = this.groups.get(name);
    if (!g) this.groups.set(name, (g = { versions: [], served: new Map() }));
    return g;
  }

  private refreshing?: Promise<void>;
  constructor(private readonly transport?: Transport) {}

  add(group: string, version: string, rt: Omit<ResourceType, 'group' | 'version'>, singular: string, shortNames: string[]): void {
    const g = this.group(group);
    if (!g.versions.includes(version)) g.versions.push(version);
    let byResource = g.served.get(version);
    if (!byResource) g.served.set(version, (byResource = new Map()));
    byResource.set(rt.resource, { rt: { group, version, ...rt }, singular: singular.toLowerCase(), shortNames: shortNames.map((n) => n.toLowerCase()) });
  }

  named(): NamedResource[] {
    return this.all().map((rt) => {
      const e = this.entry(rt.group, rt.version, rt.resource)!;
      return { ...rt, singular: e.singular, shortNames: e.shortNames };
    });
  }

  find(typed: string): Resolution {
    return resolveResource(this.named(), typed);
  }

  refresh(): Promise<void> {
    const transport = this.transport;
    if (!transport) return Promise.resolve();
    this.refreshing ??= (async () => {
      try {
        const fresh = await discover(transport);
        this.serverVersion = fresh.serverVersion ?? this.serverVersion;
        this.aggregated = fresh.aggregated;
        this.failures = [...fresh.failures];
        this.groups.clear();
        for (const [name, g] of (fresh as Registry).groups) this.groups.set(name, g);
      } catch {
        // keep what was known: the caller reports the name it could not find
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private entry(group: string, version: string, resource: string): Served | undefined {
    return this.groups.get(group)?.served.get(version)?.get(resource);
  }

  has(group: string, resource: string): boolean {
    return this.versions(group, resource).length > 0;
  }

  versions(group: string, resource: string): string[] {
    const g = this.groups.get(group);
    return g ? g.versions.filter((v) => g.served.get(v)?.has(resource)) : [];
  }

  resolve(group: string, resource: string, preferredVersions: string[] = []): ResourceType | undefined {
    const g = this.groups.get(group);
    if (!g) return undefined;
    const order = [...preferredVersions, ...(g.preferred ? [g.preferred] : []), ...g.versions];
    for (const v of order) {
      const e = this.entry(group, v, resource);
      if (e) return e.rt;
    }
    return undefined;
  }

  allows(rt: ResourceType, verb: string): boolean {
    const e = this.entry(rt.group, rt.version, rt.resource);
    return (e?.rt.verbs ?? rt.verbs).includes(verb);
  }

  all(): ResourceType[] {
    const out: ResourceType[] = [];
    for (const [group, g] of this.groups) {
      const names = new Set<string>();
      for (const byResource of g.served.values()) for (const r of byResource.keys()) names.add(r);
      for (const r of names) out.push(this.resolve(group, r)!);
    }
    return out;
  }

  lookup(name: string): ResourceType | undefined {
    const found = resolveResource(this.named(), name, {});
    if (!found.ok) return undefined;
    const { singular: _s, shortNames: _n, ...rt } = found.resource;
    return rt;
  }
}

function addAggregated(reg: Registry, list: AggList): void {
  for (const item of list.items ?? []) {
    const group = item.metadata?.name ?? '';
    const versions = item.versions ?? [];
    // Versions come in order of preference, the preferred first.
    if (versions[0]) reg.group(group).preferred ??= versions[0].version;
    for (const v of versions) {
      const gv = group ? `${group}/${v.version}` : v.version;
      if (v.freshness === 'Stale') reg.failures.push({ groupVersion: gv, message: 'discovery information is stale: the API service may be unavailable' });
      for (const r of v.resources ?? []) {
        reg.add(
          group,
          v.version,
          {
            resource: r.resource,
            kind: r.responseKind?.kind ?? '',
            namespaced: r.scope === 'Namespaced',
            verbs: r.verbs ?? [],
            subresources: (r.subresources ?? []).map((s) => s.subresource),
          },
          r.singularResource || (r.responseKind?.kind ?? '').toLowerCase(),
          r.shortNames ?? [],
        );
      }
    }
  }
}

function addResourceList(reg: Registry, group: string, version: string, resources: PlainResource[]): void {
  const subresources = new Map<string, string[]>();
  for (const r of resources) {
    const slash = r.name.indexOf('/');
    if (slash > 0) {
      const parent = r.name.slice(0, slash);
      subresources.set(parent, [...(subresources.get(parent) ?? []), r.name.slice(slash + 1)]);
    }
  }
  for (const r of resources) {
    if (r.name.includes('/')) continue;
    reg.add(
      group,
      version,
      { resource: r.name, kind: r.kind, namespaced: r.namespaced, verbs: r.verbs ?? [], subresources: subresources.get(r.name) ?? [] },
      r.singularName || r.kind.toLowerCase(), // older servers leave it empty; kubectl uses the kind
      r.shortNames ?? [],
    );
  }
}

async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * What the server serves: aggregated discovery in one request per root when the server
 * offers it, else the plain per-group-version documents. A group version that fails
 * (a broken aggregated APIService answers 503) is recorded in failures, not fatal.
 */
export async function discover(transport: Transport): Promise<DiscoveryRegistry> {
  const reg = new Registry(transport);
  const [core, groups, version] = await Promise.all([
    transport.request<AggList & PlainGroups>('/api', { accept: AGGREGATED_ACCEPT }),
    transport.request<AggList & PlainGroups>('/apis', { accept: AGGREGATED_ACCEPT }),
    transport.request<{ gitVersion?: string }>('/version').catch(() => undefined),
  ]);
  reg.serverVersion = version?.gitVersion;
  const plain: { group: string; version: string }[] = [];
  for (const root of [core, groups]) {
    if (root?.kind === 'APIGroupDiscoveryList') {
      reg.aggregated = true;
      addAggregated(reg, root);
    } else if (root?.kind === 'APIVersions') {
      for (const v of root.versions ?? []) plain.push({ group: '', version: v });
      if (root.versions?.[0]) reg.group('').preferred ??= root.versions[0];
    } else {
      for (const g of root?.groups ?? []) {
        reg.group(g.name).preferred ??= g.preferredVersion?.version;
        for (const v of g.versions) plain.push({ group: g.name, version: v.version });
      }
    }
  }
  await inPool(plain, CONCURRENCY, async ({ group, version: v }) => {
    const path = group ? `/apis/${group}/${v}` : `/api/${v}`;
    try {
      const list = await transport.request<{ resources?: PlainResource[] }>(path);
      addResourceList(reg, group, v, list?.resources ?? []);
    } catch (err) {
      reg.failures.push({ groupVersion: group ? `${group}/${v}` : v, message: errorMessage(err) });
    }
  });
  // Keep each group's versions in the server's order of preference, not in arrival order.
  const order = new Map(plain.map((p, i) => [`${p.group}/${p.version}`, i]));
  if (order.size) {
    for (const [name, g] of reg.groups) g.versions.sort((a, b) => (order.get(`${name}/${a}`) ?? 0) - (order.get(`${name}/${b}`) ?? 0));
  }
  return reg;
}
