/**
 * Public-key pinning of the cluster CA for token discovery (upstream's util/pubkeypin, RFC 7469
 * style): pins are "sha256:<hex of SHA-256 over the certificate's DER SubjectPublicKeyInfo>", as
 * `kubeadm init` prints them in the join command (`--discovery-token-ca-cert-hash`).
 */
import { X509Certificate } from "node:crypto";
import { publicKeyPin } from "../pki/pin.js";
import { KubeadmError } from "../util/errors.js";
import { goQuote, isGoPrint } from "../util/go-quote.js";

const KNOWN_FORMATS = "sha256";

const isHexDigit = (b: number): boolean => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);

/** Go's InvalidByteError text: the byte as a rune, in %#U form. */
function invalidByte(b: number): string {
  const hex = b.toString(16).toUpperCase().padStart(4, "0");
  return `encoding/hex: invalid byte: U+${hex}${isGoPrint(b) ? ` '${String.fromCodePoint(b)}'` : ""}`;
}

/** Go's hex.DecodeString error for `s` (checked byte pair by byte pair, as Go does), or null. */
function hexError(s: string): string | null {
  const src = Buffer.from(s, "utf8");
  let j = 1;
  for (; j < src.length; j += 2) {
    if (!isHexDigit(src[j - 1]!)) return invalidByte(src[j - 1]!);
    if (!isHexDigit(src[j]!)) return invalidByte(src[j]!);
  }
  if (src.length % 2 === 1) {
    if (!isHexDigit(src[j - 1]!)) return invalidByte(src[j - 1]!);
    return "encoding/hex: odd length hex string";
  }
  return null;
}

/** A set of allowed CA public-key hashes. */
export class PinSet {
  private readonly sha256 = new Set<string>();

  /** Adds pins; throws upstream's message for the first malformed one. */
  allow(...hashes: string[]): void {
    for (const h of hashes) {
      const parts = h.split(":");
      if (parts.length !== 2) throw new KubeadmError(`invalid hash, expected "format:hex-value". Known format(s) are: ${KNOWN_FORMATS}`);
      const [format, value] = parts as [string, string];
      if (format.toLowerCase() !== "sha256") throw new KubeadmError(`unknown hash format ${goQuote(format)}. Known format(s) are: ${KNOWN_FORMATS}`);
      const decodedLen = Math.floor(Buffer.byteLength(value, "utf8") / 2);
      if (decodedLen !== 32) throw new KubeadmError(`invalid hash ${goQuote(h)}, expected a 32 byte SHA-256 hash, found ${decodedLen} bytes`);
      const bad = hexError(value);
      if (bad) throw new KubeadmError(`invalid hash ${goQuote(h)}, could not decode SHA-256 from hex: ${bad}`);
      this.sha256.add(value.toLowerCase());
    }
  }

  empty(): boolean {
    return this.sha256.size === 0;
  }

  /** Passes when any of the certificates (DER) has a pinned public key; else upstream's error listing their hashes. */
  checkAny(certificates: Uint8Array[]): void {
    const hashes: string[] = [];
    for (const der of certificates) {
      const pin = publicKeyPin(der);
      if (this.sha256.has(pin.slice("sha256:".length))) return;
      hashes.push(pin);
    }
    throw new KubeadmError(`none of the public keys ${goQuote(hashes.join(":"))} are pinned`);
  }
}

/** The DER certificates of a PEM bundle, as client-go's cert.ParseCertsPEM reads it (errors as there). */
export function parseCertsPEM(pem: Buffer | string): Uint8Array[] {
  const text = Buffer.isBuffer(pem) ? pem.toString("latin1") : pem;
  const out: Uint8Array[] = [];
  const re = /-----BEGIN ([^-]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== "CERTIFICATE") continue;
    const der = Buffer.from(m[2]!.replace(/\s+/g, ""), "base64");
    try {
      new X509Certificate(der);
    } catch (err) {
      throw new KubeadmError(`x509: malformed certificate (${(err as Error).message})`);
    }
    out.push(der);
  }
  if (out.length === 0) throw new KubeadmError("data does not contain any valid RSA or ECDSA certificates");
  return out;
}
