// From what a user types (`deploy`, `deployments`, `po`, `crontabs.stable.example.com`,
// `apps/deployments`) to one resource, as kubectl's RESTMapper and shortcut expander do.
// Pure: it reads what discovery found (src/k8s/discovery.ts) and kubedeck's own aliases.
import type { NamedResource, Resolution } from '../k8s/types.js';
export type { NamedResource, Resolution } from '../k8s/types.js';


/**
 * kubedeck's own names, in this one table. A name discovery knows (a plural, a
 * singular, a short name or a kind of any served resource) wins over these.
 * Values are "resource" (core group) or "resource.group".
 */
export const KUBEDECK_ALIASES: Readonly<Record<string, string>> = {
  claims: 'resourceclaims.resource.k8s.io',
  claim: 'resourceclaims.resource.k8s.io',
  slices: 'resourceslices.resource.k8s.io',
  classes: 'deviceclasses.resource.k8s.io',
  templates: 'resourceclaimtemplates.resource.k8s.io',
  volumes: 'persistentvolumes',
  pvs: 'persistentvolumes',
  pvcs: 'persistentvolumeclaims',
  deploys: 'deployments.apps',
  svcs: 'services',
  cms: 'configmaps',
  nss: 'namespaces',
};


const byGroupOrder = (resources: readonly NamedResource[]): NamedResource[] =>
  // The core group first, as kubectl: "events" means v1 events, not events.k8s.io.
  [...resources].sort((a, b) => (a.group === '' ? (b.group === '' ? 0 : -1) : b.group === '' ? 1 : 0));

/** Exact names only: plural first, then singular, short name, kind; core group first. */
function byName(resources: readonly NamedResource[], name: string, group?: string, version?: string): NamedResource | undefined {
  const candidates = byGroupOrder(resources).filter((r) => (group === undefined || r.group === group) && (version === undefined || r.version === version));
  return (
    candidates.find((r) => r.resource === name) ??
    candidates.find((r) => r.singular === name) ??
    candidates.find((r) => r.shortNames.includes(name)) ??
    candidates.find((r) => r.kind.toLowerCase() === name)
  );
}

function fromDiscovery(resources: readonly NamedResource[], wanted: string): NamedResource | undefined {
  // GROUP/RESOURCE or GROUP/VERSION/RESOURCE; "/pods" or "v1/pods" for the core group
  if (wanted.includes('/')) {
    const parts = wanted.split('/');
    if (parts.length === 2) {
      const [group, name] = parts as [string, string];
      return byName(resources, name, group) ?? (group.startsWith('v') && !group.includes('.') ? byName(resources, name, '', group) : undefined);
    }
    if (parts.length === 3) return byName(resources, parts[2]!, parts[0], parts[1]);
    return undefined;
  }
  const plain = byName(resources, wanted);
  if (plain) return plain;
  // resource.group, or resource.version.group (as `kubectl get deployments.v1.apps`)
  const dot = wanted.indexOf('.');
  if (dot <= 0) return undefined;
  const base = wanted.slice(0, dot);
  const rest = wanted.slice(dot + 1);
  const withGroup = byName(resources, base, rest);
  if (withGroup) return withGroup;
  const dot2 = rest.indexOf('.');
  if (dot2 > 0) return byName(resources, base, rest.slice(dot2 + 1), rest.slice(0, dot2));
  return undefined;
}

/**
 * The resource a typed name means. Discovery's names first; kubedeck's aliases only
 * for names no served resource has.
 */
export function resolveResource(
  resources: readonly NamedResource[],
  typed: string,
  aliases: Readonly<Record<string, string>> = KUBEDECK_ALIASES,
): Resolution {
  const wanted = typed.trim().toLowerCase();
  if (!wanted) return { ok: false, message: 'no resource type given' };
  const found = fromDiscovery(resources, wanted);
  if (found) return { ok: true, resource: found };
  const alias = Object.prototype.hasOwnProperty.call(aliases, wanted) ? aliases[wanted] : undefined;
  const aliased = alias !== undefined ? fromDiscovery(resources, alias) : undefined;
  if (aliased) return { ok: true, resource: aliased };
  // kubectl's wording
  return { ok: false, message: `the server doesn't have a resource type "${typed.trim()}"` };
}

/** Every name that resolves to a resource (for completion), discovered names first. */
export function resourceNames(resources: readonly NamedResource[], aliases: Readonly<Record<string, string>> = KUBEDECK_ALIASES): string[] {
  const names = new Set<string>();
  for (const r of byGroupOrder(resources)) {
    names.add(r.resource);
    if (r.singular) names.add(r.singular);
    for (const s of r.shortNames) names.add(s);
    if (r.group) names.add(`${r.resource}.${r.group}`);
  }
  for (const alias of Object.keys(aliases)) if (resolveResource(resources, alias, aliases).ok) names.add(alias);
  return [...names];
}
