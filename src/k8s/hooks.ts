// Site hooks (volumes.hooks.* in the config): programs run with an argument vector,
// never through a shell, so nothing from the cluster can be read as shell syntax.
// Output is handed over line by line as it arrives; the caller sanitizes it.
import { spawn } from 'node:child_process';

export interface HookLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface HookRunOptions {
  /** written to the hook's stdin, then stdin is closed */
  stdin?: string;
  /** added to the inherited environment */
  env?: Record<string, string>;
  /** the hook is stopped (SIGTERM, then SIGKILL) after this long */
  timeoutMs?: number;
  /** aborting stops the hook the same way */
  signal?: AbortSignal;
  onLine?(line: HookLine): void;
}

export interface HookResult {
  argv: string[];
  ok: boolean;
  /** null when the hook did not exit by itself */
  exitCode: number | null;
  /** e.g. "SIGTERM" when a signal ended it */
  signal: string | null;
  durationMs: number;
  timedOut: boolean;
  aborted: boolean;
  /** set when the program could not be started (ENOENT, EACCES) */
  spawnError?: string;
  /** one line in plain words */
  summary: string;
}

export const DEFAULT_HOOK_TIMEOUT_MS = 60 * 60_000;
/** time a hook gets between SIGTERM and SIGKILL */
const KILL_GRACE_MS = 5000;
/** after exit, how long to wait for output still in the pipes */
const DRAIN_MS = 2000;
/** a line longer than this is split, so one runaway line cannot fill memory */
const MAX_LINE = 64 * 1024;

function lineSplitter(stream: HookLine['stream'], onLine: ((l: HookLine) => void) | undefined) {
  let rest = '';
  const emit = (text: string) => onLine?.({ stream, text: text.endsWith('\r') ? text.slice(0, -1) : text });
  return {
    push(chunk: string) {
      rest += chunk;
      let nl: number;
      while ((nl = rest.indexOf('\n')) >= 0) {
        emit(rest.slice(0, nl));
        rest = rest.slice(nl + 1);
      }
      while (rest.length > MAX_LINE) {
        emit(rest.slice(0, MAX_LINE));
        rest = rest.slice(MAX_LINE);
      }
    },
    end() {
      if (rest !== '') emit(rest);
      rest = '';
    },
  };
}

// Each hook runs as the leader of its own process group, so whatever it starts
// (a `sleep` in a shell script, a backup tool's workers) is stopped with it: on esc,
// on timeout, when it exits leaving children behind, and when kubedeck exits by any
// path that runs 'exit' handlers (quit, signals kubedeck handles, an uncaught
// exception). A SIGKILL of kubedeck itself runs nothing: the group is left running.
const liveGroups = new Set<number>();
let exitHandler = false;

function track(pid: number): void {
  liveGroups.add(pid);
  if (exitHandler) return;
  exitHandler = true;
  process.on('exit', () => {
    for (const g of liveGroups) signalGroup(g, 'SIGKILL');
  });
}

function signalGroup(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, sig);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Resolves once no process of the group is left: SIGTERM, then SIGKILL after graceMs. */
function stopGroup(pid: number, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!signalGroup(pid, 0)) return resolve();
    signalGroup(pid, 'SIGTERM');
    const started = Date.now();
    let killed = false;
    const poll = setInterval(() => {
      if (!signalGroup(pid, 0)) {
        clearInterval(poll);
        return resolve();
      }
      if (!killed && Date.now() - started >= graceMs) {
        killed = true;
        signalGroup(pid, 'SIGKILL');
      }
      if (Date.now() - started >= graceMs + 5000) {
        clearInterval(poll); // unkillable (uninterruptible sleep): give up waiting
        resolve();
      }
    }, 25);
  });
}

export function describeHook(r: Omit<HookResult, 'summary' | 'ok'>): string {
  const secs = `${(r.durationMs / 1000).toFixed(1)}s`;
  if (r.spawnError) return `could not start ${r.argv[0]}: ${r.spawnError}`;
  if (r.timedOut) return `timed out after ${secs} and was stopped, with every process it started`;
  if (r.aborted) return `interrupted after ${secs}; it and every process it started were stopped`;
  if (r.signal) return `killed by ${r.signal} after ${secs}`;
  return r.exitCode === 0 ? `exited 0 after ${secs}` : `exited ${r.exitCode} after ${secs}`;
}

/** Runs one hook to its end. Never rejects: every failure is a result with ok false. */
export function runHook(argv: readonly string[], opts: HookRunOptions = {}): Promise<HookResult> {
  const started = Date.now();
  const args = [...argv];
  return new Promise((resolve) => {
    let timedOut = false;
    let aborted = false;
    let spawnError: string | undefined;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const group: { pid?: number } = {}; // set once spawned; finish() may run before that
    const finish = (exitCode: number | null, signal: string | null) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      out.end();
      err.end();
      const r = { argv: args, exitCode, signal, durationMs: Date.now() - started, timedOut, aborted, spawnError };
      const ok = !spawnError && !timedOut && !aborted && signal === null && exitCode === 0;
      // the result is told only once nothing of the hook runs any more
      const done = () => {
        if (group.pid !== undefined) liveGroups.delete(group.pid);
        resolve({ ...r, ok, summary: describeHook(r) });
      };
      if (group.pid === undefined) return done();
      void stopGroup(group.pid, KILL_GRACE_MS).then(done);
    };
    const out = lineSplitter('stdout', opts.onLine);
    const err = lineSplitter('stderr', opts.onLine);
    if (args.length === 0 || args[0] === '') {
      spawnError = 'no program configured';
      return finish(null, null);
    }
    if (opts.signal?.aborted) {
      aborted = true;
      return finish(null, null);
    }

    const child = spawn(args[0], args.slice(1), {
      shell: false,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...opts.env },
      detached: true, // its own process group (and session): stopped as one
    });
    const pid = child.pid;
    group.pid = pid;
    if (pid !== undefined) track(pid);
    const stop = () => {
      if (pid === undefined) return;
      signalGroup(pid, 'SIGTERM');
      const t = setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
      t.unref();
      timers.push(t);
    };
    function onAbort() {
      aborted = true;
      stop();
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.timeoutMs !== undefined && opts.timeoutMs > 0) {
      const t = setTimeout(() => {
        timedOut = true;
        stop();
      }, opts.timeoutMs);
      t.unref();
      timers.push(t);
    }

    child.stdout.setEncoding('utf8').on('data', (c: string) => out.push(c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => err.push(c));
    // A hook that never reads stdin closes the pipe: that is its business, not a failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');

    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e.code ? `${e.code} (${e.message})` : e.message;
      finish(null, null);
    });
    // 'close' waits for the pipes; a grandchild holding them open must not hang us.
    child.on('exit', (code, signal) => {
      const t = setTimeout(() => finish(code, signal), DRAIN_MS);
      t.unref();
      timers.push(t);
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}
