// What a pane is, for everything that lists panes: tabs, digits, `:` commands and
// their completion, `--pane`, `snapshot NAME`, help and the footer.
import type { ComponentType } from 'react';
import type { ConsoleApi, KubeObject, ReadableStore } from '../../k8s/types.js';
import type { PaneSnapshot, SnapshotFilters } from '../../panes.js';
import type { UIState } from '../context.js';
import type { Binding, Scope } from '../keys.js';

export interface PaneProps {
  api: ConsoleApi;
  width: number;
  /** lines available to the pane */
  height: number;
  /** shown and not under an overlay */
  active: boolean;
}

export interface PaneDef {
  /** also the pane's key scope and the name of its focus level (`pane:ID`) */
  id: string;
  title: string;
  /** the digit that shows it */
  digit: string;
  /** words for `:WORD`, `--pane WORD` and `snapshot WORD`, the first one shown (aliases.ts) */
  aliases: readonly string[];
  /** key scopes in view, most specific first: the footer's hints, and what `?` lists first */
  scopes: readonly Scope[];
  /** the scopes whose keys work now, when fewer than `scopes` (the resources pane before a resource is chosen) */
  scopesNow?(ui: Pick<UIState, 'resourceTarget'>): readonly Scope[];
  /** the pane's own keys (scope: its id) */
  bindings?: readonly Binding[];
  /** the tab line's health of the resource behind the pane (the resources pane: the one chosen) */
  badge?(api: ConsoleApi, ui: Pick<UIState, 'resourceTarget'>): { name: string; store: ReadableStore<KubeObject> } | undefined;
  component: ComponentType<PaneProps>;
  /** stays mounted while another pane is shown: filter, sort and marks survive, logs keep tailing */
  keepMounted?(ui: Pick<UIState, 'logTarget'>): boolean;
  /** `kubedeck snapshot WORD`: what to wait for and how to print it */
  snapshot?(api: ConsoleApi, filters: SnapshotFilters): PaneSnapshot;
}
