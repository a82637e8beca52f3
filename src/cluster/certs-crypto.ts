/**
 * kubeadm-certs value encryption (upstream util/crypto): AES-GCM with the
 * decoded certificate key (16/24/32 bytes → AES-128/192/256; kubeadm's keys
 * are 32), a fresh random 12-byte nonce per value, no additional data;
 * stored as nonce ‖ ciphertext ‖ 16-byte tag.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { CERTIFICATE_KEY_SIZE } from "../constants.js";
import { KubeadmError } from "../util/errors.js";

const NONCE_SIZE = 12;
const TAG_SIZE = 16;

function algorithmFor(key: Uint8Array): "aes-128-gcm" | "aes-192-gcm" | "aes-256-gcm" {
  switch (key.length) {
    case 16:
      return "aes-128-gcm";
    case 24:
      return "aes-192-gcm";
    case 32:
      return "aes-256-gcm";
    default:
      throw new KubeadmError(`crypto/aes: invalid key size ${key.length}`);
  }
}

export function encryptBytes(data: Uint8Array, key: Uint8Array, nonce: Uint8Array = randomBytes(NONCE_SIZE)): Buffer {
  const cipher = createCipheriv(algorithmFor(key), key, nonce);
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

export function decryptBytes(data: Uint8Array, key: Uint8Array): Buffer {
  const algorithm = algorithmFor(key);
  if (data.length < NONCE_SIZE) throw new KubeadmError("size of data is less than the nonce size");
  const buf = Buffer.from(data);
  if (buf.length < NONCE_SIZE + TAG_SIZE) throw new KubeadmError("cipher: message authentication failed");
  const nonce = buf.subarray(0, NONCE_SIZE);
  const tag = buf.subarray(buf.length - TAG_SIZE);
  const decipher = createDecipheriv(algorithm, key, nonce);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(buf.subarray(NONCE_SIZE, buf.length - TAG_SIZE)), decipher.final()]);
  } catch {
    throw new KubeadmError("cipher: message authentication failed");
  }
}

/** A new certificate key: 32 CSPRNG bytes, lowercase hex (CreateCertificateKey). */
export function createCertificateKey(): string {
  return randomBytes(CERTIFICATE_KEY_SIZE).toString("hex");
}

/** hex.DecodeString with Go-like errors. */
export function decodeCertificateKey(key: string): Buffer {
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (!/[0-9a-fA-F]/.test(c)) {
      const cp = c.codePointAt(0)!;
      throw new KubeadmError(`encoding/hex: invalid byte: U+${cp.toString(16).toUpperCase().padStart(4, "0")} ${JSON.stringify(c).replace(/^"|"$/g, "'")}`);
    }
  }
  if (key.length % 2 === 1) throw new KubeadmError("encoding/hex: odd length hex string");
  return Buffer.from(key, "hex");
}
