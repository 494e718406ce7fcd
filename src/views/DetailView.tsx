import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { Table as InkTable } from '@alcalzone/ink-table';
import type { ConsoleApi, KubeObject } from '../k8s/types.js';
import { age } from '../state/format.js';
import { podGates, podReady, podStatus } from '../state/pods.js';
import { sanitize } from '../state/sanitize.js';
import { truncate } from '../state/table.js';
import { useClock } from './hooks/useClock.js';
import { useKeymap } from './hooks/useKeymap.js';
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

/** the long fields, one per line */
export function longFields(o: KubeObject): [string, string][] {
  const fields: [string, string][] = [];
  if (isPod(o)) {
    const gates = podGates(o);
    if (gates.length) fields.push(['gates', gates.join(', ')]);
    if (o.status?.message) fields.push(['message', String(o.status.message)]);
  }
  const owners = (o.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`);
  if (owners.length) fields.push(['owners', owners.join(', ')]);
  const labels = Object.entries(o.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  if (labels.length) fields.push(['labels', labels.join(' ')]);
  if (o.metadata.finalizers?.length) fields.push(['finalizers', o.metadata.finalizers.join(', ')]);
  if (o.metadata.deletionTimestamp) fields.push(['deleting since', String(o.metadata.deletionTimestamp)]);
  if (o.metadata.uid) fields.push(['uid', String(o.metadata.uid)]);
  return fields.map(([k, v]) => [k, sanitize(v)]);
}

/** how wide ink-table draws one row: each cell padded by one space, plus its borders */
export function summaryWidth(row: Record<string, string>): number {
  return Object.entries(row).reduce((w, [k, v]) => w + Math.max(k.length, [...v].length) + 3, 1);
}

/** The summary as a bordered row when it fits; a wrapped table breaks apart, so else plain fields. */
function Summary({ row, width }: { row: Record<string, string>; width: number }) {
  if (summaryWidth(row) <= width) return <InkTable data={[row]} />;
  const parts = Object.entries(row).map(([k, v]) => `${k} ${v}`);
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.length - 1;
    if (last >= 0 && [...lines[last]!].length + 3 + [...part].length <= width) lines[last] += `   ${part}`;
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
  useKeymap({ scopes: ['global', 'list'], isActive: true, handlers: { back: onClose, yaml: onYaml } });

  const fields = longFields(object);
  const sorted =
    events.state === 'loaded' ? [...events.items].sort((a, b) => String(eventTime(b) ?? '').localeCompare(String(eventTime(a) ?? ''))) : [];
  // summary takes at most 5 lines (a bordered row, or up to 3 plain lines with margins), title 1, events title 1
  const room = Math.max(0, height - 7 - fields.length);
  return (
    <Box flexDirection="column" height={height} width={width} overflowY="hidden">
      <Text bold wrap="truncate-end">
        Details <Text dimColor={theme.dim}>  esc back   y YAML</Text>
      </Text>
      <Summary row={summaryRow(object, now)} width={width} />
      {fields.map(([k, v]) => (
        <Text key={k} wrap="truncate-end">
          <Text bold>{k}: </Text>
          {v}
        </Text>
      ))}
      <Text bold wrap="truncate-end">
        Events{' '}
        {events.state === 'loading' ? <Text dimColor={theme.dim}>loading…</Text> : null}
        {events.state === 'failed' ? <Text color={theme.error}>could not load events: {sanitize(events.message)}</Text> : null}
        {events.state === 'loaded' && sorted.length === 0 ? <Text dimColor={theme.dim}>none recent</Text> : null}
      </Text>
      {sorted.slice(0, room).map((e, i) => (
        <Text key={e.metadata.uid ?? i} color={e.type === 'Warning' ? theme.warn : undefined} wrap="truncate-end">
          {`${age(eventTime(e), now).padStart(5)}  ${clean(e.type, 8).padEnd(8)} ${clean(e.reason, 24).padEnd(24)} `}
          {sanitize(String(e.message ?? e.note ?? ''))}
          {typeof e.count === 'number' && e.count > 1 ? ` (×${e.count})` : ''}
        </Text>
      ))}
    </Box>
  );
}
