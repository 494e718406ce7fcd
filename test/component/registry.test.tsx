// A pane added through the registry alone shows up everywhere panes are listed.
import { useState } from 'react';
import { Text } from 'ink';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { buildKeyTable, KeyConfigError } from '../../src/views/bindings.js';
import { useKeymap } from '../../src/views/hooks/useKeymap.js';
import { paneFromFlag, panes, snapshotPane, type PaneDef } from '../../src/views/panes/registry.js';
import { FakeConsoleApi } from './fake-api.js';
import { keys, renderApp, tick } from './render.js';

afterEach(() => cleanup());

function Widgets() {
  const [pokes, setPokes] = useState(0);
  useKeymap({ scopes: ['widgets'], handlers: { widgetPoke: () => setPokes((n) => n + 1) } });
  return <Text>widgets poked {pokes} times</Text>;
}

const widgets: PaneDef = {
  id: 'widgets',
  title: 'Widgets',
  digit: '7',
  aliases: ['widgets', 'widget', 'wd'],
  scopes: ['widgets', 'global'],
  bindings: [{ keys: 'w', command: 'widgetPoke', hint: 'poke', description: 'poke the widget', scope: 'widgets' }],
  component: Widgets,
  snapshot: () => ({ load: async () => undefined, print: () => ({ stdout: 'NAME\nwidget-1\n' }) }),
};
const withWidgets = [...panes, widgets];

describe('a pane added through the registry alone', () => {
  test('is in the tabs, its digit and its keys work, the footer shows its hint', async () => {
    const app = await renderApp({ panes: withWidgets });
    // at 100 columns the inactive tabs shorten, so the health badges keep their room
    expect(app.frame()).toContain(' 7 Wid ');
    await app.press('7', 'w', 'w');
    expect(app.frame()).toContain('[7 Widgets]');
    expect(app.frame()).toContain('widgets poked 2 times');
    expect(app.frame()).toContain('w poke');
  });

  test('is a : command with its aliases, and tab completes it', async () => {
    const app = await renderApp({ panes: withWidgets });
    await app.type(':wid');
    await app.press('\t');
    expect(app.frame()).toContain(':widget');
    expect(app.frame()).toContain('widget widgets'); // the candidates
    await app.press(keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace);
    await app.type('wd');
    await app.press('\r');
    expect(app.frame()).toContain('[7 Widgets]');
  });

  test('is in help with its keys, under its title', async () => {
    const app = await renderApp({ panes: withWidgets, pane: 'widgets' });
    await app.press('?');
    const frame = app.frame();
    expect(frame).toMatch(/Widgets\n\s+w\s+poke the widget/);
    expect(frame).toMatch(/7\s+Widgets \(:widgets :widget :wd\)/);
  });

  test('is a --pane NAME and a snapshot NAME', async () => {
    expect(paneFromFlag('wd', withWidgets).id).toBe('widgets');
    expect(() => paneFromFlag('wd')).toThrow('unknown pane "wd" (pods, claims, pvs, logs, whoami, resources)');
    const snap = snapshotPane('widget', withWidgets).snapshot(new FakeConsoleApi(), {});
    expect(await snap.load?.()).toBeUndefined();
    expect(snap.print('table', Date.now()).stdout).toBe('NAME\nwidget-1\n');
  });
});

describe('aliases and remapped keys', () => {
  test(':pod, :pv, --pane po name the panes, as snapshot does', async () => {
    expect(paneFromFlag('po').id).toBe('pods');
    expect(paneFromFlag('PV').id).toBe('volumes');
    const app = await renderApp();
    await app.type(':pv');
    await app.press('\r');
    expect(app.frame()).toContain('[3 Volumes]');
    await app.type(':pod');
    await app.press('\r');
    expect(app.frame()).toContain('[1 Pods]');
  });

  test('a remapped key works and help shows it; the old key no longer does', async () => {
    const app = await renderApp({ keys: { quit: 'Q' } });
    await app.press('q');
    expect(app.quits()).toBe(0);
    await app.press('?');
    expect(app.frame()).toMatch(/Q\s+quit/);
    await app.press(keys.esc);
    await tick(30);
    await app.press('Q');
    expect(app.quits()).toBe(1);
  });

  test('an unknown command or a clash is a clear error', () => {
    expect(() => buildKeyTable(panes, { qiut: 'x' })).toThrow(KeyConfigError);
    expect(() => buildKeyTable(panes, { qiut: 'x' })).toThrow('keys: unknown command "qiut"');
    // x releases a stale reservation in the claims pane: a global key cannot take it
    expect(() => buildKeyTable(panes, { quit: 'x' })).toThrow('keys: "x" is bound to both quit (global) and releaseReservation (claims)');
    expect(() => buildKeyTable(panes, { quit: 'ctrl-q' })).toThrow('keys.quit: "ctrl-q" is not a key');
    expect(() => buildKeyTable(panes)).not.toThrow();
  });
});
