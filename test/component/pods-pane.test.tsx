import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { makePod } from './fake-api.js';
import { keys, renderApp } from './render.js';

afterEach(() => cleanup());

function pods() {
  return [
    makePod({ namespace: 'batch', name: 'train-0', gates: ['example.com/quota', 'example.com/data'] }),
    makePod({ namespace: 'batch', name: 'train-1', gates: ['example.com/quota'] }),
    makePod({ namespace: 'web', name: 'api-1', node: 'node-07' }),
    makePod({ namespace: 'web', name: 'api-2', node: 'node-02' }),
    makePod({ namespace: 'jobs', name: 'migrate-1', node: 'node-11', phase: 'Succeeded' }),
  ];
}

describe('pods pane', () => {
  test('renders the header, tabs and rows', async () => {
    const app = await renderApp();
    app.api.pods.set(pods());
    await app.press();
    console.log(app.frame());
  });
});
