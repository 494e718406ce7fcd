// The resources pane: `:deploy` resolves through discovery and lists the server's own
// Table; wide columns, details fetched fresh, YAML and delete through the pipeline.
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { ResourceType } from '../../src/k8s/types.js';
import type { TablesApi, ServerTable } from '../../src/k8s/tables.js';
import type { NamedResource } from '../../src/state/resolve.js';
import { ServerTableStore } from '../../src/state/servertable.js';
import { FakeConsoleApi } from './fake-api.js';
import { keys, lineOf, renderApp } from './render.js';

afterEach(() => cleanup());

const DEPLOYMENTS: NamedResource = { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, verbs: ['get', 'list', 'watch', 'delete'], subresources: [], singular: 'deployment', shortNames: ['deploy'] };

function deploymentsTable(): ServerTableStore {
  const store = new ServerTableStore({ frameMs: 0 });
  store.setColumns([
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Ready', type: 'string', priority: 0 },
    { name: 'Age', type: 'string', priority: 0 },
    { name: 'Images', type: 'string', priority: 1 },
  ]);
  store.listStart();
  const row = (ns: string, name: string, ready: string, image: string) => ({
    apiVersion: 'meta.k8s.io/v1',
    kind: 'PartialObjectMetadata',
    metadata: { namespace: ns, name, uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: new Date(Date.now() - 3_600_000).toISOString() },
    cells: [name, ready, '1h', image],
  });
  store.listPage([row('web', 'api', '2/2', 'api:1.4'), row('web', 'frontend', '3/3', 'web:2.0')]);
  store.listDone('7');
  return store;
}

class FakeTables implements TablesApi {
  readonly store = deploymentsTable();
  find(typed: string) {
    return ['deploy', 'deployments', 'deployment'].includes(typed) ? { ok: true as const, resource: DEPLOYMENTS } : { ok: false as const, message: `the server doesn't have a resource type "${typed}"` };
  }
  async resolve(typed: string) {
    return ['deploy', 'deployments', 'deployment'].includes(typed) ? { ok: true as const, resource: DEPLOYMENTS } : { ok: false as const, message: `the server doesn't have a resource type "${typed}"` };
  }
  table(rt: ResourceType): ServerTable {
    return { type: rt, namespace: null, store: this.store };
  }
}

async function resourcesApp() {
  const api = new FakeConsoleApi();
  const tables = new FakeTables();
  api.tables = tables;
  const app = await renderApp({ api });
  return { app, api, tables };
}

describe('resources pane', () => {
  test(':deploy lists the server\'s table; o shows the wide columns; an unknown name says so', async () => {
    const { app } = await resourcesApp();
    await app.press(':');
    await app.type('deploy');
    await app.press(keys.enter);
    await app.waitFor('frontend');
    expect(app.frame()).toContain('[6 Resources]');
    expect(app.frame()).toMatch(/NAMESPACE▲?\s+NAME\s+READY\s+AGE/);
    expect(app.frame()).not.toContain('IMAGES');
    // AGE is computed from creationTimestamp, not the frozen cell
    expect(app.frame()).toMatch(/web\s+api\s+2\/2\s+60m/);
    await app.press('o');
    expect(app.frame()).toMatch(/IMAGES/);
    expect(app.frame()).toContain('api:1.4');
    await app.press(':');
    await app.type('widgets');
    await app.press(keys.enter);
    await app.waitFor('the server doesn\'t have a resource type "widgets"');
  });

  test('typed in one burst, :deploy⏎ then /front⏎ filters the deployments', async () => {
    const { app } = await resourcesApp();
    await app.press(':deploy\r/front\r');
    await app.waitFor('/front');
    expect(app.frame()).toContain('[6 Resources]');
    expect(app.frame()).toContain('frontend');
    expect(app.frame()).not.toMatch(/web\s+api\s/);
  });

  test('⏎ fetches the object fresh for details; ^d plans a delete of deployments.apps', async () => {
    const { app, api } = await resourcesApp();
    await app.press(':');
    await app.type('deployments');
    await app.press(keys.enter);
    await app.waitFor('frontend');
    await app.press(keys.enter);
    await app.waitFor('Details');
    expect(api.callsTo('get')[0].args[1]).toBe('deployments.apps');
    await app.press(keys.esc);
    await app.press(keys.ctrlD);
    await app.waitFor('⏎ apply');
    const [objects, resource] = api.callsTo('planDelete')[0].args as [{ metadata: { name: string } }[], string];
    expect(resource).toBe('deployments.apps');
    expect(objects.map((o) => o.metadata.name)).toEqual(['api']);
    await app.press(keys.esc);
    expect(api.callsTo('execute')).toHaveLength(0);
  });

  test('a resource the user may not list says forbidden in the tab and the body, not an empty table', async () => {
    const { app, tables } = await resourcesApp();
    tables.store.listStart();
    tables.store.listDone('8');
    tables.store.setHealth({ state: 'forbidden', message: 'deployments.apps is forbidden: User "viewer" cannot list resource "deployments"' });
    await app.press(':');
    await app.type('deploy');
    await app.press(keys.enter);
    await app.waitFor('cannot list');
    const [, tabs] = app.frame().split('\n');
    expect(tabs).toContain('[6 Resources]');
    expect(tabs).toMatch(/deployments\.apps ✗ forbidden/);
    expect(app.frame()).toMatch(/deployments\.apps: forbidden: deployments\.apps is forbidden/);
  });

  test('with no resource chosen the footer offers no list keys', async () => {
    const { app } = await resourcesApp();
    await app.press('6');
    await app.waitFor('No resource chosen');
    const footer = app.frame().split('\n').at(-1) ?? '';
    expect(footer).not.toMatch(/filter|sort|mark|delete|wide/);
    expect(footer).toMatch(/command/);
  });

  test('^d is not offered when the cluster says the user may not delete the resource', async () => {
    const { app, api } = await resourcesApp();
    api.access = { delete: false };
    await app.press(':');
    await app.type('deploy');
    await app.press(keys.enter);
    await app.waitFor('frontend');
    expect(api.callsTo('canI').map((c) => c.args)).toContainEqual(['delete', 'deployments.apps', undefined, undefined]);
    await app.press(keys.ctrlD);
    await app.waitFor('the cluster says you may not delete this resource here');
    expect(api.callsTo('planDelete')).toHaveLength(0);
  });
});

describe('w in the resources pane', () => {
  test('on pods it explains the freshly fetched pod as the pods pane does; on deployments it says what w is for', async () => {
    const { app, api, tables } = await resourcesApp();
    const PODS: NamedResource = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, verbs: ['get', 'list', 'watch', 'delete'], subresources: [], singular: 'pod', shortNames: ['po'] };
    const asked: { kind: string; name: string; fresh: boolean }[] = [];
    api.fresh = (o) => ({ ...o, spec: { schedulingGates: [{ name: 'example.com/quota' }] } });
    api.why = async (kind, object) => {
      asked.push({ kind, name: object.metadata.name, fresh: object.spec?.schedulingGates !== undefined });
      return { text: 'pod web/api is waiting for:\n  1. scheduling gate example.com/quota', json: {}, notes: [] };
    };
    tables.find = (typed: string) => (typed === '/pods' ? { ok: true as const, resource: PODS } : { ok: true as const, resource: DEPLOYMENTS });
    tables.resolve = async (typed: string) => tables.find(typed);
    await app.press(':');
    await app.type('res /pods');
    await app.press(keys.enter);
    await app.waitFor('frontend');
    await app.press('w');
    await app.waitFor('scheduling gate example.com/quota');
    expect(asked).toEqual([{ kind: 'pod', name: 'api', fresh: true }]);
    expect(api.callsTo('get')[0].args[1]).toBe('pods');

    await app.press(keys.esc, ':');
    await app.type('deploy');
    await app.press(keys.enter);
    await app.waitFor('frontend');
    await app.press('w');
    await app.waitFor('w explains pods and resource claims, not deployments.apps');
    expect(asked).toHaveLength(1);
  });

  test('a watch event on one object updates its row in place; the cursor stays on its object as others come', async () => {
    const { app, tables } = await resourcesApp();
    const row = (ns: string, name: string, ready: string, rv: string) => ({
      apiVersion: 'meta.k8s.io/v1',
      kind: 'PartialObjectMetadata',
      metadata: { namespace: ns, name, uid: `uid-${name}`, resourceVersion: rv, creationTimestamp: new Date(Date.now() - 3_600_000).toISOString() },
      cells: [name, ready, '1h', 'img'],
    });
    await app.press(':deploy\r');
    await app.waitFor('frontend');
    await app.press('j');
    expect(lineOf(app.frame(), 'frontend')).toMatch(/^>/);
    const before = app.frame().split('\n');
    const at = before.findIndex((l) => l.startsWith('>'));
    tables.store.apply('MODIFIED', row('web', 'frontend', '1/3', '5'));
    await app.settle();
    const after = app.frame().split('\n');
    expect(after[at]).toMatch(/^>\s+web\s+frontend\s+1\/3\s+60m/);
    expect(lineOf(app.frame(), ' api ')).toBe(lineOf(before.join('\n'), ' api '));
    // an object that sorts before it arrives: the cursor follows frontend down a line
    tables.store.apply('ADDED', row('app', 'first', '0/1', '6'));
    await app.settle();
    const rows = app.frame().split('\n');
    expect(rows[at + 1]).toMatch(/^>.*frontend/);
    expect(app.frame()).toContain('3 of 3');
  });
});
