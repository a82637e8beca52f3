import { X509Certificate as NodeX509Certificate } from "node:crypto";
import { x509 } from "./x509lib.js";
import { decodePemBlocks } from "./pem.js";
import { parseIPSloppy } from "./ip.js";
import { EXT_KEY_USAGE_OIDS, OID_SUBJECT_KEY_ID, type ExtKeyUsage } from "./extensions.js";

/** A parsed certificate with the fields kubeadm looks at. */
export interface ParsedCertificate {
  der: Uint8Array;
  node: NodeX509Certificate;
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  commonName: string;
  /** Every O value, in certificate order. */
  organization: string[];
  /** DER of the subject and the issuer Names, byte for byte. */
  rawSubject: Uint8Array;
  rawIssuer: Uint8Array;
  dnsNames: string[];
  ips: Uint8Array[];
  /** ExtKeyUsages kubeadm knows by name; other OIDs are kept as dotted strings. */
  extKeyUsages: Array<ExtKeyUsage | string>;
  subjectKeyId: Uint8Array | null;
  hasSANExtension: boolean;
}

export class CertParseError extends Error {}

function readTL(b: Uint8Array, i: number): { len: number; start: number; end: number } {
  let len = b[i + 1]!;
  let start = i + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + b[start + k]!;
    start += n;
  }
  return { len, start, end: start + len };
}

/** The raw issuer and subject Names from the TBSCertificate. */
function rawNames(der: Uint8Array): { issuer: Uint8Array; subject: Uint8Array } {
  const cert = readTL(der, 0);
  const tbs = readTL(der, cert.start);
  let p = tbs.start;
  if (der[p] === 0xa0) p = readTL(der, p).end; // version
  p = readTL(der, p).end; // serialNumber
  p = readTL(der, p).end; // signature
  const issuer = readTL(der, p);
  const issuerBytes = der.subarray(p, issuer.end);
  p = issuer.end;
  p = readTL(der, p).end; // validity
  const subject = readTL(der, p);
  return { issuer: issuerBytes, subject: der.subarray(p, subject.end) };
}

const EKU_BY_OID = new Map(Object.entries(EXT_KEY_USAGE_OIDS).map(([k, v]) => [v, k as ExtKeyUsage]));

export function parseCertificateDer(der: Uint8Array): ParsedCertificate {
  let cert: InstanceType<typeof x509.X509Certificate>;
  let node: NodeX509Certificate;
  try {
    cert = new x509.X509Certificate(new Uint8Array(der));
    node = new NodeX509Certificate(Buffer.from(der));
  } catch (err) {
    throw new CertParseError(`x509: malformed certificate: ${(err as Error).message}`);
  }
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  const ski = cert.getExtension(OID_SUBJECT_KEY_ID) as InstanceType<typeof x509.SubjectKeyIdentifierExtension> | null;
  const names = rawNames(der);
  const dnsNames: string[] = [];
  const ips: Uint8Array[] = [];
  for (const n of san?.names.items ?? []) {
    if (n.type === "dns") dnsNames.push(n.value);
    else if (n.type === "ip") {
      const ip = parseIPSloppy(n.value);
      if (ip) ips.push(ip);
    }
  }
  return {
    der,
    node,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    isCA: bc?.ca ?? false,
    commonName: cert.subjectName.getField("CN")[0] ?? "",
    organization: cert.subjectName.getField("O"),
    rawSubject: names.subject,
    rawIssuer: names.issuer,
    dnsNames,
    ips,
    extKeyUsages: eku ? Array.from(eku.usages, (u) => EKU_BY_OID.get(String(u)) ?? String(u)) : [],
    subjectKeyId: ski ? new Uint8Array(Buffer.from(new x509.SubjectKeyIdentifierExtension(ski.rawData).keyId, "hex")) : null,
    hasSANExtension: san !== null,
  };
}

/** Every CERTIFICATE block of a PEM bundle, parsed; the first is the leaf. */
export function parseCertificatesPem(text: string): ParsedCertificate[] {
  const blocks = decodePemBlocks(text).filter((b) => b.type === "CERTIFICATE");
  if (blocks.length === 0) throw new CertParseError("data does not contain any valid RSA or ECDSA certificates");
  return blocks.map((b) => parseCertificateDer(b.bytes));
}
