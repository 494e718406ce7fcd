// LIST with selectors and limit/continue, paging over the sorted key table.
import type { KubeObject } from '../k8s/types.js';
import { apiVersionOf, type ResourceDef } from './resources.js';
import type { ObjectStore, Table } from './store.js';
import { and, fieldSelector, labelSelector, type Matcher } from './selectors.js';
import { badRequest, expired } from './status.js';

// etcd3's wording when a continue token's revision has been compacted.
const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list ' +
  'without the continue parameter, or use the continue token in this response to retrieve the remainder of the ' +
  'results. Continuing with the provided token results in an inconsistent list - objects that were created, ' +
  'modified, or deleted between the time the first chunk was returned and now may show up in the list.';

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

// Same shape as apiserver's storage.EncodeContinue; clients must treat it as opaque.
function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start } satisfies ContinueToken)).toString('base64');
}

function decodeContinue(raw: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as ContinueToken;
    if (t.v === 'meta.k8s.io/v1' && typeof t.rv === 'number' && typeof t.start === 'string') return t;
  } catch {
    // fall through
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

/** The key range of one namespace ('/' sorts right before '0'), or the whole table. */
export function keyRange(table: Table, ns: string | undefined): [number, number] {
  if (!ns) return [0, table.keys.length];
  return [table.lowerBound(`${ns}/`), table.lowerBound(`${ns}0`)];
}

export function matcherFor(def: ResourceDef, query: URLSearchParams): Matcher {
  return and(labelSelector(query.get('labelSelector')), fieldSelector(def, query.get('fieldSelector')));
}

/** List items carry no apiVersion/kind, as kube-apiserver encodes them. */
function listItem(o: KubeObject): KubeObject {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return rest as KubeObject;
}

export function list(store: ObjectStore, def: ResourceDef, ns: string | undefined, query: URLSearchParams): object {
  const match = matcherFor(def, query);
  const filtered = query.has('labelSelector') || query.has('fieldSelector');
  const limit = Math.max(0, Number(query.get('limit') ?? 0) || 0);
  const table = store.table(def);
  const [lo, hi] = keyRange(table, def.namespaced ? ns : undefined);
  let from = lo;
  let listRv = store.rv;
  const cont = query.get('continue');
  if (cont) {
    const token = decodeContinue(cont);
    if (token.rv < store.compactedRv) throw expired(INCONSISTENT_CONTINUE, encodeContinue(store.rv, token.start));
    listRv = token.rv;
    from = Math.max(lo, table.lowerBound(token.start));
  }
  const items: KubeObject[] = [];
  let i = from;
  for (; i < hi && (limit === 0 || items.length < limit); i++) {
    const obj = table.byKey.get(table.keys[i])!;
    if (match(obj)) items.push(listItem(obj));
  }
  const metadata: Record<string, unknown> = { resourceVersion: String(listRv) };
  if (limit > 0 && i < hi) {
    metadata.continue = encodeContinue(listRv, `${table.keys[i - 1]}\u0000`);
    if (!filtered) metadata.remainingItemCount = hi - i;
  }
  return { kind: `${def.kind}List`, apiVersion: apiVersionOf(def), metadata, items };
}
