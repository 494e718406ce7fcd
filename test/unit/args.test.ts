// The command line as a user types it: kubedeck's flags read as they did under meow.
import { describe, expect, it } from 'vitest';
import { parseCommandLine, type FlagSpec } from '../../src/args.js';

const SPEC = {
  kubeconfig: { type: 'string' },
  namespace: { type: 'string', shortFlag: 'n' },
  allNamespaces: { type: 'boolean', shortFlag: 'A', default: false },
  asGroup: { type: 'string', isMultiple: true },
  demoPods: { type: 'number', default: 0 },
  altScreen: { type: 'boolean', default: true },
  output: { type: 'string', shortFlag: 'o', default: 'table' },
} as const satisfies Record<string, FlagSpec>;

const run = (...argv: string[]) => {
  const r = parseCommandLine(argv, SPEC);
  if (r.kind !== 'run') throw new Error(`not a run: ${JSON.stringify(r)}`);
  return r;
};

describe('the command line', () => {
  it('reads --kebab-case flags as camelCase, with defaults for what is not given', () => {
    const r = run('--kubeconfig', '/k', '-A', 'snapshot', 'pods');
    expect(r.flags).toEqual({ kubeconfig: '/k', allNamespaces: true, demoPods: 0, altScreen: true, output: 'table' });
    expect(r.input).toEqual(['snapshot', 'pods']);
    expect(r.unknown).toEqual([]);
  });

  it('takes -n NS, -nNS, --namespace=NS and the last of a flag given twice', () => {
    expect(run('-n', 'web').flags.namespace).toBe('web');
    expect(run('-nweb').flags.namespace).toBe('web');
    expect(run('--namespace=web').flags.namespace).toBe('web');
    expect(run('-n', 'a', '-n', 'b').flags.namespace).toBe('b');
  });

  it('gives a string flag with no value, or one followed by another flag, the empty value', () => {
    expect(run('-n').flags.namespace).toBe('');
    expect(run('snapshot', 'pods', '-n').flags.namespace).toBe('');
    const r = run('-n', '-A');
    expect(r.flags.namespace).toBe('');
    expect(r.flags.allNamespaces).toBe(true);
  });

  it('reads numbers, repeated flags and --no- booleans', () => {
    expect(run('--demo-pods', '3000').flags.demoPods).toBe(3000);
    expect(run('--demo-pods', 'abc').flags.demoPods).toBeNaN();
    expect(run('--as-group', 'a', '--as-group=b').flags.asGroup).toEqual(['a', 'b']);
    expect(run('--no-alt-screen').flags.altScreen).toBe(false);
    expect(run('--alt-screen=false').flags.altScreen).toBe(false);
  });

  it('returns unknown flags by the name typed, and takes what follows -- as input', () => {
    expect(run('--frob', '-x', '--no-frob-it').unknown).toEqual(['--frob', '-x', '--frob-it']);
    expect(run('why', '--', '-A').input).toEqual(['why', '-A']);
  });

  it('asks for the help or the version wherever --help or --version is, and says a boolean takes no value', () => {
    expect(parseCommandLine(['--help'], SPEC).kind).toBe('help');
    expect(parseCommandLine(['snapshot', '--help', '-A'], SPEC).kind).toBe('help');
    expect(parseCommandLine(['-h'], SPEC).kind).toBe('help');
    expect(parseCommandLine(['--version'], SPEC).kind).toBe('version');
    expect(parseCommandLine(['--', '--help'], SPEC).kind).toBe('run');
    expect(parseCommandLine(['--all-namespaces=maybe'], SPEC)).toEqual({ kind: 'error', message: '--all-namespaces takes no value' });
  });
});
