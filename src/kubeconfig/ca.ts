// The CA that signs kubeconfig client certificates, loaded from the certificates dir (via src/pki).
import { KubeadmError } from "../util/errors.js";
import type { CertificateAuthority } from "./files.js";

/**
 * Loads `<certificatesDir>/ca.{crt,key}` and returns a signer of client certificates
 * (ClientAuth, key algorithm `encryptionAlgorithm`, NotBefore = the CA's NotBefore); client keys
 * come from `keys` when the run generated them ahead.
 */
export async function loadKubeconfigCA(
  certificatesDir: string,
  encryptionAlgorithm: string,
  keys?: import("../pki/keypool.js").KeySource,
): Promise<CertificateAuthority> {
  const pki = await import("../pki/index.js");
  let pair: { cert: import("../pki/index.js").ParsedCertificate; key: import("../pki/index.js").PrivateKey };
  try {
    pair = await pki.pkiStore.loadCertAndKey(certificatesDir, "ca");
  } catch (err) {
    if (!(await pki.pkiStore.certOrKeyExist(certificatesDir, "ca"))) {
      throw new KubeadmError(
        `couldn't create a kubeconfig; the CA files don't exist in the folder "${certificatesDir}". Please run "kubeadm init phase certs ca" to generate it: ${(err as Error).message}`,
      );
    }
    throw new KubeadmError(`couldn't create a kubeconfig; the CA files couldn't be loaded: ${(err as Error).message}`);
  }
  return caSigner(pair.cert.der, pair.cert.notBefore, pair.cert.rawSubject, pair.cert.subjectKeyId, pair.key, encryptionAlgorithm, keys);
}

/** A signer for an already loaded CA certificate and key. */
export async function caSigner(
  caDer: Uint8Array,
  caNotBefore: Date,
  caSubject: Uint8Array,
  caSubjectKeyId: Uint8Array | null,
  caKey: import("../pki/index.js").PrivateKey,
  encryptionAlgorithm: string,
  keys?: import("../pki/keypool.js").KeySource,
): Promise<CertificateAuthority> {
  const pki = await import("../pki/index.js");
  return {
    certPem: pki.encodeCertificatePem(caDer),
    notBefore: caNotBefore,
    async signClient(commonName, organizations, notAfter) {
      const key = keys ? await keys.take() : await pki.generatePrivateKey(encryptionAlgorithm);
      const der = await pki.signCertificate(
        { commonName, organization: organizations, dnsNames: [], ips: [], usages: ["clientAuth"], isCA: false, notBefore: caNotBefore, notAfter },
        key.publicKey,
        { subject: caSubject, subjectKeyId: caSubjectKeyId, key: caKey },
      );
      return { certPem: pki.encodeCertificatePem(der), keyPem: pki.encodePrivateKeyPem(key) };
    },
  };
}
