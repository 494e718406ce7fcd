// The volumes pane as a user drives it: rows, stale highlighting, the actions'
// confirmations, --readonly, and the finalizer cleanup with live hook output.
import { describe, expect, test } from 'vitest';
import { keys, lineOf, renderApp } from './render.js';
import { FakeConsoleApi } from './fake-api.js';
import { makePv, samplePvs } from './volumes-fake.js';
import type { CleanupEvent } from '../../src/k8s/pvcleanup.js';
import type { HookResult } from '../../src/k8s/hooks.js';
import type { KubeObject } from '../../src/k8s/types.js';
import { Store } from '../../src/state/store.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Upstream serialization fixtures, copied into test/fixtures/upstream (see its README).
const upstream = (v: string): KubeObject =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/upstream/${v}/core.v1.PersistentVolume.json`, import.meta.url)), 'utf8'));

async function volumesApp(opts: { readonly?: boolean; columns?: number } = {}) {
  const api = new FakeConsoleApi();
  api.volumes.pvs.set(samplePvs());
  const app = await renderApp({ api, pane: 'volumes', readonly: opts.readonly });
  if (opts.columns) {
    Object.defineProperty(app.stdout, 'columns', { value: opts.columns, configurable: true });
    app.stdout.emit('resize');
  }
  await app.waitFor('pv-available');
  return app;
}

const footer = (frame: string) => frame.split('\n').at(-1) ?? '';
/** moves the cursor to the row holding text (rows sort by name) */
async function select(app: Awaited<ReturnType<typeof volumesApp>>, text: string) {
  await app.press('g');
  for (let i = 0; i < 10 && !lineOf(app.frame(), text)?.startsWith('>'); i++) await app.press('j');
  expect(lineOf(app.frame(), text)).toMatch(/^>/);
}

const hookResult = (argv: string[], exitCode: number): HookResult => ({
  argv,
  ok: exitCode === 0,
  exitCode,
  signal: null,
  durationMs: 1200,
  timedOut: false,
  aborted: false,
  summary: `exited ${exitCode} after 1.2s`,
});

describe('volumes pane', () => {
  test('rows as kubectl prints them, Released over the threshold flagged, fits 80x24', async () => {
    const app = await volumesApp({ columns: 80 });
    const frame = app.frame();
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(frame).toMatch(/NAME.*STATUS\s+CLAIM\s+IN PHASE FOR\s+FINALIZERS/);
    expect(lineOf(frame, 'pv-released-old')).toMatch(/Released\s+web\/data-1\s+41d ⚠/);
    expect(lineOf(frame, 'pv-released-new')).not.toContain('⚠');
    expect(lineOf(frame, 'pv-custom')).toContain('Terminating');
    expect(frame).toContain('⚠ 1 Released > 24h');
    expect(footer(frame)).toMatch(/a avail {2}c cleanup$/);
  });

  test('o shows only volumes Released longer than the threshold', async () => {
    const app = await volumesApp();
    await app.press('o');
    const frame = app.frame();
    expect(frame).toContain('pv-released-old');
    expect(frame).not.toContain('pv-bound');
    expect(frame).toContain('1 of 5');
  });

  test('a: the confirmation shows the exact patch and dry run; ⏎ applies; the footer says what happened', async () => {
    const app = await volumesApp();
    app.api.volumes.results = [{ target: 'pv-released-old', ok: true, status: 200, message: 'changed' }];
    await select(app, 'pv-released-old');
    await app.press('a');
    await app.waitFor('application/json-patch+json');
    const [planned] = app.api.volumes.callsTo('planMakeAvailable');
    expect((planned.args[0] as { metadata: { name: string } }[]).map((p) => p.metadata.name)).toEqual(['pv-released-old']);
    expect(app.frame()).toContain('PATCH /api/v1/persistentvolumes/pv-released-old');
    expect(app.frame()).toContain('"op":"test","path":"/spec/claimRef/uid"');
    expect(app.frame()).toContain('✓ dry run: would succeed');
    await app.press(keys.enter);
    await app.waitFor('✓ made Available pv-released-old');
    expect(app.api.volumes.callsTo('execute')).toHaveLength(1);
  });

  test('a on marked volumes: only the Released ones are planned; the others are named, with why, in the confirmation', async () => {
    const app = await volumesApp();
    await select(app, 'pv-bound');
    await app.press(' ');
    await select(app, 'pv-released-old');
    await app.press(' ');
    await app.press('a');
    await app.waitFor('application/json-patch+json');
    const [planned] = app.api.volumes.callsTo('planMakeAvailable');
    expect((planned.args[0] as { metadata: { name: string } }[]).map((p) => p.metadata.name)).toEqual(['pv-released-old']);
    expect(app.frame()).toContain('left out, not Released: pv-bound');
  });

  test('a on a Bound volume: nothing is planned, the footer says why', async () => {
    const app = await volumesApp();
    await select(app, 'pv-bound');
    await app.press('a');
    expect(footer(app.frame())).toContain('only Released volumes can be made Available');
    expect(app.api.volumes.callsTo('planMakeAvailable')).toHaveLength(0);
  });

  test('a conflict is reported as such, nothing more is sent', async () => {
    const app = await volumesApp();
    app.api.volumes.results = [{ target: 'pv-released-old', ok: false, status: 422, message: 'changed since you looked (a JSON Patch test failed); nothing was applied, look again and retry' }];
    await select(app, 'pv-released-old');
    await app.press('a');
    await app.waitFor('⏎ apply');
    await app.press(keys.enter);
    await app.waitFor('✗ pv-released-old: changed since you looked');
  });

  test('p starts on the current policy, so ⏎ ⏎ changes nothing; Delete on a Bound volume warns first', async () => {
    const app = await volumesApp();
    await select(app, 'pv-bound');
    await app.press('p');
    await app.waitFor('Set reclaim policy: pv-bound');
    expect(app.frame()).toMatch(/\(•\) Retain \(current\)/);
    expect(app.frame()).toContain('already Retain');
    await app.press(keys.enter, keys.enter);
    expect(app.api.volumes.callsTo('planReclaimPolicy')).toHaveLength(0);
    expect(app.frame()).toContain('Set reclaim policy: pv-bound'); // still choosing
    await app.press('j');
    expect(app.frame()).toMatch(/\(•\) Delete/);
    // wrapped inside the dialog's border, never cut
    expect(app.frame().replace(/[\s│]+/g, ' ')).toContain('⚠ this volume is Bound: with Delete, deleting the claim deletes the volume and its data');
    await app.press(keys.enter);
    await app.waitFor('⏎ apply');
    expect(app.api.volumes.callsTo('planReclaimPolicy')[0].args[1]).toBe('Delete');
  });

  test('^d plans a delete; esc cancels and nothing is sent', async () => {
    const app = await volumesApp();
    await select(app, 'pv-available');
    await app.press(keys.ctrlD);
    await app.waitFor('⏎ apply');
    expect(app.api.volumes.callsTo('planDelete')).toHaveLength(1);
    await app.press(keys.esc);
    expect(footer(app.frame())).toContain('nothing was run or sent');
    expect(app.api.volumes.callsTo('execute')).toHaveLength(0);
  });

  test('--readonly: no mutating key is offered, help does not list them, nothing is planned', async () => {
    const app = await volumesApp({ readonly: true });
    await select(app, 'pv-custom');
    expect(footer(app.frame())).not.toMatch(/cleanup|available/);
    for (const k of ['a', 'p', 'c', keys.ctrlD]) {
      await app.press(k);
      expect(footer(app.frame())).toContain('--readonly');
    }
    expect(app.api.volumes.calls.filter((c) => c.method !== 'execute')).toEqual([]);
    await app.press('?');
    await app.waitFor('Volumes');
    expect(app.frame()).toContain('only volumes Released longer');
    expect(app.frame()).not.toContain('make Released volumes Available');
  });

  test('c: hooks and the exact finalizer removal are confirmed, output shows live and sanitized, the result stays', async () => {
    const app = await volumesApp();
    let release!: () => void;
    const backup = ['/bin/backup'];
    const events: CleanupEvent[] = [
      { kind: 'hook-start', hook: 'backup', argv: backup },
      { kind: 'output', hook: 'backup', line: { stream: 'stdout', text: 'snapshot snap-42 \u001b]52;c;ZXZpbA==\u0007created' } },
      { kind: 'hook-end', hook: 'backup', result: hookResult(backup, 0) },
      { kind: 'hook-start', hook: 'cleanup', argv: ['/bin/cleanup'] },
      { kind: 'output', hook: 'cleanup', line: { stream: 'stderr', text: 'wiped vol-scratch' } },
    ];
    app.api.volumes.cleanup = { events, gate: new Promise((r) => (release = r)), outcome: { ok: true, message: 'hooks succeeded; removed example.com/custom-cleanup from pv-custom', hooks: [] } };
    await select(app, 'pv-custom');
    await app.press('c');
    await app.waitFor('Finalizer cleanup — pv-custom');
    expect(app.api.volumes.callsTo('prepareCleanup')[0].args).toEqual(['pv-custom', 'uid-pv-custom']);
    const confirm = app.frame();
    expect(confirm).toContain('1. backup: /bin/backup');
    expect(confirm).toContain('2. cleanup: /bin/cleanup');
    expect(confirm).toContain('idempotent');
    expect(confirm).toContain('"op":"test","path":"/metadata/finalizers/0","value":"example.com/custom-cleanup"');
    expect(app.api.volumes.callsTo('runCleanup')).toHaveLength(0);
    await app.press(keys.enter);
    await app.waitFor('wiped vol-scratch');
    const running = app.frame();
    expect(running).toContain('backup │ snapshot snap-42 created');
    expect(running).not.toContain('\u001b]52');
    expect(running).toContain('✓ exited 0 after 1.2s');
    expect(running).toContain('▶ running');
    release();
    await app.waitFor('⏎ close');
    expect(app.frame()).toContain('✓ hooks succeeded; removed example.com/custom-cleanup');
    await app.press(keys.enter);
    await app.waitFor('✓ cleanup pv-custom: hooks succeeded');
  });

  test('c: esc while a hook runs stops it (abort), and a failure is shown', async () => {
    const app = await volumesApp();
    let release!: () => void;
    app.api.volumes.cleanup = {
      events: [{ kind: 'hook-start', hook: 'backup', argv: ['/bin/backup'] }],
      gate: new Promise((r) => (release = r)),
      outcome: { ok: false, message: 'backup hook interrupted after 0.3s; finalizer not removed', hooks: [] },
    };
    await select(app, 'pv-custom');
    await app.press('c');
    await app.waitFor('⏎ run the hooks');
    await app.press(keys.enter);
    await app.waitFor('esc stops the hook');
    await app.press(keys.esc);
    expect(app.api.volumes.lastSignal?.aborted).toBe(true);
    // until the hook's whole process group is gone, the dialog says it is stopping
    await app.waitFor('stopping the hook and every process it started');
    release();
    await app.waitFor('✗ backup hook interrupted');
    await app.press(keys.esc);
    await app.waitFor('✗ cleanup pv-custom: backup hook interrupted');
  });

  test('c refused (e.g. no hooks configured): the reason in the footer, nothing runs', async () => {
    const app = await volumesApp();
    app.api.volumes.cleanup.refuse = 'no cleanup hook configured (volumes.hooks.cleanup): removing a cleanup finalizer without running its cleanup defeats its purpose';
    await select(app, 'pv-custom');
    await app.press('c');
    await app.waitFor('✗ cleanup refused: no cleanup hook configured');
    expect(app.api.volumes.callsTo('runCleanup')).toHaveLength(0);
  });

  test('new volumes arrive through the store: the pane is live', async () => {
    const app = await volumesApp();
    app.api.volumes.pvs.set([...samplePvs(), makePv({ name: 'pv-late', phase: 'Pending', inPhaseMs: null })]);
    await app.waitFor('pv-late');
    expect(lineOf(app.frame(), 'pv-late')).toMatch(/Pending\s.*\s-\s/);
  });

  test('every upstream PersistentVolume fixture renders in the pane, details line included', async () => {
    const app = await volumesApp();
    const fixtures = ['HEAD', 'v1.33.0'].map((v) => {
      const pv = upstream(v);
      pv.metadata.name = `fixture-${v}`;
      return pv;
    });
    app.api.volumes.pvs.set(fixtures);
    await app.waitFor('fixture-v1.33.0');
    expect(lineOf(app.frame(), 'fixture-HEAD')).toContain('Terminating');
    await app.press('g');
    expect(app.frame()).toContain('reasonValue: messageValue');
  });

  test('a watch event on one volume updates its row in place; the cursor stays on its volume', async () => {
    // the store the watch loop feeds: the pane reads it per change (changesSince), not all again
    const store = new Store({ frameMs: 1 });
    const api = new FakeConsoleApi();
    Object.defineProperty(api.volumes, 'pvs', { value: store });
    store.listStart();
    store.listPage([...samplePvs(), ...Array.from({ length: 40 }, (_, i) => makePv({ name: `pv-zz-${String(i).padStart(2, '0')}` }))]);
    store.listDone('7');
    store.setHealth({ state: 'synced', count: store.size, since: Date.now() });
    const app = await renderApp({ api, pane: 'volumes' });
    await app.waitFor('pv-released-new');
    await select(app, 'pv-released-new');
    const rowsBefore = app.frame().split('\n');
    const at = rowsBefore.findIndex((l) => l.startsWith('>'));
    store.apply('MODIFIED', { ...makePv({ name: 'pv-released-new', phase: 'Bound', claim: 'web/data-9', policy: 'Delete' }), metadata: { ...makePv({ name: 'pv-released-new' }).metadata, resourceVersion: '8' } });
    await app.settle();
    const rows = app.frame().split('\n');
    // the same line, the new phase and claim, the cursor on it; the other rows as they were
    expect(rows[at]).toMatch(/^>.*pv-released-new.*Delete\s+Bound\s+web\/data-9/);
    expect(rows.filter((_, i) => i !== at && i < rows.length - 1)).toEqual(rowsBefore.filter((_, i) => i !== at && i < rowsBefore.length - 1));
    // an object above it goes away: the cursor follows its volume up one line
    store.apply('DELETED', makePv({ name: 'pv-bound' }));
    await app.settle();
    expect(lineOf(app.frame(), 'pv-released-new')).toMatch(/^>/);
    expect(app.frame()).not.toContain('pv-bound');
    expect(app.frame()).toContain('44 of 44');
    await app.press('j');
    expect(lineOf(app.frame(), 'pv-released-old')).toMatch(/^>/);
    store.dispose();
  });
});
