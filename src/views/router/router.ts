// The one key router: every key of every input event goes through here, one at a
// time, to the top of the focus stack. The stack lives outside React state, so a
// handler that opens a text line or a dialog pushes it synchronously and the next key
// of the same event already goes there. Nothing else subscribes to input.
import type { Key } from 'ink';

export interface KeyPress {
  /** one grapheme, or '' for a named key (arrows, esc, ⏎ …) as Ink reports it */
  input: string;
  key: Key;
}

/** true: the key was taken */
export type KeyHandler = (press: KeyPress) => boolean;

/** Focus levels, bottom to top; a layer's place in the stack is its level, then when it was opened. */
export const LEVEL = { global: 0, pane: 1, overlay: 2, line: 3, dialog: 4 } as const;
export type Level = (typeof LEVEL)[keyof typeof LEVEL];

export interface LayerOptions {
  level: Level;
  /** a modal layer (text line, dialog) takes every key; others pass what they leave to the global layer */
  modal?: boolean;
  /** a layer with its own handler (a text line) is ready at once; others wait for their component */
  onKey?: KeyHandler;
  /** pasted text; a layer without it ignores pastes */
  onPaste?(text: string): void;
}

interface Layer extends LayerOptions {
  id: string;
  seq: number;
  /** keys wait while the layer's component is not mounted yet */
  ready: boolean;
  since: number;
}

/** who took a key: a layer's own handler (no render needed) or a component's */
type Taken = 'own' | 'component' | false;

type Item = { kind: 'key'; press: KeyPress } | { kind: 'paste'; text: string };

export interface RouterOptions {
  /** a paste arrived with no text line focused */
  onIgnoredPaste?(text: string): void;
  /** runs fn after React has rendered what the last key changed (setImmediate) */
  defer?(fn: () => void): void;
  /** a layer whose component never mounted is dropped after this long (ms); a safety net */
  pendingLimitMs?: number;
  now?(): number;
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

export function plainKey(overrides: Partial<Key> = {}): Key {
  return { ...NO_KEY, ...overrides };
}

function hasNamedKey(key: Key): boolean {
  return key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageDown || key.pageUp || key.home || key.end || key.return || key.tab || key.backspace || key.delete;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * One input event from Ink as single keys. Ink's parser already separates escape
 * sequences; a run of plain text that arrived in one read (fast typing over SSH, a
 * paste without bracketed paste mode) is split into graphemes, with ⏎, tab,
 * backspace and esc inside it named as Ink names them.
 */
export function splitKeys(input: string, key: Key): KeyPress[] {
  // ESC read together with what follows is Alt+key to Ink; kubedeck binds no Alt key,
  // and over SSH "esc esc" or "esc 1" typed fast arrive in one read: keep them apart
  if (key.meta && !key.ctrl) {
    const esc = { input: '', key: plainKey({ escape: true }) };
    if (key.escape) return [esc, esc];
    if (input && !hasNamedKey(key)) return [esc, ...splitKeys(input, { ...key, meta: false })];
  }
  if ([...input].length < 2 || key.ctrl || key.meta) return [{ input, key }];
  const out: KeyPress[] = [];
  for (const { segment } of graphemes.segment(input)) {
    if (segment === '\r' || segment === '\n' || segment === '\r\n') out.push({ input: '\r', key: plainKey({ return: true }) });
    else if (segment === '\t') out.push({ input: '', key: plainKey({ tab: true }) });
    else if (segment === '\u007F' || segment === '\b') out.push({ input: '', key: plainKey({ backspace: true }) });
    else if (segment === '\u001B') out.push({ input: '', key: plainKey({ escape: true }) });
    else if (segment.length === 1 && segment < ' ') out.push({ input: String.fromCharCode(segment.charCodeAt(0) + 96), key: plainKey({ ctrl: true }) });
    else out.push({ input: segment, key: plainKey({ shift: /^[A-Z]$/.test(segment) }) });
  }
  return out;
}

export class KeyRouter {
  private layers: Layer[] = [];
  private readonly handlers = new Map<string, Set<{ current: KeyHandler }>>();
  private queue: Item[] = [];
  private seq = 0;
  private waiting = false;
  private draining = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly opts: RouterOptions = {}) {}

  /** who tells the user that a paste was ignored (the footer) */
  onIgnoredPaste(note: (text: string) => void): void {
    this.opts.onIgnoredPaste = note;
  }

  /** ids bottom to top, e.g. ['global', 'pane:pods', 'line'] */
  stack(): string[] {
    return this.layers.map((l) => l.id);
  }

  top(): string | undefined {
    return this.layers.at(-1)?.id;
  }

  has(id: string): boolean {
    return this.layers.some((l) => l.id === id);
  }

  /** told when the stack changes */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Opens a focus level. Without onKey it waits for its component (`mount`); keys
   * that arrive meanwhile wait with it. Opening an open id changes nothing.
   */
  open(id: string, options: LayerOptions): void {
    if (this.has(id)) return;
    const now = this.opts.now?.() ?? Date.now();
    this.layers.push({ ...options, id, seq: this.seq++, ready: options.onKey !== undefined, since: now });
    this.layers.sort((a, b) => a.level - b.level || a.seq - b.seq);
    this.changed();
  }

  /** the layer's component is mounted: its keys may flow */
  mount(id: string, options: LayerOptions): void {
    this.open(id, options);
    const layer = this.layers.find((l) => l.id === id)!;
    if (!layer.ready) {
      layer.ready = true;
      this.drain();
    }
  }

  /** closes one level (and only that one) */
  close(id: string): void {
    const before = this.layers.length;
    this.layers = this.layers.filter((l) => l.id !== id);
    if (this.layers.length !== before) {
      this.changed();
      this.drain();
    }
  }

  private readonly before = new Map<Level, string>();

  /** the one layer of a level: opens id and closes the level's others (switching panes) */
  replace(id: string, options: LayerOptions): void {
    for (const l of this.layers.filter((x) => x.level === options.level && x.id !== id)) {
      this.before.set(options.level, l.id);
      this.close(l.id);
    }
    this.open(id, options);
  }

  /** the layer a `replace` of this level closed last: where "back" goes */
  previous(level: Level): string | undefined {
    return this.before.get(level);
  }

  /** the open layer of a level, e.g. the pane shown */
  current(level: Level): string | undefined {
    return this.layers.find((l) => l.level === level)?.id;
  }

  /** a component's handler for the layer id; returns the detach */
  attach(id: string, handler: { current: KeyHandler }): () => void {
    let set = this.handlers.get(id);
    if (!set) this.handlers.set(id, (set = new Set()));
    set.add(handler);
    return () => void set.delete(handler);
  }

  /** one input event as Ink delivers it */
  input(input: string, key: Key): void {
    for (const press of splitKeys(input, key)) this.queue.push({ kind: 'key', press });
    this.drain();
  }

  /** a bracketed paste: text for the focused line, never keys */
  paste(text: string): void {
    this.queue.push({ kind: 'paste', text });
    this.drain();
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  private drain(): void {
    if (this.draining || this.waiting) return;
    this.draining = true;
    try {
      while (this.queue.length) {
        const top = this.layers.at(-1);
        if (top && !top.ready) {
          const now = this.opts.now?.() ?? Date.now();
          if (now - top.since < (this.opts.pendingLimitMs ?? 2000)) return; // resumes on mount
          this.layers.pop(); // its component never came: do not hold the keyboard hostage
          continue;
        }
        const item = this.queue.shift()!;
        const took = item.kind === 'key' ? this.dispatch(item.press) : this.dispatchPaste(item.text);
        // a component's handler took it: the next key must see what it changed, so wait
        // for React to render it (a text line's own handler needs no render). Also when
        // the next key comes in a later read of the same turn: it waits here, not merged
        // into the same render, so every key gets its own frame and sees the last one's.
        if (took === 'component' && this.opts.defer) {
          this.waiting = true;
          this.opts.defer(() => {
            this.waiting = false;
            this.drain();
          });
          return;
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private runLayer(layer: Layer, press: KeyPress): Taken {
    if (layer.onKey?.(press)) return 'own';
    for (const h of this.handlers.get(layer.id) ?? []) if (h.current(press)) return 'component';
    return false;
  }

  private dispatch(press: KeyPress): Taken {
    const top = this.layers.at(-1);
    if (!top) return false;
    const took = this.runLayer(top, press);
    if (took) return took;
    if (top.modal) return 'own'; // a text line or dialog swallows what it does not use
    // what the focused level leaves goes to the global keys
    const global = this.layers[0];
    return global !== undefined && global !== top && global.level === LEVEL.global ? this.runLayer(global, press) : false;
  }

  private dispatchPaste(text: string): Taken {
    const top = this.layers.at(-1);
    if (top?.onPaste) {
      top.onPaste(text);
      return 'own';
    }
    this.opts.onIgnoredPaste?.(text);
    return 'component';
  }
}
