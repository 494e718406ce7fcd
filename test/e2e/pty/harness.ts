// Runs the built kubedeck in a real pseudo-terminal and reads the screen the way a
// user sees it, through a headless xterm.
import { spawn, type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const { Terminal } = xterm;

export const BUILT = fileURLToPath(new URL('../../../dist/kubedeck.mjs', import.meta.url));

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
  kill(signal?: string): void;
}

export function runBuilt(args: string[], opts: { cols?: number; rows?: number; env?: Record<string, string> } = {}): PtyApp {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first`);
  const cols = opts.cols ?? 80;
  const rows = opts.rows ?? 24;
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  let rawOut = '';
  let cursorHidden = false;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, { TERM: 'xterm-256color', ...opts.env });
  const proc: IPty = spawn(process.execPath, [BUILT, ...args], { cols, rows, env, name: 'xterm-256color' });
  proc.onData((d) => {
    rawOut += d;
    // DECTCEM: remember the last cursor visibility the app asked for.
    const show = d.lastIndexOf('\u001B[?25h');
    const hide = d.lastIndexOf('\u001B[?25l');
    if (show !== -1 || hide !== -1) cursorHidden = hide > show;
    term.write(d);
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => proc.onExit(resolve));
  const lines = () => {
    const buf = term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < rows; i++) out.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
    return out;
  };
  const screen = () => lines().join('\n');
  const flush = () => new Promise<void>((r) => term.write('', r));
  return {
    screen,
    lines,
    raw: () => rawOut,
    write: (data) => proc.write(data),
    bufferType: () => term.buffer.active.type,
    cursorHidden: () => cursorHidden,
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
}
