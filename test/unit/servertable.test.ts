// Server-side Tables: the watch loop in its Table form, the uid-keyed store and the
// pure layout (`kubectl get` columns, AGE from creationTimestamp, -o wide, -A).
import { afterEach, describe, expect, it } from 'vitest';
import { ABORTED, type OpenAwareStreamOptions } from '../../src/k8s/transport.js';
import { startWatch, type WatchHandle, type WatchLoopEvent } from '../../src/k8s/watch.js';
import { TABLE_ACCEPT } from '../../src/k8s/servertable.js';
import { ApiError, type RequestOptions, type ResourceType, type ServerColumn, type TableRow, type Transport } from '../../src/k8s/types.js';
import type { RowSeq } from '../../src/state/rowlist.js';
import { cellText, tableIndex, FROZEN_NOTE, kubectlListJson, noResources, printTable, ServerTableStore, tableLayout, tableRows } from '../../src/state/servertable.js';

const deployments: ResourceType = { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, verbs: ['list', 'watch'], subresources: [] };

const COLUMNS: ServerColumn[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique', priority: 0 },
  { name: 'Ready', type: 'string', description: 'ready', priority: 0 },
  { name: 'Up-to-date', type: 'string', priority: 0 },
  { name: 'Available', type: 'string', priority: 0 },
  { name: 'Age', type: 'string', priority: 0 },
  { name: 'Containers', type: 'string', priority: 1 },
  { name: 'Images', type: 'string', priority: 1 },
];

const T0 = Date.parse('2026-11-01T10:00:00Z');
const meta = (name: string, rv: string, ns = 'web') => ({
  name,
  namespace: ns,
  uid: `uid-${name}`,
  resourceVersion: rv,
  creationTimestamp: '2026-11-01T09:00:00Z',
  managedFields: [{ manager: 'kubectl' }],
});
const row = (name: string, rv: string, cells: unknown[]) => ({ cells, object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta(name, rv) } });
const table = (rows: unknown[], rv: string, columns?: ServerColumn[]) => ({
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  metadata: { resourceVersion: rv },
  ...(columns ? { columnDefinitions: columns } : {}),
  rows,
});

class Scripted implements Transport {
  readonly server = 'https://scripted:6443';
  accepts: { list: (string | undefined)[]; watch: (string | undefined)[] } = { list: [], watch: [] };
  watchQueries: Record<string, unknown>[] = [];
  constructor(
    private list: () => unknown,
    private lines: string[],
  ) {}
  async request<T>(_path: string, opts: RequestOptions = {}): Promise<T> {
    this.accepts.list.push(opts.accept);
    const a = this.list();
    if (a instanceof Error) throw a;
    return a as T;
  }
  stream(_path: string, so: OpenAwareStreamOptions): Promise<void> {
    this.accepts.watch.push(so.accept);
    this.watchQueries.push({ ...so.query });
    const lines = this.watchQueries.length === 1 ? this.lines : [];
    // the first watch sends its lines and ends (a server timeout); later ones stay open
    return new Promise((resolve, reject) => {
      so.signal?.addEventListener('abort', () => reject(new ApiError(0, 'stream cancelled', { reason: ABORTED })), { once: true });
      so.onOpen?.();
      let i = 0;
      const next = () => {
        if (so.signal?.aborted) return;
        if (i >= lines.length) return lines.length ? resolve() : undefined;
        so.onLine(lines[i++]!);
        setTimeout(next, 1);
      };
      setTimeout(next, 1);
    });
  }
}

const handles: WatchHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) {
    h.stop();
    await h.done;
  }
});

function watchTable(t: Transport) {
  const store = new ServerTableStore({ frameMs: 0 });
  handles.push(startWatch({ transport: t, resource: deployments, namespace: 'web', sink: store, table: true, backoff: { initialMs: 10, maxMs: 50 } }));
  return store;
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const ev = (type: string, object: unknown) => JSON.stringify({ type, object });
const names = (s: ServerTableStore) => s.list().map((o) => `${o.metadata.name}:${(o.cells ?? []).slice(1, 4).join(',')}`).sort();

describe('the Table watch', () => {
  it("asks for the Table as kubectl does, keeps the LIST's columns and follows one-row watch Tables", async () => {
    const t = new Scripted(
      () => table([row('api', '10', ['api', '2/2', 2, 2, '1h', 'api', 'api:1']), row('web', '11', ['web', '1/3', 3, 1, '1h', 'web', 'web:2'])], '12', COLUMNS),
      [
        // the first event may still carry definitions; later ones never do
        ev('MODIFIED', table([row('web', '13', ['web', '3/3', 3, 3, '1h', 'web', 'web:2'])], '13')),
        ev('ADDED', table([row('cache', '14', ['cache', '0/1', 1, 0, '0s', 'redis', 'redis:8'])], '14')),
        ev('DELETED', table([row('api', '15', ['api', '2/2', 2, 2, '1h', 'api', 'api:1'])], '15')),
        ev('BOOKMARK', table([{ cells: ['', '0/0', 0, 0, '<unknown>', '', ''], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '20' } } }], '')),
      ],
    );
    const store = watchTable(t);
    await until(() => store.health.state === 'synced' && store.size === 2 && !store.get('uid-api'));
    expect(t.accepts.list).toEqual([TABLE_ACCEPT]);
    expect(t.accepts.watch[0]).toBe(TABLE_ACCEPT);
    expect(TABLE_ACCEPT).toBe('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json');
    expect(t.watchQueries[0]).toMatchObject({ watch: 1, resourceVersion: '12' });
    expect(t.watchQueries[0]).not.toHaveProperty('includeObject'); // the default, Metadata
    expect(store.columns?.map((c) => c.name)).toEqual(COLUMNS.map((c) => c.name));
    expect(names(store)).toEqual(['cache:0/1,1,0', 'web:3/3,3,3']);
    // keyed by uid, with the row object's metadata (managedFields dropped) and the kind
    const web = store.get('uid-web')!;
    expect(web).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'web', uid: 'uid-web', resourceVersion: '13' } });
    expect(web.metadata.managedFields).toBeUndefined();
    // a bookmark's row moves the resume point
    await until(() => t.watchQueries.length >= 2);
    expect(t.watchQueries[1]).toMatchObject({ resourceVersion: '20' });
    expect(t.accepts.list).toHaveLength(1); // resumed, not relisted
    expect(store.columns).toHaveLength(7);
  });

  it('a server that answers with plain objects gets NAME and AGE, as kubectl prints them', async () => {
    const t = new Scripted(() => ({ kind: 'DeploymentList', metadata: { resourceVersion: '5' }, items: [{ metadata: meta('api', '4') }] }), []);
    const store = watchTable(t);
    await until(() => store.health.state === 'synced');
    expect(store.columns).toBeNull();
    const layout = tableLayout(store.columns, { wide: false, namespaceColumn: false });
    expect(layout.columns.map((c) => c.title)).toEqual(['NAME', 'AGE']);
    expect(tableRows(store.list(), layout, T0).map((r) => r.cells)).toEqual([['api', '60m']]);
  });

  it('a resource that serves no watch is listed again instead of watched', async () => {
    let n = 0;
    const t = new Scripted(() => table([row(`api-${++n}`, String(n), [`api-${n}`, '1/1', 1, 1, '1h', 'api', 'api:1'])], String(n), COLUMNS), []);
    const store = new ServerTableStore({ frameMs: 0 });
    handles.push(startWatch({ transport: t, resource: { ...deployments, verbs: ['list'] }, namespace: 'web', sink: store, table: true, pollMs: 5 }));
    await until(() => t.accepts.list.length >= 3);
    expect(t.accepts.watch).toEqual([]);
    // each list replaces the rows: only the latest one's object is left
    await until(() => store.list().length === 1 && store.list()[0]!.metadata.name !== 'api-1');
  });

  it('a Table row without object metadata is left out and reported, the others kept', async () => {
    const t = new Scripted(() => table([row('api', '1', ['api', '1/1', 1, 1, '1h', 'api', 'api:1']), { cells: ['ghost'], object: null }, { cells: ['odd'] }], '2', COLUMNS), []);
    const store = new ServerTableStore({ frameMs: 0 });
    const events: WatchLoopEvent[] = [];
    handles.push(startWatch({ transport: t, resource: deployments, namespace: 'web', sink: store, table: true, onEvent: (e) => events.push(e) }));
    await until(() => store.health.state === 'synced');
    expect(store.list().map((r) => r.metadata.name)).toEqual(['api']);
    expect(events).toContainEqual(expect.objectContaining({ type: 'skipped', items: 2 }));
  });

  it('a forbidden list is a forbidden state with the server message, not an empty table', async () => {
    const t = new Scripted(() => new ApiError(403, 'deployments.apps is forbidden: User "viewer" cannot list resource "deployments" in API group "apps" in the namespace "web"', { reason: 'Forbidden' }), []);
    const store = watchTable(t);
    await until(() => store.health.state === 'forbidden');
    expect(store.health).toEqual({ state: 'forbidden', message: expect.stringContaining('cannot list resource "deployments"') });
  });
});

describe('the layout', () => {
  const rows = [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', '3', 'shop'), cells: ['web', '1/3', 3, 1, '10d', 'web', 'web:2'] },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('api', '2', 'shop'), cells: ['api', '2/2', 2, 2, '10d', 'api', 'api:1'] },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('api', '1', 'alpha'), cells: ['api', '0/1', 1, 0, '10d', null, undefined] },
  ];

  it('hides priority > 0 columns unless wide, and puts NAMESPACE first for -A', () => {
    expect(tableLayout(COLUMNS, { wide: false, namespaceColumn: false }).columns.map((c) => c.title)).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    const wide = tableLayout(COLUMNS, { wide: true, namespaceColumn: true });
    expect(wide.columns.map((c) => c.title)).toEqual(['NAMESPACE', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES']);
    const out = tableRows(rows, wide, T0).map((r) => r.cells);
    // in the server's key order: namespace, then name
    expect(out).toEqual([
      ['alpha', 'api', '0/1', '1', '0', '60m', '', ''],
      ['shop', 'api', '2/2', '2', '2', '60m', 'api', 'api:1'],
      ['shop', 'web', '1/3', '3', '1', '60m', 'web', 'web:2'],
    ]);
  });

  it("AGE comes from creationTimestamp and moves; other time cells are marked as the server's text", () => {
    const layout = tableLayout(COLUMNS, { wide: false, namespaceColumn: false });
    expect(tableRows(rows.slice(0, 1), layout, T0 + 2 * 86400_000)[0]!.cells[4]).toBe('2d1h');
    const events = tableLayout(
      [
        { name: 'Last Seen', type: 'string' },
        { name: 'Type', type: 'string' },
        { name: 'Scheduled', type: 'date' },
      ],
      { wide: false, namespaceColumn: false },
    );
    expect(events.columns.map((c) => c.note)).toEqual([FROZEN_NOTE, undefined, FROZEN_NOTE]);
    expect(layout.columns.find((c) => c.title === 'AGE')?.note).toBeUndefined();
  });

  it('cells print as kubectl prints them', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(3)).toBe('3');
    expect(cellText(true)).toBe('true');
    expect(cellText('<none>')).toBe('<none>');
    expect(cellText('two\nlines')).toBe('two...');
    expect(cellText(['a', 'b'])).toBe('[a b]');
    expect(cellText({ b: 1, a: 'x' })).toBe('map[a:x b:1]');
  });
});

describe('printing as kubectl get', () => {
  it('pads every cell but the last to its column plus three spaces, headers upper case', () => {
    const layout = tableLayout(
      [
        { name: 'Name', type: 'string', format: 'name' },
        { name: 'Type', type: 'string' },
        { name: 'Message', type: 'string' },
      ],
      { wide: false, namespaceColumn: true },
    );
    const rows = tableRows(
      [
        { metadata: { name: 'a.1', namespace: 'web', uid: '1' }, cells: ['a.1', 'Warning', 'Back-off restarting'] },
        { metadata: { name: 'bé', namespace: 'default', uid: '2' }, cells: ['bé', 'Normal', ''] },
      ],
      layout,
      T0,
    );
    expect(printTable(layout, rows)).toBe(
      ['NAMESPACE   NAME   TYPE      MESSAGE', 'default     bé     Normal    ', 'web         a.1    Warning   Back-off restarting', ''].join('\n'),
    );
    expect(noResources('web')).toBe('No resources found in web namespace.\n');
    expect(noResources(null)).toBe('No resources found\n');
  });

  it('-o json is a v1 List with sorted keys, four-space indent and Go HTML escaping', () => {
    const out = kubectlListJson([{ metadata: { name: 'x', annotations: { note: 'a<b&c' } }, kind: 'ConfigMap', apiVersion: 'v1' }]);
    expect(out).toBe(
      [
        '{',
        '    "apiVersion": "v1",',
        '    "items": [',
        '        {',
        '            "apiVersion": "v1",',
        '            "kind": "ConfigMap",',
        '            "metadata": {',
        '                "annotations": {',
        '                    "note": "a\\u003cb\\u0026c"',
        '                },',
        '                "name": "x"',
        '            }',
        '        }',
        '    ],',
        '    "kind": "List",',
        '    "metadata": {',
        '        "resourceVersion": ""',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describe('rows for a pane', () => {
  it('rebuilds only what changed, and follows wide and the clock', async () => {
    const store = new ServerTableStore({ frameMs: 0 });
    store.setColumns(COLUMNS);
    store.listStart();
    store.listPage([
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('api', '1'), cells: ['api', '1/1', 1, 1, '1h', 'api', 'api:1'] },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', '2'), cells: ['web', '1/1', 1, 1, '1h', 'web', 'web:1'] },
    ]);
    store.listDone('2');
    await new Promise((r) => setTimeout(r, 5));
    const index = tableIndex(store, true, () => T0);
    const q = { filter: '', col: 1, desc: false };
    const a = index.rows(false, q);
    expect(index.layout(false).columns.map((c) => c.title)).toEqual(['NAMESPACE', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(index.rows(false, q)).toBe(a);
    store.apply('MODIFIED', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', '3'), cells: ['web', '2/2', 2, 2, '1h', 'web', 'web:2'] });
    await new Promise((r) => setTimeout(r, 5));
    const b = index.rows(false, q);
    const api = (rows: RowSeq<TableRow>) => rows.slice().find((r) => r.cells[1] === 'api');
    expect(api(b)).toBe(api(a)); // the unchanged row is the same object
    expect(b.slice().find((r) => r.cells[1] === 'web')?.cells[2]).toBe('2/2');
    // a relist brings equal definitions: the columns, and so the rows, stay as they were
    const before = store.columns;
    store.setColumns(structuredClone(COLUMNS));
    expect(store.columns).toBe(before);
    expect(index.rows(false, q)).toBe(b);
    const wide = index.rows(true, q);
    expect(index.layout(true).columns).toHaveLength(8);
    // AGE is a live cell: at a later clock it has moved, the other cells have not
    expect(api(wide)?.cells.slice(5)).toEqual(['60m', 'api', 'api:1']);
    expect(api(wide)?.live?.(T0 + 60_000).slice(5)).toEqual(['61m', 'api', 'api:1']);
  });

  it('ages a row made after the clock ticked at the real time, not in its future (<invalid>)', async () => {
    const store = new ServerTableStore({ frameMs: 0 });
    store.setColumns(COLUMNS);
    store.listStart();
    store.listDone('1');
    let real = T0;
    const index = tableIndex(store, false, () => real);
    const q = { filter: '', col: 0, desc: false };
    expect(index.rows(false, q).length).toBe(0);
    // created a minute after the coarse clock's last tick
    real = T0 + 120_000;
    const created = new Date(T0 + 60_000).toISOString();
    store.apply('ADDED', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { ...meta('late', '2'), creationTimestamp: created }, cells: ['late', '0/1', 0, 0, '0s', 'c', 'i'] });
    await new Promise((r) => setTimeout(r, 5));
    const row = index.rows(false, q).at(0);
    expect(row?.cells[4]).toBe('60s');
    // the coarse clock, still before the row was built, does not make it younger
    expect(row?.live?.(T0)[4]).toBe('60s');
  });
});
