// Semantic versions for CEL (k8s.io/apiserver/pkg/cel/library/semverlib.go), parsed as
// strictly as github.com/blang/semver/v4's Parse; normalize is the library's own
// normalizeAndParse ("v" prefix, missing minor/patch, leading zeros).

export class Semver {
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: (string | bigint)[],
    readonly build: string[],
  ) {}
  compare(o: Semver): -1 | 0 | 1 {
    for (const [a, b] of [
      [this.major, o.major],
      [this.minor, o.minor],
      [this.patch, o.patch],
    ] as const) {
      if (a !== b) return a < b ? -1 : 1;
    }
    // a version without pre-release parts is greater than one with them
    if (!this.pre.length || !o.pre.length) return this.pre.length === o.pre.length ? 0 : this.pre.length ? -1 : 1;
    for (let i = 0; i < Math.min(this.pre.length, o.pre.length); i++) {
      const a = this.pre[i]!;
      const b = o.pre[i]!;
      if (a === b) continue;
      if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : 1;
      if (typeof a === 'bigint') return -1; // numeric identifiers sort before alphanumeric ones
      if (typeof b === 'bigint') return 1;
      return a < b ? -1 : 1;
    }
    return this.pre.length === o.pre.length ? 0 : this.pre.length < o.pre.length ? -1 : 1;
  }
  toString(): string {
    const pre = this.pre.length ? `-${this.pre.join('.')}` : '';
    const build = this.build.length ? `+${this.build.join('.')}` : '';
    return `${this.major}.${this.minor}.${this.patch}${pre}${build}`;
  }
}

const NUMERIC = /^(0|[1-9][0-9]*)$/;
const IDENT = /^[0-9A-Za-z-]+$/;

function number(part: string, what: string): bigint {
  if (!/^[0-9]+$/.test(part)) throw new Error(`Invalid character(s) found in ${what} number "${part}"`);
  if (!NUMERIC.test(part)) throw new Error(`${what[0]!.toUpperCase()}${what.slice(1)} number must not contain leading zeroes "${part}"`);
  return BigInt(part);
}

/** blang/semver Parse */
export function parseSemver(text: string): Semver {
  const parts = text.split('.', 3);
  if (text.split('.').length < 3 || parts.length !== 3) throw new Error('No Major.Minor.Patch elements found');
  const major = number(parts[0]!, 'major');
  const minor = number(parts[1]!, 'minor');
  let rest = text.slice(parts[0]!.length + parts[1]!.length + 2);
  let build: string[] = [];
  let pre: (string | bigint)[] = [];
  const plus = rest.indexOf('+');
  if (plus >= 0) {
    build = rest.slice(plus + 1).split('.');
    for (const b of build) if (!IDENT.test(b)) throw new Error(`Invalid character(s) found in build meta data "${b}"`);
    rest = rest.slice(0, plus);
  }
  const dash = rest.indexOf('-');
  if (dash >= 0) {
    pre = rest
      .slice(dash + 1)
      .split('.')
      .map((p) => {
        if (!IDENT.test(p)) throw new Error(`Invalid character(s) found in prerelease "${p}"`);
        if (/^[0-9]+$/.test(p)) {
          if (!NUMERIC.test(p)) throw new Error(`Numeric PreRelease version must not contain leading zeroes "${p}"`);
          return BigInt(p);
        }
        return p;
      });
    rest = rest.slice(0, dash);
  }
  const patch = number(rest, 'patch');
  return new Semver(major, minor, patch, pre, build);
}

/** semverlib.go normalizeAndParse */
export function normalizeAndParseSemver(text: string): Semver {
  const s = text.startsWith('v') ? text.slice(1) : text;
  const parts = s.split('.');
  const head = parts.length > 3 ? [parts[0]!, parts[1]!, parts.slice(2).join('.')] : parts;
  const trimmed = head.map((p) => {
    if (p.length <= 1) return p;
    const t = p.replace(/^0+/, '');
    return t === '' || !/^[0-9]/.test(t) ? `0${t}` : t;
  });
  if (trimmed.length < 3) {
    if (/[+-]/.test(trimmed[trimmed.length - 1]!)) throw new Error('short version cannot contain PreRelease/Build meta data');
    while (trimmed.length < 3) trimmed.push('0');
  }
  return parseSemver(trimmed.join('.'));
}
