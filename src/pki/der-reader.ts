// Reading DER: just enough to walk certificates, CSRs and their extensions.

export class DerError extends Error {}

/** One TLV: its tag, where its header starts, where its content starts and ends. */
export interface Tlv {
  tag: number;
  offset: number;
  start: number;
  end: number;
}

/** The TLV at `offset` (single-byte tags, definite lengths, as DER has them). */
export function readTlv(b: Uint8Array, offset: number, limit = b.length): Tlv {
  if (offset + 2 > limit) throw new DerError("asn1: truncated data");
  const tag = b[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError("asn1: high-tag-number form not supported");
  let len = b[offset + 1]!;
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError("asn1: unsupported length");
    len = 0;
    for (let k = 0; k < n; k++) {
      if (start + k >= limit) throw new DerError("asn1: truncated length");
      len = len * 256 + b[start + k]!;
    }
    start += n;
  }
  const end = start + len;
  if (end > limit) throw new DerError("asn1: data truncated");
  return { tag, offset, start, end };
}

/**
 * The tag and content bounds of the TLV at `offset`, without readTlv's checks: for DER that was
 * already parsed or built here (key identifiers, a parsed certificate's fields).
 */
export function readHeader(b: Uint8Array, offset: number): { tag: number; start: number; end: number } {
  const tag = b[offset]!;
  let len = b[offset + 1]!;
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + b[start + k]!;
    start += n;
  }
  return { tag, start, end: start + len };
}

/** The children of a constructed TLV, in order. */
export function children(b: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = parent.start; p < parent.end; ) {
    const t = readTlv(b, p, parent.end);
    out.push(t);
    p = t.end;
  }
  return out;
}

export const contentOf = (b: Uint8Array, t: Tlv): Uint8Array => b.subarray(t.start, t.end);
export const bytesOf = (b: Uint8Array, t: Tlv): Uint8Array => b.subarray(t.offset, t.end);

/** Dotted form of an OBJECT IDENTIFIER's content. */
export function oidString(content: Uint8Array): string {
  if (content.length === 0) throw new DerError("asn1: empty OID");
  const arcs: number[] = [];
  let v = 0;
  for (const byte of content) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  const first = arcs.shift()!;
  const a = first < 40 ? 0 : first < 80 ? 1 : 2;
  return [a, first - a * 40, ...arcs].join(".");
}

/** UTCTime (0x17) or GeneralizedTime (0x18) content as a Date (RFC 5280 forms, "Z" only). */
export function parseTime(tag: number, content: Uint8Array): Date {
  const s = Buffer.from(content).toString("latin1");
  const m = tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) throw new DerError(`asn1: invalid time ${JSON.stringify(s)}`);
  let year = Number(m[1]);
  if (tag === 0x17) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/** The text of a directory string (PrintableString, UTF8String, IA5String, T61String, BMPString, ...). */
export function directoryString(tag: number, content: Uint8Array): string {
  switch (tag) {
    case 0x0c: // UTF8String
      return Buffer.from(content).toString("utf8");
    case 0x1e: { // BMPString: UTF-16BE
      const swapped = Buffer.from(content);
      swapped.swap16();
      return swapped.toString("utf16le");
    }
    default: // PrintableString, IA5String, T61String (Go reads it as Latin-1), NumericString, ...
      return Buffer.from(content).toString("latin1");
  }
}
