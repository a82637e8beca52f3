import type { KeyObject } from "node:crypto";
import { bitString, bool, concat, explicit, octetString, oid, seq, smallInteger, time, unsignedInteger } from "./der.js";
import {
  authorityKeyIdentifier,
  basicConstraints,
  extKeyUsage,
  keyIdentifierFromSpki,
  keyUsage,
  subjectAltName,
  subjectKeyIdentifier,
  type ExtKeyUsage,
  type RawExtension,
} from "./extensions.js";
import { publicKeyDer, type PrivateKey } from "./keys.js";
import { encodePem } from "./pem.js";
import { newSerialNumber } from "./serial.js";
import { signatureAlgorithmFor, signData } from "./signer.js";
import { encodeSubject } from "./subject.js";

/** What goes into one certificate (upstream's CertConfig after its mutators ran). */
export interface CertificateTemplate {
  commonName: string;
  organization: readonly string[];
  dnsNames: readonly string[];
  /** 4 bytes for IPv4, 16 for IPv6. */
  ips: readonly Uint8Array[];
  usages: readonly ExtKeyUsage[];
  isCA: boolean;
  notBefore: Date;
  notAfter: Date;
}

/** The parts of the issuing CA a signed certificate needs. */
export interface Issuer {
  /** DER of the CA's subject (the new certificate's issuer, byte for byte). */
  subject: Uint8Array;
  /** The CA's subjectKeyIdentifier, if it has one (becomes the authorityKeyIdentifier). */
  subjectKeyId: Uint8Array | null;
  key: PrivateKey;
}

/** Extensions in Go's order: KU, EKU, BC, SKI, AKI, SAN. */
export function buildExtensions(t: CertificateTemplate, subjectKeyId: Uint8Array | null, authorityKeyId: Uint8Array | null): RawExtension[] {
  const exts: RawExtension[] = [keyUsage(t.isCA)];
  if (t.usages.length > 0) exts.push(extKeyUsage(t.usages));
  exts.push(basicConstraints(t.isCA));
  if (subjectKeyId) exts.push(subjectKeyIdentifier(subjectKeyId));
  if (authorityKeyId) exts.push(authorityKeyIdentifier(authorityKeyId));
  if (t.dnsNames.length > 0 || t.ips.length > 0) exts.push(subjectAltName(t.dnsNames, t.ips));
  return exts;
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE (left out when false), extnValue }. */
export function encodeExtension(e: RawExtension): Uint8Array {
  return e.critical ? seq(oid(e.oid), bool(true), octetString(e.value)) : seq(oid(e.oid), octetString(e.value));
}

/** Signs a TBS structure: SEQUENCE { tbs, signatureAlgorithm, BIT STRING signature }. */
export async function signStructure(tbs: Uint8Array, signer: PrivateKey): Promise<Uint8Array> {
  const sig = await signData(signer, tbs);
  return seq(tbs, signatureAlgorithmFor(signer).identifier, bitString(sig));
}

/**
 * Signs a certificate for `publicKey`. Without an issuer it is self-signed by `selfKey`.
 * CAs get a subjectKeyIdentifier; certificates signed by a CA that has one get an
 * authorityKeyIdentifier (self-signed ones do not), as Go's x509.CreateCertificate does.
 */
export async function signCertificate(
  t: CertificateTemplate,
  publicKey: KeyObject,
  issuer: Issuer | { self: PrivateKey },
  serial: Uint8Array = newSerialNumber(),
): Promise<Uint8Array> {
  const spki = publicKeyDer(publicKey);
  const subject = encodeSubject(t.commonName, t.organization);
  const ski = t.isCA ? keyIdentifierFromSpki(spki) : null;
  const selfSigned = "self" in issuer;
  const signer = selfSigned ? issuer.self : issuer.key;
  const aki = selfSigned ? null : issuer.subjectKeyId;
  const tbs = seq(
    explicit(0, smallInteger(2)), // v3
    unsignedInteger(serial),
    signatureAlgorithmFor(signer).identifier,
    selfSigned ? subject : issuer.subject,
    seq(time(t.notBefore), time(t.notAfter)),
    subject,
    spki,
    explicit(3, seq(concat(buildExtensions(t, ski, aki).map(encodeExtension)))),
  );
  return signStructure(tbs, signer);
}

export function encodeCertificatePem(der: Uint8Array): string {
  return encodePem("CERTIFICATE", der);
}
