// Reading and writing PKI files with upstream's paths, modes and error wording.
import * as path from "node:path";
import { MODE_CERT, MODE_DIR, MODE_PRIVATE_DIR, MODE_PRIVATE_KEY, MODE_PUBLIC_KEY } from "../constants.js";
import { ensureDir, MAX_CONFIG_FILE_BYTES, pathExists, readFileBounded, readFileBytes, writeFileAtomic } from "../host/files.js";
import { goOpenError } from "../util/go-errno.js";
import { KubeadmError } from "../util/errors.js";
import { goTimeString } from "./verify.js";
import type { PkiOutput } from "./input.js";
import { encodeCertificatePem } from "./certificate.js";
import { encodePrivateKeyPem, encodePublicKeyPem, KeyParseError, parsePrivateKeyPem, type PrivateKey } from "./keys.js";
import { encodePem } from "./pem.js";
import { parseCertificatesPem, type ParsedCertificate } from "./parse.js";

export const certPath = (dir: string, base: string): string => path.join(dir, `${base}.crt`);
export const keyPath = (dir: string, base: string): string => path.join(dir, `${base}.key`);
export const publicKeyPath = (dir: string, base: string): string => path.join(dir, `${base}.pub`);
export const csrPath = (dir: string, base: string): string => path.join(dir, `${base}.csr`);

/** A failure with upstream's message; `cause` keeps the underlying error. */
export class PkiFileError extends Error {}

// bounded: a certificate or key named by a symlink to /dev/zero ends with an error, not with all the memory
const readText = async (file: string): Promise<string> => (await readFileBounded(file, MAX_CONFIG_FILE_BYTES)).toString("utf8");

export { pathExists, goOpenError };

export async function certOrKeyExist(dir: string, base: string): Promise<boolean> {
  const [c, k] = await Promise.all([pathExists(certPath(dir, base)), pathExists(keyPath(dir, base))]);
  return c || k;
}

export async function csrOrKeyExist(dir: string, base: string): Promise<boolean> {
  const [c, k] = await Promise.all([pathExists(csrPath(dir, base)), pathExists(keyPath(dir, base))]);
  return c || k;
}

/** The certificate bundle of `<dir>/<base>.crt`: leaf first, then intermediates. */
export async function loadCertChain(dir: string, base: string): Promise<{ cert: ParsedCertificate; intermediates: ParsedCertificate[] }> {
  const file = certPath(dir, base);
  let text: string;
  try {
    text = await readText(file);
  } catch (err) {
    throw new PkiFileError(`couldn't load the certificate file ${file}: ${goOpenError(err, file)}`);
  }
  let certs: ParsedCertificate[];
  try {
    certs = parseCertificatesPem(text);
  } catch (err) {
    throw new PkiFileError(`couldn't load the certificate file ${file}: error reading ${file}: ${(err as Error).message}`);
  }
  return { cert: certs[0]!, intermediates: certs.slice(1) };
}

export async function loadCert(dir: string, base: string): Promise<ParsedCertificate> {
  return (await loadCertChain(dir, base)).cert;
}

/** The private key of `<dir>/<base>.key` (RSA or ECDSA; PKCS#1, SEC 1 or PKCS#8). */
export async function loadKey(dir: string, base: string): Promise<PrivateKey> {
  const file = keyPath(dir, base);
  let text: string;
  try {
    text = await readText(file);
  } catch (err) {
    throw new PkiFileError(`couldn't load the private key file ${file}: ${goOpenError(err, file)}`);
  }
  try {
    return parsePrivateKeyPem(text);
  } catch (err) {
    if (err instanceof KeyParseError && err.reason === "unsupported-type") {
      throw new PkiFileError(`the private key file ${file} is neither in RSA nor ECDSA format`);
    }
    throw new PkiFileError(`couldn't load the private key file ${file}: error reading private key file ${file}: ${(err as Error).message}`);
  }
}

/** Both halves, upstream's TryLoadCertAndKeyFromDisk wording. */
export async function loadCertAndKey(dir: string, base: string): Promise<{ cert: ParsedCertificate; key: PrivateKey }> {
  let cert: ParsedCertificate;
  try {
    cert = await loadCert(dir, base);
  } catch (err) {
    throw new PkiFileError(`failed to load certificate: ${(err as Error).message}`);
  }
  let key: PrivateKey;
  try {
    key = await loadKey(dir, base);
  } catch (err) {
    throw new PkiFileError(`failed to load key: ${(err as Error).message}`);
  }
  return { cert, key };
}

/**
 * Writes `<base>.key` (0600) and `<base>.crt` (0644), creating parent directories 0755. Both
 * files are written concurrently: each write is atomic and synced, and the syncs are most of
 * the time a certs phase spends on files.
 */
export async function writeCertAndKey(dir: string, base: string, certDer: Uint8Array, key: PrivateKey): Promise<void> {
  await Promise.all([writeKey(dir, base, key), writeCert(dir, base, certDer)]);
}

/** `<base>.key` (0600) and `<base>.pub` (0644) of a key pair (sa), written concurrently. */
export async function writeKeyAndPublicKey(dir: string, base: string, key: PrivateKey): Promise<void> {
  await Promise.all([writeKey(dir, base, key), writePublicKey(dir, base, key)]);
}

export async function writeCert(dir: string, base: string, certDer: Uint8Array): Promise<void> {
  const file = certPath(dir, base);
  await ensureDir(path.dirname(file), MODE_DIR);
  await writeFileAtomic(file, encodeCertificatePem(certDer), MODE_CERT);
}

export async function writeKey(dir: string, base: string, key: PrivateKey): Promise<void> {
  const file = keyPath(dir, base);
  await ensureDir(path.dirname(file), MODE_DIR);
  await writeFileAtomic(file, encodePrivateKeyPem(key), MODE_PRIVATE_KEY);
}

export async function writePublicKey(dir: string, base: string, key: PrivateKey): Promise<void> {
  const file = publicKeyPath(dir, base);
  await ensureDir(path.dirname(file), MODE_DIR);
  await writeFileAtomic(file, encodePublicKeyPem(key), MODE_PUBLIC_KEY);
}

/** `<base>.csr`, mode 0600, parent directory created 0700. */
export async function writeCsr(dir: string, base: string, csrDer: Uint8Array): Promise<void> {
  const file = csrPath(dir, base);
  await ensureDir(path.dirname(file), MODE_PRIVATE_DIR);
  await writeFileAtomic(file, encodePem("CERTIFICATE REQUEST", csrDer), MODE_PRIVATE_KEY);
}

/** Copies a file byte for byte with its mode (dry-run: existing CAs into the dry-run dir). */
export async function copyFile(from: string, to: string, mode: number): Promise<void> {
  await ensureDir(path.dirname(to), MODE_DIR);
  await writeFileAtomic(to, await readFileBytes(from), mode);
}

const periodChecked = new WeakMap<PkiOutput, Set<string>>();

/** Warns (once per base name and output) when an existing certificate is expired or not yet valid. */
export function checkCertificatePeriod(out: PkiOutput, baseName: string, cert: ParsedCertificate, now = new Date()): void {
  let seen = periodChecked.get(out);
  if (!seen) periodChecked.set(out, (seen = new Set()));
  if (seen.has(baseName)) return;
  seen.add(baseName);
  const period = `NotBefore: ${goTimeString(cert.notBefore)}, NotAfter: ${goTimeString(cert.notAfter)}`;
  if (now < cert.notBefore) out.warn(`WARNING: could not validate bounds for certificate ${baseName}: the certificate is not valid yet: ${period}`);
  else if (now > cert.notAfter) out.warn(`WARNING: could not validate bounds for certificate ${baseName}: the certificate has expired: ${period}`);
}

/** Loads a CA (cert and key) from a directory; upstream's LoadCertificateAuthority wording. */
export async function loadCertificateAuthority(dir: string, baseName: string, out: PkiOutput): Promise<{ cert: ParsedCertificate; key: PrivateKey }> {
  if (!(await certOrKeyExist(dir, baseName))) {
    throw new KubeadmError(`couldn't load ${baseName} certificate authority from ${dir}`);
  }
  let loaded: { cert: ParsedCertificate; key: PrivateKey };
  try {
    loaded = await loadCertAndKey(dir, baseName);
  } catch (err) {
    throw new KubeadmError(`failure loading ${baseName} certificate authority: ${(err as Error).message}`);
  }
  checkCertificatePeriod(out, baseName, loaded.cert);
  if (!loaded.cert.isCA) throw new KubeadmError(`${baseName} certificate is not a certificate authority`);
  return loaded;
}
