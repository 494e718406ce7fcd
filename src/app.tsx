// The interactive console: a session host that rebuilds the session on :ctx / :ns
// and renders the views full screen. Ink and the views are imported once the first
// session's requests are on their way (runConsole), so they load while the server
// answers.
import React, { useEffect, useState } from 'react';
import type { Target } from './target.js';
import type { AppConfig } from './config.js';
import { openSession, type Session } from './k8s/session.js';
import { createFileAuditSink } from './k8s/audit.js';
import { errorMessage } from './k8s/transport.js';
import { enterFullscreen, whileConnecting } from './terminal.js';
import type { ConsoleMemory } from './views/App.js';
import { debug } from './log.js';
import { phase, trace, traceTerminal, tracing } from './trace.js';
import type { AuditSink } from './k8s/types.js';
import { takeEscapeAtOnce } from './views/router/escape.js';

export interface ConsoleOptions {
  target: Target;
  config: AppConfig;
  requestTimeoutMs: number;
  readonly: boolean;
  pane?: string;
  /** false: --no-alt-screen, draw in the main screen */
  altScreen?: boolean;
}

/** Owns the current session; a switch opens the new one before closing the old. */
export class SessionManager {
  private session: Session | undefined;
  private readonly listeners = new Set<() => void>();
  /** the last switch failure, shown in the footer */
  notice: string | undefined;

  constructor(
    private readonly opts: ConsoleOptions,
    private readonly audit: AuditSink & { notes?: string[] },
  ) {}

  get current(): Session {
    if (!this.session) throw new Error('no session');
    return this.session;
  }

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** the last switch asked for wins, not the last one to finish opening */
  private generation = 0;

  async open(context: string, namespace: string | null): Promise<void> {
    const { target } = this.opts;
    const generation = ++this.generation;
    const next = await openSession({
      ctx: target.loaded.forContext(context),
      contexts: target.loaded.contexts,
      namespace,
      readonly: this.opts.readonly,
      config: this.opts.config,
      requestTimeoutMs: this.opts.requestTimeoutMs,
      audit: this.audit,
      warnings: this.audit.notes,
      onSwitch: {
        context: (name) => void this.switchTo(name, namespace),
        namespace: (ns) => void this.switchTo(context, ns),
      },
    });
    if (generation !== this.generation || this.closed) {
      next.close(); // a later :ctx / :ns (or quit) overtook this one
      return;
    }
    const old = this.session;
    this.session = next;
    old?.close();
    this.notice = undefined;
    for (const l of [...this.listeners]) l();
  }

  private async switchTo(context: string, namespace: string | null): Promise<void> {
    try {
      await this.open(context, namespace);
    } catch (err) {
      debug('switch failed', { context, namespace, error: String(err) });
      if (this.closed) return;
      this.notice = `could not switch to ${context}${namespace ? `/${namespace}` : ''}: ${errorMessage(err)}`;
      for (const l of [...this.listeners]) l();
    }
  }

  private closed = false;

  close(): void {
    this.closed = true;
    this.session?.close();
  }
}

/**
 * What the console draws with, imported after the first requests went out: one module
 * tree at a time, giving the event loop a turn between them, so the TLS handshakes and
 * the requests progress while the views load.
 */
async function loadViews() {
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const { render } = await decodingDataUrlsInPlace(() => import('ink'));
  await turn();
  const { paneFromFlag, panes } = await import('./views/panes/registry.js');
  await turn();
  const { App } = await import('./views/App.js');
  await turn();
  const { buildKeyTable } = await import('./views/bindings.js');
  const { POD_SCOPE_MEMORY } = await import('./views/panes/pods/usePodRows.js');
  return { render, App, paneFromFlag, panes, buildKeyTable, POD_SCOPE_MEMORY };
}
type Views = Awaited<ReturnType<typeof loadViews>>;

/**
 * yoga-layout (Ink's layout engine) fetch()es its wasm from a data: URL when fetch
 * exists, which loads Node's undici and decodes the URL through it: about four times
 * the CPU of its own fallback, which decodes the base64 in place (docs/performance.md,
 * "Start-up"). While Ink loads, a fetch of a data: URL fails at once, so yoga takes
 * its fallback; every other fetch (e.g. an OIDC token refresh) goes through untouched.
 */
async function decodingDataUrlsInPlace<T>(load: () => Promise<T>): Promise<T> {
  const fetch = globalThis.fetch;
  globalThis.fetch = (input, init) => (typeof input === 'string' && input.startsWith('data:') ? Promise.reject(new Error('decoded in place')) : fetch(input, init));
  try {
    return await load();
  } finally {
    globalThis.fetch = fetch;
  }
}

function SessionHost(props: { views: Views; manager: SessionManager; readonly: boolean; pane?: string; keys?: Readonly<Record<string, string>>; gatedOnly?: boolean; onQuit(): void }) {
  const { manager, views } = props;
  const { App, POD_SCOPE_MEMORY } = views;
  const [, setTick] = useState(0);
  useEffect(() => manager.subscribe(() => setTick((t) => t + 1)), [manager]);
  const session = manager.current;
  // pane and filters outlive a :ns or :ctx switch
  // ui.gatedOnly: the pods pane starts listing gated pods only (o changes it, and the choice is kept)
  const [memory] = useState<ConsoleMemory>(() => {
    const filters: Record<string, string> = {};
    if (props.gatedOnly) filters[POD_SCOPE_MEMORY] = 'gated';
    return { filters };
  });
  return (
    <App
      // A new session is a new console: selection, filters and dialogs start over.
      key={`${session.info().context}|${session.info().namespace ?? '*'}`}
      api={session}
      readonly={props.readonly}
      initialPane={props.pane}
      memory={memory}
      keys={props.keys}
      notice={manager.notice}
      onQuit={props.onQuit}
    />
  );
}

/** Ink's render throttle at 1 ms: every commit is drawn when it happens */
const UNTHROTTLED_FPS = 1000;

/** the pane to open and the config's keys, checked before the terminal is touched; the pane's id */
function validate(views: Views, opts: ConsoleOptions): string {
  const id = views.paneFromFlag(opts.pane).id;
  views.buildKeyTable(views.panes, opts.config.keys);
  return id;
}

export async function runConsole(opts: ConsoleOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    validate(await loadViews(), opts); // a bad pane or key binding is still the message
    process.stderr.write('kubedeck: the console needs a terminal; use `kubedeck snapshot PANE` in scripts\n');
    return 2;
  }
  const audit = createFileAuditSink(opts.config.audit.file || undefined);
  const manager = new SessionManager(opts, audit);
  // The first session's requests (discovery, the pods watch) go out first; the views
  // load while they travel. Open before entering full screen: a dead server or bad
  // credentials get a plain one-line message in the user's shell instead of an empty
  // console.
  const server = opts.target.loaded.forContext(opts.target.loaded.currentContext).server;
  const opened = whileConnecting(server, manager.open(opts.target.loaded.currentContext, opts.target.namespace));
  opened.catch(() => undefined); // awaited below; not unhandled while the views load
  let views: Views;
  let initialPane: string;
  try {
    views = await loadViews();
    phase('views loaded');
    initialPane = validate(views, opts);
    await opened;
  } catch (err) {
    manager.close();
    await audit.close();
    throw err;
  }
  const { render } = views;
  const guard = enterFullscreen({ altScreen: opts.altScreen ?? true });
  phase('full screen');
  traceTerminal(process.stdin, process.stdout);
  takeEscapeAtOnce(process.stdin);
  try {
    const instance = render(
      <SessionHost views={views} manager={manager} readonly={opts.readonly} pane={initialPane} keys={opts.config.keys} gatedOnly={opts.config.ui.gatedOnly} onQuit={() => instance.unmount()} />,
      {
        exitOnCtrlC: true,
        // a terminal is interactive even where CI is set (some bastion shells export it):
        // Ink would otherwise draw nothing but the last frame
        interactive: true,
        patchConsole: false,
        incrementalRendering: true,
        // Not Ink's throttle: a key's frame would wait behind the frame before it (the
        // throttle's trailing edge), merge with the next key's and never be drawn, which a
        // user sees as a key that did nothing (docs/performance.md). Background updates
        // are paced by the stores instead (one flush per ui.refreshFps frame for all of
        // them); a keypress is drawn as soon as React has rendered it.
        maxFps: UNTHROTTLED_FPS,
        onRender: tracing ? ({ renderTime }) => trace('render', { ms: Math.round(renderTime * 100) / 100 }) : undefined,
      },
    );
    await instance.waitUntilExit();
  } finally {
    manager.close();
    guard.restore();
    await audit.close();
  }
  return 0;
}
