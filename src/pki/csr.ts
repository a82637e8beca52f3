import { x509 } from "./x509lib.js";
import { subjectAltName } from "./extensions.js";
import type { PrivateKey } from "./keys.js";
import { publicCryptoKey, signatureAlgorithmFor, signingCryptoKey } from "./signer.js";
import { encodeSubject } from "./subject.js";

/**
 * A PKCS#10 request as Go's x509.CreateCertificateRequest builds kubeadm's: subject CN/O and,
 * when there are any, the SANs in an extensionRequest attribute (no key usages).
 */
export async function createCsr(
  t: { commonName: string; organization: readonly string[]; dnsNames: readonly string[]; ips: readonly Uint8Array[] },
  key: PrivateKey,
): Promise<Uint8Array> {
  const extensions =
    t.dnsNames.length > 0 || t.ips.length > 0
      ? [(() => { const e = subjectAltName(t.dnsNames, t.ips); return new x509.Extension(e.oid, e.critical, new Uint8Array(e.value)); })()]
      : [];
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: new x509.Name(new Uint8Array(encodeSubject(t.commonName, t.organization))),
    keys: { privateKey: await signingCryptoKey(key), publicKey: await publicCryptoKey(key) },
    signingAlgorithm: signatureAlgorithmFor(key),
    extensions,
  });
  return new Uint8Array(csr.rawData);
}
