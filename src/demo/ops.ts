// Writes, shared by the HTTP handlers and DemoControl so that both take the
// same path: defaults, validation, optimistic concurrency, finalizers, events.
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../k8s/types.js';
import { apiVersionOf, type DeleteOptions, type ResourceDef } from './resources.js';
import type { ObjectStore } from './store.js';
import { applyPatch } from './patch.js';
import {
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  MODIFIED_CONFLICT,
  notFound,
  successStatus,
  type StatusBody,
  type StatusError,
} from './status.js';

export interface WriteOptions {
  dryRun?: boolean;
}

export interface DeleteRequest extends DeleteOptions, WriteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function generatedName(prefix: string): string {
  let s = prefix;
  for (let i = 0; i < 5; i++) s += NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)];
  return s;
}

// A failed delete precondition: rest.BeforeDelete checks the preconditions first and
// answers NewConflict with the Kind as the resource ("Pod", "ResourceClaim.resource.k8s.io").
function preconditionConflict(def: ResourceDef, name: string, why: string): StatusError {
  return conflict(def.group, def.kind, name, why);
}

export class Ops {
  constructor(
    readonly store: ObjectStore,
    private readonly namespaceDef: ResourceDef,
  ) {}

  getOrThrow(def: ResourceDef, ns: string | undefined, name: string): KubeObject {
    const obj = this.store.get(def, ns, name);
    if (!obj) throw notFound(def.group, def.plural, name);
    return obj;
  }

  create(def: ResourceDef, ns: string | undefined, body: KubeObject, opts: WriteOptions = {}): KubeObject {
    if (typeof body !== 'object' || body === null) throw badRequest('Object \'Kind\' is missing in request body');
    const obj: KubeObject = structuredClone(body);
    obj.apiVersion = apiVersionOf(def);
    obj.kind = def.kind;
    const meta = (obj.metadata ??= { name: '' });
    if (!meta.name && meta.generateName) meta.name = generatedName(meta.generateName);
    if (def.namespaced) {
      if (meta.namespace && ns && meta.namespace !== ns) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = ns ?? meta.namespace;
    } else delete meta.namespace;
    if (!meta.name) throw invalid(def.group, def.kind, '', [{ type: 'Required', field: 'metadata.name', detail: 'name or generateName is required' }]);
    if (def.namespaced && !this.store.get(this.namespaceDef, undefined, meta.namespace!)) {
      throw notFound('', 'namespaces', meta.namespace!);
    }
    if (this.store.get(def, meta.namespace, meta.name)) throw alreadyExists(def.group, def.plural, meta.name);
    meta.uid = randomUUID();
    meta.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    meta.generation = 1;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    def.hooks?.prepareCreate?.(obj);
    const errs = def.hooks?.validateCreate?.(obj) ?? [];
    if (errs.length) throw invalid(def.group, def.kind, meta.name, errs);
    if (opts.dryRun) return obj;
    return this.store.write(def, 'ADDED', obj);
  }

  /** PUT: the client's whole object, checked against the stored resourceVersion. */
  update(def: ResourceDef, ns: string | undefined, name: string, body: KubeObject, subresource = '', opts: WriteOptions = {}): KubeObject {
    const current = this.getOrThrow(def, ns, name);
    if (body?.metadata?.name !== undefined && body.metadata.name !== name) {
      throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (!body?.metadata?.resourceVersion && def.kind === 'Pod') {
      throw invalid(def.group, def.kind, name, [
        { type: 'Invalid', field: 'metadata.resourceVersion', value: 0, detail: 'must be specified for an update' },
      ]);
    }
    return this.replace(def, current, structuredClone(body), subresource, opts);
  }

  patch(
    def: ResourceDef,
    ns: string | undefined,
    name: string,
    contentType: string,
    patch: unknown,
    subresource = '',
    opts: WriteOptions = {},
  ): KubeObject {
    const current = this.getOrThrow(def, ns, name);
    const patched = applyPatch(contentType, current, patch) as KubeObject;
    if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) throw badRequest('patched object is not an object');
    return this.replace(def, current, patched, subresource, opts);
  }

  private replace(def: ResourceDef, current: KubeObject, next: KubeObject, subresource: string, opts: WriteOptions): KubeObject {
    const name = current.metadata.name;
    const rv = next.metadata?.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw conflict(def.group, def.plural, name, MODIFIED_CONFLICT);
    next.apiVersion = apiVersionOf(def);
    next.kind = def.kind;
    next.metadata = { ...next.metadata, name };
    // System fields are the server's, whatever the client sent.
    for (const k of ['namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
      if (current.metadata[k] === undefined) delete next.metadata[k];
      else (next.metadata as Record<string, unknown>)[k] = current.metadata[k];
    }
    delete next.metadata.managedFields;
    def.hooks?.prepareUpdate?.(next, current, subresource);
    if (subresource === '' && JSON.stringify(next.spec) !== JSON.stringify(current.spec)) {
      next.metadata.generation = (current.metadata.generation ?? 1) + 1;
    }
    if (subresource === '') {
      const errs = def.hooks?.validateUpdate?.(next, current) ?? [];
      if (errs.length) throw invalid(def.group, def.kind, name, errs);
    }
    if (opts.dryRun) return { ...next, metadata: { ...next.metadata, resourceVersion: current.metadata.resourceVersion } };
    // An object being deleted goes away once its last finalizer is removed.
    if (next.metadata.deletionTimestamp && !next.metadata.finalizers?.length && !next.metadata.deletionGracePeriodSeconds) {
      return this.store.remove(def, current);
    }
    return this.store.write(def, 'MODIFIED', next, current);
  }

  /** DELETE: returns what the API server answers (object or Success Status) and whether it is gone. */
  delete(def: ResourceDef, ns: string | undefined, name: string, req: DeleteRequest = {}): { body: KubeObject | StatusBody; deleted: boolean } {
    const current = this.getOrThrow(def, ns, name);
    const pre = req.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw preconditionConflict(
        def,
        name,
        `the UID in the precondition (${pre.uid}) does not match the UID in record (${current.metadata.uid}). The object might have been deleted and then recreated`,
      );
    }
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw preconditionConflict(
        def,
        name,
        `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${current.metadata.resourceVersion}). The object might have been modified`,
      );
    }
    const grace = def.hooks?.gracePeriod?.(current, req) ?? 0;
    const finalizers = current.metadata.finalizers?.length ?? 0;
    const answer = (obj: KubeObject, deleted: boolean) => ({
      body: def.returnDeletedObject || !deleted ? obj : successStatus(name, def.group, def.plural, obj.metadata.uid),
      deleted,
    });
    if (grace === 0 && finalizers === 0) {
      if (req.dryRun) return answer(current, true);
      if (def.hooks?.gracePeriod) {
        // A graceful-delete strategy (pods) with grace 0: kube-apiserver first stores the
        // deletionTimestamp (a MODIFIED event), then deletes; DELETED carries the timestamp.
        const marked: KubeObject = structuredClone(current);
        marked.metadata.deletionTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        marked.metadata.deletionGracePeriodSeconds = 0;
        return answer(this.store.remove(def, this.store.write(def, 'MODIFIED', marked, current)), true);
      }
      return answer(this.store.remove(def, current), true);
    }
    const meta = current.metadata;
    const prevGrace = meta.deletionGracePeriodSeconds;
    // Already terminating: a delete may only shorten the grace period.
    if (meta.deletionTimestamp && prevGrace !== undefined && prevGrace <= grace) return answer(current, false);
    const next: KubeObject = structuredClone(current);
    next.metadata.deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    next.metadata.deletionGracePeriodSeconds = grace;
    if (req.dryRun) return answer(next, false);
    return answer(this.store.write(def, 'MODIFIED', next, current), false);
  }
}
