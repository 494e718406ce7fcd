// The Kubernetes library parts kubedeck's CEL environments add to the engine, with the
// examples of their upstream documentation (k8s.io/apiserver/pkg/cel/library/*.go).
import { describe, expect, it } from 'vitest';
import { kubernetesEnvironment } from '../../src/cel/library.js';
import { compile, outcome } from '../../src/cel/eval.js';

const env = kubernetesEnvironment();
env.registerVariable('claims', 'map<string, dyn>');
const run = (expr: string, claims: Record<string, unknown> = {}) => {
  const r = outcome(compile(env, expr), { claims });
  return r.kind === 'value' ? r.value : r;
};

describe('Kubernetes CEL library parts', () => {
  it('quantity: exact comparisons and arithmetic', () => {
    expect(run('quantity("200M").compareTo(quantity("0.2G")) == 0')).toBe(true);
    expect(run('quantity("50M").compareTo(quantity("50Mi"))')).toBe(-1n);
    expect(run('quantity("50k").add(20) == quantity("50020")')).toBe(true);
    expect(run('quantity("50k").add(20).sub(quantity("100k")).sub(-50000) == quantity("20")')).toBe(true);
    expect(run('quantity("50k").asInteger() == 50000')).toBe(true);
    expect(run('quantity("9999999999999999999999999999999999999G").isInteger()')).toBe(false);
    expect(run('quantity("9999999999999999999999999999999999999G").asInteger()')).toMatchObject({ kind: 'runtimeError', message: expect.stringContaining('cannot convert value to integer') });
    expect(run('isQuantity("1.5Gi") && !isQuantity("1.5 Gi")')).toBe(true);
  });

  it('semver: strict by default, normalized on request', () => {
    expect(run('semver("1.2.3-alpha.1").isLessThan(semver("1.2.3"))')).toBe(true);
    expect(run('isSemver("v1.0.0")')).toBe(false);
    expect(run('isSemver("v1.0", true) && semver("v01.2", true) == semver("1.2.0")')).toBe(true);
    expect(run('semver("1.0.0-2").isLessThan(semver("1.0.0-10"))')).toBe(true);
  });

  it('two-variable comprehensions over maps and lists', () => {
    const claims = { m: { a: 1n, b: 2n }, l: ['x', 'y'] };
    expect(run('claims.m.all(k, v, v > 0)', claims)).toBe(true);
    expect(run('claims.m.exists(k, v, k == "b" && v == 2)', claims)).toBe(true);
    expect(run('claims.m.existsOne(k, v, v > 0)', claims)).toBe(false);
    expect(run('claims.l.transformList(i, v, v + string(i))', claims)).toEqual(['x0', 'y1']);
    expect(run('claims.m.transformMap(k, v, v * 10)', claims)).toEqual(new Map([['a', 10n], ['b', 20n]]));
    expect(run("claims.m.transformMapEntry(k, v, {k + '!': v})", claims)).toEqual(new Map([['a!', 1n], ['b!', 2n]]));
  });

  it('optional types, cel.bind, regex and the string and list extensions', () => {
    expect(run("claims.?email_verified.orValue(true)", {})).toBe(true);
    expect(run("claims.?email_verified.orValue(true)", { email_verified: false })).toBe(false);
    expect(run("cel.bind(u, claims.user, u + '@' + u)", { user: 'a' })).toBe('a@a');
    expect(run("'abc123def'.findAll('[0-9]')")).toEqual(['1', '2', '3']);
    expect(run("'a.b.c'.replace('.', '/', 1)")).toBe('a/b.c');
    expect(run('[3, 1, 2].sort() == [1, 2, 3] && [[1], [2, 3]].flatten() == [1, 2, 3] && [1, 2, 1].distinct() == [1, 2]')).toBe(true);
    expect(run('[1, 2, 3].includes(2) && sets.contains([1, 2], [2]) && [1, 2, 3].sum() == 6')).toBe(true);
  });

  it('sortBy and strings.quote (examples of cel-go ext/lists_test.go and strings_test.go)', () => {
    expect(run('[-3, 1, -5, -2, 4].sortBy(e, -(e * e)) == [-5, 4, -3, -2, 1]')).toBe(true);
    expect(run('lists.range(3).sortBy(e, -e) == [2, 1, 0]')).toBe(true);
    expect(run('["a", "c", "b", "first"].sortBy(e, e == "first" ? "" : e) == ["first", "a", "b", "c"]')).toBe(true);
    expect(run("[{'x': 4}, {'x': 3}].sortBy(m, m['x']) == [{'x': 3}, {'x': 4}]")).toBe(true);
    expect(run('strings.quote("first\\nsecond") == "\\"first\\\\nsecond\\""')).toBe(true);
    expect(run('strings.quote("mid string \\" quote") == "\\"mid string \\\\\\" quote\\""')).toBe(true);
    expect(run('strings.quote("bell\\a") == "\\"bell\\\\a\\""')).toBe(true);
    expect(run('strings.quote("завтра") == "\\"завтра\\""')).toBe(true);
  });

  it('string.format for the clauses that need no locale (examples of cel-go ext/strings_test.go)', () => {
    expect(run(`"%s %s %s".format([dyn("abc"), dyn(2), dyn(true)])`)).toBe("abc 2 true");
    expect(run(`"%s".format([[dyn("abc"), dyn(3.0 < 4.0), dyn(null)]])`)).toBe(`["abc", true, null]`);
    expect(run(`"%d and %x and %X and %o and %b".format([42, 255, 255, 8, 5])`)).toBe('42 and ff and FF and 10 and 101');
    expect(run(`"%x".format(["Hello"])`)).toBe('48656c6c6f');
    expect(run(`"100%% sure".format([])`)).toBe('100% sure');
    expect(run(`"%d".format(["x"])`)).toMatchObject({ kind: 'runtimeError', message: expect.stringContaining('decimal clause can only be used on integers, was given string') });
    expect(run(`"%s:%s".format([claims.iss, claims.sub])`, { iss: 'https://i', sub: 'u' })).toBe('https://i:u');
  });

  it('the format library', () => {
    expect(run("!format.dns1123Label().validate('my-name').hasValue()")).toBe(true);
    expect(run("format.named('dns1123Label').value().validate('My_Name').value()")).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(run("!format.named('nope').hasValue() && !format.qualifiedName().validate('example.com/MyName').hasValue()")).toBe(true);
  });

  it('IP and CIDR', () => {
    expect(run("ip('10.0.0.1').family() == 4 && ip('::1').isLoopback()")).toBe(true);
    expect(run("cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP(ip('11.0.0.1'))")).toBe(true);
    expect(run("string(cidr('192.168.1.7/24').masked()) == '192.168.1.0/24'")).toBe(true);
    expect(run("string(ip('2001:db8:0:0:0:0:0:1')) == '2001:db8::1'")).toBe(true);
    expect(run("isIP('127.0.0.256') || isIP('::ffff:1.2.3.4') || isIP('fe80::1%eth0') || isIP('01.2.3.4')")).toBe(false);
  });

  it('says "cannot evaluate" for what it does not implement, never false', () => {
    expect(run("'%.2f'.format([claims.n])", { n: 1.5 })).toEqual({ kind: 'cannotEvaluate', feature: 'string.format clause %.' });
    expect(run("'%s'.format([claims.n])", { n: 1.5 })).toEqual({ kind: 'cannotEvaluate', feature: 'string.format of a double value' });
    expect(run('1 in [1].map(x, x).exists(y, math.greatest(y, 2) == 2)')).toEqual({ kind: 'cannotEvaluate', feature: 'the math extension' });
    // a real mistake stays a compile error
    expect(run('claimz.a == 1')).toMatchObject({ kind: 'compileError' });
  });

  it('an older server has only the parts of its version', () => {
    const old = kubernetesEnvironment({ minor: 30 });
    old.registerVariable('claims', 'map<string, dyn>');
    expect(outcome(compile(old, "semver('1.0.0').major() == 1"), { claims: {} })).toMatchObject({ kind: 'compileError' });
    expect(outcome(compile(old, "claims.all(k, v, true)"), { claims: {} })).toMatchObject({ kind: 'compileError' });
  });
});
