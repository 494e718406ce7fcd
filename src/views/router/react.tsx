// React's side of the key router: the one input subscription, focus levels tied to
// the components that draw them, and key handlers attached to their level.
import { createContext, useContext, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useInput, usePaste } from 'ink';
import { KeyRouter, LEVEL, type KeyHandler, type Level } from './router.js';

export const RouterContext = createContext<KeyRouter | null>(null);
/** the focus level the components inside belong to */
const LayerContext = createContext<string>('global');

export function useRouter(): KeyRouter {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter outside <App>');
  return router;
}

/** The only input subscription of the console: Ink's useInput and usePaste, at the root. */
export function useRootInput(router: KeyRouter): void {
  useInput((input, key) => router.input(input, key));
  usePaste((text) => router.paste(text));
}

/** A key router of its own around components drawn without <App> (tests, previews). */
export function KeyRoot({ children }: { children: ReactNode }) {
  const [router] = useState(() => {
    const r = new KeyRouter({ defer: (fn) => setImmediate(fn) });
    r.mount('global', { level: LEVEL.global });
    return r;
  });
  useRootInput(router);
  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

export interface FocusLayerProps {
  id: string;
  level: Level;
  modal?: boolean;
  /** false: drawn but not focused (a pane kept mounted under another) */
  active?: boolean;
  children: ReactNode;
}

/**
 * A focus level for as long as it is mounted (and active). An opener may already have
 * pushed it with `router.open` so that keys typed meanwhile wait for it.
 */
export function FocusLayer({ id, level, modal = false, active = true, children }: FocusLayerProps) {
  const router = useRouter();
  useLayoutEffect(() => {
    if (!active) return;
    router.mount(id, { level, modal });
    return () => router.close(id);
  }, [router, id, level, modal, active]);
  return <LayerContext.Provider value={id}>{children}</LayerContext.Provider>;
}

/** the focus level this component is inside */
export function useLayerId(): string {
  return useContext(LayerContext);
}

/**
 * Attaches a key handler to this component's focus level (or to `layer`). The latest
 * render's handler answers: the router waits for a render between the keys of a burst.
 */
export function useKeys(handler: KeyHandler, layer?: string): void {
  const router = useRouter();
  const inherited = useLayerId();
  const id = layer ?? inherited;
  const ref = useRef<KeyHandler>(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  useLayoutEffect(() => router.attach(id, ref), [router, id]);
}

export { LEVEL };
