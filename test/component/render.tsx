// Renders the whole app around a fake API; tests stay short and press keys like a user.
import { render } from 'ink-testing-library';
import { App, type PaneId } from '../../src/views/App.js';
import { FakeConsoleApi } from './fake-api.js';

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

export async function renderApp(opts: { api?: FakeConsoleApi; readonly?: boolean; pane?: PaneId; colors?: boolean } = {}) {
  const api = opts.api ?? new FakeConsoleApi();
  let quits = 0;
  const r = render(<App api={api} readonly={opts.readonly} initialPane={opts.pane} colors={opts.colors ?? false} onQuit={() => quits++} />);
  await tick(10);
  const frame = () => r.lastFrame() ?? '';
  /** types keys one at a time, as a user does */
  const press = async (...ks: string[]) => {
    for (const k of ks) {
      r.stdin.write(k);
      await tick(5);
    }
    await tick(10);
  };
  const type = (text: string) => press(...text.split(''));
  return { ...r, api, frame, press, type, quits: () => quits };
}

/** the table's body rows (those starting with a cursor or blank prefix and a namespace) */
export function lineOf(frame: string, text: string): string | undefined {
  return frame.split('\n').find((l) => l.includes(text));
}
