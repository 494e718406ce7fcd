// `kubedeck snapshot logs NS/POD [CONTAINER]`: the logs pane once, without the screen:
// every container's recent lines (init, sidecars, main, ephemeral), as
// `kubectl logs --all-containers --prefix` prints them; -o json adds the containers.
import type { ConsoleApi } from './k8s/types.js';
import type { LogTail } from './k8s/logtypes.js';
import { stripSgr } from './state/loglines.js';
import type { PaneSnapshot } from './panes.js';

/** lines per container when none is asked for, like a sensible `kubectl logs --tail` */
const TAIL_LINES = 500;

export function parseLogTarget(arg: string | undefined): { namespace: string; pod: string } | undefined {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(arg ?? '');
  return m ? { namespace: m[1]!, pod: m[2]! } : undefined;
}

export function logsSnapshot(api: ConsoleApi, target: { namespace: string; pod: string }, container: string | null): PaneSnapshot {
  let tail: LogTail | undefined;
  const finished = () => {
    const snap = tail!.snapshot();
    if (snap.problem) return snap.problem;
    const states = snap.tailed.map((c) => snap.streams[c]);
    if (snap.tailed.length === 0 || states.some((s) => !s || s.state === 'connecting' || s.state === 'streaming')) return null;
    if (snap.podPending) return null; // the containers (for -o json) come with the pod
    return undefined;
  };
  return {
    load: () =>
      new Promise<string | undefined>((resolve) => {
        tail = api.logs.open(target, { container, follow: false, previous: false, tailLines: TAIL_LINES });
        const check = () => {
          const f = finished();
          if (f === null) return;
          off();
          resolve(f);
        };
        const off = tail.subscribe(check);
        check();
      }),
    print: (format) => {
      const snap = tail!.snapshot();
      tail!.close();
      const lines = snap.entries.filter((e) => e.kind === 'line');
      const errors = snap.tailed
        .map((c) => [c, snap.streams[c]] as const)
        .filter(([, s]) => s?.state === 'error')
        .map(([c, s]) => `${c}: ${s && 'message' in s ? s.message : 'failed'}\n`)
        .join('');
      if (format === 'json') {
        const doc = {
          pod: `${target.namespace}/${target.pod}`,
          containers: snap.containers.map((c) => ({ name: c.name, kind: c.kind, state: c.state, ready: c.ready, restarts: c.restarts })),
          lines: lines.map((e) => ({ container: e.container, time: e.ts, text: stripSgr(e.text) })),
        };
        return { stdout: JSON.stringify(doc, null, 4) + '\n', stderr: errors || undefined };
      }
      const prefix = (c: string) => `[pod/${target.pod}/${c}] `;
      return { stdout: lines.map((e) => `${prefix(e.container)}${stripSgr(e.text)}\n`).join(''), stderr: errors || undefined };
    },
  };
}
