// A throwaway CA and a serving certificate for 127.0.0.1/localhost, made with
// node's own crypto (ECDSA P-256) and a minimal DER writer: no dependency, ~ms.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

// --- DER -------------------------------------------------------------------
function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag]), len(body.length), body]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, body: Buffer) => tlv(0xa0 + n, body);
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));

function integer(b: Buffer): Buffer {
  const body = b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
  return tlv(0x02, body);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  // UTCTime (YYMMDDHHMMSSZ) is required for dates before 2050.
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return tlv(0x17, Buffer.from(`${iso}Z`, 'ascii'));
}

// --- X.509 -----------------------------------------------------------------
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), utf8(cn))));
const ext = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

interface Issued {
  pem: string;
  key: KeyObject;
  keyId: Buffer;
}

function issue(opts: { subject: string; issuer: string; spki: Buffer; signer: KeyObject; extensions: Buffer[] }): string {
  const serial = randomBytes(16);
  // Positive and minimal: DER rejects a leading zero byte before a byte < 0x80.
  serial[0] = (serial[0] & 0x7f) | 0x40;
  const now = Date.now();
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ECDSA_SHA256,
    name(opts.issuer),
    seq(time(new Date(now - 3600_000)), time(new Date(now + 365 * 86400_000))),
    name(opts.subject),
    opts.spki,
    explicit(3, seq(...opts.extensions)),
  );
  const signature = sign('sha256', tbs, opts.signer);
  const der = seq(tbs, ECDSA_SHA256, bits(signature));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${b64.trim()}\n-----END CERTIFICATE-----\n`;
}

function keyPair(): { key: KeyObject; spki: Buffer; keyId: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // RFC 5280 method 1 would hash only the key bits; any stable hash works as an identifier.
  return { key: privateKey, spki, keyId: createHash('sha1').update(spki).digest() };
}

export interface DemoCerts {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export function makeCerts(): DemoCerts {
  const ca = keyPair();
  const caIssued: Issued = {
    key: ca.key,
    keyId: ca.keyId,
    pem: issue({
      subject: 'kubedeck-demo-ca',
      issuer: 'kubedeck-demo-ca',
      spki: ca.spki,
      signer: ca.key,
      extensions: [
        ext('2.5.29.19', true, seq(bool(true))), // basicConstraints CA:TRUE
        ext('2.5.29.15', true, bits(Buffer.from([0x06]), 1)), // keyUsage keyCertSign, cRLSign
        ext('2.5.29.14', false, octets(ca.keyId)), // subjectKeyIdentifier
      ],
    }),
  };
  const leaf = keyPair();
  const ip = Buffer.from([127, 0, 0, 1]);
  const certPem = issue({
    subject: 'kube-apiserver',
    issuer: 'kubedeck-demo-ca',
    spki: leaf.spki,
    signer: caIssued.key,
    extensions: [
      ext('2.5.29.19', true, seq()), // CA:FALSE
      ext('2.5.29.15', true, bits(Buffer.from([0x80]), 7)), // digitalSignature
      ext('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))), // serverAuth
      ext('2.5.29.17', false, seq(tlv(0x82, Buffer.from('localhost')), tlv(0x87, ip))), // SAN
      ext('2.5.29.35', false, seq(tlv(0x80, caIssued.keyId))), // authorityKeyIdentifier
    ],
  });
  return { caPem: caIssued.pem, certPem, keyPem: leaf.key.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
