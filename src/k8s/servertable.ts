// Server-side printing: LIST and WATCH in the Table form, exactly as kubectl asks for
// it. includeObject stays at its default (Metadata), so each row carries its object's
// metadata (name, namespace, uid, resourceVersion) for keys, marks and deletes.
import type { KubeObject, ResourceType, ServerColumn, ServerRow } from './types.js';

/** kubectl's Accept header for `kubectl get` (v1 Table, then v1beta1, then plain JSON). */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

interface TableJson {
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  columnDefinitions?: ServerColumn[];
  rows?: { cells?: unknown[]; object?: { metadata?: KubeObject['metadata'] } | null }[];
}

export function isTable(body: unknown): body is TableJson {
  return !!body && typeof body === 'object' && (body as { kind?: string }).kind === 'Table' && Array.isArray((body as TableJson).rows);
}

/** The rows of a Table as objects of the resource's kind, each with its cells. */
export function tableRows(table: TableJson, rt: ResourceType): ServerRow[] {
  const apiVersion = rt.group ? `${rt.group}/${rt.version}` : rt.version;
  const out: ServerRow[] = [];
  for (const row of table.rows ?? []) {
    const metadata = row.object?.metadata;
    if (!metadata || typeof metadata.name !== 'string') continue;
    out.push({ apiVersion, kind: rt.kind, metadata, cells: Array.isArray(row.cells) ? row.cells : [] });
  }
  return out;
}

/** Column definitions the server sent, cleaned to what kubedeck reads. */
export function tableColumns(table: TableJson): ServerColumn[] | undefined {
  if (!Array.isArray(table.columnDefinitions) || table.columnDefinitions.length === 0) return undefined;
  // a malformed definition (null, a number) is dropped, not a crash
  return table.columnDefinitions.filter((c): c is NonNullable<typeof c> => !!c && typeof c === 'object').map((c) => ({
    name: String(c.name ?? ''),
    type: String(c.type ?? 'string'),
    ...(c.format ? { format: String(c.format) } : {}),
    ...(c.description ? { description: String(c.description) } : {}),
    priority: Number(c.priority ?? 0) || 0,
  }));
}

/**
 * The resourceVersion a one-row watch Table stands for: its row's (a bookmark's row is
 * an object with only a resourceVersion), else the Table's own.
 */
export function tableResourceVersion(table: TableJson): string | undefined {
  return table.rows?.[0]?.object?.metadata?.resourceVersion || table.metadata?.resourceVersion || undefined;
}
