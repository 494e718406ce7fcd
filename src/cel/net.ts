// The Kubernetes IP and CIDR CEL libraries (k8s.io/apiserver/pkg/cel/library/ip.go,
// cidr.go; Kubernetes 1.30+), with Go's net/netip rules: no zones, no IPv4-mapped IPv6,
// no leading zeros in IPv4 octets.
import type { Environment } from '@marcbachmann/cel-js';

export class IP {
  constructor(
    readonly family: 4 | 6,
    readonly value: bigint,
  ) {}
  get bits(): number {
    return this.family === 4 ? 32 : 128;
  }
  toString(): string {
    if (this.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((this.value >> s) & 255n)).join('.');
    const groups = Array.from({ length: 8 }, (_, i) => Number((this.value >> BigInt(112 - 16 * i)) & 0xffffn));
    // RFC 5952: the longest run (of at least two) of zero groups becomes "::"
    let best = [-1, 0];
    for (let i = 0; i < 8; ) {
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > best[1]! && j - i >= 2) best = [i, j - i];
      i = j > i ? j : i + 1;
    }
    const hex = groups.map((g) => g.toString(16));
    if (best[0]! < 0) return hex.join(':');
    return `${hex.slice(0, best[0]).join(':')}::${hex.slice(best[0]! + best[1]!).join(':')}`;
  }
}

export class CIDR {
  constructor(
    readonly ip: IP,
    readonly prefix: number,
  ) {}
  mask(): bigint {
    const host = BigInt(this.ip.bits - this.prefix);
    return ((1n << BigInt(this.ip.bits)) - 1n) ^ ((1n << host) - 1n);
  }
  contains(ip: IP): boolean {
    return ip.family === this.ip.family && (ip.value & this.mask()) === (this.ip.value & this.mask());
  }
  toString(): string {
    return `${this.ip}/${this.prefix}`;
  }
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  let tail: bigint | undefined;
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    tail = parseV4(s.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    text = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let v = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(`0x${g}`);
  }
  if (tail !== undefined) v = (v & ~0xffffffffn) | tail;
  return v;
}

export function parseIP(raw: string): IP {
  if (raw.includes('%')) throw new Error(`IP address ${JSON.stringify(raw)} with zone value is not allowed`);
  const v4 = parseV4(raw);
  if (v4 !== undefined) return new IP(4, v4);
  const v6 = raw.includes(':') ? parseV6(raw) : undefined;
  if (v6 === undefined) throw new Error(`IP Address ${JSON.stringify(raw)} parse error during conversion from string: ParseAddr(${JSON.stringify(raw)}): unable to parse IP`);
  if (v6 >> 32n === 0xffffn) throw new Error(`IPv4-mapped IPv6 address ${JSON.stringify(raw)} is not allowed`);
  return new IP(6, v6);
}

export function parseCIDR(raw: string): CIDR {
  const slash = raw.lastIndexOf('/');
  const bad = () => new Error(`network address parse error during conversion from string: netip.ParsePrefix(${JSON.stringify(raw)}): invalid prefix`);
  if (slash < 0 || raw.includes('%')) throw bad();
  let ip: IP;
  try {
    ip = parseIP(raw.slice(0, slash));
  } catch (err) {
    if (/IPv4-mapped/.test((err as Error).message)) throw err;
    throw bad();
  }
  const bits = raw.slice(slash + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(bits) || Number(bits) > ip.bits) throw bad();
  return new CIDR(ip, Number(bits));
}

const ok = (f: () => unknown) => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

function inNet(ip: IP, v4: [bigint, number] | undefined, v6: [bigint, number] | undefined): boolean {
  const net = ip.family === 4 ? v4 : v6;
  if (!net) return false;
  return new CIDR(new IP(ip.family, net[0]), net[1]).contains(ip);
}

class IPNamespace {}

/** ip.isCanonical: the address is written as netip.Addr.String() writes it (IPv4: any valid one) */
export function isCanonicalIP(s: string): boolean {
  return parseIP(s).toString() === s;
}

export function registerNet(env: Environment): void {
  const fn = (sig: string, impl: (...args: never[]) => unknown) => env.registerFunction(sig, impl as never);
  env.registerType('IPNamespace', IPNamespace as never);
  env.registerConstant('ip', 'IPNamespace', new IPNamespace());
  fn('IPNamespace.isCanonical(string): bool', (_: unknown, s: string) => isCanonicalIP(s));
  env.registerType('net.IP', IP as never);
  env.registerType('net.CIDR', CIDR as never);
  fn('ip(string): net.IP', (s: string) => parseIP(s));
  fn('isIP(string): bool', (s: string) => ok(() => parseIP(s)));
  fn('string(net.IP): string', (ip: IP) => ip.toString());
  fn('net.IP.family(): int', (ip: IP) => BigInt(ip.family));
  fn('net.IP.isUnspecified(): bool', (ip: IP) => ip.value === 0n);
  fn('net.IP.isLoopback(): bool', (ip: IP) => inNet(ip, [0x7f000000n, 8], [1n, 128]));
  fn('net.IP.isLinkLocalMulticast(): bool', (ip: IP) => inNet(ip, [0xe0000000n, 24], undefined) || (ip.family === 6 && ((ip.value >> 112n) & 0xff0fn) === 0xff02n));
  fn('net.IP.isLinkLocalUnicast(): bool', (ip: IP) => inNet(ip, [0xa9fe0000n, 16], [0xfe80n << 112n, 10]));
  fn('net.IP.isGlobalUnicast(): bool', (ip: IP) => {
    if (ip.value === 0n || (ip.family === 4 && ip.value === 0xffffffffn)) return false;
    const multicast = inNet(ip, [0xe0000000n, 4], [0xffn << 120n, 8]);
    const loop = inNet(ip, [0x7f000000n, 8], [1n, 128]);
    return !multicast && !loop && !inNet(ip, [0xa9fe0000n, 16], [0xfe80n << 112n, 10]);
  });
  env.registerOperator('net.IP == net.IP', ((a: IP, b: IP) => a.family === b.family && a.value === b.value) as never);

  fn('cidr(string): net.CIDR', (s: string) => parseCIDR(s));
  fn('isCIDR(string): bool', (s: string) => ok(() => parseCIDR(s)));
  fn('string(net.CIDR): string', (c: CIDR) => c.toString());
  fn('net.CIDR.containsIP(net.IP): bool', (c: CIDR, ip: IP) => c.contains(ip));
  fn('net.CIDR.containsIP(string): bool', (c: CIDR, s: string) => c.contains(parseIP(s)));
  fn('net.CIDR.containsCIDR(net.CIDR): bool', (c: CIDR, o: CIDR) => o.prefix >= c.prefix && c.contains(o.ip));
  fn('net.CIDR.containsCIDR(string): bool', (c: CIDR, s: string) => {
    const o = parseCIDR(s);
    return o.prefix >= c.prefix && c.contains(o.ip);
  });
  fn('net.CIDR.ip(): net.IP', (c: CIDR) => c.ip);
  fn('net.CIDR.masked(): net.CIDR', (c: CIDR) => new CIDR(new IP(c.ip.family, c.ip.value & c.mask()), c.prefix));
  fn('net.CIDR.prefixLength(): int', (c: CIDR) => BigInt(c.prefix));
  env.registerOperator('net.CIDR == net.CIDR', ((a: CIDR, b: CIDR) => a.prefix === b.prefix && a.ip.family === b.ip.family && a.ip.value === b.ip.value) as never);
}
