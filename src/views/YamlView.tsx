import { useEffect, useLayoutEffect, useMemo, useState, type ReactNode } from 'react';
import { Box, Text, useStdout } from 'ink';
import { stringify } from 'yaml';
import type { ConsoleApi, KubeObject } from '../k8s/types.js';
import { sanitize } from '../state/sanitize.js';
import { useKeymap } from './hooks/useKeymap.js';
import { useScroller } from './hooks/useScroller.js';
import { useUIActions } from './context.js';
import { useRouter } from './router/react.js';
import { textInputLayer } from './router/textInput.js';
import { TextLine } from './TextLine.js';
import { copyToClipboard } from '../terminal.js';

const SEARCH_LINE = 'line:yaml-search';
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
  const ui = useUIActions();
  // the terminal Ink draws on: OSC 52 goes to the user's terminal, between frames
  const stdout = useStdout().stdout as NodeJS.WriteStream;
  const [fetched, setFetched] = useState<Fetched>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    api.get(object, resource).then(
      (fresh) => current && setFetched({ state: 'loaded', lines: yamlLines(fresh) }),
      (err: unknown) => current && setFetched({ state: 'failed', message: String((err as Error)?.message ?? err) }),
    );
    return () => void (current = false);
  }, [api, object, resource]);

  const lines = useMemo(() => (fetched.state === 'loaded' ? fetched.lines : []), [fetched]);
  // the last line is the search line or where the match count stands
  const body = Math.max(1, height - 2);
  const { top, reveal, handlers: scroll } = useScroller(lines.length, body);
  const [query, setQuery] = useState('');
  const [searching, setSearching] = useState(false);
  const [at, setAt] = useState<number | undefined>(undefined);
  const matches = useMemo(() => matchingLines(lines, query), [lines, query]);
  const jump = (dir: 1 | -1, q = query) => {
    const found = matchingLines(lines, q);
    if (!found.length) return ui.setStatus(`no match for "${sanitize(q)}"`, 'warn');
    const from = at ?? (dir === 1 ? top - 1 : top + body);
    const next = dir === 1 ? (found.find((i) => i > from) ?? found[0]!) : (found.findLast((i) => i < from) ?? found[found.length - 1]!);
    setAt(next);
    reveal(next);
  };
  const router = useRouter();
  const openSearch = () => {
    const close = () => {
      router.close(SEARCH_LINE);
      setSearching(false);
    };
    router.open(
      SEARCH_LINE,
      textInputLayer({ initial: query, onChange: (q) => (setQuery(q), setAt(undefined)), onSubmit: (q) => q && jump(1, q), onCancel: () => setQuery('') }, close),
    );
    setSearching(true);
  };
  useLayoutEffect(() => () => router.close(SEARCH_LINE), [router]);
  const copy = () => {
    const r = copyToClipboard(lines.join('\n') + '\n', stdout);
    ui.setStatus(r.message, r.ok ? 'ok' : 'warn');
  };
  useKeymap({
    // the logs pane's / n N: the same keys search here
    scopes: ['global', 'list', 'logs'],
    isActive: true,
    handlers: {
      back: () => (query ? (setQuery(''), setAt(undefined)) : onClose()),
      ...scroll,
      search: openSearch,
      searchNext: () => query && jump(1),
      searchPrev: () => query && jump(-1),
      copy,
    },
  });
  const name = sanitize(object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name);
  const visible = lines.slice(top, top + body);
  const position = lines.length ? `lines ${top + 1}-${Math.min(lines.length, top + body)} of ${lines.length}` : '';
  return (
    <Box flexDirection="column" height={height} width={width} overflowY="hidden">
      <Text bold wrap="truncate-end">
        YAML {resource} {name} <Text dimColor={theme.dim}>  fetched fresh   {position}   j/k PgUp/PgDn scroll   / search   Y copy   esc back</Text>
      </Text>
      {fetched.state === 'loading' ? <Text dimColor={theme.dim}>loading…</Text> : null}
      {fetched.state === 'failed' ? <Text color={theme.error} wrap="truncate-end">could not fetch {name}: {sanitize(fetched.message)}</Text> : null}
      {visible.map((line, i) => (
        <Text key={top + i} wrap="truncate-end" bold={top + i === at}>
          {query ? highlighted(line, query, theme.inverse) : line || ' '}
        </Text>
      ))}
      {searching ? (
        <TextLine prefix="/" value={query} width={width} hint="   ⏎ find  esc clear  then n/N next/previous" />
      ) : query ? (
        <Text dimColor={theme.dim} wrap="truncate-end">
          {`/${sanitize(query)}: ${matches.length ? `${at === undefined ? '' : `match ${matches.indexOf(at) + 1} of `}${matches.length} line${matches.length === 1 ? '' : 's'}` : 'no match'}   n/N next/previous   esc clear`}
        </Text>
      ) : null}
    </Box>
  );
}

/** lines holding the query: lower case ignores case, as in the logs pane */
export function matchingLines(lines: readonly string[], query: string): number[] {
  if (!query) return [];
  const fold = query === query.toLowerCase();
  const out: number[] = [];
  lines.forEach((l, i) => (fold ? l.toLowerCase() : l).includes(query) && out.push(i));
  return out;
}

function highlighted(line: string, query: string, inverse: boolean) {
  const fold = query === query.toLowerCase();
  const hay = fold ? line.toLowerCase() : line;
  const parts: ReactNode[] = [];
  let from = 0;
  for (let i = hay.indexOf(query); i !== -1 && query; i = hay.indexOf(query, i + query.length)) {
    parts.push(line.slice(from, i), <Text key={i} inverse={inverse} underline={!inverse}>{line.slice(i, i + query.length)}</Text>);
    from = i + query.length;
  }
  parts.push(line.slice(from) || (parts.length ? '' : ' '));
  return parts;
}
