import { describe, expect, it } from 'vitest';
import { createClaimsApi, DRA_VERSIONS } from '../../src/k8s/claims.js';
import type { SessionCore } from '../../src/k8s/session.js';
import type { ResourceType } from '../../src/k8s/types.js';

// what a 1.33-era server might serve: each resource at its own versions
const served: Record<string, string[]> = {
  resourceclaims: ['v1beta2', 'v1beta1'],
  deviceclasses: ['v1beta1', 'v1alpha3'],
  resourceslices: ['v1alpha3'],
};

function core(): SessionCore {
  const resolve = (group: string, resource: string, preferred: string[] = []): ResourceType | undefined => {
    const versions = served[resource] ?? [];
    const version = preferred.find((v) => versions.includes(v)) ?? versions[0];
    return version ? { group, version, resource, kind: resource, namespaced: resource === 'resourceclaims', verbs: ['list', 'watch'], subresources: [] } : undefined;
  };
  return {
    discovery: { resolve },
    watched: (group: string, resource: string, preferred?: string[]) => {
      const type = resolve(group, resource, preferred);
      return type && { type, store: {} as never };
    },
  } as unknown as SessionCore;
}

describe('claims API versions', () => {
  it('prefers v1, then v1beta2, v1beta1, v1alpha3, per resource', () => {
    expect(DRA_VERSIONS).toEqual(['v1', 'v1beta2', 'v1beta1', 'v1alpha3']);
    const api = createClaimsApi(core());
    expect(api.watched('resourceclaims')?.type.version).toBe('v1beta2');
    expect(api.watched('deviceclasses')?.type.version).toBe('v1beta1');
    expect(api.watched('resourceslices')?.type.version).toBe('v1alpha3');
    expect(api.watched('resourceclaimtemplates')).toBeUndefined();
  });
});
