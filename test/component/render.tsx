// Renders the whole app around a fake API; tests stay short and press keys like a user.
import { render } from 'ink-testing-library';
import { App, type ConsoleMemory, type PaneId } from '../../src/views/App.js';
import { FakeConsoleApi } from './fake-api.js';
import type { PaneDef } from '../../src/views/panes/registry.js';

export const keys = {
  down: '\u001B[B',
  up: '\u001B[A',
  enter: '\r',
  esc: '\u001B',
  pageDown: '\u001B[6~',
  ctrlD: '\u0004',
  backspace: '\u007F',
};

/** lets effects (useInput subscriptions) and resolved promises run */
export const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

export async function renderApp(opts: { api?: FakeConsoleApi; readonly?: boolean; pane?: PaneId; colors?: boolean; panes?: readonly PaneDef[]; keys?: Record<string, string>; memory?: ConsoleMemory } = {}) {
  const api = opts.api ?? new FakeConsoleApi();
  let quits = 0;
  const r = render(<App api={api} readonly={opts.readonly} initialPane={opts.pane} colors={opts.colors ?? false} panes={opts.panes} keys={opts.keys} memory={opts.memory} onQuit={() => quits++} />);
  await tick(10);
  const frame = () => r.lastFrame() ?? '';
  /** types keys one at a time, as a user does */
  const press = async (...ks: string[]) => {
    for (const k of ks) {
      r.stdin.write(k);
      await tick(10);
    }
    await tick(10);
  };
  const type = (text: string) => press(...text.split(''));
  /** waits until the frame shows text (dialogs appear after the fake API answers) */
  /** the frame with wrapped lines joined: a long status message wraps instead of being cut */
  const joined = () => frame().replace(/ *\n */g, ' ');
  const waitFor = async (text: string, timeoutMs = 3000) => {
    const until = Date.now() + timeoutMs;
    while (!frame().includes(text) && !joined().includes(text)) {
      if (Date.now() > until) throw new Error(`frame never showed ${JSON.stringify(text)}:\n${frame()}`);
      await tick(10);
    }
    // let the new view's key subscription (an effect) run before the next key
    await tick(20);
  };
  /** waits until the screen has not changed for a while (keys of a burst render one by one) */
  const settle = async () => {
    let last = '';
    let same = 0;
    for (let i = 0; i < 200 && same < 4; i++) {
      await tick(25);
      same = frame() === last ? same + 1 : 0;
      last = frame();
    }
    return last;
  };
  return { ...r, api, frame, joined, press, type, waitFor, settle, quits: () => quits };
}

/** the table's body rows (those starting with a cursor or blank prefix and a namespace) */
export function lineOf(frame: string, text: string): string | undefined {
  return frame.split('\n').find((l) => l.includes(text));
}
