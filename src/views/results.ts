import type { ActionResult } from '../k8s/types.js';
import { sanitize } from '../state/sanitize.js';
import type { Status } from './context.js';

function failure(r: ActionResult): string {
  const message = sanitize(r.message);
  // a 409 or a failed JSON Patch "test" means someone else changed the object first
  const stale = r.status === 409 && !/changed since you looked/.test(message);
  return `✗ ${sanitize(r.target)}: ${stale ? 'changed since you looked: ' : ''}${message}`;
}

/** One footer line for an action's per-object results, failures first. */
export function describeResults(verbPast: string, results: readonly ActionResult[]): Status {
  const ok = results.filter((r) => r.ok);
  const failed = results.filter((r) => !r.ok);
  if (results.length === 0) return { text: `nothing was ${verbPast}`, tone: 'warn' };
  const okText = ok.length === 0 ? '' : ok.length <= 2 ? ok.map((r) => `✓ ${verbPast} ${sanitize(r.target)}`).join('  ') : `✓ ${verbPast} ${ok.length}`;
  const failText = failed.length === 0 ? '' : failed.length === 1 ? failure(failed[0]) : `${failure(failed[0])} (+${failed.length - 1} more failed)`;
  return { text: [failText, okText].filter(Boolean).join('  '), tone: failed.length ? 'error' : 'ok' };
}

/**
 * What every action dialog does when it ends: close it, then say how it went in the
 * pane's footer (clearing the marks after a success), or that nothing was sent.
 */
export function onFlowDone(opts: { close(): void; setStatus(text: string, tone?: Status['tone']): void; cancelled: string; clearMarks?(): void }): (status: Status | null) => void {
  return (status) => {
    opts.close();
    if (!status) return opts.setStatus(opts.cancelled, 'normal');
    opts.setStatus(status.text, status.tone);
    if (status.tone === 'ok') opts.clearMarks?.();
  };
}
