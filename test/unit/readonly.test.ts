import { describe, expect, it } from 'vitest';
import { assertAllowed, isMutating } from '../../src/k8s/readonly.js';
import { ReadonlyError, type HttpMethod } from '../../src/k8s/types.js';

const SSR = '/apis/authentication.k8s.io/v1/selfsubjectreviews';
const SSAR = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const SSRR = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews';

const allowed: [HttpMethod, string][] = [
  ['GET', '/api/v1/pods'],
  ['GET', '/api/v1/namespaces/a/pods?watch=1&resourceVersion=10'],
  ['GET', '/api/v1/namespaces/a/pods/p/log?follow=true&container=c'],
  ['POST', SSR],
  ['POST', SSAR],
  ['POST', SSRR],
  ['POST', `${SSAR}?timeout=10s`],
];

const refused: [HttpMethod, string][] = [
  ['PATCH', '/api/v1/namespaces/a/pods/p'],
  ['PATCH', '/api/v1/namespaces/a/pods/p?dryRun=All'],
  ['DELETE', '/api/v1/persistentvolumes/pv1'],
  ['PUT', '/api/v1/namespaces/a/pods/p/status'],
  ['POST', '/api/v1/namespaces/a/pods'],
  ['POST', '/api/v1/namespaces/a/pods/p/eviction'],
  // look-alikes and path tricks
  ['POST', `${SSAR}/../../../api/v1/namespaces/a/pods`],
  ['POST', `${SSAR}/`],
  ['POST', `/${SSAR}`],
  ['POST', `/api/v1/namespaces/selfsubjectaccessreviews/pods`],
  ['POST', `/apis/authorization.k8s.io/v1/subjectaccessreviews`],
  ['POST', `/apis/authorization.k8s.io/v1/namespaces/a/localsubjectaccessreviews`],
  ['POST', `/apis/authentication.k8s.io/v1/tokenreviews`],
  ['POST', `/api/v1/namespaces/a/pods?x=${SSAR}`],
  ['POST', `${SSAR}%2F..%2F..%2Fapi%2Fv1%2Fpods`],
  ['PUT', SSAR],
  ['DELETE', SSR],
  ['PATCH', SSRR],
];

describe('assertAllowed in read-only mode', () => {
  it.each(allowed)('lets %s %s through', (method, path) => {
    expect(() => assertAllowed(true, method, path)).not.toThrow();
    expect(isMutating(method, path)).toBe(false);
  });

  it.each(refused)('refuses %s %s', (method, path) => {
    expect(() => assertAllowed(true, method, path)).toThrow(ReadonlyError);
    expect(isMutating(method, path)).toBe(true);
  });

  it('names the refused request and the flag in the message', () => {
    expect(() => assertAllowed(true, 'DELETE', '/api/v1/namespaces/a/pods/p')).toThrow(
      'read-only mode: refused DELETE /api/v1/namespaces/a/pods/p (started with --readonly)',
    );
  });

  it('allows writes when not read-only', () => {
    expect(() => assertAllowed(false, 'DELETE', '/api/v1/namespaces/a/pods/p')).not.toThrow();
  });

  it('treats an unexpected method spelling as a write unless it is a GET', () => {
    expect(isMutating('get' as HttpMethod, '/api/v1/pods')).toBe(false);
    expect(isMutating('HEAD' as HttpMethod, '/api/v1/pods')).toBe(true);
  });
});
