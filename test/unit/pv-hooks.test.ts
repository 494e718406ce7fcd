// The hook runner: argv without a shell, stdin and environment, output line by
// line as it arrives, and every way a hook can fail.
import { describe, expect, it } from 'vitest';
import { runHook, type HookLine } from '../../src/k8s/hooks.js';

const node = process.execPath;
const js = (code: string) => [node, '-e', code];

describe('runHook', () => {
  it('passes stdin and the environment, and hands over stdout and stderr lines', async () => {
    const lines: HookLine[] = [];
    const r = await runHook(
      js(`let s='';process.stdin.on('data',c=>s+=c).on('end',()=>{const pv=JSON.parse(s);console.log('name='+pv.metadata.name+' env='+process.env.KUBEDECK_PV_NAME);console.error('warn line');console.log('second')})`),
      { stdin: JSON.stringify({ metadata: { name: 'pv-a' } }), env: { KUBEDECK_PV_NAME: 'pv-a' }, onLine: (l) => lines.push(l) },
    );
    expect(r).toMatchObject({ ok: true, exitCode: 0, signal: null, timedOut: false });
    expect(r.summary).toMatch(/^exited 0 after \d+\.\ds$/);
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['name=pv-a env=pv-a', 'second']);
    expect(lines).toContainEqual({ stream: 'stderr', text: 'warn line' });
  });

  it('never uses a shell: metacharacters in arguments stay literal', async () => {
    const lines: string[] = [];
    const r = await runHook([node, '-e', 'console.log(process.argv.slice(1).join("|"))', '$(touch /tmp/kubedeck-pwned)', 'a; echo b', '`id`'], {
      onLine: (l) => lines.push(l.text),
    });
    expect(r.ok).toBe(true);
    expect(lines).toEqual(['$(touch /tmp/kubedeck-pwned)|a; echo b|`id`']);
  });

  it('a non-zero exit is a failure that says the code', async () => {
    const r = await runHook(js('process.exit(3)'));
    expect(r).toMatchObject({ ok: false, exitCode: 3 });
    expect(r.summary).toMatch(/^exited 3 after/);
  });

  it('a signal is a failure', async () => {
    const r = await runHook(js('process.kill(process.pid, "SIGKILL")'));
    expect(r).toMatchObject({ ok: false, signal: 'SIGKILL' });
    expect(r.summary).toMatch(/^killed by SIGKILL/);
  });

  it('a program that cannot be started is a failure, not a crash', async () => {
    const r = await runHook(['/nonexistent/kubedeck-hook', '--x']);
    expect(r.ok).toBe(false);
    expect(r.spawnError).toMatch(/ENOENT/);
    expect(r.summary).toMatch(/could not start \/nonexistent\/kubedeck-hook: ENOENT/);
  });

  it('an empty argv is refused', async () => {
    expect((await runHook([])).ok).toBe(false);
  });

  it('stops a hook that runs past its timeout', async () => {
    const r = await runHook(js('setInterval(()=>{},1000)'), { timeoutMs: 200 });
    expect(r).toMatchObject({ ok: false, timedOut: true });
    expect(r.summary).toMatch(/^timed out after/);
  });

  it('stops a hook when aborted (Ctrl-C, Esc, a hangup)', async () => {
    const ac = new AbortController();
    const started = runHook(js('console.log("up");setInterval(()=>{},1000)'), {
      signal: ac.signal,
      onLine: () => ac.abort(),
    });
    const r = await started;
    expect(r).toMatchObject({ ok: false, aborted: true });
    expect(r.summary).toMatch(/^interrupted/);
  });

  it('a hook that ignores stdin still succeeds', async () => {
    const r = await runHook(js('process.stdin.destroy(); process.exit(0)'), { stdin: 'x'.repeat(1 << 20) });
    expect(r.ok).toBe(true);
  });
});
