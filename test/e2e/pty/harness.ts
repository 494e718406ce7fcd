// Runs the built kubedeck in a real pseudo-terminal and reads the screen the way a
// user sees it, through a headless xterm.
import { spawn, type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { Terminal } = xterm;

export const BUILT = fileURLToPath(new URL('../../../dist/kubedeck.mjs', import.meta.url));
/** the single executable for this machine, from the same build */
export const EXECUTABLE = fileURLToPath(new URL(`../../../dist/kubedeck-linux-${process.arch}`, import.meta.url));

/**
 * What the pty tests run: the .mjs with this Node (default), or with
 * KUBEDECK_PTY_TARGET=executable the single executable, with a PATH that holds no node
 * (an empty folder), as on a bastion without Node.
 */
export const TARGET: 'mjs' | 'executable' = process.env.KUBEDECK_PTY_TARGET === 'executable' ? 'executable' : 'mjs';

/** command, arguments and PATH that run the built kubedeck as TARGET says */
export function builtCommand(args: string[]): { file: string; args: string[]; path?: string } {
  if (TARGET === 'mjs') {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first`);
    return { file: process.execPath, args: [BUILT, ...args] };
  }
  if (!existsSync(EXECUTABLE)) throw new Error(`${EXECUTABLE} is missing: run npm run build first`);
  return { file: EXECUTABLE, args, path: mkdtempSync(join(tmpdir(), 'kubedeck-no-node-')) };
}

export interface PtyApp {
  screen(): string;
  lines(): string[];
  write(data: string): void;
  waitFor(pred: RegExp | ((screen: string) => boolean), timeoutMs?: number, pollMs?: number): Promise<string>;
  pid: number;
  exited: Promise<{ exitCode: number; signal?: number }>;
  bufferType(): 'normal' | 'alternate';
  cursorHidden(): boolean;
  raw(): string;
  /**
   * The times the alternate screen scrolled, each with the offset in raw() of the
   * output chunk that did it. A full-screen console never scrolls it: a frame that does
   * (a line too many, a line wider than the terminal, a stray write) leaves the screen
   * one line off from what Ink thinks it drew, and every later frame lands on the wrong
   * rows.
   */
  altScrolls(): number[];
  kill(signal?: string): void;
}

export interface PtyOptions {
  cols?: number;
  rows?: number;
  env?: Record<string, string>;
  cwd?: string;
}

export function runBuilt(args: string[], opts: PtyOptions = {}): PtyApp {
  const cmd = builtCommand(args);
  return runInPty(cmd.file, cmd.args, cmd.path ? { ...opts, env: { ...opts.env, PATH: cmd.path } } : opts);
}

/** the programs started and not yet ended by endPtyApps */
const live = new Set<PtyApp>();

/**
 * For afterEach: kills every program the test started, keeps the raw output of each
 * when the test failed, and fails the test when one scrolled its alternate screen
 * (see altScrolls), keeping that output too.
 */
export function endPtyApps(name: string, failed: boolean): void {
  const scrolled: string[] = [];
  for (const app of live) {
    const at = app.altScrolls();
    if (failed || at.length) keepRaw(app, name);
    if (at.length) scrolled.push(`pid ${app.pid} scrolled ${at.length}×, first in the output from byte ${at[0]}`);
    app.kill('SIGKILL');
  }
  live.clear();
  if (scrolled.length) throw new Error(`the console scrolled its own screen (its later frames land a row off): ${scrolled.join('; ')}`);
}

/** any command in a pseudo-terminal read through a headless xterm */
export function runInPty(file: string, args: string[], opts: PtyOptions = {}): PtyApp {
  const cols = opts.cols ?? 80;
  const rows = opts.rows ?? 24;
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  let rawOut = '';
  let cursorHidden = false;
  const altScrolls: number[] = [];
  let parsing = 0; // offset in rawOut of the chunk being parsed
  // xterm reports a switch to the alternate buffer as a scroll, just before the switch
  term.onScroll(() => {
    if (term.buffer.active.type === 'alternate') altScrolls.push(parsing);
  });
  term.buffer.onBufferChange((b) => {
    if (b.type === 'alternate') altScrolls.pop();
  });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, { TERM: 'xterm-256color', ...opts.env });
  const proc: IPty = spawn(file, args, { cols, rows, env, name: 'xterm-256color', cwd: opts.cwd });
  proc.onData((d) => {
    rawOut += d;
    // DECTCEM: remember the last cursor visibility the app asked for.
    const show = d.lastIndexOf('\u001B[?25h');
    const hide = d.lastIndexOf('\u001B[?25l');
    if (show !== -1 || hide !== -1) cursorHidden = hide > show;
    // xterm parses asynchronously, chunk after chunk: once this one is parsed, the next starts here
    const end = rawOut.length;
    term.write(d, () => (parsing = end));
  });
  // node-pty can report the exit before the last output is read: wait until the output
  // has been quiet for a moment and the terminal has parsed all of it.
  let lastData = Date.now();
  proc.onData(() => {
    lastData = Date.now();
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) =>
    proc.onExit((e) => {
      const settle = () => (Date.now() - lastData < 100 ? setTimeout(settle, 25) : term.write('', () => resolve(e)));
      settle();
    }),
  );
  const lines = () => {
    const buf = term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < rows; i++) out.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
    return out;
  };
  const screen = () => lines().join('\n');
  const flush = () => new Promise<void>((r) => term.write('', r));
  const app: PtyApp = {
    screen,
    lines,
    raw: () => rawOut,
    write: (data) => proc.write(data),
    bufferType: () => term.buffer.active.type,
    cursorHidden: () => cursorHidden,
    altScrolls: () => [...altScrolls],
    kill: (signal) => proc.kill(signal),
    exited,
    pid: proc.pid,
    async waitFor(pred, timeoutMs = 15_000, pollMs = 50) {
      const test = typeof pred === 'function' ? pred : (s: string) => pred.test(s);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await flush();
        const s = screen();
        if (test(s)) return s;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pred)}; screen:\n${s}`);
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },
  };
  if (process.env.VITEST) live.add(app); // the bench's tools run many and end none
  return app;
}

/**
 * Keeps what the program wrote, byte for byte, for a test that failed: the screen in a
 * failure message is the end state, and a frame gone wrong shows only in the bytes
 * (replay them into a terminal of the same size to watch it happen).
 */
export function keepRaw(app: PtyApp, name: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kubedeck-pty-')), `${name}.raw`);
  writeFileSync(file, app.raw());
  console.error(`the program's output is kept in ${file}`);
  return file;
}
