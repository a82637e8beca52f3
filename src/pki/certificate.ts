import type { KeyObject } from "node:crypto";
import { x509 } from "./x509lib.js";
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
import { signatureAlgorithmFor, signingCryptoKey } from "./signer.js";
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

/** A copy backed by a plain ArrayBuffer (what the WebCrypto-typed API accepts). */
function buf(u: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(u);
}

function toExtension(e: RawExtension): InstanceType<typeof x509.Extension> {
  return new x509.Extension(e.oid, e.critical, buf(e.value));
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

/**
 * Signs a certificate for `publicKey`. Without an issuer it is self-signed by `selfKey`.
 * CAs get a subjectKeyIdentifier; certificates signed by a CA that has one get an
 * authorityKeyIdentifier (self-signed ones do not), as Go's x509.CreateCertificate does.
 */
export async function signCertificate(
  t: CertificateTemplate,
  publicKey: KeyObject,
  issuer: Issuer | { self: PrivateKey },
): Promise<Uint8Array> {
  const spki = publicKeyDer(publicKey);
  const subject = encodeSubject(t.commonName, t.organization);
  const ski = t.isCA ? keyIdentifierFromSpki(spki) : null;
  const selfSigned = "self" in issuer;
  const signer = selfSigned ? issuer.self : issuer.key;
  const aki = selfSigned ? null : issuer.subjectKeyId;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(newSerialNumber()).toString("hex"),
    subject: new x509.Name(buf(subject)),
    issuer: new x509.Name(buf(selfSigned ? subject : issuer.subject)),
    notBefore: t.notBefore,
    notAfter: t.notAfter,
    publicKey: buf(spki),
    signingKey: await signingCryptoKey(signer),
    signingAlgorithm: signatureAlgorithmFor(signer),
    extensions: buildExtensions(t, ski, aki).map(toExtension),
  });
  return new Uint8Array(cert.rawData);
}

export function encodeCertificatePem(der: Uint8Array): string {
  return encodePem("CERTIFICATE", der);
}
