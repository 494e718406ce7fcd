// `kubectl auth can-i --list` formatting, checked against upstream's rules (kubectl
// cani.go printStatus, util/rbac BreakdownRule/CompactRules/SortableRuleSlice,
// describe.CombineResourceGroup, cli-runtime tabwriter 6/4/3).
import { describe, expect, it } from 'vitest';
import { canILines, canIRows, combineResourceGroup, tabulate } from '../../src/state/cani.js';

// What system:basic-user, system:discovery and system:public-info-viewer give every
// authenticated user on a kubeadm 1.30 cluster, in the server's (unsorted) order.
const basicUser = {
  resourceRules: [
    { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
    { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  ],
  nonResourceRules: [
    { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
    { verbs: ['get'], nonResourceURLs: ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'] },
  ],
  incomplete: false,
};

describe('kubectl auth can-i --list printer', () => {
  it('prints a basic user exactly as kubectl does', () => {
    expect(canILines(canIRows(basicUser))).toEqual([
      'Resources                                       Non-Resource URLs                      Resource Names   Verbs',
      'selfsubjectreviews.authentication.k8s.io        []                                     []               [create]',
      'selfsubjectaccessreviews.authorization.k8s.io   []                                     []               [create]',
      'selfsubjectrulesreviews.authorization.k8s.io    []                                     []               [create]',
      // one row per URL and verb; "/" sorts before "]" so /api/* precedes /api
      '                                                [/.well-known/openid-configuration/]   []               [get]',
      '                                                [/.well-known/openid-configuration]    []               [get]',
      '                                                [/api/*]                               []               [get]',
      '                                                [/api]                                 []               [get]',
      '                                                [/apis/*]                              []               [get]',
      '                                                [/apis]                                []               [get]',
      '                                                [/healthz]                             []               [get]',
      '                                                [/livez]                               []               [get]',
      '                                                [/openapi/*]                           []               [get]',
      '                                                [/openapi]                             []               [get]',
      '                                                [/openid/v1/jwks/]                     []               [get]',
      '                                                [/openid/v1/jwks]                      []               [get]',
      '                                                [/readyz]                              []               [get]',
      '                                                [/version/]                            []               [get]',
      '                                                [/version]                             []               [get]',
    ]);
  });

  it('prints cluster-admin as *.* and [*]', () => {
    const rows = canIRows({ resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }] });
    expect(canILines(rows)).toEqual([
      'Resources   Non-Resource URLs   Resource Names   Verbs',
      '*.*         []                  []               [*]',
      '            [*]                 []               [*]',
    ]);
  });

  it('merges verbs of one resource from several rules, in the order they came, duplicates kept', () => {
    const rows = canIRows({
      resourceRules: [
        { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
        { verbs: ['watch', 'get'], apiGroups: [''], resources: ['pods'] },
      ],
    });
    expect(rows).toEqual([{ resources: 'pods', nonResourceURLs: '[]', resourceNames: '[]', verbs: '[get list watch get]' }]);
  });

  it('sorts by verbs first (Go PolicyRule.String()), then group, then resource', () => {
    const rows = canIRows({
      resourceRules: [
        { verbs: ['get', 'list', 'watch'], apiGroups: ['', 'apps'], resources: ['pods', 'deployments'] },
        { verbs: ['create'], apiGroups: ['batch'], resources: ['jobs'] },
      ],
    });
    expect(rows.map((r) => `${r.resources} ${r.verbs}`)).toEqual([
      'jobs.batch [create]',
      'deployments [get list watch]',
      'pods [get list watch]',
      'deployments.apps [get list watch]',
      'pods.apps [get list watch]',
    ]);
  });

  it('gives each resource name its own row and keeps subresources after the group', () => {
    const rows = canIRows({
      resourceRules: [
        { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['b', 'a'] },
        { verbs: ['update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] },
        { verbs: ['get'], apiGroups: ['batch'], resources: ['jobs/status'] },
        { verbs: ['create'], apiGroups: [''], resources: ['pods/log'] },
      ],
    });
    expect(canILines(rows)).toEqual([
      'Resources           Non-Resource URLs   Resource Names   Verbs',
      'pods/log            []                  []               [create]',
      // "[get update]" < "[get]" bytewise; within [get], no group ("[]") sorts before [batch]
      'configmaps          []                  [a]              [get update]',
      'configmaps          []                  [b]              [get]',
      'jobs.batch/status   []                  []               [get]',
    ]);
  });

  it('prints only the header when the server lists no rules', () => {
    expect(canILines(canIRows({}))).toEqual(['Resources   Non-Resource URLs   Resource Names   Verbs']);
    expect(canILines(canIRows(undefined))).toHaveLength(1);
  });

  it('sanitizes what the server sent', () => {
    const rows = canIRows({ resourceRules: [{ verbs: ['get\x1b[2J'], apiGroups: [''], resources: ['pods\x1b]52;c;AAA\x07'] }] });
    expect(rows[0]).toEqual({ resources: 'pods', nonResourceURLs: '[]', resourceNames: '[]', verbs: '[get]' });
  });

  it('CombineResourceGroup uses the first resource and group only', () => {
    expect(combineResourceGroup([], ['apps'])).toBe('');
    expect(combineResourceGroup(['deployments', 'x'], ['apps', 'y'])).toBe('deployments.apps');
    expect(combineResourceGroup(['deployments/scale'], ['apps'])).toBe('deployments.apps/scale');
    expect(combineResourceGroup(['pods'], [])).toBe('pods');
  });

  it('tabwriter: minimum width 6, padding 3, widths in characters, the last cell unpadded', () => {
    expect(tabulate([['a', 'b'], ['ü', 'c']])).toEqual(['a     b', 'ü     c']);
    expect(tabulate([['abcdef', 'x', 'y']])).toEqual(['abcdef   x     y']);
    expect(tabulate([['ab', 'x']], 1)).toEqual(['ab    x']);
  });
});
