// Debug logs go to --log-file and never to the screen: Ink owns the terminal.
import { openSync, writeSync, closeSync } from 'node:fs';

let fd: number | undefined;

export function openLogFile(path: string): void {
  fd = openSync(path, 'a', 0o600);
}

export function debug(message: string, fields?: Record<string, unknown>): void {
  if (fd === undefined) return;
  const line = JSON.stringify({ time: new Date().toISOString(), message, ...fields });
  try {
    writeSync(fd, line + '\n');
  } catch {
    // a full disk must not take the console down
  }
}

export function closeLogFile(): void {
  if (fd !== undefined) closeSync(fd);
  fd = undefined;
}
