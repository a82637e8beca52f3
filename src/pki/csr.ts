import { concat, oid, seq, set, smallInteger, tlv } from "./der.js";
import { encodeExtension, signStructure } from "./certificate.js";
import { subjectAltName } from "./extensions.js";
import { publicKeyDer, type PrivateKey } from "./keys.js";
import { encodeSubject } from "./subject.js";

const OID_EXTENSION_REQUEST = "1.2.840.113549.1.9.14";

/**
 * A PKCS#10 request as Go's x509.CreateCertificateRequest builds kubeadm's: version 0, subject
 * CN/O, the public key, and the attributes [0]: empty, or one extensionRequest holding the SANs
 * when there are any (no key usages).
 */
export async function createCsr(
  t: { commonName: string; organization: readonly string[]; dnsNames: readonly string[]; ips: readonly Uint8Array[] },
  key: PrivateKey,
): Promise<Uint8Array> {
  const attributes: Uint8Array[] = [];
  if (t.dnsNames.length > 0 || t.ips.length > 0) {
    const extensions = seq(encodeExtension(subjectAltName(t.dnsNames, t.ips)));
    attributes.push(seq(oid(OID_EXTENSION_REQUEST), set(extensions)));
  }
  const info = seq(smallInteger(0), encodeSubject(t.commonName, t.organization), publicKeyDer(key.publicKey), tlv(0xa0, concat(attributes)));
  return signStructure(info, key);
}
