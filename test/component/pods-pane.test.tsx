import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { makePod, samplePods } from './fake-api.js';
import { keys, lineOf, renderApp } from './render.js';

afterEach(() => cleanup());

async function podsApp() {
  const app = await renderApp();
  app.api.pods.set(samplePods());
  await app.press();
  return app;
}

/** the row the cursor is on */
const selected = (frame: string) => frame.split('\n').find((l) => l.startsWith('>'));
/** pod names in display order */
const names = (frame: string) => [...frame.matchAll(/^[> ][* ] \S+\s+(\S+)/gm)].map((m) => m[1]).filter((n) => n !== 'NAME' && !n.startsWith('NAME'));

describe('pods pane', () => {
  test('shows the header, the tabs with pod health, the column header and every row', async () => {
    const app = await podsApp();
    const frame = app.frame();
    expect(frame).toContain('ctx prod-eu');
    expect(frame).toContain('ns all');
    expect(frame).toContain('alice@corp.example');
    expect(frame).toContain('[1 Pods]');
    expect(frame).toContain('pods ● 5');
    expect(lineOf(frame, 'NAMESPACE')).toMatch(/NAMESPACE▲\s+NAME\s+READY\s+STATUS/);
    expect(names(frame)).toEqual(['train-0', 'train-1', 'migrate-1', 'api-1', 'api-2']);
    expect(lineOf(frame, 'train-0')).toContain('SchedulingGated');
    expect(frame).toContain('5 of 5');
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
  });

  test('j/k and the arrows move the selection, and the details line follows it', async () => {
    const app = await podsApp();
    expect(selected(app.frame())).toContain('train-0');
    expect(app.frame()).toContain('gates: example.com/quota, example.com/data');
    await app.press('j');
    expect(selected(app.frame())).toContain('train-1');
    expect(app.frame()).not.toContain('example.com/data');
    await app.press(keys.down, keys.down);
    expect(selected(app.frame())).toContain('api-1');
    await app.press('k');
    expect(selected(app.frame())).toContain('migrate-1');
    await app.press('G');
    expect(selected(app.frame())).toContain('api-2');
    await app.press('g');
    expect(selected(app.frame())).toContain('train-0');
  });

  test('/ narrows rows as you type, Enter keeps the filter and Esc clears it', async () => {
    const app = await podsApp();
    await app.press('/');
    await app.type('API');
    expect(names(app.frame())).toEqual(['api-1', 'api-2']);
    await app.press(keys.enter);
    expect(app.frame()).toContain('/API  2 of 5');
    // the filter is kept, keys move the cursor again
    await app.press('j');
    expect(selected(app.frame())).toContain('api-2');
    await app.press(keys.esc);
    expect(names(app.frame())).toHaveLength(5);
    expect(app.quits()).toBe(0);
  });

  test('/! inverts the filter', async () => {
    const app = await podsApp();
    await app.press('/');
    await app.type('!batch');
    expect(app.frame()).toContain('rows NOT matching');
    expect(names(app.frame())).toEqual(['migrate-1', 'api-1', 'api-2']);
    await app.press(keys.esc);
    expect(names(app.frame())).toHaveLength(5);
  });

  test('> and < choose the sort column, r reverses it, and the header shows ▲/▼ there', async () => {
    const app = await podsApp();
    await app.press('>');
    expect(lineOf(app.frame(), 'NAMESPACE')).toMatch(/NAMESPACE\s+NAME▲/);
    expect(names(app.frame())).toEqual(['api-1', 'api-2', 'migrate-1', 'train-0', 'train-1']);
    await app.press('r');
    expect(lineOf(app.frame(), 'NAMESPACE')).toMatch(/NAME▼/);
    expect(names(app.frame())).toEqual(['train-1', 'train-0', 'migrate-1', 'api-2', 'api-1']);
    await app.press('<');
    expect(lineOf(app.frame(), 'NAMESPACE')).toMatch(/NAMESPACE▼/);
    expect(names(app.frame())[0]).toBe('api-1');
  });

  test('o shows only gated pods and toggles back', async () => {
    const app = await podsApp();
    await app.press('o');
    expect(names(app.frame())).toEqual(['train-0', 'train-1']);
    expect(app.frame()).toContain('gated only');
    await app.press('o');
    expect(names(app.frame())).toHaveLength(5);
  });

  test('space marks the row with a marker and moves on; Esc clears marks', async () => {
    const app = await podsApp();
    await app.press(' ');
    expect(lineOf(app.frame(), 'train-0')).toMatch(/^ \* batch/);
    expect(selected(app.frame())).toContain('train-1');
    expect(app.frame()).toContain('1 marked');
    await app.press(keys.esc);
    expect(lineOf(app.frame(), 'train-0')).toMatch(/^ {3}batch/);
  });

  test('rows follow the store: a new batch re-renders without a keypress', async () => {
    const app = await podsApp();
    app.api.pods.set([...samplePods(), makePod({ namespace: 'web', name: 'api-3' })]);
    await app.press();
    expect(names(app.frame())).toContain('api-3');
    expect(app.frame()).toContain('pods ● 6');
  });
});
