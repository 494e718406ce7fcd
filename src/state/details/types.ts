// What a details view shows: titled sections of labelled lines, computed from the raw
// object alone (pure: no I/O, nothing from the store). Every string in them is
// already sanitized for the terminal; the view only lays them out.
import type { RowTone } from '../../k8s/types.js';

export interface DetailLine {
  /** "Image", "Exit code"; absent for a line that is all value */
  label?: string;
  value: string;
  tone?: RowTone;
  /** nesting below the section (a container's fields under its name): 0, 1, 2 */
  depth?: number;
}

export interface DetailSection {
  title: string;
  lines: DetailLine[];
}

/** a section, or none when it would be empty */
export function section(title: string, lines: (DetailLine | false | undefined | null)[]): DetailSection[] {
  const kept = lines.filter((l): l is DetailLine => !!l);
  return kept.length ? [{ title, lines: kept }] : [];
}
