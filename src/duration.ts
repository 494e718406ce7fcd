// Go's time.ParseDuration syntax, as kubectl's --request-timeout and most
// Kubernetes config fields use it: "0", "500ms", "30s", "1h30m", "1.5h".

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;

/** Milliseconds in a Go-style duration; throws on anything else. */
export function parseDuration(input: string): number {
  const s = input.trim();
  if (s === '0') return 0;
  if (s.startsWith('-')) throw new Error(`invalid duration "${input}": negative durations are not allowed`);
  let rest = s.startsWith('+') ? s.slice(1) : s;
  if (rest === '') throw new Error(`invalid duration "${input}"`);
  let total = 0;
  while (rest !== '') {
    const m = PART.exec(rest);
    if (!m) {
      const hint = /^\d+(\.\d*)?$/.test(rest) ? ' (missing unit, e.g. "30s")' : '';
      throw new Error(`invalid duration "${input}"${hint}; use a number with a unit: ms, s, m or h, like "500ms", "30s", "1h30m"`);
    }
    total += Number(m[1]) * UNIT_MS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}
