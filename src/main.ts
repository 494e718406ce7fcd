// The entry point. Ink decides once, when it is loaded, whether it runs in CI (then
// it draws nothing but the last frame); a console on a terminal is interactive
// whatever the environment's CI variable says, so decide before Ink loads. The real
// values come back right after, for anything kubedeck runs (hooks).
const interactive = process.stdin.isTTY && process.stdout.isTTY;
const saved = new Map<string, string | undefined>();
if (interactive) {
  for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) {
    if (key in process.env) {
      saved.set(key, process.env[key]);
      process.env[key] = 'false';
    }
  }
}
await import('./cli.js');
for (const [key, value] of saved) {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}
