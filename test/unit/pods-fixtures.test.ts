import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/k8s/types.js';
import { podColumns, podRow } from '../../src/state/pods.js';
import { trimObject } from '../../src/state/store.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const CONTROL = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

// Upstream serialization fixtures, copied into test/fixtures/upstream (see its README).
const upstreamDir = fileURLToPath(new URL('../fixtures/upstream/', import.meta.url));
const localDir = fileURLToPath(new URL('../fixtures/pods/', import.meta.url));

const load = (path: string): KubeObject => JSON.parse(readFileSync(path, 'utf8')) as KubeObject;

function expectSaneRow(pod: KubeObject) {
  const row = podRow(trimObject(pod), NOW);
  expect(row.cells).toHaveLength(podColumns.length);
  expect(row.sort).toHaveLength(podColumns.length);
  for (const cell of row.cells) {
    expect(typeof cell).toBe('string');
    expect(cell).not.toMatch(CONTROL);
  }
  for (const v of row.sort ?? []) expect(['string', 'number']).toContain(typeof v);
  expect(['normal', 'ok', 'warn', 'error', 'dim']).toContain(row.tone);
  return row;
}

describe('upstream core.v1.Pod fixtures (every field filled)', () => {
  const files = ['HEAD', 'v1.33.0'].map((v) => `${upstreamDir}${v}/core.v1.Pod.json`);

  it('finds the Pod fixture of each API version', () => {
    for (const v of ['HEAD', 'v1.33.0']) expect(readdirSync(`${upstreamDir}${v}`)).toContain('core.v1.Pod.json');
  });

  it.each(files)('derives a sane row from %s', (file) => {
    const pod = load(file);
    const row = expectSaneRow(pod);
    expect(row.key).toBe(`${pod.metadata.namespace}/${pod.metadata.name}`);
    expect(row.cells[1]).toBe(pod.metadata.name);
    expect(row.cells[2]).toMatch(/^\d+\/\d+$/);
    expect(row.cells[4]).toMatch(/^\d+( \(.+ ago\))?$/);
    expect(row.cells[5]).toMatch(/^\d+[smhdy]/);
    // A deletionTimestamp on a non-terminal phase wins over every other status.
    expect(row.cells[3]).toBe('Terminating');
    expect(row.cells[6]).toBe(pod.spec.nodeName);
  });

  it('does not change the fixture object it reads', () => {
    const pod = load(files[0]);
    const before = JSON.stringify(pod);
    podRow(pod, NOW);
    expect(JSON.stringify(pod)).toBe(before);
  });
});

// k9s-style: one fixture per tricky state, with the row a user should see.
describe('pod fixtures per tricky state', () => {
  const cases: Record<string, { cells: string[]; tone: string }> = {
    'gated.json': {
      cells: ['ml', 'trainer-0', '0/1', 'SchedulingGated', '0', '60m', '<none>', 'quota,gpu-ready', '58m'],
      tone: 'warn',
    },
    'sidecar-running.json': {
      cells: ['shop', 'web-7d9c5b8f6-x2x9q', '2/2', 'Running', '2 (20m ago)', '3d', 'worker-2', '', ''],
      tone: 'ok',
    },
    'init-crashloop.json': {
      cells: ['data', 'db-0', '0/1', 'Init:CrashLoopBackOff', '12 (3m ago)', '120m', 'worker-1', '', ''],
      tone: 'error',
    },
    'terminating.json': {
      cells: ['shop', 'api-5b7f9c-abcde', '0/1', 'Terminating', '0', '59d', 'worker-3', '', ''],
      tone: 'warn',
    },
    'completed-job.json': {
      cells: ['ops', 'backup-29012345-q7k2z', '0/1', 'Completed', '0', '9h', 'worker-1', '', ''],
      tone: 'dim',
    },
    'hostile-text.json': {
      // the OSC sequence goes whole; the right-to-left override is shown, not obeyed or hidden
      cells: ['default', 'evil', '0/1', 'CrashLoop⟨U+202E⟩⏎BackOff', '0', '60m', 'node', '', ''],
      tone: 'error',
    },
  };

  it('has an expectation for every fixture file', () => {
    expect(readdirSync(localDir).filter((f) => f.endsWith('.json')).sort()).toEqual(Object.keys(cases).sort());
  });

  it.each(Object.entries(cases))('%s', (file, want) => {
    const row = expectSaneRow(load(localDir + file));
    expect(row.cells).toEqual(want.cells);
    expect(row.tone).toBe(want.tone);
  });
});
