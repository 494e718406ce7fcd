// The terminal is the user's: whatever happens (quit, Ctrl-C, SIGTERM, SIGHUP, a
// crash), kubedeck leaves it in the main screen with the cursor visible and raw
// mode off. Ink 6 has no alternate-screen option, so kubedeck owns it.

const ENTER_ALT = '\u001B[?1049h\u001B[H';
const LEAVE_ALT = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';
const RESET_SGR = '\u001B[0m';
// Mouse/bracketed-paste modes are never enabled by kubedeck, but a cluster string
// that slipped through sanitizing could have; turning them off costs nothing.
const RESET_MODES = '\u001B[?1000l\u001B[?1002l\u001B[?1006l\u001B[?2004l';

export interface TerminalGuard {
  /** leave the alternate screen and restore the terminal; safe to call many times */
  restore(): void;
}

export function enterFullscreen(
  stdout: NodeJS.WriteStream = process.stdout,
  stdin: NodeJS.ReadStream = process.stdin,
): TerminalGuard {
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
    } catch {
      // stdin may already be destroyed on crash paths
    }
    try {
      stdout.write(RESET_SGR + RESET_MODES + SHOW_CURSOR + LEAVE_ALT);
    } catch {
      // nothing more can be done for a closed terminal
    }
  };
  stdout.write(ENTER_ALT + HIDE_CURSOR);

  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    // Re-raise with the default action so the exit status says which signal ended us.
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  };
  const onCrash = (err: unknown) => {
    restore();
    process.stderr.write(`kubedeck crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(70);
  };
  process.once('exit', restore);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  return { restore };
}

/**
 * A first connection that hangs must not leave a blank terminal for the whole
 * request timeout: after delayMs, say which server kubedeck is waiting for.
 */
export async function whileConnecting<T>(server: string, work: Promise<T>, write: (text: string) => void = (t) => process.stderr.write(t), delayMs = 300): Promise<T> {
  const timer = setTimeout(() => write(`kubedeck: connecting to ${server}…\n`), delayMs);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
  }
}
