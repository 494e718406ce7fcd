// The command line, parsed with Node's own `util.parseArgs` (docs/performance.md,
// "Frames that remember": meow, the CLI library before it, cost 40–150 ms of start-up
// CPU at import, mostly its bundled package.json normalizer sorting the SPDX licence list
// with localeCompare and compiling semver's regexps; kubedeck uses none of that).
// What kubedeck's flags did under meow, they do here: `--kebab-case` names read as
// camelCase keys, `-n NS` and `-nNS`, `--flag=value`, `--no-FLAG` for booleans, repeatable
// flags, numbers and defaults; `--help` (or `-h`) and `--version` anywhere before `--` print
// the help or the version (meow acted on them only when alone, and ignored them otherwise). A string flag
// followed by another flag (`-n -A`) has no value (the caller says it needs one), and
// unknown flags are returned for the caller's one-line usage error.
import { parseArgs } from 'node:util';

export interface FlagSpec {
  type: 'string' | 'boolean' | 'number';
  shortFlag?: string;
  isMultiple?: boolean;
  default?: string | boolean | number;
}

type Value<S extends FlagSpec> = S['type'] extends 'boolean' ? boolean : S['type'] extends 'number' ? number : S['isMultiple'] extends true ? string[] : string;
export type Flags<T extends Record<string, FlagSpec>> = {
  [K in keyof T]: T[K] extends { default: unknown } ? Value<T[K]> : Value<T[K]> | undefined;
};

export type Parsed<T extends Record<string, FlagSpec>> =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error'; message: string }
  | { kind: 'run'; flags: Flags<T>; input: string[]; unknown: string[] };

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** "--request-timeout" for requestTimeout, "-x" for a one-letter flag */
export function flagName(key: string): string {
  return key.length === 1 ? `-${key}` : `--${kebab(key)}`;
}

export function parseCommandLine<T extends Record<string, FlagSpec>>(argv: readonly string[], spec: T): Parsed<T> {
  const end = argv.indexOf('--');
  const before = end < 0 ? argv : argv.slice(0, end);
  if (before.includes('--help') || before.includes('-h')) return { kind: 'help' };
  if (before.includes('--version')) return { kind: 'version' };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  const byName = new Map<string, string>();
  const byShort = new Map<string, string>();
  for (const [key, s] of Object.entries(spec)) {
    const name = kebab(key);
    options[name] = { type: s.type === 'boolean' ? 'boolean' : 'string', ...(s.shortFlag ? { short: s.shortFlag } : {}), ...(s.isMultiple ? { multiple: true } : {}) };
    byName.set(name, key);
    if (s.shortFlag) byShort.set(s.shortFlag, key);
  }
  // A string flag right before another flag takes no value: `-n -A` is -n without one.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const key = arg.startsWith('--') ? byName.get(arg.slice(2)) : arg.length === 2 && arg[0] === '-' ? byShort.get(arg[1]!) : undefined;
    const next = argv[i + 1];
    if (key !== undefined && spec[key]!.type !== 'boolean' && next !== undefined && next.startsWith('-') && next !== '-' && !/^-\d/.test(next)) {
      args.push(`--${kebab(key)}=`);
    } else args.push(arg);
  }
  const { values, positionals } = parseArgs({ args, options, strict: false, allowPositionals: true, allowNegative: true });
  const flags: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const key = byName.get(name);
    if (key === undefined) {
      unknown.push(name.length === 1 ? `-${name}` : `--${name}`);
      continue;
    }
    const s = spec[key]!;
    if (s.type === 'boolean') {
      if (typeof value === 'string' && value !== 'true' && value !== 'false') return { kind: 'error', message: `${flagName(key)} takes no value` };
      flags[key] = value === true || value === 'true';
    } else {
      // a string flag given without a value: '' (the caller says it needs one)
      const text = (v: unknown) => (typeof v === 'string' ? v : '');
      if (s.isMultiple) flags[key] = (Array.isArray(value) ? value : [value]).map(text);
      else {
        const last = Array.isArray(value) ? value.at(-1) : value;
        flags[key] = s.type === 'number' ? (text(last) === '' ? NaN : Number(text(last))) : text(last);
      }
    }
  }
  for (const [key, s] of Object.entries(spec)) if (!(key in flags) && s.default !== undefined) flags[key] = s.default;
  return { kind: 'run', flags: flags as Flags<T>, input: positionals, unknown };
}
