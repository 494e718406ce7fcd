// Moving around: namespaces and contexts, back from the logs, status per pane.
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { ConsoleMemory } from '../../src/views/App.js';
import { samplePods } from './fake-api.js';
import { samplePvs } from './volumes-fake.js';
import { keys, renderApp, tick } from './render.js';

afterEach(() => cleanup());

async function app(memory?: ConsoleMemory) {
  const ui = await renderApp({ memory });
  ui.api.pods.set(samplePods());
  ui.api.volumes.pvs.set(samplePvs());
  await ui.press();
  return ui;
}

describe(':ns and :ctx', () => {
  test(':ns NAME switches when the namespace exists, and says so when it does not', async () => {
    const ui = await app();
    await ui.type(':ns nosuch');
    await ui.press('\r');
    expect(await ui.settle()).toContain('namespace "nosuch" does not exist');
    expect(ui.api.callsTo('switchNamespace')).toHaveLength(0);
    await ui.type(':ns web');
    await ui.press('\r');
    await ui.settle();
    expect(ui.api.callsTo('switchNamespace').map((c) => c.args[0])).toEqual(['web']);
  });

  test(':ns NAME is taken unchecked when namespaces may not be listed', async () => {
    const ui = await app();
    ui.api.namespaceNames = undefined;
    await ui.type(':ns team-a');
    await ui.press('\r');
    await ui.settle();
    expect(ui.api.callsTo('switchNamespace').map((c) => c.args[0])).toEqual(['team-a']);
  });

  test(':ns completes over the listed namespaces', async () => {
    const ui = await app();
    await ui.type(':ns ');
    await tick(20);
    await ui.press('\t');
    expect(await ui.settle()).toContain('all batch default jobs web');
  });

  test(':ns completes, when namespaces may not be listed, over the kubeconfig\'s namespace and those seen', async () => {
    const ui = await app();
    ui.api.namespaceNames = undefined;
    ui.api.setInfo({ kubeconfigNamespace: 'team-a', visibleNamespaces: ['team-b'] });
    await ui.settle();
    await ui.type(':ns ');
    await tick(20);
    await ui.press('\t');
    // the pods seen are in batch, jobs and web
    expect(await ui.settle()).toContain('all batch jobs team-a team-b web');
    await ui.type('team-');
    await ui.press('\t');
    expect(await ui.settle()).toContain(':ns team-');
  });

  test('the console after a switch keeps the pane and the filter', async () => {
    const memory: ConsoleMemory = { filters: {} };
    const before = await app(memory);
    await before.press('3', '/');
    await before.type('pv-');
    await before.press('\r');
    cleanup(); // the session host renders a new console for the new session
    const after = await app(memory);
    const frame = await after.settle();
    expect(frame).toContain('[3 Volumes]');
    expect(frame).toContain('/pv-');
  });

  test(':ctx alone lists the contexts; j and ⏎ switch', async () => {
    const ui = await app();
    await ui.type(':ctx');
    await ui.press('\r');
    let frame = await ui.settle();
    expect(frame).toContain('Switch context');
    expect(frame).toContain('(•) prod-eu (current)');
    expect(frame).toContain('staging');
    await ui.press('j', '\r');
    frame = await ui.settle();
    expect(frame).not.toContain('Switch context');
    expect(ui.api.callsTo('switchContext').map((c) => c.args[0])).toEqual(['staging']);
  });

  test(':ctx alone, then esc, changes nothing', async () => {
    const ui = await app();
    await ui.type(':ctx');
    await ui.press('\r');
    await ui.settle();
    await ui.press(keys.esc);
    expect(await ui.settle()).not.toContain('Switch context');
    expect(ui.api.callsTo('switchContext')).toHaveLength(0);
  });
});

describe('panes', () => {
  test('esc in the logs pane goes back to the pane you came from', async () => {
    const ui = await app();
    await ui.press('3', '4');
    expect(await ui.settle()).toContain('[4 Logs]');
    await ui.press(keys.esc);
    await tick(30);
    expect(await ui.settle()).toContain('[3 Volumes]');
  });

  test('a status message stays with the pane it was said on', async () => {
    const ui = await app();
    await ui.type(':nosuch');
    await ui.press('\r');
    expect(await ui.settle()).toContain('unknown command ":nosuch"');
    await ui.press('3');
    expect(await ui.settle()).not.toContain('unknown command');
    await ui.press('1');
    expect(await ui.settle()).toContain('unknown command ":nosuch"');
  });
});
