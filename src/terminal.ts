// The terminal is the user's: whatever happens (quit, Ctrl-C, SIGTERM, SIGHUP, a
// crash), kubedeck leaves it in the main screen with the cursor visible and raw
// mode off. kubedeck owns the alternate screen and raw mode for that (Ink would leave
// them to its unmount, which a signal or a crash never reaches).

const ENTER_ALT = '\u001B[?1049h\u001B[H';
const LEAVE_ALT = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';
const RESET_SGR = '\u001B[0m';
// Ink turns bracketed paste on while the console reads keys; mouse modes are never
// enabled, but a cluster string that slipped through sanitizing could have: turning
// them all off costs nothing.
const RESET_MODES = '\u001B[?1000l\u001B[?1002l\u001B[?1006l\u001B[?2004l';

export interface TerminalGuard {
  /** leave the alternate screen and restore the terminal; safe to call many times */
  restore(): void;
}

const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

export interface FullscreenOptions {
  /** false (--no-alt-screen): draw in the main screen, where the last frame stays after exit */
  altScreen?: boolean;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

export function enterFullscreen({ altScreen = true, stdout = process.stdout, stdin = process.stdin }: FullscreenOptions = {}): TerminalGuard {
  const enter = altScreen ? ENTER_ALT : '';
  const leave = altScreen ? LEAVE_ALT : '';
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
      stdout.write(RESET_SGR + RESET_MODES + SHOW_CURSOR + leave);
    } catch {
      // nothing more can be done for a closed terminal
    }
    // the terminal is the user's again: a later signal or crash takes Node's default path
    process.removeListener('exit', restore);
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
    process.removeListener('uncaughtException', onCrash);
    process.removeListener('unhandledRejection', onCrash);
  };
  // Raw mode before the first byte of the full screen, not when Ink's input hook mounts
  // (an effect after the first frame): a key typed or pasted in between would be echoed
  // by the terminal's line discipline, and its Enter, echoed as a newline on the last
  // row, would scroll the screen one row under every later frame.
  try {
    if (stdin.isTTY && !stdin.isRaw) stdin.setRawMode(true);
  } catch {
    // not a terminal after all: Ink says so when it asks for raw mode
  }
  stdout.write(enter + HIDE_CURSOR);

  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    // Re-raise with the default action so the exit status says which signal ended us.
    process.kill(process.pid, signal);
  };
  const onCrash = (err: unknown) => {
    restore();
    process.stderr.write(`kubedeck crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(70);
  };
  process.once('exit', restore);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  return { restore };
}

// OSC 52 asks the terminal to set the clipboard: over SSH it is the only way to reach
// the clipboard of the machine the user sits at. kubedeck writes it only when a key
// asks for it, never because of anything the cluster sent.
const OSC52_MAX_BYTES = 74_994; // xterm's limit for the decoded text; most terminals take this much

/** The OSC 52 sequence that puts `text` on the clipboard, or why it should not be sent. */
export function clipboardSequence(text: string): { sequence: string } | { refused: string } {
  if (text === '') return { refused: 'nothing to copy' };
  // a control or format character in the clipboard would run when pasted into a shell
  if (/[\p{Cc}\p{Cf}]/u.test(text.replace(/\n/g, ''))) return { refused: 'not copied: the text holds control or invisible characters' };
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > OSC52_MAX_BYTES) return { refused: `not copied: ${bytes.length} bytes is more than a terminal takes (${OSC52_MAX_BYTES})` };
  return { sequence: `\u001B]52;c;${bytes.toString('base64')}\u0007` };
}

/** Copies text to the user's clipboard through the terminal; returns a status line. */
export function copyToClipboard(text: string, stdout: NodeJS.WriteStream = process.stdout): { ok: boolean; message: string } {
  const r = clipboardSequence(text);
  if ('refused' in r) return { ok: false, message: r.refused };
  stdout.write(r.sequence);
  const lines = text.split('\n').length;
  return { ok: true, message: `copied ${lines > 1 ? `${lines} lines` : JSON.stringify(text)} to the clipboard (OSC 52; tmux needs set-clipboard on)` };
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
