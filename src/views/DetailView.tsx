import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { Table as InkTable } from '@alcalzone/ink-table';
import type { ConsoleApi, KubeObject, RowTone } from '../k8s/types.js';
import { age } from '../state/format.js';
import { podReady, podStatus } from '../state/pods.js';
import { sanitize } from '../state/sanitize.js';
import { describeObject } from '../state/details/index.js';
import { displayWidth, padEnd, padStart, truncate, wrapText } from '../state/width.js';
import { useClock } from './hooks/useClock.js';
import { useKeymap } from './hooks/useKeymap.js';
import { useScroller } from './hooks/useScroller.js';
import { useTheme } from './theme.js';

export interface DetailViewProps {
  api: ConsoleApi;
  object: KubeObject;
  width: number;
  height: number;
  onClose(): void;
  onYaml(): void;
}

type Events = { state: 'loading' } | { state: 'loaded'; items: KubeObject[] } | { state: 'failed'; message: string };

const clean = (v: unknown, max = 40) => truncate(sanitize(String(v ?? '')), max);

function isPod(o: KubeObject): boolean {
  return o.kind === 'Pod' || Array.isArray(o.spec?.containers);
}

/** the short fields, as one row of a small bordered table */
export function summaryRow(o: KubeObject, now: number): Record<string, string> {
  const row: Record<string, string> = { KIND: clean(o.kind ?? 'Pod', 16) };
  if (o.metadata.namespace) row.NAMESPACE = clean(o.metadata.namespace, 20);
  row.NAME = clean(o.metadata.name, 40);
  if (isPod(o)) {
    row.READY = podReady(o);
    row.STATUS = clean(podStatus(o), 24);
    row.NODE = clean(o.spec?.nodeName || '<none>', 20);
  }
  row.AGE = age(o.metadata.creationTimestamp, now);
  return row;
}

/** a screen line of the details: text, and how to draw it */
export interface DetailText {
  text: string;
  bold?: boolean;
  tone?: RowTone;
}

/** a labelled value wrapped under its label: never cut, continued below */
function wrapLine(head: string, value: string, width: number): string[] {
  return wrapText(head + value, width, Math.min(displayWidth(head), Math.floor(width / 2)));
}

/** the object's sections (src/state/details) as screen lines at this width */
export function detailLines(o: KubeObject, now: number, width: number): DetailText[] {
  const out: DetailText[] = [];
  for (const sec of describeObject(o, now)) {
    out.push({ text: sec.title, bold: true });
    for (const l of sec.lines) {
      const indent = '  '.repeat(1 + (l.depth ?? 0));
      const head = l.label ? `${indent}${l.label}: ` : indent;
      for (const text of wrapLine(head, l.value, width)) out.push({ text, tone: l.tone });
    }
  }
  return out;
}

/** how wide ink-table draws one row: each cell padded by one space, plus its borders */
export function summaryWidth(row: Record<string, string>): number {
  return Object.entries(row).reduce((w, [k, v]) => w + Math.max(k.length, displayWidth(v)) + 3, 1);
}

/** The summary as a bordered row when it fits; a wrapped table breaks apart, so else plain fields. */
function Summary({ row, width }: { row: Record<string, string>; width: number }) {
  if (summaryWidth(row) <= width) return <InkTable data={[row]} />;
  const parts = Object.entries(row).map(([k, v]) => `${k} ${v}`);
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.length - 1;
    if (last >= 0 && displayWidth(lines[last]!) + 3 + displayWidth(part) <= width) lines[last] += `   ${part}`;
    else lines.push(part);
  }
  return (
    <Box flexDirection="column" marginY={1}>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l}
        </Text>
      ))}
    </Box>
  );
}

function eventTime(e: KubeObject): string | undefined {
  return (e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp) as string | undefined;
}

/** Enter/d: what the object is, and what happened to it lately (events fetched on open). */
export function DetailView({ api, object, width, height, onClose, onYaml }: DetailViewProps) {
  const theme = useTheme();
  const [events, setEvents] = useState<Events>({ state: 'loading' });
  const now = useClock(5000);
  useEffect(() => {
    let current = true;
    api.events(object).then(
      (items) => current && setEvents({ state: 'loaded', items }),
      (err: unknown) => current && setEvents({ state: 'failed', message: String((err as Error)?.message ?? err) }),
    );
    return () => void (current = false);
  }, [api, object]);
  const sorted =
    events.state === 'loaded' ? [...events.items].sort((a, b) => String(eventTime(b) ?? '').localeCompare(String(eventTime(a) ?? ''))) : [];
  const body: DetailText[] = [...detailLines(object, now, width)];
  body.push({ text: `Events${events.state === 'loading' ? '  loading…' : events.state === 'loaded' && sorted.length === 0 ? '  none recent' : ''}`, bold: true });
  if (events.state === 'failed') body.push({ text: `  could not load events: ${sanitize(events.message)}`, tone: 'error' });
  for (const e of sorted) {
    const head = `  ${padStart(age(eventTime(e), now), 5)}  ${padEnd(clean(e.type, 8), 8)} ${padEnd(clean(e.reason, 24), 24)} `;
    const count = typeof e.count === 'number' && e.count > 1 ? ` (×${e.count})` : '';
    for (const text of wrapLine(head, sanitize(String(e.message ?? e.note ?? '')) + count, width)) body.push({ text, tone: e.type === 'Warning' ? 'warn' : undefined });
  }
  // title 1, summary at most 5 (a bordered row, or up to 3 plain lines with margins), the scroll hint 1
  const room = Math.max(1, height - 7);
  const { top, handlers: scroll } = useScroller(body.length, room);
  useKeymap({ scopes: ['global', 'list'], isActive: true, handlers: { back: onClose, yaml: onYaml, ...scroll } });
  const shown = body.slice(top, top + room);
  const tone = (t?: RowTone) => (t === 'warn' ? theme.warn : t === 'error' ? theme.error : t === 'ok' ? theme.ok : undefined);
  return (
    <Box flexDirection="column" height={height} width={width} overflowY="hidden">
      <Text bold wrap="truncate-end">
        Details <Text dimColor={theme.dim}>  esc back   y YAML   j/k scroll</Text>
      </Text>
      <Summary row={summaryRow(object, now)} width={width} />
      {shown.map((l, i) => (
        <Text key={i} bold={l.bold} color={tone(l.tone)} dimColor={l.tone === 'dim' ? theme.dim : undefined} wrap="truncate-end">
          {l.text}
        </Text>
      ))}
      {body.length > room ? (
        <Text dimColor={theme.dim} wrap="truncate-end">
          {`lines ${top + 1}–${top + shown.length} of ${body.length}   j/k PgDn/PgUp g/G`}
        </Text>
      ) : null}
    </Box>
  );
}
