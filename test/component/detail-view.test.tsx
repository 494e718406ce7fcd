// The detail view's summary never breaks apart at narrow terminals.
import { afterEach, expect, test } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { KeyRoot } from '../../src/views/router/react.js';
import { DetailView } from '../../src/views/DetailView.js';
import { FakeConsoleApi, makePod } from './fake-api.js';
import { tick } from './render.js';

afterEach(() => cleanup());

const pod = makePod({ namespace: 'batch', name: 'ingest-clickstream-0', gates: ['example.com/data'] });

test.each([60, 80])('at %i columns every line fits and the fields read whole', async (width) => {
  const r = render(<KeyRoot><DetailView api={new FakeConsoleApi()} object={pod} width={width} height={20} onClose={() => {}} onYaml={() => {}} /></KeyRoot>);
  await tick(20);
  const lines = (r.lastFrame() ?? '').split('\n');
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(width);
  const text = lines.join('\n');
  expect(text).toContain('NAME ingest-clickstream-0');
  expect(text).toContain('STATUS SchedulingGated');
  expect(text).not.toMatch(/^\s*─\s*$/m); // no stray border fragments from a wrapped table
});

test('a wide terminal gets the bordered summary row', async () => {
  const r = render(<KeyRoot><DetailView api={new FakeConsoleApi()} object={pod} width={100} height={20} onClose={() => {}} onYaml={() => {}} /></KeyRoot>);
  await tick(20);
  expect(r.lastFrame()).toMatch(/│ STATUS\s+│/);
});
