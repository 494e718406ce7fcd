// In-process key → frame bench for the render path alone (docs/performance.md, "Keys: the
// p99"): the whole console (App) over the component tests' fake API with N pods, drawn by
// Ink with kubedeck's render options into a 120×40 fake terminal; presses j/k and times
// each from the key to the frame written, and Ink's own render of it (onRender).
// Usage: NODE_ENV=production npx tsx bench/frame.tsx [N] [presses] [--keys jk] [--idle S] [--old] [--gap MS] [--ink-output ink]
//   --keys K  the keys pressed in turn (default jk); `bench`: the benchmark's sequence
//             (bench/keys.ts: j/k, PgDn, G/g, `/` + a word + Esc), with per-kind figures
//   --gap MS  ms between a frame and the next press (default 2; with --keys bench 30–100
//             at random, as bench/keyprobe.ts, so work done between keys has its time)
//   --idle S  first S seconds with nothing pressed: Ink renders and CPU in them
//   --old     every pod at least a day old (ages that change hourly), else 0–83 min
//   --ink-output ink  draw with Ink's own Output instead of src/views/ink/output.ts (the build's)
import { EventEmitter } from 'node:events';
import { registerHooks } from 'node:module';
import { keyName, keySequence } from './keys.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const keysArg = flag('--keys') ?? 'jk';
const gapArg = flag('--gap');
const idle = Number(flag('--idle') ?? '0');
const oi = args.indexOf('--old');
const old = oi >= 0 && args.splice(oi, 1).length > 0;
const inkOwn = flag('--ink-output') === 'ink';
const n = Number(args[0] ?? '50000');
// as scripts/build.mjs does: Ink's renderer draws with kubedeck's Output
const ours = new URL('../src/views/ink/output.ts', import.meta.url).href;
if (!inkOwn) {
  registerHooks({
    resolve: (specifier, context, next) => (specifier === './output.js' && context.parentURL?.endsWith('/node_modules/ink/build/renderer.js') ? next(ours, context) : next(specifier, context)),
  });
}
const { render } = await import('ink');
const { App } = await import('../src/views/App.js');
const { FakeConsoleApi, makePod } = await import('../test/component/fake-api.js');
const { takeEscapeAtOnce } = await import('../src/views/router/escape.js');
const presses = Number(args[1] ?? '400');
const keys = keysArg === 'bench' ? keySequence(presses) : [...keysArg];
const gap = () => (gapArg !== undefined ? Number(gapArg) : keysArg === 'bench' ? 30 + Math.random() * 70 : 2);
// what each press is: letters after `/` until Esc are typed
let typing = false;
const kinds = keys.map((k) => {
  if (k === '/') typing = true;
  else if (k === '\u001B') typing = false;
  else if (typing) return 'typed';
  return keyName(k);
});

class Out extends EventEmitter {
  isTTY = true;
  columns = 120;
  rows = 40;
  bytes = 0;
  writes = 0;
  onWrite?: () => void;
  write(s: string) {
    this.bytes += Buffer.byteLength(s);
    this.writes++;
    if (s.length > 8) this.onWrite?.();
    return true;
  }
}
class In extends EventEmitter {
  isTTY = true;
  data: string | null = null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  press(d: string) {
    this.data = d;
    this.emit('readable');
  }
}

const api = new FakeConsoleApi();
const names = ['api', 'worker', 'cache', 'ingest', 'scraper'];
api.pods.set(Array.from({ length: n }, (_, i) => makePod({ namespace: `team-${i % 37}`, name: `${names[i % 5]}-${i % 977}-deployment-7d9f8c${String(i).padStart(6, '0')}`, node: `node-${i % 311}`, ageMs: (i % 5000) * 1000 + (old ? 86_400_000 : 0) })));
const stdout = new Out();
const stdin = new In();
// as app.tsx does: a lone Esc is the Esc key, not held 20 ms as a sequence's start
takeEscapeAtOnce(stdin as unknown as NodeJS.ReadStream);
const renders: number[] = [];
render(<App api={api} onQuit={() => {}} colors />, {
  stdout: stdout as unknown as NodeJS.WriteStream,
  stdin: stdin as unknown as NodeJS.ReadStream,
  stderr: new Out() as unknown as NodeJS.WriteStream,
  exitOnCtrlC: false,
  patchConsole: false,
  interactive: true,
  incrementalRendering: true,
  maxFps: 1000,
  onRender: ({ renderTime }) => renders.push(renderTime),
});
await new Promise((r) => setTimeout(r, 500));
if (idle > 0) {
  const r0 = renders.length;
  const c0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, idle * 1000));
  const c = process.cpuUsage(c0);
  console.log(`idle ${idle} s: ${renders.length - r0} Ink renders, CPU ${((c.user + c.system) / 1000).toFixed(0)} ms`);
}
const lat: number[] = [];
const cpuPerKey: number[] = [];
const bytes0 = stdout.bytes;
const cpu0 = process.cpuUsage();
for (let i = 0; i < presses; i++) {
  const at = performance.now();
  const c0 = process.cpuUsage();
  const drawn = new Promise<void>((resolve) => (stdout.onWrite = resolve));
  stdin.press(keys[i % keys.length]!);
  await Promise.race([drawn, new Promise((r) => setTimeout(r, 1000))]);
  lat.push(performance.now() - at);
  const c = process.cpuUsage(c0);
  cpuPerKey.push((c.user + c.system) / 1000);
  await new Promise((r) => setTimeout(r, gap()));
}
const cpu = process.cpuUsage(cpu0);
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const p = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))]!.toFixed(2);
  return `p50 ${p(0.5)} p95 ${p(0.95)} p99 ${p(0.99)} max ${p(1)}`;
};
console.log(`${n} pods, ${presses} presses: key → frame ms ${stats(lat)}; Ink render ms ${stats(renders.slice(-presses))}; ${Math.round((stdout.bytes - bytes0) / presses)} bytes per key; CPU ${((cpu.user + cpu.system) / 1000 / presses).toFixed(2)} ms per key (between keys included)`);
if (keysArg === 'bench') {
  for (const k of new Set(kinds)) {
    const of = (xs: number[]) => xs.filter((_, i) => kinds[i % kinds.length] === k);
    console.log(`  ${k.padEnd(6)} key → frame ${stats(of(lat))} (${of(lat).length}); CPU key → frame ${stats(of(cpuPerKey))}`);
  }
  const slow = lat.map((ms, i) => ({ ms, i })).filter((o) => o.ms > 16);
  if (slow.length) console.log(`  over 16 ms: ${slow.map((o) => `#${o.i} ${kinds[o.i % kinds.length]} ${JSON.stringify(keys[o.i % keys.length])} ${o.ms.toFixed(0)}`).join(', ')}`);
}
process.exit(0);
