// Reading and writing PKI files with upstream's paths, modes and error wording.
import * as path from "node:path";
import { MODE_CERT, MODE_DIR, MODE_PRIVATE_DIR, MODE_PRIVATE_KEY, MODE_PUBLIC_KEY } from "../constants.js";
import { ensureDir, MAX_CONFIG_FILE_BYTES, pathExists, readFileBounded, readFileBytes, readWriteMarker, removeFiles, writeFileAtomic, writeFileGroup } from "../host/files.js";
import { goOpenError } from "../util/go-errno.js";
import { KubeadmError } from "../util/errors.js";
import { goTimeString } from "./verify.js";
import type { PkiOutput } from "./input.js";
import { encodeCertificatePem } from "./certificate.js";
import { encodePrivateKeyPem, encodePublicKeyPem, KeyParseError, parsePrivateKeyPem, publicKeyDer, type PrivateKey } from "./keys.js";
import { decodePemBlocks, encodePem } from "./pem.js";
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
 * Crash safety of a key pair (`<base>.key` with `<base>.crt`, or sa.key with sa.pub).
 *
 * Writing (writeCertAndKey, writeKeyAndPublicKey; host/files.ts writeFileGroup): the marker
 * `.<name>.kubeadm-writing` naming this process goes next to the files first, then the key,
 * then the certificate (or public key), each atomically, then the directory is fsynced and the
 * marker removed. So a process killed at any instant leaves one of: nothing; the marker alone;
 * the marker and the key; the marker and the complete pair; the complete pair. Never a
 * certificate without its key, which would read as external CA mode (ca.crt without ca.key).
 *
 * Recovering (recoverInterruptedPair, run by each certs sub-phase before it looks at its files):
 * a marker whose process is gone proves that a kubeadm-ts write of that pair was interrupted.
 * If the key and the certificate (or public key) both load and match, the pair is kept and the
 * marker removed; otherwise the certificate (or public key), the key and the marker are removed,
 * in that order (a kill during the removal leaves a state this rule handles again), and the
 * pair is generated again as if it had never been there. Nothing was signed with that key yet:
 * a CA is used only after its write returned. A marker of a running process is left alone.
 * Without a marker every state keeps upstream's meaning: ca.crt without ca.key is external CA
 * mode; an existing key and certificate are reused (and validated); a key without its
 * certificate, placed by an operator, fails as upstream fails; an existing sa.key is used.
 */
export const pairMarkerPath = (dir: string, base: string): string => path.join(dir, path.dirname(base), `.${path.basename(base)}.kubeadm-writing`);

/**
 * Writes `<base>.key` (0600) then `<base>.crt` (0644), creating parent directories 0755, as one
 * group (see the crash-safety rule above). Both files are synced concurrently: the syncs are
 * most of the time a certs phase spends on files.
 */
export async function writeCertAndKey(dir: string, base: string, certDer: Uint8Array, key: PrivateKey): Promise<void> {
  await ensureDir(path.dirname(keyPath(dir, base)), MODE_DIR);
  await writeFileGroup(pairMarkerPath(dir, base), [
    { file: keyPath(dir, base), data: encodePrivateKeyPem(key), mode: MODE_PRIVATE_KEY },
    { file: certPath(dir, base), data: encodeCertificatePem(certDer), mode: MODE_CERT },
  ]);
}

/** `<base>.key` (0600) then `<base>.pub` (0600) of a key pair (sa), as one group. */
export async function writeKeyAndPublicKey(dir: string, base: string, key: PrivateKey): Promise<void> {
  await ensureDir(path.dirname(keyPath(dir, base)), MODE_DIR);
  await writeFileGroup(pairMarkerPath(dir, base), [
    { file: keyPath(dir, base), data: encodePrivateKeyPem(key), mode: MODE_PRIVATE_KEY },
    { file: publicKeyPath(dir, base), data: encodePublicKeyPem(key), mode: MODE_PUBLIC_KEY },
  ]);
}

/** What recoverInterruptedPair found. */
export type PairRecovery = "none" | "in-progress" | "kept" | "removed";

/**
 * Applies the recovery rule above to `<dir>/<base>` (`half`: the certificate or the public key).
 * Warns when it removes files.
 */
export async function recoverInterruptedPair(dir: string, base: string, half: "crt" | "pub", out?: PkiOutput): Promise<PairRecovery> {
  const marker = pairMarkerPath(dir, base);
  const found = await readWriteMarker(marker);
  if (!found) return "none";
  if (!found.ownerGone) return "in-progress";
  const other = half === "crt" ? certPath(dir, base) : publicKeyPath(dir, base);
  if (await pairMatches(dir, base, half)) {
    await removeFiles([marker]);
    return "kept";
  }
  await removeFiles([other, keyPath(dir, base), marker]);
  const halves = half === "crt" ? "key and certificate" : "key and public key";
  const run = found.pid === null ? "an interrupted kubeadm-ts run" : `an interrupted kubeadm-ts run (pid ${found.pid})`;
  out?.warn(`[certs] ${run} left "${base}" incomplete: removed its ${halves} to generate them again`);
  return "removed";
}

async function pairMatches(dir: string, base: string, half: "crt" | "pub"): Promise<boolean> {
  try {
    const key = await loadKey(dir, base);
    let spki: Uint8Array;
    if (half === "crt") {
      spki = publicKeyDer((await loadCert(dir, base)).node.publicKey);
    } else {
      const block = decodePemBlocks(await readText(publicKeyPath(dir, base))).find((b) => b.type === "PUBLIC KEY");
      if (!block) return false;
      spki = block.bytes;
    }
    return Buffer.from(spki).equals(Buffer.from(publicKeyDer(key.publicKey)));
  } catch {
    return false;
  }
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
