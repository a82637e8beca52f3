import { getFips, sign as nodeSign } from "node:crypto";
import { derNull, oid, seq } from "./der.js";
import type { PrivateKey } from "./keys.js";

/** A signature algorithm: its AlgorithmIdentifier DER and the digest Node signs with. */
export interface SignatureAlgorithm {
  name: "SHA256-RSA" | "ECDSA-SHA256" | "ECDSA-SHA384";
  hash: "sha256" | "sha384";
  identifier: Uint8Array;
}

const SHA256_WITH_RSA: SignatureAlgorithm = { name: "SHA256-RSA", hash: "sha256", identifier: seq(oid("1.2.840.113549.1.1.11"), derNull()) };
const ECDSA_WITH_SHA256: SignatureAlgorithm = { name: "ECDSA-SHA256", hash: "sha256", identifier: seq(oid("1.2.840.10045.4.3.2")) };
const ECDSA_WITH_SHA384: SignatureAlgorithm = { name: "ECDSA-SHA384", hash: "sha384", identifier: seq(oid("1.2.840.10045.4.3.3")) };

/**
 * The signature algorithm Go picks for a signing key: SHA256WithRSA for every RSA size
 * (PKCS #1 v1.5, NULL parameters), ECDSAWithSHA256 for P-256 and ECDSAWithSHA384 for P-384
 * (no parameters).
 */
export function signatureAlgorithmFor(key: PrivateKey): SignatureAlgorithm {
  if (key.spec.kind === "rsa") return SHA256_WITH_RSA;
  return key.spec.namedCurve === "P-384" ? ECDSA_WITH_SHA384 : ECDSA_WITH_SHA256;
}

/**
 * Signs `data` with the key: PKCS #1 v1.5 for RSA, a DER ECDSA-Sig-Value for ECDSA (the forms
 * X.509 carries). Runs on the libuv thread pool. In FIPS mode, a signature OpenSSL refuses
 * names the key ("signing with a 1024-bit RSA key: error:...:invalid key length"), since the
 * provider's reason alone does not say which key it is about.
 */
export function signData(key: PrivateKey, data: Uint8Array): Promise<Uint8Array> {
  const alg = signatureAlgorithmFor(key);
  return new Promise((resolve, reject) => {
    nodeSign(alg.hash, data, key.privateKey, (err, sig) => (err ? reject(describeSigningError(err, key)) : resolve(new Uint8Array(sig))));
  });
}

function describeSigningError(err: Error, key: PrivateKey): Error {
  if (!/error:[0-9A-F]{8}:/.test(err.message) || getFips() !== 1) return err; // not OpenSSL's refusal
  const d = key.privateKey.asymmetricKeyDetails ?? {};
  const what =
    key.privateKey.asymmetricKeyType === "rsa" ? `a ${d.modulusLength ?? "?"}-bit RSA key` : `an ${key.privateKey.asymmetricKeyType ?? "unknown"} key${d.namedCurve ? ` on ${d.namedCurve}` : ""}`;
  return new Error(`signing with ${what}: ${err.message}`, { cause: err });
}
