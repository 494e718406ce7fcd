import { useLayoutEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import type { LogEntry } from '../../../state/loglines.js';
import { prefixText, prefixWidth, searchMatches, timestampText, visualRows, windowEndingAt } from '../../../state/loglines.js';
import { errorMessage } from '../../../k8s/transport.js';
import { sanitize } from '../../../state/sanitize.js';
import { useUIActions, useUIState } from '../../context.js';
import { useKeymap } from '../../hooks/useKeymap.js';
import { useLogTail } from './useLogTail.js';
import { LogLines } from './LogLines.js';
import { LogsHeader, streamProblems } from './LogsHeader.js';
import { LogSearchLine } from './LogSearchLine.js';
import { useRouter } from '../../router/react.js';
import { textInputLayer } from '../../router/textInput.js';
import { useTheme } from '../../theme.js';
import type { PaneProps } from '../types.js';

export type { LogsTarget } from '../../context.js';

export const SINCE: { label: string; seconds?: number }[] = [{ label: 'all' }, { label: '1m', seconds: 60 }, { label: '5m', seconds: 300 }, { label: '15m', seconds: 900 }, { label: '1h', seconds: 3600 }];
export const TAIL: { label: string; lines?: number }[] = [{ label: '500', lines: 500 }, { label: '100', lines: 100 }, { label: '1000', lines: 1000 }, { label: '5000', lines: 5000 }, { label: 'all' }];

const SEARCH_LINE = 'line:log-search';

const n = (x: number) => x.toLocaleString('en-US');

/** Pane 4: one container or all of them merged, followed, paused, searched, saved. */
export function LogsPane({ api, width, height, active }: PaneProps) {
  const theme = useTheme();
  const { keyCtx, logTarget: target } = useUIState();
  const ui = useUIActions();
  const [container, setContainer] = useState<string | null>(target?.container ?? null);
  const [follow, setFollow] = useState(true);
  const [previous, setPrevious] = useState(false);
  const [since, setSince] = useState(0);
  const [tailIdx, setTailIdx] = useState(0);
  const [timestamps, setTimestamps] = useState(false);
  const [wrap, setWrap] = useState(false);
  const [paused, setPaused] = useState<{ entries: readonly LogEntry[]; received: number; end: number } | null>(null);
  const [query, setQuery] = useState('');
  const [searching, setSearching] = useState(false);
  const [current, setCurrent] = useState<number | undefined>(undefined);

  // a new target starts over with its own container choice
  const targetKey = target ? `${target.namespace}/${target.pod}/${target.container ?? ''}` : '';
  const [seen, setSeen] = useState(targetKey);
  if (seen !== targetKey) {
    setSeen(targetKey);
    setContainer(target?.container ?? null);
    setPaused(null);
    setCurrent(undefined);
  }

  const options = useMemo(
    () => ({ container, follow, previous, sinceSeconds: SINCE[since]!.seconds, tailLines: TAIL[tailIdx]!.lines }),
    [container, follow, previous, since, tailIdx],
  );
  const { tail, snap } = useLogTail(api.logs, target ? { namespace: target.namespace, pod: target.pod } : null, options);

  const entries = paused?.entries ?? snap.entries;
  const end = paused ? Math.min(paused.end, entries.length - 1) : entries.length - 1;
  const body = Math.max(1, height - 3);
  const prefix = snap.tailed.length > 1 ? prefixWidth(snap.tailed) : 0;
  const rowsOf = (i: number) => {
    if (!wrap) return 1;
    const e = entries[i]!;
    return visualRows(` ${prefix ? prefixText(e.container, prefix) : ''}${timestamps ? timestampText(e) : ''}${e.text}`, width);
  };
  const win = windowEndingAt(entries.length, end, body, rowsOf);
  const found = useMemo(() => searchMatches(entries, query), [entries, query]);

  const restart = (fn: () => void) => {
    fn();
    setPaused(null);
    setCurrent(undefined);
  };
  const pauseAt = (at: number) => setPaused((p) => ({ entries: p?.entries ?? snap.entries, received: p?.received ?? snap.received, end: Math.max(0, at) }));
  const scroll = (d: number) => pauseAt(Math.min(entries.length - 1, end + d));
  // q: a query not rendered yet (typed and submitted in one read)
  const jump = (dir: 1 | -1, q = query) => {
    const hits = q === query ? found : searchMatches(entries, q);
    if (hits.length === 0) return ui.setStatus(q ? `no line matches /${q}` : 'no search: press / first', 'warn');
    const from = current ?? (dir > 0 ? win.from - 1 : end + 1);
    const next = dir > 0 ? (hits.find((i) => i > from) ?? hits[0]!) : ([...hits].reverse().find((i) => i < from) ?? hits[hits.length - 1]!);
    setCurrent(next);
    pauseAt(Math.min(entries.length - 1, next + Math.floor(body / 2)));
  };
  const save = () => {
    if (!tail) return ui.setStatus('no log to save: open a pod first', 'warn');
    api.logs.save(tail).then(
      (file) => ui.setStatus(`saved ${n(tail.snapshot().entries.length)} lines to ${file} (mode 600)`, 'ok'),
      (err) => ui.setStatus(`save failed: ${sanitize(errorMessage(err))}`, 'error'),
    );
  };
  // the search line is a focus layer, opened before the next key is read
  const router = useRouter();
  const openSearch = () => {
    const close = () => {
      router.close(SEARCH_LINE);
      setSearching(false);
    };
    const layer = textInputLayer(
      {
        initial: query,
        onChange: (q) => {
          setQuery(q);
          setCurrent(undefined);
        },
        onSubmit: (q) => q && jump(-1, q),
        onCancel: () => setQuery(''),
      },
      close,
    );
    router.open(SEARCH_LINE, layer);
    setSearching(true);
  };
  useLayoutEffect(() => () => router.close(SEARCH_LINE), [router]);

  const back = () => (query ? (setQuery(''), setCurrent(undefined)) : paused ? setPaused(null) : ui.back?.());
  useKeymap({
    scopes: ['global', 'list', 'logs'],
    isActive: active,
    ctx: keyCtx,
    // no pod yet: esc still goes back
    handlers: !target ? { back } : {
      up: () => scroll(-1),
      down: () => scroll(1),
      pageUp: () => scroll(-body),
      pageDown: () => scroll(body),
      top: () => pauseAt(firstPageEnd(entries.length, body, rowsOf)),
      bottom: () => setPaused(null),
      logPause: () => (paused ? setPaused(null) : pauseAt(end)),
      logFollow: () => restart(() => setFollow((f) => !f)),
      logPrevious: () => restart(() => setPrevious((p) => !p)),
      logSince: () => restart(() => setSince((s) => (s + 1) % SINCE.length)),
      logTail: () => restart(() => setTailIdx((t) => (t + 1) % TAIL.length)),
      logContainer: () =>
        restart(() => {
          const names = snap.containers.map((c) => c.name);
          const i = container === null ? -1 : names.indexOf(container);
          setContainer(i + 1 < names.length ? names[i + 1]! : null);
        }),
      logTimestamps: () => setTimestamps((t) => !t),
      logWrap: () => setWrap((w) => !w),
      search: openSearch,
      searchNext: () => jump(1),
      searchPrev: () => jump(-1),
      logSave: save,
      // esc: clear the search, then resume, then back to the pane you came from
      back,
    },
  });

  if (!target) {
    return (
      <Box flexDirection="column" height={height} paddingX={1}>
        <Text bold>Logs</Text>
        <Text>No pod chosen. Press l on a pod in the pods pane (1), or type :logs NAMESPACE/POD [CONTAINER].</Text>
      </Box>
    );
  }

  const title = sanitize(`${target.namespace}/${target.pod}`);
  const settings = [
    container === null ? 'all containers' : `container ${sanitize(container)}`,
    `tail ${TAIL[tailIdx]!.label}`,
    `since ${SINCE[since]!.label}`,
    previous ? 'previous instance' : '',
    snap.dropped ? `${n(snap.dropped)} older lines dropped` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const problems = streamProblems(snap);
  const right = [
    paused ? `paused: ${n(snap.received - paused.received)} new lines` : '',
    query ? `/${query} ${found.length ? `${current !== undefined ? found.indexOf(current) + 1 : '-'}/${found.length}` : 'no match'}` : '',
    `${n(entries.length)} lines`,
  ]
    .filter(Boolean)
    .join('  ');
  const empty = entries.length === 0 ? (problems ? '' : snap.tailed.length ? 'waiting for log lines…' : 'loading the pod…') : '';

  return (
    <Box flexDirection="column" height={height} width={width} overflowY="hidden">
      <LogsHeader title={title} snap={snap} follow={follow && !previous} wrap={wrap} timestamps={timestamps} settings={settings} width={width} />
      {empty ? (
        <Box height={body}>
          <Text dimColor={theme.dim}> {empty}</Text>
        </Box>
      ) : (
        <LogLines entries={entries} from={win.from} to={win.to} prefix={prefix} timestamps={timestamps} wrap={wrap} query={query} current={current} width={width} height={body} />
      )}
      {searching ? (
        <LogSearchLine value={query} width={width} />
      ) : (
        <Box width={width}>
          <Box flexGrow={1} flexShrink={1}>
            <Text color={problems ? theme.error : undefined} wrap="truncate-end">
              {' '}
              {problems}
            </Text>
          </Box>
          <Text color={paused ? theme.warn : undefined} dimColor={!paused && theme.dim} wrap="truncate-end">
            {` ${right}`}
          </Text>
        </Box>
      )}
    </Box>
  );
}

/** the last entry shown when the first entry is at the top */
function firstPageEnd(count: number, height: number, rowsOf: (i: number) => number): number {
  let used = 0;
  for (let i = 0; i < count; i++) {
    used += rowsOf(i);
    if (used >= height) return used > height && i > 0 ? i - 1 : i;
  }
  return count - 1;
}
