// A tool in a real pseudo-terminal, read through a headless xterm: when its screen first
// shows something, how long a key takes to change the screen (colours included), how many
// bytes it wrote per key.
import { spawn, type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { changedLines, screenCells, screenText } from './screen.js';

export interface PtyTool {
  pid: number;
  /** bytes the tool wrote to the terminal so far */
  readonly bytesOut: number;
  text(): string;
  /** resolves with performance.now() of the parse after which `pred` first held */
  waitForText(pred: RegExp | ((screen: string) => boolean), timeoutMs: number, what: string): Promise<number>;
  /** writes `key`, resolves with the ms until the screen (cells and colours) changed and the bytes written meanwhile */
  press(key: string, timeoutMs: number): Promise<{ ms: number; bytes: number; timedOut: boolean }>;
  /** resolves after `ms` of no output, or after `maxMs` */
  quiet(ms: number, maxMs: number): Promise<void>;
  write(data: string): void;
  kill(signal?: string): void;
  exited: Promise<number>;
}

export function startInPty(file: string, args: string[], opts: { cols: number; rows: number; env: Record<string, string>; cwd?: string }): PtyTool {
  const term = new xterm.Terminal({ cols: opts.cols, rows: opts.rows, allowProposedApi: true });
  const proc: IPty = spawn(file, args, { cols: opts.cols, rows: opts.rows, env: opts.env, name: 'xterm-256color', cwd: opts.cwd });
  let bytesOut = 0;
  let lastData = performance.now();
  let listeners: (() => void)[] = [];
  proc.onData((d) => {
    bytesOut += Buffer.byteLength(d);
    lastData = performance.now();
    term.write(d, () => {
      for (const l of listeners) l();
    });
  });
  let exitCode: number | undefined;
  const exited = new Promise<number>((resolve) =>
    proc.onExit((e) => {
      exitCode = e.exitCode;
      resolve(e.exitCode);
      for (const l of listeners) l();
    }),
  );
  const listen = (fn: () => boolean) => {
    const l = () => {
      if (fn()) listeners = listeners.filter((x) => x !== l);
    };
    listeners.push(l);
    return () => (listeners = listeners.filter((x) => x !== l));
  };
  const text = () => screenText(term).join('\n');
  return {
    pid: proc.pid,
    get bytesOut() {
      return bytesOut;
    },
    text,
    write: (d) => proc.write(d),
    kill: (signal) => {
      try {
        proc.kill(signal);
      } catch {
        // already gone
      }
    },
    exited,
    waitForText(pred, timeoutMs, what) {
      const test = typeof pred === 'function' ? pred : (s: string) => pred.test(s);
      return new Promise((resolve, reject) => {
        if (test(text())) return resolve(performance.now());
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}; the screen:\n${text()}`));
        }, timeoutMs);
        const stop = listen(() => {
          if (exitCode !== undefined) {
            clearTimeout(timer);
            reject(new Error(`exited (${exitCode}) while waiting for ${what}; the screen:\n${text()}`));
            return true;
          }
          if (!test(text())) return false;
          clearTimeout(timer);
          resolve(performance.now());
          return true;
        });
      });
    },
    press(key, timeoutMs) {
      return new Promise((resolve) => {
        const before = screenCells(term);
        const bytes0 = bytesOut;
        const t0 = performance.now();
        const timer = setTimeout(() => {
          stop();
          resolve({ ms: performance.now() - t0, bytes: bytesOut - bytes0, timedOut: true });
        }, timeoutMs);
        const stop = listen(() => {
          if (exitCode === undefined && changedLines(before, screenCells(term)).length === 0) return false;
          clearTimeout(timer);
          resolve({ ms: performance.now() - t0, bytes: bytesOut - bytes0, timedOut: false });
          return true;
        });
        proc.write(key);
      });
    },
    quiet(ms, maxMs) {
      const end = performance.now() + maxMs;
      return new Promise((resolve) => {
        const tick = () => {
          const now = performance.now();
          if (now - lastData >= ms || now >= end) resolve();
          else setTimeout(tick, Math.min(ms, 50));
        };
        tick();
      });
    },
  };
}
