import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { parseDuration } from './duration.js';
import type { GateRule } from './state/why/types.js';
import { celRuleEvaluator } from './state/why/cel.js';

/** kubedeck's own settings (docs/config.md). Durations are in milliseconds. */
export interface AppConfig {
  /** default namespace scope when no -n/-A; "" = the context's namespace */
  namespace: string;
  ui: { colors: boolean; gatedOnly: boolean; refreshFps: number };
  /**
   * pageSize: LIST page size (and watch-list batch size); timeoutSeconds: watch timeout base,
   * randomized up to 2x; watchList: initial state by watch-list where the server allows it
   */
  watch: { pageSize: number; timeoutSeconds: number; watchList: boolean };
  requestTimeout: number;
  /** file "" = $XDG_STATE_HOME/kubedeck/audit.log */
  audit: { file: string };
  volumes: {
    releasedThreshold: number;
    customFinalizer: string;
    /** argument vectors, run without a shell; [] = no hook */
    hooks: { backup: string[]; cleanup: string[] };
  };
  logs: { bufferLines: number; colors: 'keep' | 'strip' };
  /** command id → keys ("x", "j ↓"); checked against the binding table when the console starts */
  keys: Record<string, string>;
  /** authenticationConfig: an AuthenticationConfiguration file the identity pane previews the session's JWT against; "" = none */
  identity: { authenticationConfig: string };
  /** gate readiness rules, first match wins; a gate no rule names is manual (docs/config.md) */
  gates: { rules: GateRule[] };
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

export const defaultAppConfig: AppConfig = deepFreeze<AppConfig>({
  namespace: '',
  ui: { colors: true, gatedOnly: false, refreshFps: 30 },
  watch: { pageSize: 500, timeoutSeconds: 300, watchList: true },
  requestTimeout: 30_000,
  audit: { file: '' },
  volumes: {
    releasedThreshold: 24 * 3_600_000,
    customFinalizer: 'example.com/custom-cleanup',
    hooks: { backup: [], cleanup: [] },
  },
  logs: { bufferLines: 10_000, colors: 'keep' },
  keys: {},
  identity: { authenticationConfig: '' },
  gates: { rules: [] },
});

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

// One reader per leaf key: returns the value or a description of what was expected.
type Reader = (v: unknown) => { ok: true; value: unknown } | { ok: false; expected: string } | { ok: false; message: string };
interface Schema {
  [key: string]: Reader | Schema;
}

const ok = (value: unknown) => ({ ok: true as const, value });
const bad = (expected: string) => ({ ok: false as const, expected });

const str: Reader = (v) => (typeof v === 'string' ? ok(v) : bad('a string'));
const bool: Reader = (v) => (typeof v === 'boolean' ? ok(v) : bad('true or false'));
const int = (min: number, max: number): Reader => (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? ok(v) : bad(`an integer from ${min} to ${max}`);
const duration: Reader = (v) => {
  if (typeof v !== 'string') return bad('a duration string like "30s" or "1h30m"');
  try {
    return ok(parseDuration(v));
  } catch {
    return bad('a duration string like "30s" or "1h30m"');
  }
};
const oneOf = (...choices: string[]): Reader => (v) =>
  typeof v === 'string' && choices.includes(v) ? ok(v) : bad(`one of ${choices.join(', ')}`);
const argv: Reader = (v) =>
  Array.isArray(v) && v.every((a) => typeof a === 'string') && (v.length === 0 || v[0] !== '')
    ? ok([...v])
    : bad('a list of strings (program then arguments), e.g. ["/usr/local/bin/backup", "--pv"]');

const READY = ['claimsAllocated', 'pvcsBound', 'manual'];
const RULE_SHAPE = 'a list of rules, each {gate: NAME-OR-PATTERN, ready: claimsAllocated|pvcsBound|manual} or {gate: ..., expression: CEL}';

/** gates.rules: each rule names a gate (or a * / ? pattern) and exactly one readiness test; CEL is compiled here. */
const gateRules: Reader = (v) => {
  if (!Array.isArray(v)) return bad(RULE_SHAPE);
  const rules: GateRule[] = [];
  const evaluator = celRuleEvaluator();
  for (const [i, r] of v.entries()) {
    const at = `gates.rules[${i}]`;
    if (!isMap(r)) return { ok: false, message: `"${at}" must be a mapping {gate, ready} or {gate, expression}, got ${JSON.stringify(r)}` };
    const unknown = Object.keys(r).find((k) => !['gate', 'ready', 'expression'].includes(k));
    if (unknown) return { ok: false, message: `"${at}": unknown key "${unknown}" (known keys here: gate, ready, expression)` };
    if (typeof r.gate !== 'string' || r.gate === '') return { ok: false, message: `"${at}.gate" must be a gate name or pattern, got ${JSON.stringify(r.gate)}` };
    if ((r.ready === undefined) === (r.expression === undefined)) return { ok: false, message: `"${at}" needs exactly one of ready (${READY.join(', ')}) or expression (CEL)` };
    if (r.ready !== undefined) {
      if (typeof r.ready !== 'string' || !READY.includes(r.ready)) return { ok: false, message: `"${at}.ready" must be one of ${READY.join(', ')}, got ${JSON.stringify(r.ready)}` };
      rules.push({ gate: r.gate, ready: r.ready as 'claimsAllocated' | 'pvcsBound' | 'manual' });
      continue;
    }
    if (typeof r.expression !== 'string' || r.expression.trim() === '') return { ok: false, message: `"${at}.expression" must be a CEL expression string, got ${JSON.stringify(r.expression)}` };
    const error = evaluator.check(r.expression);
    if (error) return { ok: false, message: `"${at}.expression" ${JSON.stringify(r.expression)}: ${error}` };
    rules.push({ gate: r.gate, ready: { expression: r.expression } });
  }
  return ok(rules);
};

const keyMap: Reader = (v) =>
  isMap(v) && Object.values(v).every((k) => typeof k === 'string') ? ok({ ...v }) : bad('a mapping of command to keys, e.g. { quit: "x", down: "j ↓ n" }');

const schema: Schema = {
  namespace: str,
  ui: { colors: bool, gatedOnly: bool, refreshFps: int(1, 120) },
  watch: { pageSize: int(1, 100_000), timeoutSeconds: int(1, 86_400), watchList: bool },
  requestTimeout: duration,
  audit: { file: str },
  volumes: { releasedThreshold: duration, customFinalizer: str, hooks: { backup: argv, cleanup: argv } },
  logs: { bufferLines: int(1, 10_000_000), colors: oneOf('keep', 'strip') },
  keys: keyMap,
  identity: { authenticationConfig: str },
  gates: { rules: gateRules },
};

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function apply(into: Record<string, unknown>, input: Record<string, unknown>, s: Schema, prefix: string, file: string): void {
  for (const [key, value] of Object.entries(input)) {
    const name = prefix + key;
    const rule = Object.hasOwn(s, key) ? s[key] : undefined;
    if (rule === undefined) {
      throw new ConfigError(`${file}: unknown key "${name}" (known keys here: ${Object.keys(s).join(', ')})`);
    }
    if (typeof rule === 'function') {
      const r = rule(value);
      if (!r.ok) throw new ConfigError('message' in r ? `${file}: ${r.message}` : `${file}: "${name}" must be ${r.expected}, got ${JSON.stringify(value)}`);
      into[key] = r.value;
    } else {
      if (!isMap(value)) throw new ConfigError(`${file}: "${name}" must be a mapping with keys ${Object.keys(rule).join(', ')}`);
      apply(into[key] as Record<string, unknown>, value, rule, `${name}.`, file);
    }
  }
}

/** Reads and validates a config text; exported for tests and for `--config -` style uses. */
export function parseAppConfig(text: string, file: string): AppConfig {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new ConfigError(`${file}: invalid YAML: ${doc.errors[0].message}`);
  const data: unknown = doc.toJS();
  const config = structuredClone(defaultAppConfig);
  if (data === null || data === undefined) return config;
  if (!isMap(data)) throw new ConfigError(`${file}: expected a mapping of settings at the top level`);
  apply(config as unknown as Record<string, unknown>, data, schema, '', file);
  return config;
}

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'kubedeck', 'config.yaml');
}

// The file names programs to run (hooks): anyone who can change it, or swap it
// through its directory, could run code as this user.
function checkSafe(what: string, p: string, st: fs.Stats): void {
  if ((st.mode & 0o022) !== 0) {
    const who = st.mode & 0o002 ? 'everyone' : 'its group';
    throw new ConfigError(
      `refusing ${what} ${p}: it is writable by ${who} (mode ${(st.mode & 0o777).toString(8)}); it can name commands to run. Fix with: chmod go-w ${p}`,
    );
  }
  const uid = process.getuid?.();
  // root may own it too: root can already change anything this user runs
  if (uid !== undefined && st.uid !== uid && st.uid !== 0) {
    throw new ConfigError(`refusing ${what} ${p}: it is owned by uid ${st.uid}, not by you (uid ${uid}); it can name commands to run`);
  }
}

/**
 * Loads --config FILE (must exist) or the default file (missing = defaults),
 * refusing files that others could have changed.
 */
export function loadAppConfig(opts: { path?: string; env?: NodeJS.ProcessEnv } = {}): AppConfig {
  const explicit = opts.path !== undefined && opts.path !== '';
  const file = explicit ? path.resolve(opts.path as string) : defaultConfigPath(opts.env ?? process.env);
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return structuredClone(defaultAppConfig);
    throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`);
  }
  checkSafe('config directory', path.dirname(real), fs.statSync(path.dirname(real)));
  // Check and read the same open file, so it cannot be swapped in between.
  const fd = fs.openSync(real, 'r');
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new ConfigError(`config ${file} is not a regular file`);
    checkSafe('config file', real, st);
    return parseAppConfig(fs.readFileSync(fd, 'utf8'), file);
  } finally {
    fs.closeSync(fd);
  }
}
