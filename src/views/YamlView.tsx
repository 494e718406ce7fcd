import { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { stringify } from 'yaml';
import type { ConsoleApi, KubeObject } from '../k8s/types.js';
import { sanitize } from '../state/sanitize.js';
import { useKeymap } from './hooks/useKeymap.js';
import { useScroller } from './hooks/useScroller.js';
import { useTheme } from './theme.js';

export interface YamlViewProps {
  api: ConsoleApi;
  object: KubeObject;
  resource: string;
  width: number;
  height: number;
  onClose(): void;
}

type Fetched = { state: 'loading' } | { state: 'loaded'; lines: string[] } | { state: 'failed'; message: string };

/** the object as the server sent it; every string sanitized, one display line per YAML line */
export function yamlLines(object: KubeObject): string[] {
  return sanitize(stringify(cleanStrings(object), { lineWidth: 0 }), { multiline: true }).replace(/\n$/, '').split('\n');
}

/** every string (keys too) sanitized before YAML sees it, so no escape survives as quoted text */
function cleanStrings(value: unknown): unknown {
  if (typeof value === 'string') return sanitize(value, { multiline: true });
  if (Array.isArray(value)) return value.map(cleanStrings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [sanitize(k), cleanStrings(v)]));
  }
  return value;
}

/** y: a fresh GET rendered as YAML, scrollable. */
export function YamlView({ api, object, resource, width, height, onClose }: YamlViewProps) {
  const theme = useTheme();
  const [fetched, setFetched] = useState<Fetched>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    api.get(object, resource).then(
      (fresh) => current && setFetched({ state: 'loaded', lines: yamlLines(fresh) }),
      (err: unknown) => current && setFetched({ state: 'failed', message: String((err as Error)?.message ?? err) }),
    );
    return () => void (current = false);
  }, [api, object, resource]);

  const lines = fetched.state === 'loaded' ? fetched.lines : [];
  const body = Math.max(1, height - 1);
  const { top, handlers: scroll } = useScroller(lines.length, body);
  useKeymap({ scopes: ['global', 'list'], isActive: true, handlers: { back: onClose, ...scroll } });
  const name = sanitize(object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name);
  const visible = useMemo(() => lines.slice(top, top + body), [lines, top, body]);
  const position = lines.length ? `lines ${top + 1}-${Math.min(lines.length, top + body)} of ${lines.length}` : '';
  return (
    <Box flexDirection="column" height={height} width={width} overflowY="hidden">
      <Text bold wrap="truncate-end">
        YAML {resource} {name} <Text dimColor={theme.dim}>  fetched fresh   {position}   j/k PgUp/PgDn scroll   esc back</Text>
      </Text>
      {fetched.state === 'loading' ? <Text dimColor={theme.dim}>loading…</Text> : null}
      {fetched.state === 'failed' ? <Text color={theme.error} wrap="truncate-end">could not fetch {name}: {sanitize(fetched.message)}</Text> : null}
      {visible.map((line, i) => (
        <Text key={top + i} wrap="truncate-end">
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
