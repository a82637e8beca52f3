import { X509Certificate as NodeX509Certificate } from "node:crypto";
import { bytesOf, children, contentOf, directoryString, oidString, parseTime, readTlv, type Tlv } from "./der-reader.js";
import { decodePemBlocks } from "./pem.js";
import { EXT_KEY_USAGE_OIDS, OID_BASIC_CONSTRAINTS, OID_EXT_KEY_USAGE, OID_SUBJECT_ALT_NAME, OID_SUBJECT_KEY_ID, type ExtKeyUsage } from "./extensions.js";

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
  /** 4 bytes for IPv4, 16 for IPv6 (IPv4-mapped IPv6 addresses as 4). */
  ips: Uint8Array[];
  /** ExtKeyUsages kubeadm knows by name; other OIDs are kept as dotted strings. */
  extKeyUsages: Array<ExtKeyUsage | string>;
  subjectKeyId: Uint8Array | null;
  hasSANExtension: boolean;
}

export class CertParseError extends Error {}

const OID_CN = "2.5.4.3";
const OID_O = "2.5.4.10";
const EKU_BY_OID = new Map(Object.entries(EXT_KEY_USAGE_OIDS).map(([k, v]) => [v, k as ExtKeyUsage]));

function nameFields(der: Uint8Array, name: Tlv): { cn: string[]; o: string[] } {
  const cn: string[] = [];
  const o: string[] = [];
  for (const rdn of children(der, name)) {
    for (const atv of children(der, rdn)) {
      const [type, value] = children(der, atv);
      if (!type || !value) continue;
      const t = oidString(contentOf(der, type));
      if (t === OID_CN) cn.push(directoryString(value.tag, contentOf(der, value)));
      else if (t === OID_O) o.push(directoryString(value.tag, contentOf(der, value)));
    }
  }
  return { cn, o };
}

/** 4-byte form of an IPv4-mapped IPv6 address (Go's To4), else the bytes as they are. */
function canonicalIP(ip: Uint8Array): Uint8Array {
  if (ip.length === 16 && ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff) return ip.slice(12);
  return ip.slice();
}

export function parseCertificateDer(der: Uint8Array): ParsedCertificate {
  let node: NodeX509Certificate;
  try {
    node = new NodeX509Certificate(Buffer.from(der));
  } catch (err) {
    throw new CertParseError(`x509: malformed certificate: ${(err as Error).message}`);
  }
  try {
    const cert = readTlv(der, 0);
    const tbs = readTlv(der, cert.start, cert.end);
    const f = children(der, tbs);
    let i = f[0]?.tag === 0xa0 ? 1 : 0; // version
    i += 2; // serialNumber, signature
    const issuer = f[i++]!;
    const validity = children(der, f[i++]!);
    const subject = f[i++]!;
    i++; // subjectPublicKeyInfo
    const out: ParsedCertificate = {
      der,
      node,
      notBefore: parseTime(validity[0]!.tag, contentOf(der, validity[0]!)),
      notAfter: parseTime(validity[1]!.tag, contentOf(der, validity[1]!)),
      isCA: false,
      commonName: "",
      organization: [],
      rawSubject: bytesOf(der, subject),
      rawIssuer: bytesOf(der, issuer),
      dnsNames: [],
      ips: [],
      extKeyUsages: [],
      subjectKeyId: null,
      hasSANExtension: false,
    };
    const names = nameFields(der, subject);
    out.commonName = names.cn[names.cn.length - 1] ?? ""; // Go keeps the last CN
    out.organization = names.o;
    const extsWrapper = f.slice(i).find((t) => t.tag === 0xa3);
    if (extsWrapper) {
      for (const ext of children(der, readTlv(der, extsWrapper.start, extsWrapper.end))) {
        const parts = children(der, ext);
        const id = oidString(contentOf(der, parts[0]!));
        const value = parts[parts.length - 1]!; // OCTET STRING
        const inner = readTlv(der, value.start, value.end);
        switch (id) {
          case OID_BASIC_CONSTRAINTS: {
            const bc = children(der, inner);
            out.isCA = bc[0]?.tag === 0x01 && der[bc[0].start] !== 0;
            break;
          }
          case OID_SUBJECT_ALT_NAME:
            out.hasSANExtension = true;
            for (const gn of children(der, inner)) {
              if (gn.tag === 0x82) out.dnsNames.push(Buffer.from(contentOf(der, gn)).toString("latin1"));
              else if (gn.tag === 0x87 && (gn.end - gn.start === 4 || gn.end - gn.start === 16)) out.ips.push(canonicalIP(contentOf(der, gn)));
            }
            break;
          case OID_EXT_KEY_USAGE:
            for (const u of children(der, inner)) {
              const dotted = oidString(contentOf(der, u));
              out.extKeyUsages.push(EKU_BY_OID.get(dotted) ?? dotted);
            }
            break;
          case OID_SUBJECT_KEY_ID:
            out.subjectKeyId = contentOf(der, inner).slice();
            break;
        }
      }
    }
    return out;
  } catch (err) {
    throw new CertParseError(`x509: malformed certificate: ${(err as Error).message}`);
  }
}

/** Every CERTIFICATE block of a PEM bundle, parsed; the first is the leaf. */
export function parseCertificatesPem(text: string): ParsedCertificate[] {
  const blocks = decodePemBlocks(text).filter((b) => b.type === "CERTIFICATE");
  if (blocks.length === 0) throw new CertParseError("data does not contain any valid RSA or ECDSA certificates");
  return blocks.map((b) => parseCertificateDer(b.bytes));
}
