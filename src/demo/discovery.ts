// Discovery documents: plain (/api, /apis, /api/v1, /apis/<g>, /apis/<g>/<v>) and
// aggregated (apidiscovery.k8s.io/v2), all generated from the resource table.
import { RESOURCES, groups, type ResourceDef } from './resources.js';

export const AGGREGATED_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const DEMO_VERSION = 'v1.36.0-kubedeck-demo';

export function wantsAggregated(accept: string | undefined): boolean {
  return !!accept && /g=apidiscovery\.k8s\.io;\s*v=v2;\s*as=APIGroupDiscoveryList/.test(accept.replace(/\s+/g, ''));
}

export function versionInfo(): object {
  return {
    major: '1',
    minor: '36',
    emulationMajor: '1',
    emulationMinor: '36',
    minCompatibilityMajor: '1',
    minCompatibilityMinor: '35',
    gitVersion: DEMO_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.25.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

const gv = (group: string, version: string) => (group ? `${group}/${version}` : version);

function groupEntry(name: string, versions: string[]): object {
  const vs = versions.map((v) => ({ groupVersion: gv(name, v), version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

export function coreVersions(serverAddress: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function groupList(): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups()
      .filter((g) => g.name !== '')
      .map((g) => groupEntry(g.name, g.versions)),
  };
}

export function group(name: string): object | undefined {
  const g = groups().find((x) => x.name === name && name !== '');
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g.name, g.versions) };
}

export function resourceList(group: string, version: string): object | undefined {
  const defs = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (defs.length === 0) return undefined;
  const resources = defs.flatMap((r) => [
    {
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
    },
    ...r.subresources.map((s) => ({ name: `${r.plural}/${s}`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv(group, version), resources };
}

function aggregatedResource(r: ResourceDef): object {
  const kind = { group: r.group, version: r.version, kind: r.kind };
  return {
    resource: r.plural,
    responseKind: kind,
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
    ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    ...(r.categories ? { categories: r.categories } : {}),
    ...(r.subresources.length
      ? { subresources: r.subresources.map((s) => ({ subresource: s, responseKind: kind, verbs: ['get', 'patch', 'update'] })) }
      : {}),
  };
}

/** /api (core only) or /apis (every other group) as an APIGroupDiscoveryList. */
export function aggregated(core: boolean): object {
  const items = groups()
    .filter((g) => (g.name === '') === core)
    .map((g) => ({
      metadata: core ? { creationTimestamp: null } : { name: g.name, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: RESOURCES.filter((r) => r.group === g.name && r.version === v).map(aggregatedResource),
        freshness: 'Current',
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
