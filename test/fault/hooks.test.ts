// Hooks run in their own process group: esc, a timeout and kubedeck's own exit
// (an uncaught exception included) stop the hook and everything it started.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runHook } from '../../src/k8s/hooks.js';
import { until } from './helpers.js';

const node = process.execPath;
// a hook that starts a long `sleep`-like grandchild, prints its pid, and waits
const HOOK = [node, '-e', "const c=require('child_process').spawn(process.execPath,['-e','setTimeout(()=>{},60000)'],{stdio:'ignore'});console.log('child '+c.pid);setInterval(()=>{},1000)"];
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const childPid = (text: string) => Number(/child (\d+)/.exec(text)?.[1]);

describe('hook process groups', () => {
  it('esc stops the hook and its children before the result says so', async () => {
    const ac = new AbortController();
    let pid = 0;
    const r = await runHook(HOOK, {
      signal: ac.signal,
      onLine: (l) => {
        pid = childPid(l.text);
        ac.abort();
      },
    });
    expect(r).toMatchObject({ ok: false, aborted: true });
    expect(r.summary).toMatch(/^interrupted after .*; it and every process it started were stopped$/);
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
  });

  it('a timeout stops the children too', async () => {
    let pid = 0;
    const r = await runHook(HOOK, { timeoutMs: 500, onLine: (l) => (pid = childPid(l.text)) });
    expect(r).toMatchObject({ ok: false, timedOut: true });
    expect(alive(pid)).toBe(false);
  });

  it('kubedeck crashing (an uncaught exception) stops a running hook and its children', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const script = `import('./src/k8s/hooks.ts').then((m) => m.runHook(${JSON.stringify(HOOK)}, { onLine: (l) => { console.log(l.text); setTimeout(() => { throw new Error('boom'); }, 50); } }));`;
    const p = spawn(node, ['--import', 'tsx', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((r) => p.on('close', r));
    expect(code).not.toBe(0);
    const pid = childPid(out);
    expect(pid).toBeGreaterThan(0);
    await until(() => !alive(pid), 'the grandchild gone', 2000);
  });
});
