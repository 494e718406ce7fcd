import { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import type { ConsoleApi } from '../../../k8s/types.js';
import { identityLines } from '../../../state/identity.js';
import { humanDuration } from '../../../state/format.js';
import { sanitize } from '../../../state/sanitize.js';
import { useUIActions } from '../../context.js';
import { useClock } from '../../hooks/useClock.js';
import { useIdentity } from '../../hooks/useIdentity.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { useStore } from '../../hooks/useStore.js';
import { toneStyle, useTheme } from '../../theme.js';

export interface IdentityPaneProps {
  api: ConsoleApi;
  width: number;
  height: number;
  active: boolean;
}

/** Pane 5: who the server says you are, what the token claims, what you may do here. */
export function IdentityPane({ api, width, height, active }: IdentityPaneProps) {
  const theme = useTheme();
  const { setStatus } = useUIActions();
  const state = useIdentity(api.identity);
  useStore(api.pods);
  const now = useClock(1000); // the token's countdown
  const [offset, setOffset] = useState(0);

  useEffect(() => {
    // first visit in this session: ask; later visits keep the last answers (R asks again)
    if (api.identity.state().rules.at === undefined) void api.identity.refresh();
  }, [api]);

  const health = api.pods.health;
  const watchUnauthorized = health.state === 'unauthorized' ? health.message : undefined;
  const lines = useMemo(
    () => identityLines({ state, watchUnauthorized, now, width: width - 1 }),
    [state, watchUnauthorized, now, width],
  );

  // title line, then the body; one line is kept for "more" when the body overflows
  const room = Math.max(1, height - 1);
  const overflow = lines.length > room;
  const bodyRows = overflow ? Math.max(1, room - 1) : room;
  const maxOffset = Math.max(0, lines.length - bodyRows);
  const top = Math.min(offset, maxOffset);
  const scroll = (to: number) => setOffset(Math.max(0, Math.min(maxOffset, to)));

  useKeymap({
    scopes: ['list', 'identity'],
    isActive: active,
    handlers: {
      down: () => scroll(top + 1),
      up: () => scroll(top - 1),
      pageDown: () => scroll(top + bodyRows),
      pageUp: () => scroll(top - bodyRows),
      top: () => scroll(0),
      bottom: () => scroll(maxOffset),
      refreshIdentity: () => {
        setStatus('asking the API server who you are…');
        void api.identity.refresh().then(() => setStatus('identity refreshed', 'ok'));
      },
    },
  });

  const loading = state.review.loading || state.rules.loading;
  const asked = state.rules.at ?? state.review.at;
  const when = loading ? 'asking…' : asked !== undefined ? `answered ${humanDuration(now - asked)} ago` : '';
  const info = api.info();
  const below = lines.length - top - bodyRows;
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate-end">
        <Text bold color={theme.accent}>
          Identity
        </Text>
        {sanitize(`  ctx ${info.context}  rules for ns ${state.rulesNamespace}  ${when}  (R refresh)`)}
      </Text>
      {lines.slice(top, top + bodyRows).map((line, i) => (
        <Text key={top + i} wrap="truncate-end" bold={line.bold} {...toneStyle(theme, line.tone)}>
          {line.text || ' '}
        </Text>
      ))}
      {overflow ? (
        <Text dimColor={theme.dim} wrap="truncate-end">
          {`  ${top > 0 ? `↑ ${top} above  ` : ''}${below > 0 ? `↓ ${below} more` : 'end'}  (j/k, PgDn/PgUp, g/G)`}
        </Text>
      ) : null}
    </Box>
  );
}
