import type { Key } from 'ink';
import { useKeyTable } from '../bindings.js';
import { matches, type Binding, type Command, type KeyContext, type Scope } from '../keys.js';
import { useKeys } from '../router/react.js';

export type Handlers = Partial<Record<Command, () => void>>;

export interface KeymapOptions {
  scopes: readonly Scope[];
  handlers: Handlers;
  /** false: this component leaves the keys of its focus level to the others in it */
  isActive?: boolean;
  ctx?: KeyContext;
  /** told why a matched binding is not offered (readonly, access denied) */
  onUnavailable?(reason: string): void;
  /** the focus level to attach to; the enclosing <FocusLayer> by default */
  layer?: string;
}

/** the first binding in table order, in these scopes, that has a handler and matches */
export function matchBinding(table: readonly Binding[], input: string, key: Key, scopes: readonly Scope[], handlers: Handlers) {
  return table.find((b) => scopes.includes(b.scope) && handlers[b.command] && matches(b, input, key));
}

/**
 * Dispatches the keys of this component's focus level through the binding table to
 * handlers by command name. A key is taken when a binding matches, offered or not.
 */
export function useKeymap(options: KeymapOptions): void {
  const { bindings } = useKeyTable();
  useKeys(({ input, key }) => {
    const { scopes, handlers, isActive = true, ctx, onUnavailable } = options;
    if (!isActive) return false;
    const binding = matchBinding(bindings, input, key, scopes, handlers);
    if (!binding) return false;
    const reason = ctx && binding.unavailable?.(ctx);
    if (reason) onUnavailable?.(reason);
    else handlers[binding.command]!();
    return true;
  }, options.layer);
}
