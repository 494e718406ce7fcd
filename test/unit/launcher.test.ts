// dist/kubedeck.mjs is a launcher carrying the bundle as comment lines (scripts/launcher.mjs):
// it must run the bundle it carries, from the user's cache folder with Node's compile cache,
// or from a private copy where that folder is not the user's alone, and refuse a damaged file.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launcherFor } from '../../scripts/launcher.mjs';

// a stand-in bundle: a shebang, top-level await, comments with */ and non-ASCII text, a
// template literal over several lines (each must come back exactly as it was)
const BUNDLE = [
  '#!/usr/bin/env node',
  '/* a comment that ends */ const where = import.meta.url; // “quoted” → arrow',
  'const text = `two',
  '  lines`;',
  'await new Promise((r) => setTimeout(r, 1));',
  'console.log(JSON.stringify({ where, text, cache: process.env.NODE_COMPILE_CACHE ?? null, args: process.argv.slice(2) }));',
  '',
].join('\n');

function setUp(bundle = BUNDLE) {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-launcher-'));
  const file = join(dir, 'kubedeck.mjs');
  writeFileSync(file, launcherFor(bundle));
  const cache = join(dir, 'cache');
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const run = (...args: string[]) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NODE_COMPILE_CACHE') env[k] = v;
    const r = spawnSync(process.execPath, [file, ...args], { env: { ...env, XDG_CACHE_HOME: cache, TMPDIR: tmp }, encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr, out: r.status === 0 ? (JSON.parse(r.stdout) as { where: string; text: string; cache: string | null; args: string[] }) : undefined };
  };
  return { dir, file, cache, tmp, run };
}

describe('the launcher (dist/kubedeck.mjs)', () => {
  it('runs the bundle it carries from a copy in the cache folder, with the compile cache on', () => {
    const { cache, run } = setUp();
    const first = run('--version');
    expect(first.stderr).toBe('');
    expect(first.out?.args).toEqual(['--version']);
    expect(first.out?.text).toBe('two\n  lines');
    const copy = fileURLToPath(first.out!.where);
    expect(copy.startsWith(join(cache, 'kubedeck', 'bundle') + '/')).toBe(true);
    expect(readFileSync(copy, 'utf8')).toBe(BUNDLE);
    expect(statSync(copy).mode & 0o077).toBe(0);
    expect(first.out?.cache).toBe(join(cache, 'kubedeck', 'compile-cache'));
    // the second start uses the same copy, not a new one
    const made = statSync(copy).ino;
    const second = run();
    expect(second.out?.where).toBe(first.out?.where);
    expect(statSync(copy).ino).toBe(made);
  });

  it("removes other versions' copies unused for a week, and keeps those in use", () => {
    const { cache, run } = setUp();
    const dir = join(cache, 'kubedeck', 'bundle');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const unused = join(dir, 'kubedeck-0123456789abcdef.mjs');
    const recent = join(dir, 'kubedeck-fedcba9876543210.mjs');
    writeFileSync(unused, 'console.log("old")', { mode: 0o600 });
    writeFileSync(recent, 'console.log("other")', { mode: 0o600 });
    const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    utimesSync(unused, weekAgo, weekAgo);
    const first = run();
    expect(first.status).toBe(0);
    const copy = fileURLToPath(first.out!.where);
    expect(readdirSync(dir).sort()).toEqual([copy.slice(dir.length + 1), 'kubedeck-fedcba9876543210.mjs'].sort());
    // a start that uses its copy marks it used
    utimesSync(copy, weekAgo, weekAgo);
    expect(run().status).toBe(0);
    expect(Date.now() - statSync(copy).mtimeMs).toBeLessThan(24 * 3600 * 1000);
  });

  it('starts at the same time as others on an empty cache, each running the bundle', async () => {
    const { file, cache, tmp } = setUp();
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NODE_COMPILE_CACHE') env[k] = v;
    const runs = Array.from({ length: 4 }, () => new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [file], { env: { ...env, XDG_CACHE_HOME: cache, TMPDIR: tmp } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ code, out }));
    }));
    for (const r of await Promise.all(runs)) {
      expect(r.code).toBe(0);
      expect((JSON.parse(r.out) as { text: string }).text).toBe('two\n  lines');
    }
    expect(readdirSync(join(cache, 'kubedeck', 'bundle'))).toHaveLength(1);
  });

  it('runs from a private copy, removed at exit, when the cache folder may be written by others', () => {
    const { cache, tmp, run } = setUp();
    const dir = join(cache, 'kubedeck', 'bundle');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    const r = run();
    expect(r.status).toBe(0);
    expect(r.out?.text).toBe('two\n  lines');
    expect(fileURLToPath(r.out!.where).startsWith(tmp + '/')).toBe(true);
    expect(r.out?.cache).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('refuses a damaged file with one line', () => {
    const { file, run } = setUp();
    writeFileSync(file, readFileSync(file, 'utf8').replace('//const text', '//const txet'));
    const r = run();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^kubedeck: .*kubedeck\.mjs is damaged \(its bundle does not match its hash\): copy it again\n$/);
  });

  it('carries no line terminator a comment line would not hold', () => {
    expect(() => launcherFor('a\r\nb')).toThrow(/line terminator/);
    expect(() => launcherFor('a\u2028b')).toThrow(/line terminator/);
  });
});
