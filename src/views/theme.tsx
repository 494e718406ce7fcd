import { createContext, useContext } from 'react';
import type { RowTone } from '../k8s/types.js';

/** Named colors of the console; every one is undefined when colors are off (NO_COLOR). */
export interface Theme {
  colors: boolean;
  ok?: string;
  warn?: string;
  error?: string;
  dim?: boolean;
  accent?: string;
  /** the selected row is drawn inverse when colors are on; '>' marks it either way */
  inverse: boolean;
}

export function makeTheme(colors: boolean): Theme {
  if (!colors) return { colors: false, inverse: false };
  return { colors: true, ok: 'green', warn: 'yellow', error: 'red', dim: true, accent: 'cyan', inverse: true };
}

/** NO_COLOR (https://no-color.org): any non-empty value turns colors off. */
export function colorsFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR;
}

export const ThemeContext = createContext<Theme>(makeTheme(false));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

export interface ToneStyle {
  color?: string;
  dimColor?: boolean;
}

export function toneStyle(theme: Theme, tone: RowTone | undefined): ToneStyle {
  switch (tone) {
    case 'ok':
      return { color: theme.ok };
    case 'warn':
      return { color: theme.warn };
    case 'error':
      return { color: theme.error };
    case 'dim':
      return { dimColor: theme.dim };
    default:
      return {};
  }
}
