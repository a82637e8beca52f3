import { webcrypto } from "node:crypto";
import type { PrivateKey } from "./keys.js";

type SignAlgorithm = { name: "RSASSA-PKCS1-v1_5"; hash: "SHA-256" } | { name: "ECDSA"; hash: "SHA-256" | "SHA-384" };

/**
 * The signature algorithm Go picks for a signing key: SHA256WithRSA for every RSA size,
 * ECDSAWithSHA256 for P-256 and ECDSAWithSHA384 for P-384.
 */
export function signatureAlgorithmFor(key: PrivateKey): SignAlgorithm {
  if (key.spec.kind === "rsa") return { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  return { name: "ECDSA", hash: key.spec.namedCurve === "P-384" ? "SHA-384" : "SHA-256" };
}

const cache = new WeakMap<PrivateKey, Promise<CryptoKey>>();

/** The WebCrypto signing key for a private key (Node 20 has no KeyObject.toCryptoKey: go through PKCS#8). */
export function signingCryptoKey(key: PrivateKey): Promise<CryptoKey> {
  let p = cache.get(key);
  if (!p) {
    const pkcs8 = key.privateKey.export({ type: "pkcs8", format: "der" });
    const alg =
      key.spec.kind === "rsa"
        ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }
        : { name: "ECDSA", namedCurve: key.spec.namedCurve };
    p = webcrypto.subtle.importKey("pkcs8", pkcs8, alg, false, ["sign"]) as Promise<CryptoKey>;
    cache.set(key, p);
  }
  return p;
}

/** The WebCrypto public key (CSR building exports it back to SPKI). */
export function publicCryptoKey(key: PrivateKey): Promise<CryptoKey> {
  const spki = key.publicKey.export({ type: "spki", format: "der" });
  const alg =
    key.spec.kind === "rsa" ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } : { name: "ECDSA", namedCurve: key.spec.namedCurve };
  return webcrypto.subtle.importKey("spki", spki, alg, true, ["verify"]) as Promise<CryptoKey>;
}
