// The logs pane as a user drives it, over a fake logs API.
import { describe, expect, test } from 'vitest';
import type { KubeObject } from '../../src/k8s/types.js';
import { makePod } from './fake-api.js';
import { keys, renderApp } from './render.js';

function sidecarPod(): KubeObject {
  const p = makePod({ namespace: 'web', name: 'orders-1', node: 'node-2' });
  p.spec.initContainers = [{ name: 'migrate' }, { name: 'proxy', restartPolicy: 'Always' }];
  p.spec.containers = [{ name: 'app' }];
  p.status.initContainerStatuses = [
    { name: 'migrate', state: { terminated: { exitCode: 0, reason: 'Completed' } }, restartCount: 0 },
    { name: 'proxy', state: { running: {} }, ready: true, started: true, restartCount: 0, containerID: 'c://p1' },
  ];
  p.status.containerStatuses = [{ name: 'app', state: { running: {} }, ready: true, started: true, restartCount: 0, containerID: 'c://a1' }];
  return p;
}

async function openLogs() {
  const ui = await renderApp();
  const p = sidecarPod();
  ui.api.pods.set([p]);
  ui.api.logs.pod = p;
  await ui.waitFor('orders-1');
  await ui.press('l');
  await ui.waitFor('sidecars:');
  return ui;
}

const ts = (s: number) => `2025-06-01T10:00:${String(s).padStart(2, '0')}Z`;
const lines = (frame: string) => frame.split('\n');

describe('logs pane', () => {
  test('l on a pod opens all its containers merged, with the lifecycle line and prefixes', async () => {
    const ui = await openLogs();
    const tail = ui.api.logs.last;
    expect(tail.target).toEqual({ namespace: 'web', pod: 'orders-1' });
    expect(tail.options).toMatchObject({ container: null, follow: true, previous: false, tailLines: 500 });
    expect(ui.frame()).toContain('init: migrate ✓  sidecars: proxy ▶ ready  main: app ▶ ready');
    expect(ui.frame()).toContain('all containers · tail 500 · since all   start migrate→proxy→app · stop app→proxy');
    tail.line('proxy', `${ts(2)} upstream connected`);
    tail.line('app', `${ts(3)} GET /healthz 200`);
    await ui.waitFor('GET /healthz');
    const f = lines(ui.frame());
    const proxyAt = f.findIndex((l) => l.includes('upstream connected'));
    expect(f[proxyAt]).toMatch(/proxy +│ upstream connected/);
    expect(f[proxyAt + 1]).toMatch(/app +│ GET \/healthz 200/);
    expect(f.length).toBeLessThanOrEqual(23);
    ui.unmount();
  });

  test('pause counts new lines; G follows again', async () => {
    const ui = await openLogs();
    const tail = ui.api.logs.last;
    tail.line('app', `${ts(1)} first`);
    await ui.waitFor('first');
    await ui.press('p');
    for (let i = 0; i < 3; i++) tail.line('app', `${ts(10 + i)} later ${i}`);
    await ui.waitFor('paused: 3 new lines');
    expect(ui.frame()).not.toContain('later 2');
    await ui.press('G');
    await ui.waitFor('later 2');
    expect(ui.frame()).not.toContain('paused:');
    ui.unmount();
  });

  test('toggles reopen the tail with the new options; timestamps and wrap only change the display', async () => {
    const ui = await openLogs();
    ui.api.logs.last.line('app', `${ts(7)} hello`);
    await ui.waitFor('hello');
    await ui.press('t');
    await ui.waitFor('2025-06-01T10:00:07Z hello');
    const before = ui.api.logs.tails.length;
    await ui.press('s');
    expect(ui.api.logs.tails.length).toBe(before + 1);
    expect(ui.api.logs.last.options.sinceSeconds).toBe(60);
    expect(ui.api.logs.tails[before - 1]!.closed).toBe(true);
    await ui.press('T');
    expect(ui.api.logs.last.options.tailLines).toBe(100);
    await ui.press('P');
    expect(ui.api.logs.last.options.previous).toBe(true);
    await ui.press('c');
    expect(ui.api.logs.last.options.container).toBe('migrate');
    await ui.waitFor('container migrate');
    ui.unmount();
  });

  test('/ search highlights and n/N move between matches', async () => {
    const ui = await openLogs();
    const tail = ui.api.logs.last;
    for (let i = 0; i < 30; i++) tail.line('app', `${ts(i)} ${i % 10 === 0 ? `ERROR number ${i}` : `fine ${i}`}`);
    await ui.waitFor('fine 29');
    await ui.press('/');
    await ui.type('error');
    await ui.press(keys.enter);
    await ui.waitFor('/error 3/3');
    expect(ui.frame()).toContain('>');
    await ui.press('N');
    await ui.waitFor('/error 2/3');
    expect(ui.frame()).toContain('ERROR number 10');
    await ui.press('n');
    await ui.waitFor('/error 3/3');
    ui.unmount();
  });

  test("a refused stream shows the server's words; a restart shows the gap marker", async () => {
    const ui = await openLogs();
    const tail = ui.api.logs.last;
    tail.setStream('app', { state: 'error', status: 400, message: 'previous terminated container "app" in pod "orders-1" not found' });
    await ui.waitFor('previous terminated container "app" in pod "orders-1" not found');
    tail.line('proxy', `${ts(1)} before`);
    tail.marker('proxy', '— container restarted (restart 3) —');
    await ui.waitFor('— container restarted (restart 3) —');
    ui.unmount();
  });

  test('escape sequences from the cluster never reach the terminal except colors', async () => {
    const ui = await renderApp({ colors: true });
    const p = sidecarPod();
    ui.api.pods.set([p]);
    ui.api.logs.pod = p;
    await ui.waitFor('orders-1');
    await ui.press('l');
    await ui.waitFor('sidecars:');
    ui.api.logs.last.line('app', `${ts(1)} \x1b[32mgreen\x1b[0m \x1b]0;title\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J\x1b[Hmoved\x1b]8;;https://x/\x1b\\link\x1b]8;;\x1b\\`);
    await ui.waitFor('moved');
    const out = ui.frame();
    expect(out).not.toMatch(/\x1b\]/); // no OSC: title, clipboard, hyperlink
    expect(out).not.toMatch(/\x1b\[[0-9;]*[HJ]/); // no cursor moves or clears
    expect(out).toContain('\x1b[32mgreen');
    ui.unmount();
  });

  test('S saves through the logs API and the footer shows the path', async () => {
    const ui = await openLogs();
    ui.api.logs.last.line('app', `${ts(1)} keep me`);
    await ui.waitFor('keep me');
    await ui.press('S');
    await ui.waitFor('/home/u/.local/state/kubedeck/logs/web_orders_all.log');
    expect(ui.api.logs.saved).toHaveLength(1);
    ui.unmount();
  });

  test(':logs NS/POD CONTAINER opens one container; the help lists the logs keys', async () => {
    const ui = await renderApp();
    await ui.press(':');
    await ui.type('logs web/orders-1 app');
    await ui.press(keys.enter);
    await ui.waitFor('container app');
    expect(ui.api.logs.last.options.container).toBe('app');
    expect(ui.api.logs.last.target).toEqual({ namespace: 'web', pod: 'orders-1' });
    await ui.press('?');
    await ui.waitFor('Keys');
    for (let page = 0; page < 5 && !ui.frame().includes('pause / resume the view'); page++) await ui.press('j');
    expect(ui.frame()).toContain('pause / resume the view');
    expect(ui.frame()).toContain('next container, then all');
    ui.unmount();
  });
});
