// w on a pod: the session's explanation (as `kubedeck why` prints it), wrapped and scrollable.
import { afterEach, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { KubeObject } from '../../src/k8s/types.js';
import { keys, renderApp } from './render.js';
import { samplePods } from './fake-api.js';

afterEach(() => cleanup());

test('w asks the session why the selected pod waits and shows every line of the answer; esc goes back', async () => {
  const app = await renderApp();
  app.api.pods.set(samplePods());
  const asked: [string, KubeObject][] = [];
  app.api.why = async (kind, object) => {
    asked.push([kind, object]);
    return {
      text: `pod batch/train-0\n1. gate example.com/quota (for 5m): scheduling gate example.com/quota, set at creation by kueue; a reason long enough to need a second line at one hundred columns\n   unblock: the controller owning example.com/quota removes it   key: u\n`,
      json: {},
      notes: ['nodes: forbidden'],
    };
  };
  await app.press();
  await app.press('w');
  await app.waitFor('Why is pod batch/train-0 waiting?');
  await app.waitFor('unblock:');
  expect(asked.map(([k, o]) => [k, o.metadata.name])).toEqual([['pod', 'train-0']]);
  const joined = app.joined();
  expect(joined).toContain('a reason long enough to need a second line at one hundred columns'); // wrapped, not cut
  expect(joined).toContain('(could not read nodes: forbidden)');
  await app.press(keys.esc);
  expect(app.frame()).toContain('5 of 5');
});
