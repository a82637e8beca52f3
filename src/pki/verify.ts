import { formatIP, ipEqual, parseIP } from "../util/net.js";
import { readHeader } from "./der-reader.js";
import type { ParsedCertificate } from "./parse.js";

/** Go's time.Time.String() for UTC instants: "2026-11-22 20:18:15 +0000 UTC". */
export function goTimeString(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace("T", " ")} +0000 UTC`;
}

const rfc3339 = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Checks that `now` lies within the certificate's validity; Go's verifier wording. */
function checkValidity(cert: ParsedCertificate, now: Date): void {
  if (now < cert.notBefore) {
    throw new Error(`x509: certificate has expired or is not yet valid: current time ${rfc3339(now)} is before ${rfc3339(cert.notBefore)}`);
  }
  if (now > cert.notAfter) {
    throw new Error(`x509: certificate has expired or is not yet valid: current time ${rfc3339(now)} is after ${rfc3339(cert.notAfter)}`);
  }
}

function signatureError(child: ParsedCertificate, parent: ParsedCertificate): string | null {
  if (!parent.isCA) return "x509: invalid signature: parent certificate cannot sign this kind of certificate";
  const parentType = parent.node.publicKey.asymmetricKeyType;
  const sigIsEC = signatureIsEcdsa(child);
  if (sigIsEC && parentType !== "ec") return "x509: signature algorithm specifies an ECDSA public key, but have public key of type *rsa.PublicKey";
  if (!sigIsEC && parentType !== "rsa") return "x509: signature algorithm specifies an RSA public key, but have public key of type *ecdsa.PublicKey";
  let ok = false;
  try {
    ok = child.node.verify(parent.node.publicKey);
  } catch {
    ok = false;
  }
  if (ok) return null;
  return parentType === "rsa" ? "crypto/rsa: verification error" : "x509: ECDSA verification failure";
}

const ECDSA_WITH_SHA_PREFIX = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03]; // 1.2.840.10045.4.3.x

/** Whether the certificate's outer signatureAlgorithm is one of ecdsa-with-SHA*. */
function signatureIsEcdsa(cert: ParsedCertificate): boolean {
  const d = cert.der;
  const outer = readHeader(d, 0);
  const tbs = readHeader(d, outer.start);
  const alg = readHeader(d, tbs.end);
  return ECDSA_WITH_SHA_PREFIX.every((m, k) => d[alg.start + k] === m);
}

/**
 * Verifies `leaf` (plus the intermediates of its bundle) up to `root` at `now`, accepting
 * any key usage, the way kubeadm's VerifyCertChain uses Go's verifier. Throws with Go's
 * wording: "x509: certificate signed by unknown authority", "x509: certificate has expired
 * or is not yet valid: ...".
 */
export function verifyCertChain(leaf: ParsedCertificate, intermediates: readonly ParsedCertificate[], root: ParsedCertificate, now = new Date()): void {
  checkValidity(leaf, now);
  let hint: string | null = null;
  const visit = (cert: ParsedCertificate, depth: number): boolean => {
    if (depth > 8) return false;
    const candidates = [root, ...intermediates].filter((c) => bytesEqual(c.rawSubject, cert.rawIssuer));
    for (const parent of candidates) {
      const err = signatureError(cert, parent);
      if (err) {
        hint ??= `(possibly because of "${err}" while trying to verify candidate authority certificate "${parent.commonName}")`;
        continue;
      }
      if (parent === root) {
        checkValidity(root, now);
        return true;
      }
      try {
        checkValidity(parent, now);
      } catch {
        continue;
      }
      if (visit(parent, depth + 1)) return true;
    }
    return false;
  };
  if (!visit(leaf, 0)) {
    throw new Error(`x509: certificate signed by unknown authority${hint ? ` ${hint}` : ""}`);
  }
}

function matchHostname(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, "");
  const h = host.toLowerCase().replace(/\.$/, "");
  if (p === h) return true;
  if (!p.startsWith("*.") || h.startsWith("*.")) return false;
  const pl = p.split(".");
  const hl = h.split(".");
  return pl.length === hl.length && hl[0] !== "" && pl.slice(1).every((l, i) => l === hl[i + 1]);
}

/** Go's Certificate.VerifyHostname for a DNS name or an IP literal; throws Go's HostnameError text. */
export function verifyHostname(cert: ParsedCertificate, host: string): void {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  const ip = parseIP(bare);
  if (ip) {
    if (cert.ips.some((c) => ipEqual(c, ip))) return;
    if (cert.ips.length === 0) throw new Error(`x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`);
    throw new Error(`x509: certificate is valid for ${cert.ips.map(formatIP).join(", ")}, not ${host}`);
  }
  if (cert.dnsNames.some((d) => matchHostname(d, host))) return;
  if (!cert.hasSANExtension && matchHostname(cert.commonName, host)) {
    throw new Error("x509: certificate relies on legacy Common Name field, use SANs instead");
  }
  if (cert.dnsNames.length === 0) throw new Error(`x509: certificate is not valid for any names, but wanted to match ${host}`);
  throw new Error(`x509: certificate is valid for ${cert.dnsNames.join(", ")}, not ${host}`);
}
