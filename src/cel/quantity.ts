// Kubernetes resource.Quantity for CEL (k8s.io/apiserver/pkg/cel/library/quantity.go):
// an exact rational (BigInt numerator / denominator), so "1Mi" > "1Ki" and
// quantity("200M").compareTo(quantity("0.2G")) == 0 hold without float rounding.

const SUFFIX: Record<string, [bigint, bigint]> = {
  n: [1n, 1_000_000_000n],
  u: [1n, 1_000_000n],
  m: [1n, 1000n],
  '': [1n, 1n],
  k: [1000n, 1n],
  M: [10n ** 6n, 1n],
  G: [10n ** 9n, 1n],
  T: [10n ** 12n, 1n],
  P: [10n ** 15n, 1n],
  E: [10n ** 18n, 1n],
  Ki: [2n ** 10n, 1n],
  Mi: [2n ** 20n, 1n],
  Gi: [2n ** 30n, 1n],
  Ti: [2n ** 40n, 1n],
  Pi: [2n ** 50n, 1n],
  Ei: [2n ** 60n, 1n],
};

// resource.ParseQuantity: a signed decimal number, then an SI suffix, a binary suffix or an exponent
const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

const abs = (n: bigint) => (n < 0n ? -n : n);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a || 1n;
}

export class Quantity {
  readonly num: bigint;
  readonly den: bigint;
  constructor(num: bigint, den: bigint, readonly text: string) {
    const g = gcd(num, den);
    this.num = num / g;
    this.den = den / g;
  }
  compare(o: Quantity): -1 | 0 | 1 {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  add(o: Quantity): Quantity {
    return new Quantity(this.num * o.den + o.num * this.den, this.den * o.den, '');
  }
  negate(): Quantity {
    return new Quantity(-this.num, this.den, '');
  }
  isInteger(): boolean {
    return this.den === 1n && this.num <= INT64_MAX && this.num >= INT64_MIN;
  }
  /** resource.Quantity.String() is canonical; the text the object gave is closer to what a user wrote */
  toString(): string {
    if (this.text) return this.text;
    return this.den === 1n ? String(this.num) : String(Number(this.num) / Number(this.den));
  }
}

/** Parses like resource.ParseQuantity; throws with the API server's message on bad input. */
export function parseQuantity(text: string): Quantity {
  const m = QUANTITY.exec(text);
  if (!m) throw new Error('quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'');
  const [, number, suffix = ''] = m;
  const negative = number.startsWith('-');
  const digits = number.replace(/^[+-]/, '');
  const [whole, frac = ''] = digits.split('.');
  let num = BigInt((whole || '0') + frac);
  let den = 10n ** BigInt(frac.length);
  if (/^[eE]/.test(suffix)) {
    const exp = BigInt(suffix.slice(1));
    if (exp >= 0n) num *= 10n ** exp;
    else den *= 10n ** -exp;
  } else {
    const [mul, div] = SUFFIX[suffix]!;
    num *= mul;
    den *= div;
  }
  return new Quantity(negative ? -num : num, den, text);
}

export function isQuantity(text: string): boolean {
  return QUANTITY.test(text);
}

export function quantityFromInt(n: bigint): Quantity {
  return new Quantity(n, 1n, '');
}

export function asInteger(q: Quantity): bigint {
  if (!q.isInteger()) throw new Error('cannot convert value to integer');
  return q.num;
}

export function asApproximateFloat(q: Quantity): number {
  return Number(q.num) / Number(q.den);
}

export function sign(q: Quantity): bigint {
  return q.num > 0n ? 1n : q.num < 0n ? -1n : 0n;
}
