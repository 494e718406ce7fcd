// Scenario: `kubedeck snapshot RESOURCE` equals `kubectl get` on the real control plane,
// for the same objects at the same moment: deployments -A, nodes, events in one
// namespace, a CRD with additionalPrinterColumns and one without, each plain and
// with -o wide. Time cells (AGE, LAST SEEN, ...) may cross a second between the two
// runs, so they are compared normalised; everything else, headers and column order
// included, must be equal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceSnapshot, type ResourceOutput } from '../../../../src/resourcesnapshot.js';
import { eventually, openKubedeck, scenarioEnv, type OpenedSession, type ScenarioEnv } from './helpers.js';

let env: ScenarioEnv;
const sessions: OpenedSession[] = [];
const RUN = Date.now().toString(36);
const GROUP = `e2e${RUN}.example.com`;

const crd = (plural: string, kind: string, columns?: object[]) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural, singular: kind.toLowerCase(), kind, shortNames: [`${plural.slice(0, 2)}${RUN.slice(-3)}`] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
        ...(columns ? { additionalPrinterColumns: columns } : {}),
      },
    ],
  },
});

beforeAll(async () => {
  env = await scenarioEnv('getparity');
  const labels = { app: 'parity' };
  await env.apply(
    crd('crontabs', 'CronTab', [
      { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      { name: 'Image', type: 'string', priority: 1, jsonPath: '.spec.image' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ]),
    crd('widgets', 'Widget'),
  );
  await env.kubectl(['wait', '--for=condition=Established', `crd/crontabs.${GROUP}`, `crd/widgets.${GROUP}`, '--timeout=60s']);
  await env.apply(
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'parity-web', namespace: env.ns }, spec: { replicas: 0, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'registry.k8s.io/pause:3.10' }, { name: 'log', image: 'busybox:1.37' }] } } } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'parity-api', namespace: env.ns }, spec: { replicas: 0, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'registry.k8s.io/pause:3.10' }] } } } },
    { apiVersion: 'v1', kind: 'Event', metadata: { name: 'parity.1', namespace: env.ns }, involvedObject: { kind: 'Deployment', namespace: env.ns, name: 'parity-web', apiVersion: 'apps/v1' }, reason: 'Tested', message: 'an event for the parity test  ', type: 'Normal', source: { component: 'e2e' }, firstTimestamp: new Date(Date.now() - 90_000).toISOString().replace(/\.\d+Z$/, 'Z'), lastTimestamp: new Date(Date.now() - 30_000).toISOString().replace(/\.\d+Z$/, 'Z'), count: 3 },
    { apiVersion: 'v1', kind: 'Event', metadata: { name: 'parity.2', namespace: env.ns }, involvedObject: { kind: 'Pod', namespace: env.ns, name: 'gone', fieldPath: 'spec.containers{app}' }, reason: 'BackOff', message: 'Back-off restarting failed container app', type: 'Warning', reportingComponent: 'kubelet', reportingInstance: 'kwok-node-0', eventTime: new Date(Date.now() - 10_000).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'), action: 'Restarting' },
    { apiVersion: `${GROUP}/v1`, kind: 'CronTab', metadata: { name: 'nightly', namespace: env.ns }, spec: { cronSpec: '0 2 * * *', replicas: 2, image: 'registry.example.com/report:3.1.0' } },
    { apiVersion: `${GROUP}/v1`, kind: 'CronTab', metadata: { name: 'hourly', namespace: env.ns }, spec: { cronSpec: '@hourly', image: 'registry.example.com/sitemap:0.9.0' } },
    { apiVersion: `${GROUP}/v1`, kind: 'Widget', metadata: { name: 'banner', namespace: env.ns }, spec: { color: 'teal' } },
  );
}, 300_000);

afterAll(async () => {
  for (const s of sessions) await s.close();
  if (env) {
    await env.kubectl(['delete', 'crd', `crontabs.${GROUP}`, `widgets.${GROUP}`, '--wait=false']).catch(() => undefined);
    await env.teardown();
  }
}, 120_000);

const TIME = /^(<invalid>|\d+[smhdy](\d+[smhdy])?)$/;
/** cells split on the printer's 3-space padding, time cells normalised */
const cells = (text: string) => text.trimEnd().split('\n').map((line) => line.split(/ {3,}/).map((c) => (TIME.test(c.trim()) ? '<time>' : c.trim())));

async function kubedeck(resource: string, namespace: string | null, output: ResourceOutput): Promise<string> {
  const kd = await openKubedeck(env, { namespace });
  sessions.push(kd);
  const found = await kd.s.tables.resolve(resource);
  if (!found.ok) throw new Error(found.message);
  const snap = resourceSnapshot({ tables: kd.s.tables, transport: kd.s.transport, namespace }, found.resource, output);
  if (snap.load) {
    const failure = await snap.load();
    if (failure) throw new Error(failure);
  } else await eventually(`${resource} synced`, () => snap.store!.health.state === 'synced');
  const out = snap.print('table', Date.now());
  return out.stdout || out.stderr || '';
}

/** kubedeck and kubectl agree (retried: controllers may change a row between the two runs) */
async function parity(resource: string, scope: string[], namespace: string | null, wide: boolean) {
  let last: { ours: string; theirs: string } | undefined;
  await eventually(`${resource} ${scope.join(' ')} ${wide ? '-o wide' : ''} equal to kubectl`, async () => {
    const theirs = await env.kubectl(['get', resource, ...scope, ...(wide ? ['-o', 'wide'] : [])]);
    const ours = await kubedeck(resource, namespace, wide ? 'wide' : 'table');
    last = { ours, theirs };
    return JSON.stringify(cells(ours)) === JSON.stringify(cells(theirs));
  }, 60_000, 1000).catch(() => undefined);
  expect(cells(last!.ours)).toEqual(cells(last!.theirs));
  // the header line is exact
  expect(last!.ours.split('\n')[0]).toBe(last!.theirs.split('\n')[0]);
  return last!;
}

describe('snapshot RESOURCE equals kubectl get', () => {
  for (const wide of [false, true]) {
    const o = wide ? ' -o wide' : '';
    it(`deployments -A${o}`, async () => {
      const { ours } = await parity('deployments', ['-A'], null, wide);
      expect(ours).toMatch(new RegExp(`^${env.ns}\\s+parity-web\\s+0/0\\s+0\\s+0\\s`, 'm'));
    });
    it(`nodes${o}`, async () => {
      const { ours } = await parity('nodes', [], null, wide);
      expect(ours.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    });
    it(`events -n NS${o}`, async () => {
      const { ours } = await parity('events', ['-n', env.ns], env.ns, wide);
      expect(ours).toMatch(/deployment\/parity-web\s.*\san event for the parity test\s/);
    });
    it(`a CRD with printer columns${o}`, async () => {
      const { ours } = await parity(`crontabs.${GROUP}`, ['-n', env.ns], env.ns, wide);
      expect(ours.split('\n')[0]).toMatch(wide ? /^NAME\s+SPEC\s+REPLICAS\s+IMAGE\s+AGE$/ : /^NAME\s+SPEC\s+REPLICAS\s+AGE$/);
    });
    it(`a CRD without printer columns${o}`, async () => {
      const { ours } = await parity(`widgets.${GROUP}`, ['-n', env.ns], env.ns, wide);
      expect(ours.split('\n')[0]).toMatch(/^NAME\s+AGE$/);
    });
  }

  for (const resource of [`widgets.${GROUP}`, 'deployments']) {
    it(`${resource} -n NS -o json is kubectl's List, byte for byte`, async () => {
      const theirs = await env.kubectl(['get', resource, '-n', env.ns, '-o', 'json']);
      const ours = await kubedeck(resource, env.ns, 'json');
      expect(JSON.parse(ours).items.length).toBeGreaterThan(0);
      expect(ours).toBe(theirs);
    });
  }
});
