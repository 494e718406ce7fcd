import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { Box, Text } from 'ink';
import type { Health, KubeObject, ReadableStore, SessionInfo } from '../k8s/types.js';
import { humanDuration } from '../state/format.js';
import { sanitize } from '../state/sanitize.js';
import type { PaneId } from './CommandLine.js';
import type { Status } from './context.js';
import { useClock } from './hooks/useClock.js';
import { displayWidth, truncate, wrapText } from '../state/width.js';
import { useTheme } from './theme.js';

/** what the tab line needs of a pane (PaneDef) */
export interface Tab {
  id: PaneId;
  digit: string;
  title: string;
}

/** One line of who and where: context, server, scope, identity, version, readonly, TLS. */
export function Header({ info, readonly, problem }: { info: SessionInfo; readonly: boolean; /** e.g. "401 Unauthorized: token expired 3m ago" */ problem?: string }) {
  const theme = useTheme();
  const where = [`ctx ${info.context}`, info.namespace === null ? 'ns all' : `ns ${info.namespace}`];
  const who = [info.user ?? '', info.server, info.serverVersion ?? ''].filter(Boolean);
  // warnings come before the long fields: a narrow terminal cuts from the right
  return (
    <Text wrap="truncate-end">
      <Text bold color={theme.accent}>
        kubedeck
      </Text>
      {'  '}
      {sanitize(where.join('  '))}
      {readonly ? <Text color={theme.warn} bold>{'  [READONLY]'}</Text> : null}
      {info.tlsWarnings.map((w, i) => (
        <Text key={i} color={theme.error} bold>
          {`  ⚠ ${sanitize(w)}`}
        </Text>
      ))}
      {problem ? <Text color={theme.error} bold>{`  ✗ ${sanitize(problem)}`}</Text> : null}
      {info.scopeNote ? <Text color={theme.warn}>{`  ⚠ ${sanitize(info.scopeNote)}`}</Text> : null}
      {'  '}
      {sanitize(who.join('  '))}
    </Text>
  );
}

/** ● synced, ◌ syncing or reconnecting (with how long and why), ✗ refused; compact: symbol and count only. */
export function healthText(name: string, health: Health, now: number, compact = false): string {
  const n = (count: number) => count.toLocaleString('en-US');
  if (compact) {
    if (health.state === 'synced' || health.state === 'syncing') return `${name} ${health.state === 'synced' ? '●' : '◌'} ${n(health.count)}`;
    if (health.state === 'reconnecting') return `${name} ◌ ${humanDuration(now - health.since)}`;
    return `${name} ✗`;
  }
  switch (health.state) {
    case 'synced':
      return `${name} ● ${n(health.count)}`;
    case 'syncing':
      return `${name} ◌ ${n(health.count)} syncing`;
    case 'reconnecting':
      return `${name} ◌ ${n(health.count)} reconnecting ${humanDuration(now - health.since)}: ${sanitize(health.lastError)}`;
    default:
      return `${name} ✗ ${health.state}: ${sanitize(health.message)}`;
  }
}

function healthColor(theme: ReturnType<typeof useTheme>, health: Health): string | undefined {
  return health.state === 'synced' ? theme.ok : health.state === 'syncing' || health.state === 'reconnecting' ? theme.warn : theme.error;
}

export interface Badge {
  name: string;
  store: ReadableStore<KubeObject>;
  /** the pane this resource belongs to: there the badge also says why it is unhealthy */
  pane: PaneId;
}

/**
 * Re-renders when the health of any of the stores changes — its state, count or reason —
 * not on every flush: under churn the stores flush many times a second with the same
 * health, and a re-render is a whole frame.
 */
function useHealths(stores: readonly ReadableStore<KubeObject>[]): void {
  const subscribe = useCallback(
    (listener: () => void) => {
      const offs = stores.map((s) => s.subscribe(listener));
      return () => offs.forEach((off) => off());
    },
    [stores],
  );
  useSyncExternalStore(subscribe, () => stores.map((s) => JSON.stringify(s.health)).join('\n'));
}

/** Pane tabs, then the health of each watched resource: "pods ● 12,403  claims ● 120  pvs ◌ 5s". */
export function TabsLine({ panes, active, badges, width }: { panes: readonly Tab[]; active: PaneId; badges: readonly Badge[]; width: number }) {
  const theme = useTheme();
  useHealths(useMemo(() => badges.map((b) => b.store), [badges]));
  // only "reconnecting 12s" counts: synced and syncing badges do not depend on the time
  const now = useClock(1000, badges.some((b) => b.store.health.state === 'reconnecting'));
  // On a narrow terminal the inactive tabs shorten to three letters, so the health
  // badges keep room: " 2 Cla  3 Vol ".
  const label = (p: Tab, short: boolean) => (p.id === active ? `[${p.digit} ${p.title}]` : ` ${p.digit} ${short ? p.title.slice(0, 3) : p.title} `);
  const full = panes.map((p) => label(p, false)).join('') + '   ';
  const short = width - full.length < 40;
  const tabs = short ? panes.map((p) => label(p, true)).join('') + '   ' : full;
  // The active pane's resource first, with its reason when unhealthy; the others,
  // short, as long as they fit. Shown in their usual order.
  let room = width - tabs.length;
  const own = badges.find((b) => b.pane === active);
  const shown = new Map<Badge, string>();
  if (own) {
    const text = healthText(own.name, own.store.health, now);
    shown.set(own, text);
    room -= Math.min(room, text.length);
  }
  for (const b of badges) {
    if (b === own) continue;
    const text = healthText(b.name, b.store.health, now, true);
    if (text.length + 2 > room) continue;
    shown.set(b, text);
    room -= text.length + 2;
  }
  const visible = badges.filter((b) => shown.has(b));
  return (
    <Box width={width}>
      <Box flexShrink={0}>
        {panes.map((p) => {
          const on = p.id === active;
          return (
            <Text key={p.id} bold={on} inverse={on && theme.inverse}>
              {label(p, short)}
            </Text>
          );
        })}
        <Text>{'   '}</Text>
      </Box>
      {visible.map((b, i) => (
        <Box key={b.name} flexShrink={b === own ? 1 : 0} marginLeft={i > 0 ? 2 : 0}>
          <Text color={healthColor(theme, b.store.health)} wrap="truncate-end">
            {shown.get(b)}
          </Text>
        </Box>
      ))}
    </Box>
  );
}

/** Key hints on the left; the last result or error takes the room it needs. */
const MAX_STATUS_LINES = 3;

/** the status on its own lines when it does not fit beside the first hint: never cut (up to 3 lines) */
function statusLines(hints: string, status: Status | null, width: number): string[] | null {
  if (!status) return null;
  const first = ` ${hints.split('  ')[0]}`;
  if (displayWidth(first) + 1 + displayWidth(status.text) <= width) return null;
  const lines = wrapText(status.text, width - 1, 2);
  return lines.length <= MAX_STATUS_LINES ? lines : [...lines.slice(0, MAX_STATUS_LINES - 1), truncate(lines.slice(MAX_STATUS_LINES - 1).join(' '), width - 1)];
}

/** lines the footer takes: 1, or more while a long status is shown */
export function footerRows(hints: string, status: Status | null, width: number): number {
  return 1 + (statusLines(hints, status, width)?.length ?? 0);
}

export function Footer({ hints, status, width }: { hints: string; status: Status | null; width: number }) {
  const theme = useTheme();
  const color = status?.tone === 'ok' ? theme.ok : status?.tone === 'error' ? theme.error : status?.tone === 'warn' ? theme.warn : undefined;
  const long = statusLines(hints, status, width);
  if (long) {
    return (
      <Box flexDirection="column" width={width}>
        {long.map((l, i) => (
          <Text key={i} color={color}>
            {` ${l}`}
          </Text>
        ))}
        <Text dimColor={theme.dim} wrap="truncate-end">
          {' '}
          {hints}
        </Text>
      </Box>
    );
  }
  return (
    <Box width={width}>
      <Box flexShrink={status ? 1 : 0} flexGrow={1} minWidth={status ? 7 : undefined}>
        <Text dimColor={theme.dim} wrap="truncate-end">
          {' '}
          {status ? hints.split('  ')[0] : hints}
        </Text>
      </Box>
      {status ? (
        <Box flexShrink={1}>
          <Text color={color} wrap="truncate-end">
            {status.text}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
