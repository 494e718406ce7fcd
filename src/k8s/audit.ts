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
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file); // never through a symlink: that one is refused on open
  } catch {
    return; // not there yet: it is created with 0600
  }
  const mode = st.mode & 0o777;
  if (!st.isFile() || (mode & 0o077) === 0 || unsafe(st)) return;
  fs.chmodSync(file, 0o600);
  notes.push(`audit log ${file} was accessible to other users (mode ${mode.toString(8)}); changed to 600`);
}

const uid = () => process.getuid?.();

/** why a file or folder others could change must not hold the audit log, or undefined */
function unsafe(st: fs.Stats): string | undefined {
  if ((st.mode & 0o022) !== 0) return `it is writable by ${st.mode & 0o002 ? 'everyone' : 'its group'} (mode ${(st.mode & 0o777).toString(8)})`;
  const me = uid();
  // root may own it too: root can already change anything this user writes
  if (me !== undefined && st.uid !== me && st.uid !== 0) return `it is owned by uid ${st.uid}, not by you (uid ${me})`;
  return undefined;
}

/** Refuses an audit log others could rewrite or redirect: the folder, then the file itself. */
function checkSafe(file: string): void {
  const dir = path.dirname(file);
  const d = fs.statSync(dir);
  const why = unsafe(d);
  // a sticky, world-writable folder (/tmp) still lets others replace the file name
  if (why) throw new Error(`refusing audit log ${file}: its folder ${dir}: ${why}. Fix with: chmod go-w ${dir}`);
  let f: fs.Stats;
  try {
    f = fs.lstatSync(file);
  } catch {
    return; // not there yet: created below, never through a symlink (O_NOFOLLOW)
  }
  if (f.isSymbolicLink()) throw new Error(`refusing audit log ${file}: it is a symbolic link; point audit.file at the real file`);
  if (!f.isFile()) throw new Error(`refusing audit log ${file}: it is not a regular file`);
  const bad = unsafe(f);
  if (bad) throw new Error(`refusing audit log ${file}: ${bad}. Fix with: chmod go-w ${file}`);
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
    checkSafe(target);
    // O_NOFOLLOW: a symlink put in place after the check fails the open (ELOOP)
    const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW } = fs.constants;
    const fh = await open(target, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0o600);
    try {
      const st = await fh.stat();
      const bad = unsafe(st);
      if (bad) throw new Error(`refusing audit log ${target}: ${bad}`);
      // created meanwhile by someone with a looser umask: readable by others
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
