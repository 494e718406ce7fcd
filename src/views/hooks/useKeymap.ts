import { useCallback, useRef } from 'react';
import { useInput, type Key } from 'ink';
import { bindings, type Command, type KeyContext, type Scope } from '../keys.js';

export type Handlers = Partial<Record<Command, () => void>>;

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
    const binding = bindings.find((b) => scopes.includes(b.scope) && handlers[b.command] && b.match(input, key));
    const handler = binding && handlers[binding.command];
    if (!binding || !handler) return;
    const reason = ctx && binding.unavailable?.(ctx);
    if (reason) {
      onUnavailable?.(reason);
      return;
    }
    handler();
  }, []);
  useInput(onKey);
}
