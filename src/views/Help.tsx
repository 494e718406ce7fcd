import { useState } from 'react';
import { Box, Text } from 'ink';
import { truncate } from '../state/table.js';
import { useKeyTable } from './bindings.js';
import { helpSections, type Binding, type KeyContext, type Scope } from './keys.js';
import { useKeymap } from './hooks/useKeymap.js';
import { useTheme } from './theme.js';

export interface HelpProps {
  ctx: KeyContext;
  width: number;
  height: number;
  onClose(): void;
  /** the table to document; the console's own by default */
  table?: readonly Binding[];
  /** the current pane's scopes: listed first, the rest after */
  first?: readonly Scope[];
}

type Line = { kind: 'title'; text: string } | { kind: 'key'; keys: string; description: string };

const KEYS_WIDTH = 10;

/** `?`: generated from the binding table, so it lists exactly what the keys do. */
export function Help({ ctx, width, height, onClose, table, first = [] }: HelpProps) {
  const theme = useTheme();
  const own = useKeyTable();
  const [page, setPage] = useState(0);
  const rank = (scope: Scope) => (first.includes(scope) ? first.indexOf(scope) : first.length);
  const sections = helpSections(ctx, table ?? own.bindings).sort((a, b) => rank(a.scope) - rank(b.scope));
  const lines: Line[] = sections.flatMap((s) => [
    { kind: 'title' as const, text: own.titles[s.scope] ?? s.scope },
    ...s.bindings.map((b) => ({ kind: 'key' as const, keys: b.keys, description: b.description })),
  ]);
  // flow into as many columns as the width allows, then page if still too many
  const body = Math.max(1, height - 1);
  // a column narrower than ~60 cells cuts descriptions short; pages read better than riddles
  const columns = Math.max(1, Math.floor(width / 60));
  const columnWidth = Math.floor(width / columns);
  const perPage = body * columns;
  const pages = Math.max(1, Math.ceil(lines.length / perPage));
  const turn = (d: number) => setPage((p) => Math.max(0, Math.min(pages - 1, p + d)));
  useKeymap({
    scopes: ['global', 'list'],
    isActive: true,
    handlers: { back: onClose, help: onClose, down: () => turn(1), pageDown: () => turn(1), up: () => turn(-1), pageUp: () => turn(-1) },
  });
  const shown = lines.slice(page * perPage, (page + 1) * perPage);
  const cols = Array.from({ length: columns }, (_, c) => shown.slice(c * body, (c + 1) * body));
  return (
    <Box flexDirection="column" height={height} width={width} overflowY="hidden">
      <Text bold wrap="truncate-end">
        Keys <Text dimColor={theme.dim}>  esc or ? closes{pages > 1 ? `   page ${page + 1} of ${pages} (j/k)` : ''}</Text>
      </Text>
      <Box>
        {cols.map((col, c) => (
          <Box key={c} flexDirection="column" width={columnWidth}>
            {col.map((line, i) =>
              line.kind === 'title' ? (
                <Text key={i} bold color={theme.accent} wrap="truncate-end">
                  {line.text}
                </Text>
              ) : (
                <Text key={i} wrap="truncate-end">
                  {'  '}
                  <Text bold>{line.keys.padEnd(KEYS_WIDTH)}</Text>
                  {truncate(line.description, columnWidth - KEYS_WIDTH - 3)}
                </Text>
              ),
            )}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
