import { createHash } from "node:crypto";
import { to4 } from "../util/net.js";
import { bool, concat, octetString, oid, seq, tlv } from "./der.js";
import { readHeader } from "./der-reader.js";

export type ExtKeyUsage = "serverAuth" | "clientAuth";

export const EXT_KEY_USAGE_OIDS: Record<ExtKeyUsage, string> = {
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
};

export const OID_KEY_USAGE = "2.5.29.15";
export const OID_EXT_KEY_USAGE = "2.5.29.37";
export const OID_BASIC_CONSTRAINTS = "2.5.29.19";
export const OID_SUBJECT_KEY_ID = "2.5.29.14";
export const OID_AUTHORITY_KEY_ID = "2.5.29.35";
export const OID_SUBJECT_ALT_NAME = "2.5.29.17";

export interface RawExtension {
  oid: string;
  critical: boolean;
  /** DER of the extension value (the content of extnValue). */
  value: Uint8Array;
}

const KU_DIGITAL_SIGNATURE = 0x80;
const KU_KEY_ENCIPHERMENT = 0x20;
const KU_CERT_SIGN = 0x04;

/** KeyUsage bit string with Go's minimal bit length (trailing zero bits dropped). */
export function keyUsage(isCA: boolean): RawExtension {
  const byte = KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | (isCA ? KU_CERT_SIGN : 0);
  let unused = 0;
  while (unused < 8 && (byte & (1 << unused)) === 0) unused++;
  return { oid: OID_KEY_USAGE, critical: true, value: tlv(0x03, Uint8Array.of(unused, byte)) };
}

export function extKeyUsage(usages: readonly ExtKeyUsage[]): RawExtension {
  return { oid: OID_EXT_KEY_USAGE, critical: false, value: seq(...usages.map((u) => oid(EXT_KEY_USAGE_OIDS[u]))) };
}

/** CA:TRUE without a path length, or an empty SEQUENCE for CA:FALSE; critical, as Go writes it. */
export function basicConstraints(isCA: boolean): RawExtension {
  return { oid: OID_BASIC_CONSTRAINTS, critical: true, value: isCA ? seq(bool(true)) : seq() };
}

export function subjectKeyIdentifier(keyId: Uint8Array): RawExtension {
  return { oid: OID_SUBJECT_KEY_ID, critical: false, value: octetString(keyId) };
}

export function authorityKeyIdentifier(keyId: Uint8Array): RawExtension {
  return { oid: OID_AUTHORITY_KEY_ID, critical: false, value: seq(tlv(0x80, keyId)) };
}

const enc = new TextEncoder();

/** GeneralNames: DNS names first, then IP addresses (4 bytes for IPv4: Go marshals To4()), as Go orders them. */
export function subjectAltName(dnsNames: readonly string[], ips: readonly Uint8Array[]): RawExtension {
  const names = [...dnsNames.map((d) => tlv(0x82, enc.encode(d))), ...ips.map((ip) => tlv(0x87, to4(ip) ?? ip))];
  return { oid: OID_SUBJECT_ALT_NAME, critical: false, value: seq(concat(names)) };
}

/**
 * The key identifier Go (1.25+) generates for CA certificates: the first 160 bits of the
 * SHA-256 of the subjectPublicKey BIT STRING contents (RFC 7093 method 1).
 */
export function keyIdentifierFromSpki(spki: Uint8Array): Uint8Array {
  const bits = subjectPublicKeyBits(spki);
  return new Uint8Array(createHash("sha256").update(bits).digest().subarray(0, 20));
}

/** The bytes of the subjectPublicKey BIT STRING (without the unused-bits octet). */
export function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  const outer = readHeader(spki, 0);
  const alg = readHeader(spki, outer.start);
  const bitString = readHeader(spki, alg.end);
  return spki.subarray(bitString.start + 1, bitString.end);
}
