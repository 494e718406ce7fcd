import fs from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry, AuditSink } from './types.js';

/** $XDG_STATE_HOME/kubedeck/audit.log, XDG's default being ~/.local/state. */
export function defaultAuditPath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME || os.homedir();
  const state = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(home, '.local', 'state');
  return path.join(state, 'kubedeck', 'audit.log');
}

const SECRET_HEADER = /^(authorization|proxy-authorization)$/i;

// Entries carry no headers today; this guards against a caller that puts a
// header map into the body or message, so a bearer token never reaches the disk.
function scrub(value: unknown, depth = 0): unknown {
  if (depth > 64 || value === null || typeof value !== 'object') {
    return typeof value === 'string' ? value.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 [redacted]') : value;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_HEADER.test(k) ? '[redacted]' : scrub(v, depth + 1);
  }
  return out;
}

function tighten(file: string, notes: string[]): void {
  let mode: number;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    return; // not there yet: it is created with 0600
  }
  if ((mode & 0o077) === 0) return;
  fs.chmodSync(file, 0o600);
  notes.push(`audit log ${file} was accessible to other users (mode ${mode.toString(8)}); changed to 600`);
}

/** The exact line written for an entry (newline included). */
export function auditLine(entry: AuditEntry): string {
  return JSON.stringify(scrub(entry)) + '\n';
}

/**
 * Appends one JSON line per mutating request. write() resolves only after the
 * line is fsync'd, because the UI shows an action's result only after that.
 * `notes` says what was fixed on open (e.g. permissions tightened).
 */
export function createFileAuditSink(
  file?: string,
  env: NodeJS.ProcessEnv = process.env,
): AuditSink & { path: string; notes: string[]; ready(): Promise<void>; close(): Promise<void> } {
  const target = file && file !== '' ? path.resolve(file) : defaultAuditPath(env);
  const notes: string[] = [];
  let handle: Promise<FileHandle> | undefined;
  // One chain of writes: appends never interleave, even from concurrent actions.
  let queue: Promise<unknown> = Promise.resolve();

  // Checked at creation, so the note can be shown before the first action.
  tighten(target, notes);

  async function openOnce(): Promise<FileHandle> {
    const dir = path.dirname(target);
    if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fh = await open(target, 'a', 0o600);
    try {
      // The file may have been created meanwhile by someone with a looser umask.
      const st = await fh.stat();
      if ((st.mode & 0o077) !== 0) await fh.chmod(0o600);
      return fh;
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  const opened = () =>
    (handle ??= openOnce().catch((err: unknown) => {
      handle = undefined; // retry the open next time
      throw err;
    }));

  return {
    path: target,
    notes,
    async ready(): Promise<void> {
      await opened();
    },
    write(entry: AuditEntry): Promise<void> {
      const line = auditLine(entry);
      const done = queue.then(async () => {
        const fh = await opened();
        await fh.appendFile(line, 'utf8');
        await fh.sync();
      });
      // A failed write must reach its caller but not block later writes.
      queue = done.catch(() => undefined);
      return done;
    },
    async close(): Promise<void> {
      await queue;
      if (handle) await (await handle).close();
      handle = undefined;
    },
  };
}
