// Logs pane API: what the views may ask of the session about logs.
// Built per session from SessionCore; views never call the API directly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SessionCore } from './session.js';
import { createLogTail, type LogTail } from './logtail.js';
import { formatForSave } from '../state/loglines.js';
import type { LogsApi } from './types.js';
export type { LogsApi } from './types.js';

export type { LogTail, LogTarget, TailOptions, TailSnapshot, StreamState } from './logtail.js';


/** a long silence is normal while following; after this long the stream is renewed */
const LOG_IDLE_TIMEOUT_MS = 10 * 60_000;

export function defaultLogDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(base, 'kubedeck', 'logs');
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

export function saveFileName(tail: LogTail, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const parts = [tail.target.namespace, tail.target.pod, tail.options.container ?? 'all', tail.options.previous ? 'previous' : ''].filter(Boolean);
  return `${parts.map(safe).join('_')}_${stamp}.log`;
}

export async function saveTail(tail: LogTail, dir: string): Promise<string> {
  const snap = tail.snapshot();
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  const base = saveFileName(tail);
  for (let n = 0; ; n++) {
    const file = path.join(dir, n === 0 ? base : base.replace(/\.log$/, `-${n}.log`));
    let handle: fs.promises.FileHandle;
    try {
      // wx: never overwrite or follow a planted file or symlink
      handle = await fs.promises.open(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && n < 100) continue;
      throw err;
    }
    try {
      await handle.writeFile(formatForSave(snap.entries, snap.tailed.length > 1), 'utf8');
    } finally {
      await handle.close();
    }
    return file;
  }
}

export function createLogsApi(core: SessionCore): LogsApi {
  const open = new Set<LogTail>();
  core.onClose(() => {
    for (const t of open) t.close();
    open.clear();
  });
  return {
    open(target, options) {
      const tail = createLogTail(
        {
          transport: core.transport,
          pods: core.watched('', 'pods', ['v1'])?.store,
          bufferLines: core.config.logs.bufferLines,
          keepSgr: core.config.logs.colors === 'keep',
          connectTimeoutMs: core.config.requestTimeout,
          idleTimeoutMs: LOG_IDLE_TIMEOUT_MS,
          frameMs: Math.max(16, Math.round(1000 / core.config.ui.refreshFps)),
        },
        target,
        options,
      );
      open.add(tail);
      const close = tail.close;
      return Object.assign(tail, {
        close: () => {
          open.delete(tail);
          close();
        },
      });
    },
    save: (tail, opts) => saveTail(tail, opts?.dir ?? defaultLogDir()),
  };
}
