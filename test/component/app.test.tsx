import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { KeyRoot } from '../../src/views/router/react.js';
import chalk from 'chalk';
import { Help } from '../../src/views/Help.js';
import type { Binding } from '../../src/views/keys.js';
import { buildKeyTable } from '../../src/views/bindings.js';
import { panes } from '../../src/views/panes/registry.js';

const bindings = buildKeyTable(panes).bindings;
import { colorsFromEnv } from '../../src/views/theme.js';
import { FakeConsoleApi, makePod, samplePods } from './fake-api.js';
import { keys, renderApp, tick } from './render.js';

afterEach(() => cleanup());

async function podsApp(api = new FakeConsoleApi()) {
  const app = await renderApp({ api });
  api.pods.set(samplePods());
  await app.press();
  return app;
}
/** SGR foreground/background colors and inverse (bold is not a color) */
const COLOR = /\u001B\[(?:3[0-8]|4[0-8]|9[0-7]|7)m/;
const footer = (frame: string) => frame.split('\n').at(-1) ?? '';

describe('help', () => {
  test('? lists every binding of the key table, by its keys and description', async () => {
    const app = await podsApp();
    await app.press('?');
    // help pages with j; read every page, as a user would
    const first = app.frame();
    const pages = Number(/page \d+ of (\d+)/.exec(first)?.[1] ?? '1');
    let frame = first;
    for (let p = 1; p < pages; p++) {
      await app.press('j');
      frame += '\n' + app.frame();
    }
    expect(frame.split('\n').length).toBeGreaterThan(first.split('\n').length - 1);
    for (const b of bindings) {
      expect(frame, b.description).toContain(b.description);
    }
    expect(frame).toMatch(/o\s+only gated pods/);
    expect(frame).toMatch(/\^d\s+delete pods/);
    expect(app.frame().split('\n').length).toBeLessThanOrEqual(23);
    await app.press(keys.esc);
    expect(app.frame()).toContain('NAMESPACE');
    expect(app.quits()).toBe(0);
  });

  test('help is generated from the table it is given', async () => {
    const extra: Binding = { keys: 'Z', command: 'quit', description: 'a binding added by this test', scope: 'pods' };
    const r = render(<KeyRoot><Help ctx={{ readonly: false }} width={100} height={20} onClose={() => {}} table={[...bindings, extra]} first={['pods']} /></KeyRoot>);
    await tick(10);
    expect(r.lastFrame()).toMatch(/Z\s+a binding added by this test/);
  });
});

describe('screen', () => {
  test('every frame fits in rows - 1 lines, also after a resize', async () => {
    const app = await podsApp();
    expect(app.frame().split('\n').length).toBeLessThanOrEqual(23);
    Object.defineProperty(app.stdout, 'rows', { value: 10, configurable: true });
    app.stdout.emit('resize');
    await tick(20);
    const frame = app.frame();
    expect(frame.split('\n').length).toBeLessThanOrEqual(9);
    expect(frame).toContain('train-0');
    expect(footer(frame)).toContain('? help');
  });

  test('colors are off with colors=false (NO_COLOR) and on otherwise', async () => {
    expect(colorsFromEnv({ NO_COLOR: '1' })).toBe(false);
    expect(colorsFromEnv({})).toBe(true);
    const level = chalk.level;
    chalk.level = 1;
    try {
      const plain = await renderApp({ colors: false });
      plain.api.pods.set(samplePods());
      await plain.press();
      expect(plain.frame()).not.toMatch(COLOR);
      const colored = await renderApp({ colors: true });
      colored.api.pods.set(samplePods());
      await colored.press();
      expect(colored.frame()).toMatch(COLOR);
    } finally {
      chalk.level = level;
    }
  });

  test('the header shows scope, identity changes, read-only and TLS warnings', async () => {
    const api = new FakeConsoleApi();
    api.session = { ...api.session, namespace: 'web', tlsWarnings: ['TLS verification is off (insecure-skip-tls-verify)'] };
    const app = await renderApp({ api, readonly: true });
    expect(app.frame()).toContain('ns web');
    expect(app.frame()).toContain('[READONLY]');
    expect(app.frame()).toContain('⚠ TLS verification is off');
    api.setInfo({ user: 'bob@corp.example', tlsWarnings: [] });
    await tick(20);
    expect(app.frame()).toContain('bob@corp.example');
  });

  test('the tab line shows the health of pods, claims and volumes; the active pane\'s gets the detail', async () => {
    const app = await renderApp();
    app.api.pods.set(samplePods(), { state: 'synced', count: 5, since: Date.now() });
    app.api.volumes.pvs.set([], { state: 'reconnecting', since: Date.now() - 7500, lastError: 'connection reset', attempt: 1, count: 0 });
    await app.press();
    const tabs = app.frame().split('\n')[1]!;
    expect(tabs).toMatch(/pods ● 5 {2}claims [●◌✗].* {2}pvs ◌ [78]s$/);
    await app.press('3');
    // on the volumes pane its badge says why
    expect(app.frame().split('\n')[1]).toMatch(/pvs ◌ 0 reconnecting [78]s: connection reset/);
  });

  test('the tab line shows reconnecting and forbidden pod watches plainly', async () => {
    const app = await renderApp();
    app.api.pods.set(samplePods(), { state: 'reconnecting', since: Date.now() - 5000, lastError: 'connection reset', attempt: 2, count: 5 });
    await app.press();
    expect(app.frame()).toMatch(/pods ◌ 5 reconnecting \ds: connection reset/);
    app.api.pods.set([], { state: 'forbidden', message: 'pods is forbidden: User "alice" cannot list' });
    await app.press();
    expect(app.frame()).toContain('pods ✗ forbidden');
    expect(app.frame()).toContain('pods: forbidden: pods is forbidden: User "alice" cannot list');
  });
});

describe('panes and the command line', () => {
  test('2–5 open their panes; 1 comes back with the list intact', async () => {
    const app = await podsApp();
    await app.press('j', '2');
    expect(app.frame()).toContain('[2 Claims]');
    // the claims pane is built: its views, its stores still loading
    expect(app.frame()).toContain('[C claims]');
    expect(app.frame()).toContain('loading resource claims');
    await app.press('5');
    expect(app.frame()).toContain('[5 Identity]');
    expect(app.frame()).toMatch(/Identity\s+ctx prod-eu/);
    await app.press('1');
    expect(app.frame().split('\n').find((l) => l.startsWith('>'))).toContain('train-1');
  });

  test(':ns, :ctx, pane names and :q', async () => {
    const app = await podsApp();
    await app.press(':');
    await app.type('ns web');
    await app.press(keys.enter);
    expect(app.api.callsTo('switchNamespace')[0].args).toEqual(['web']);
    await app.press(':');
    await app.type('ns all');
    await app.press(keys.enter);
    expect(app.api.callsTo('switchNamespace')[1].args).toEqual([null]);
    await app.press(':');
    await app.type('ctx nowhere');
    await app.press(keys.enter);
    expect(footer(app.frame())).toContain('no context "nowhere"');
    expect(app.api.callsTo('switchContext')).toHaveLength(0);
    await app.press(':');
    await app.type('ctx staging');
    await app.press(keys.enter);
    expect(app.api.callsTo('switchContext')[0].args).toEqual(['staging']);
    await app.press(':');
    await app.type('pvs');
    await app.press(keys.enter);
    expect(app.frame()).toContain('[3 Volumes]');
    await app.press(':');
    await app.type('q');
    expect(app.quits()).toBe(0); // typing q on the command line is text
    await app.press(keys.enter);
    expect(app.quits()).toBe(1);
  });

  test('q quits from the list; Esc never does', async () => {
    const app = await podsApp();
    await app.press(keys.esc, keys.esc);
    expect(app.quits()).toBe(0);
    await app.press('q');
    expect(app.quits()).toBe(1);
  });
});

describe('detail and YAML', () => {
  test('Enter shows a summary table and recent events fetched on open; Esc goes back', async () => {
    const api = new FakeConsoleApi();
    api.events_ = [
      { kind: 'Event', metadata: { name: 'e1', uid: 'e1' }, type: 'Warning', reason: 'FailedScheduling', message: '0/3 nodes are available\u001B[2J', lastTimestamp: new Date().toISOString() },
    ];
    const app = await podsApp(api);
    await app.press(keys.enter);
    await app.waitFor('Containers');
    let frame = app.frame();
    expect(frame).toMatch(/│ *KIND *│ *NAMESPACE *│ *NAME/);
    expect(frame).toMatch(/│ *Pod *│ *batch *│ *train-0/);
    expect(frame).toMatch(/main: container/);
    // the events come last, as in kubectl describe: G goes there
    await app.press('G');
    await app.waitFor('FailedScheduling');
    frame = app.frame();
    expect(frame).toContain('Scheduling gates: example.com/quota, example.com/data');
    expect(frame).toContain('0/3 nodes are available');
    expect(frame).not.toContain('\u001B[2J');
    expect(api.callsTo('events')).toHaveLength(1);
    await app.press(keys.esc);
    expect(app.frame()).toContain('5 of 5');
  });

  test('y fetches the object fresh and shows it as YAML, sanitized and scrollable', async () => {
    const api = new FakeConsoleApi();
    api.fresh = (o) => ({ ...o, metadata: { ...o.metadata, annotations: { note: 'fresh\u001B]52;c;ZXZpbA==\u0007 copy' } } });
    const app = await podsApp(api);
    await app.press('y');
    await app.waitFor('kind: Pod');
    expect(api.callsTo('get')[0].args[1]).toBe('pods');
    expect(app.frame()).toContain('note: fresh copy');
    expect(app.frame()).not.toContain('\u001B]52');
    expect(app.frame()).toMatch(/lines 1-\d+ of \d+/);
    await app.press('j');
    expect(app.frame()).toMatch(/lines 2-\d+ of \d+/);
    await app.press(keys.esc);
    expect(app.frame()).toContain('NAMESPACE');
  });

  test('YAML: / searches with highlight, n/N move between matches, esc clears, Y copies the document', async () => {
    const app = await podsApp();
    await app.press('y');
    await app.waitFor('kind: Pod');
    await app.press('/');
    await app.type('name');
    await app.press(keys.enter);
    await app.waitFor('match 1 of');
    const count = Number(/match 1 of (\d+) lines/.exec(app.frame())![1]);
    expect(count).toBeGreaterThan(1); // metadata.name and the containers' names
    await app.press('n');
    expect(app.frame()).toContain(`match 2 of ${count} lines`);
    await app.press('N', 'N');
    expect(app.frame()).toContain(`match ${count} of ${count} lines`); // wraps around
    await app.press(keys.esc);
    expect(app.frame()).not.toContain('/name:');
    expect(app.frame()).toContain('kind: Pod'); // one esc clears the search, the next leaves
    const before = app.stdout.frames.length;
    await app.press('Y');
    const osc = app.stdout.frames.slice(before).find((f) => f.startsWith('\u001B]52;c;'));
    expect(Buffer.from(osc!.slice(7, -1), 'base64').toString()).toMatch(/^apiVersion: v1\nkind: Pod\n/m);
    expect(app.frame()).toMatch(/copied \d+ lines to the clipboard/);
  });

  test('Y copies the selected row\'s namespace/name to the clipboard with OSC 52', async () => {
    const app = await podsApp();
    const before = app.stdout.frames.length;
    await app.press('Y');
    expect(app.stdout.frames.slice(before)).toContain(`\u001B]52;c;${Buffer.from('batch/train-0').toString('base64')}\u0007`);
    expect(app.frame()).toContain('copied "batch/train-0" to the clipboard');
  });
});

test('a pod added later appears without any key', async () => {
  const app = await podsApp();
  app.api.pods.set([...samplePods(), makePod({ namespace: 'zz', name: 'late' })]);
  await tick(20);
  expect(app.frame()).toContain('late');
});
