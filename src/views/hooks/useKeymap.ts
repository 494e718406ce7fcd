import { useCallback, useRef } from 'react';
import { useInput, type Key } from 'ink';
import { bindings, type Command, type KeyContext, type Scope } from '../keys.js';

/** text: for bindings that open a text line, what was typed after the key in the same read */
export type Handlers = Partial<Record<Command, (text?: string) => void>>;

// Keys that may run several times from one read ("jjj"): they only move or mark.
const REPEATABLE = new Set<Command>(['down', 'up', 'pageDown', 'pageUp', 'top', 'bottom', 'mark']);
// Keys that open a text line: the rest of the read is what the user typed into it.
const TAKES_TEXT = new Set<Command>(['filter', 'commandLine', 'search']);

export interface KeymapOptions {
  scopes: readonly Scope[];
  handlers: Handlers;
  isActive: boolean;
  ctx?: KeyContext;
  /** told why a matched binding is not offered (readonly, access denied) */
  onUnavailable?(reason: string): void;
}

/**
 * Dispatches keypresses through the binding table to handlers by command name.
 * Options are read at keypress time from the last render: useInput re-subscribes in
 * an effect, which can run after the next key has already arrived.
 */
export function useKeymap(options: KeymapOptions): void {
  const latest = useRef(options);
  latest.current = options;
  const onKey = useCallback((input: string, key: Key) => {
    const { scopes, handlers, isActive, ctx, onUnavailable } = latest.current;
    if (!isActive) return;
    // the first binding in table order that this component handles
    const find = (i: string, k: Key) => bindings.find((b) => scopes.includes(b.scope) && handlers[b.command] && b.match(i, k));
    const run = (binding: NonNullable<ReturnType<typeof find>>, text?: string) => {
      const reason = ctx && binding.unavailable?.(ctx);
      if (reason) return onUnavailable?.(reason);
      handlers[binding.command]!(text);
    };
    const whole = find(input, key);
    if (whole) return run(whole);
    // Ink hands a run of plain text that arrived in one read (fast typing over SSH, a
    // paste) to handlers as one string: "/nginx", ":q⏎", "jjj". Read it key by key.
    if (input.length < 2 || key.ctrl || key.meta || input.includes('\u001B')) return;
    const chars = [...input];
    for (const [i, ch] of chars.entries()) {
      const b = find(ch, { ...key, return: ch === '\r', tab: ch === '\t', shift: /[A-Z]/.test(ch) });
      if (!b) continue;
      if (TAKES_TEXT.has(b.command)) return run(b, chars.slice(i + 1).join(''));
      run(b);
      // after anything but a move, where the rest belongs depends on a render not yet done
      if (!REPEATABLE.has(b.command)) return;
    }
  }, []);
  useInput(onKey);
}
