// `kubedeck snapshot … | grep x`: every line reaches a pipe, also one whose reader is
// slower than kubedeck (process.exit must not drop what the pipe has not taken yet).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const EXTRA = 3000;

function snapshotThroughSlowPipe(args: string[]): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--demo', '--demo-pods', String(EXTRA), 'snapshot', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    const out = child.stdout!;
    out.setEncoding('utf8');
    // read the first chunk, then stop reading for a while: the pipe fills up
    out.once('data', (first: string) => {
      text += first;
      out.pause();
      setTimeout(() => {
        out.on('data', (c: string) => (text += c));
        out.resume();
      }, 1500);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, lines: text.split('\n').filter(Boolean) }));
  });
}

describe('snapshot into a pipe', () => {
  test('a slow reader still gets every row of a big pods list', async () => {
    const { code, lines } = await snapshotThroughSlowPipe(['pods', '-A']);
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+READY/);
    // the scenario's pods plus the extra ones, and the header
    expect(lines.length).toBeGreaterThan(EXTRA + 1);
    expect(lines.filter((l) => /^load-[a-d]\s/.test(l))).toHaveLength(EXTRA);
  }, 60_000);
});
