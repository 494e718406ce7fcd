import { createContext, useContext } from 'react';
import type { KubeObject, SessionInfo } from '../k8s/types.js';
import type { KeyContext } from './keys.js';
import type { NamedResource } from '../state/resolve.js';

export type StatusTone = 'ok' | 'warn' | 'error' | 'normal';

export interface Status {
  text: string;
  tone: StatusTone;
}

/** What panes read: the session as last reported and what the key table needs. */
export interface UIState {
  info: SessionInfo;
  keyCtx: KeyContext;
  /** the pod the logs pane tails (l on a pod, :logs) */
  logTarget: LogsTarget | null;
  /** the resource the resources pane lists (:deploy, :nodes, :res GROUP/RESOURCE) */
  resourceTarget: NamedResource | null;
}

export interface LogsTarget {
  namespace: string;
  pod: string;
  /** start with this container instead of all of them */
  container?: string;
}

/** What panes may ask of the screen around them. */
export interface UIActions {
  /** the footer's last result or error */
  setStatus(text: string, tone?: StatusTone): void;
  /** resource: the object's plural (e.g. "persistentvolumes"); pods when left out */
  openDetail(object: KubeObject, resource?: string): void;
  openYaml(object: KubeObject, resource?: string): void;
  /** w: why a pod or a claim waits */
  openWhy?(object: KubeObject, what: 'pod' | 'claim'): void;
  /** back to the pane shown before this one (esc in the logs pane) */
  back?(): void;
  /** show the logs pane tailing this pod (optionally one container) */
  openLogs?(target: LogsTarget): void;
  /** show the resources pane listing this resource */
  openResource?(target: NamedResource): void;
}

export const UIStateContext = createContext<UIState | null>(null);
export const UIActionsContext = createContext<UIActions | null>(null);

export function useUIState(): UIState {
  const state = useContext(UIStateContext);
  if (!state) throw new Error('useUIState outside <App>');
  return state;
}

export function useUIActions(): UIActions {
  const actions = useContext(UIActionsContext);
  if (!actions) throw new Error('useUIActions outside <App>');
  return actions;
}

/** what outlives one session's console: list filters by list, kept across :ns and :ctx */
export const FilterMemoryContext = createContext<Record<string, string> | null>(null);

export function useFilterMemory(): Record<string, string> | null {
  return useContext(FilterMemoryContext);
}
