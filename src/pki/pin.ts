import { createHash, X509Certificate } from "node:crypto";
import { decodePemBlocks } from "./pem.js";

/** "sha256:<hex>" of a certificate's DER SubjectPublicKeyInfo (--discovery-token-ca-cert-hash). */
export function publicKeyPin(certDer: Uint8Array): string {
  const spki = new X509Certificate(Buffer.from(certDer)).publicKey.export({ type: "spki", format: "der" });
  return `sha256:${createHash("sha256").update(spki).digest("hex")}`;
}

/** One pin per certificate of a CA bundle, in file order. */
export function publicKeyPinsFromPem(text: string): string[] {
  return decodePemBlocks(text)
    .filter((b) => b.type === "CERTIFICATE")
    .map((b) => publicKeyPin(b.bytes));
}
