// What an action applies to: the marked objects still in the store, else the selected
// one; a guard keeps only those the action fits ("only gated pods") and says why the
// others are left out, so the confirmation can name every one of them.
import type { KubeObject } from '../k8s/types.js';

export interface Guard {
  /** whether the action fits the object */
  fits(object: KubeObject): boolean;
  /** why an object is left out, e.g. "no scheduling gates" */
  reason: string;
  /** what the footer says when none fits, e.g. "no scheduling gates on the selected or marked pods" */
  none: string;
}

export interface Targets {
  chosen: KubeObject[];
  /** left out by the guard, each with its reason */
  left: { name: string; reason: string }[];
  /** where the objects came from */
  from: 'marks' | 'selection' | 'nothing';
}

export interface TargetSource {
  get(key: string): KubeObject | undefined;
}

const nameOf = (o: KubeObject) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name);

export function pickTargets(store: TargetSource, marked: Iterable<string>, selectedKey: string | undefined, guard?: Guard): Targets {
  const marks = [...marked].map((k) => store.get(k)).filter((o): o is KubeObject => o !== undefined);
  const selected = selectedKey === undefined ? undefined : store.get(selectedKey);
  const all = marks.length ? marks : selected ? [selected] : [];
  const from = marks.length ? 'marks' : selected ? 'selection' : 'nothing';
  if (!guard) return { chosen: all, left: [], from };
  return {
    chosen: all.filter((o) => guard.fits(o)),
    left: all.filter((o) => !guard.fits(o)).map((o) => ({ name: nameOf(o), reason: guard.reason })),
    from,
  };
}

/** "left out, no scheduling gates: batch/a, batch/b", one line per reason */
export function leftOutNotes(targets: Targets): string[] {
  const byReason = new Map<string, string[]>();
  for (const l of targets.left) byReason.set(l.reason, [...(byReason.get(l.reason) ?? []), l.name]);
  return [...byReason].map(([reason, names]) => `left out, ${reason}: ${names.join(', ')}`);
}

/** the footer line when nothing is left to act on ("no pod selected", the guard's refusal), or undefined */
export function nothingToDo(targets: Targets, what: string, guard?: Guard): string | undefined {
  if (targets.chosen.length) return undefined;
  if (targets.from === 'nothing' || !guard) return `no ${what} selected`;
  return guard.none;
}

/** "batch/train-0" for one target, else "3 pods" */
export function targetsLabel(chosen: readonly KubeObject[], plural: string): string {
  return chosen.length === 1 ? nameOf(chosen[0]) : `${chosen.length} ${plural}`;
}
