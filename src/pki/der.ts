// A minimal DER writer for what kubeadm builds: certificates, CSRs, names, extension values,
// laid out as Go's encoding/asn1 and crypto/x509 write them.

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function length(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n >>>= 8;
  }
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(tag), length(content.length), content]);
}

/** A constructed context-specific tag [n] around `content` (EXPLICIT tagging). */
export const explicit = (n: number, content: Uint8Array): Uint8Array => tlv(0xa0 | n, content);

/** INTEGER of a non-negative number given as big-endian magnitude bytes (minimal form). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const m = magnitude.subarray(i);
  const body = m.length === 0 ? Uint8Array.of(0) : m[0]! & 0x80 ? concat([Uint8Array.of(0), m]) : m;
  return tlv(0x02, body);
}

export const smallInteger = (n: number): Uint8Array => unsignedInteger(Uint8Array.of(n));

/** BIT STRING of whole bytes (no unused bits). */
export const bitString = (bytes: Uint8Array): Uint8Array => tlv(0x03, concat([Uint8Array.of(0), bytes]));

export const derNull = (): Uint8Array => Uint8Array.of(0x05, 0x00);

/**
 * A Time as Go's encoding/asn1 writes it: UTCTime "YYMMDDHHMMSSZ" for years 1950-2049,
 * GeneralizedTime "YYYYMMDDHHMMSSZ" otherwise; whole seconds (Go truncates).
 */
export function time(d: Date): Uint8Array {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const year = d.getUTCFullYear();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return year >= 1950 && year < 2050 ? tlv(0x17, enc.encode(digits.slice(2))) : tlv(0x18, enc.encode(digits));
}

export const seq = (...items: Uint8Array[]): Uint8Array => tlv(0x30, concat(items));
export const set = (...items: Uint8Array[]): Uint8Array => tlv(0x31, concat(items));
export const octetString = (b: Uint8Array): Uint8Array => tlv(0x04, b);
export const bool = (v: boolean): Uint8Array => tlv(0x01, Uint8Array.of(v ? 0xff : 0));

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map(Number);
  const out: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const b: number[] = [arc & 0x7f];
    let v = Math.floor(arc / 128);
    while (v > 0) {
      b.unshift((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(...b);
  }
  return tlv(0x06, Uint8Array.from(out));
}

const enc = new TextEncoder();
export const printableString = (s: string): Uint8Array => tlv(0x13, enc.encode(s));
export const utf8String = (s: string): Uint8Array => tlv(0x0c, enc.encode(s));

/** Bytes compare as DER SET OF ordering does (Go's encoding/asn1 sorts with bytes.Compare). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
