// What the integration tests share: the in-process demo cluster for the test file, and
// the whole console rendered on a real Session with helpers that read the frame and
// press keys like a user.
import { afterAll, beforeAll } from 'vitest';
import { render } from 'ink-testing-library';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { App, type AppProps, type PaneId } from '../../src/views/App.js';

export const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));

/** SGR sequences (colors), as the console writes them with colors on */
export const SGR = /\x1b\[[0-9;]*m/g;

export interface DemoEnv {
  /** set in beforeAll */
  demo: DemoCluster;
  /** a temp dir of the file's own (kubeconfigs, audit log, …); set in beforeAll */
  dir: string;
}

/** Starts a demo cluster and makes a temp dir (named prefix…) before the file's tests; closes the cluster after them. */
export function useDemoCluster(prefix: string): DemoEnv {
  const env = {} as DemoEnv;
  beforeAll(async () => {
    env.demo = await startDemoCluster();
    env.dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await env.demo.close();
  });
  return env;
}

export interface ConsoleOpts {
  pane?: PaneId;
  colors?: boolean;
  /** the terminal's width, instead of ink-testing-library's 100 columns */
  columns?: number;
  /** waitFor sees the frame without its SGR sequences (with colors on) */
  plain?: boolean;
  /** waitFor's default timeout */
  timeoutMs?: number;
  /** how often waitFor looks at the frame */
  pollMs?: number;
}

/** The console (App) on api, as a user sees it. */
export function renderConsole(api: AppProps['api'], opts: ConsoleOpts = {}) {
  const { timeoutMs = 8000, pollMs = 20 } = opts;
  const r = render(<App api={api} initialPane={opts.pane} colors={opts.colors ?? false} onQuit={() => {}} />);
  /** a terminal of the given width */
  const resize = (columns: number) => {
    Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
    r.stdout.emit('resize');
  };
  if (opts.columns !== undefined) resize(opts.columns);
  const frame = () => r.lastFrame() ?? '';
  const plain = () => frame().replace(SGR, '');
  const seen = opts.plain ? plain : frame;
  /** waits until pred holds for the frame, then a little more for the new view's effects */
  const waitFor = async (pred: (f: string) => boolean, what: string, ms = timeoutMs) => {
    const until = Date.now() + ms;
    while (!pred(seen())) {
      if (Date.now() > until) throw new Error(`never saw ${what}:\n${seen()}`);
      await tick(pollMs);
    }
    await tick(30);
  };
  /** waitFor the frame to contain text, or to match it */
  const waitForText = (text: string | RegExp, ms = timeoutMs) =>
    waitFor((f) => (typeof text === 'string' ? f.includes(text) : text.test(f)), String(text), ms);
  /** types keys one at a time, as a user does */
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await tick(30);
    }
  };
  /** `:` then the command, once the command line listens */
  const command = async (text: string) => {
    await press(':');
    await tick(150);
    await press(...text, '\r');
  };
  return { r, frame, plain, resize, waitFor, waitForText, press, command };
}

/** the first line of frame that contains name ('' when none does) */
export const rowOf = (frame: string, name: string) => frame.split('\n').find((l) => l.includes(name)) ?? '';
