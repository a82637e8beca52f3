import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { keySpecFor, type KeySpec } from "./algorithm.js";
import { decodePemBlocks, encodePem } from "./pem.js";

const generateKeyPairAsync = promisify(generateKeyPair);

/** A private key of one of the kubeadm key types, with its public half. */
export interface PrivateKey {
  readonly spec: KeySpec;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/**
 * A fresh key for an encryptionAlgorithm value, from OpenSSL (node:crypto's generateKeyPair):
 * generated on libuv's thread pool, so keys asked for together are made in parallel, inside
 * OpenSSL's FIPS provider when Node runs with it.
 */
export async function generatePrivateKey(algorithm: string | undefined): Promise<PrivateKey> {
  const spec = keySpecFor(algorithm);
  const pair =
    spec.kind === "rsa"
      ? await generateKeyPairAsync("rsa", { modulusLength: spec.modulusLength, publicExponent: 65537 })
      : await generateKeyPairAsync("ec", { namedCurve: spec.namedCurve });
  return { spec, privateKey: pair.privateKey, publicKey: pair.publicKey };
}

/** Generates `count` keys concurrently. */
export function generatePrivateKeys(algorithm: string | undefined, count: number): Promise<PrivateKey[]> {
  keySpecFor(algorithm);
  return Promise.all(Array.from({ length: count }, () => generatePrivateKey(algorithm)));
}

/** The private key PEM as upstream writes it: "RSA PRIVATE KEY" (PKCS#1) or "EC PRIVATE KEY" (SEC 1). */
export function encodePrivateKeyPem(key: PrivateKey): string {
  return key.spec.kind === "rsa"
    ? (key.privateKey.export({ type: "pkcs1", format: "pem" }) as string)
    : (key.privateKey.export({ type: "sec1", format: "pem" }) as string);
}

/** DER SubjectPublicKeyInfo. */
export function publicKeyDer(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ type: "spki", format: "der" }));
}

/** "PUBLIC KEY" PEM of the SubjectPublicKeyInfo (sa.pub). */
export function encodePublicKeyPem(key: PrivateKey): string {
  return encodePem("PUBLIC KEY", publicKeyDer(key.publicKey));
}

/** Why a private key could not be used; `reason` is upstream's wording. */
export class KeyParseError extends Error {
  constructor(readonly reason: "no-key" | "unsupported-type", message: string) {
    super(message);
  }
}

/**
 * Parses the first private key in PEM text, accepting PKCS#1 ("RSA PRIVATE KEY"), SEC 1
 * ("EC PRIVATE KEY") and PKCS#8 ("PRIVATE KEY") blocks, as upstream's key loader does.
 */
export function parsePrivateKeyPem(text: string): PrivateKey {
  for (const block of decodePemBlocks(text)) {
    let key: KeyObject;
    const der = Buffer.from(block.bytes);
    try {
      if (block.type === "RSA PRIVATE KEY") key = createPrivateKey({ key: der, format: "der", type: "pkcs1" });
      else if (block.type === "EC PRIVATE KEY") key = createPrivateKey({ key: der, format: "der", type: "sec1" });
      else if (block.type === "PRIVATE KEY") key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
      else continue;
    } catch {
      continue;
    }
    return fromKeyObject(key);
  }
  throw new KeyParseError("no-key", "data does not contain a valid RSA or ECDSA private key");
}

/** Wraps a Node key object; rejects key types kubeadm does not use. */
export function fromKeyObject(key: KeyObject): PrivateKey {
  const publicKey = createPublicKey(key);
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "rsa") {
    return { spec: { kind: "rsa", modulusLength: (d.modulusLength ?? 2048) as 2048 }, privateKey: key, publicKey };
  }
  if (key.asymmetricKeyType === "ec") {
    const curve = d.namedCurve === "secp384r1" || d.namedCurve === "P-384" ? "P-384" : "P-256";
    return { spec: { kind: "ec", namedCurve: curve }, privateKey: key, publicKey };
  }
  throw new KeyParseError("unsupported-type", "neither in RSA nor ECDSA format");
}

/** The PEM-encoded public keys in a file's text (sa.pub). */
export function parsePublicKeysPem(text: string): KeyObject[] {
  const out: KeyObject[] = [];
  for (const block of decodePemBlocks(text)) {
    if (block.type !== "PUBLIC KEY" && block.type !== "RSA PUBLIC KEY") continue;
    try {
      out.push(
        createPublicKey({ key: Buffer.from(block.bytes), format: "der", type: block.type === "PUBLIC KEY" ? "spki" : "pkcs1" }),
      );
    } catch {
      /* skipped like an unparseable block */
    }
  }
  return out;
}
