/**
 * upload-certs: the kubeadm-certs Secret (CA/SA/front-proxy/etcd keys,
 * encrypted with the certificate key), owned by a short-lived bootstrap
 * token so garbage collection removes it when the token expires; and the
 * join side that downloads and decrypts it.
 */
import { X509Certificate, createPrivateKey, createPublicKey } from "node:crypto";
import { readFileBytes as readFile } from "../host/files.js";
import { decodePemBlocks } from "../pki/pem.js";
import { join } from "node:path";
import type { Secret } from "kubernetes-types/core/v1.js";
import type { OwnerReference } from "kubernetes-types/meta/v1.js";
import type { Role, RoleBinding } from "kubernetes-types/rbac/v1.js";
import {
  CA_BASENAME,
  CERTS_TOKEN_DESCRIPTION,
  DEFAULT_CERT_TOKEN_DURATION_MS,
  ETCD_CA_BASENAME,
  FRONT_PROXY_CA_BASENAME,
  KUBEADM_CERTS_ROLE,
  KUBEADM_CERTS_SECRET,
  NODE_BOOTSTRAP_TOKEN_AUTH_GROUP,
  NS_KUBE_SYSTEM,
  SA_KEY,
  SA_PUB,
} from "../constants.js";
import { createOrUpdate, isNotFound, type KubeClient } from "../client/index.js";
import type { BootstrapToken, ClusterConfiguration } from "../config/types.js";
import { KubeadmError, wrapError } from "../util/errors.js";
import { bootstrapTokenSecretName, generateBootstrapTokenString } from "../util/token.js";
import { createNewTokens } from "./bootstrap-token.js";
import { decodeCertificateKey, decryptBytes, encryptBytes } from "./certs-crypto.js";
import { getObjectRole, groupSubject, roleBinding } from "./objects.js";
import type { LineWriter } from "./output.js";
import { REDACTED } from "../util/redact.js";

export const EXTERNAL_ETCD_CA = "external-etcd-ca.crt";
export const EXTERNAL_ETCD_CERT = "external-etcd.crt";
export const EXTERNAL_ETCD_KEY = "external-etcd.key";

/** Certificate/key name (as under the PKI dir) → path on disk, for what the Secret carries. */
export function certsToTransfer(cfg: Pick<ClusterConfiguration, "certificatesDir" | "etcd">): Map<string, string> {
  const dir = cfg.certificatesDir;
  const m = new Map<string, string>();
  for (const base of [CA_BASENAME, FRONT_PROXY_CA_BASENAME]) {
    m.set(`${base}.crt`, join(dir, `${base}.crt`));
    m.set(`${base}.key`, join(dir, `${base}.key`));
  }
  m.set(SA_PUB, join(dir, SA_PUB));
  m.set(SA_KEY, join(dir, SA_KEY));
  if (!cfg.etcd.external) {
    m.set(`${ETCD_CA_BASENAME}.crt`, join(dir, `${ETCD_CA_BASENAME}.crt`));
    m.set(`${ETCD_CA_BASENAME}.key`, join(dir, `${ETCD_CA_BASENAME}.key`));
  } else {
    m.set(EXTERNAL_ETCD_CA, cfg.etcd.external.caFile);
    m.set(EXTERNAL_ETCD_CERT, cfg.etcd.external.certFile);
    m.set(EXTERNAL_ETCD_KEY, cfg.etcd.external.keyFile);
  }
  return m;
}

/** "etcd/ca.crt" → "etcd-ca.crt". */
export const certOrKeyNameToSecretName = (name: string): string => name.replaceAll("/", "-");

/** The short-lived token owning the Secret: 2h, fixed description, no usages, no groups. */
export function buildCertsOwnerToken(token = generateBootstrapTokenString()): BootstrapToken {
  return { token, description: CERTS_TOKEN_DESCRIPTION, ttl: DEFAULT_CERT_TOKEN_DURATION_MS, usages: [], groups: [] };
}

/** The owner reference to the token Secret (metav1.NewControllerRef). */
export function certsOwnerReference(tokenSecretName: string, uid: string): OwnerReference {
  return { apiVersion: "v1", kind: "Secret", name: tokenSecretName, uid, controller: true, blockOwnerDeletion: true };
}

/**
 * The kubeadm-certs Secret from file contents (name → bytes, or null for a missing file, which
 * is stored empty). `encrypt` defaults to AES-GCM with a random nonce per value.
 */
export function buildKubeadmCertsSecret(
  files: ReadonlyMap<string, Uint8Array | null>,
  key: Uint8Array,
  owner: OwnerReference,
  encrypt: (data: Uint8Array, key: Uint8Array) => Uint8Array = encryptBytes,
): Secret {
  const data: Record<string, string> = {};
  for (const [name, content] of files) {
    data[certOrKeyNameToSecretName(name)] = content === null ? "" : Buffer.from(encrypt(content, key)).toString("base64");
  }
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: KUBEADM_CERTS_SECRET, namespace: NS_KUBE_SYSTEM, ownerReferences: [owner] },
    data,
  };
}

export function buildKubeadmCertsRBAC(): { role: Role; roleBinding: RoleBinding } {
  return {
    role: getObjectRole(NS_KUBE_SYSTEM, KUBEADM_CERTS_ROLE, "secrets", KUBEADM_CERTS_SECRET),
    roleBinding: roleBinding(NS_KUBE_SYSTEM, KUBEADM_CERTS_ROLE, KUBEADM_CERTS_ROLE, [groupSubject(NODE_BOOTSTRAP_TOKEN_AUTH_GROUP)]),
  };
}

/** Reads the files to transfer; a missing file yields null, other errors abort. */
export async function readCertsToTransfer(cfg: Pick<ClusterConfiguration, "certificatesDir" | "etcd">): Promise<Map<string, Buffer | null>> {
  const out = new Map<string, Buffer | null>();
  for (const [name, path] of certsToTransfer(cfg)) {
    try {
      out.set(name, await readFile(path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") out.set(name, null);
      else throw new KubeadmError(`open ${path}: ${(err as Error).message}`, 1, { cause: err });
    }
  }
  return out;
}

export const UPLOAD_CERTS_LINE = `[upload-certs] Storing the certificates in Secret "${KUBEADM_CERTS_SECRET}" in the "${NS_KUBE_SYSTEM}" Namespace\n`;
export const SKIP_UPLOAD_CERTS_LINE = "[upload-certs] Skipping phase. Please see --upload-certs\n";

/**
 * The "Using certificate key" lines printed after a successful upload (unless
 * --skip-certificate-key-print). In a dry run nothing was uploaded and the key is REDACTED: it
 * would decrypt the keys a real run uploads (src/util/redact.ts).
 */
export const certificateKeyLines = (key: string, dryRun = false): string => `[upload-certs] Using certificate key:\n${dryRun ? REDACTED : key}\n`;

/** UploadCerts: owner token, encrypted Secret, RBAC. */
export async function uploadCerts(
  client: KubeClient,
  cfg: Pick<ClusterConfiguration, "certificatesDir" | "etcd">,
  certificateKey: string,
  out: LineWriter,
): Promise<void> {
  out.write(UPLOAD_CERTS_LINE);
  let key: Buffer;
  try {
    key = decodeCertificateKey(certificateKey);
  } catch (err) {
    throw wrapError(err, "error decoding certificate key");
  }
  const token = buildCertsOwnerToken();
  try {
    await createNewTokens(client, [token]);
  } catch (err) {
    throw wrapError(err, "error creating token");
  }
  const files = await readCertsToTransfer(cfg);
  const tokenSecretName = bootstrapTokenSecretName(token.token!.id);
  const tokenSecret = await client.get("secrets", tokenSecretName, NS_KUBE_SYSTEM);
  const owner = certsOwnerReference(tokenSecretName, tokenSecret.metadata?.uid ?? "");
  await createOrUpdate(client, "secrets", buildKubeadmCertsSecret(files, key, owner));
  const rbac = buildKubeadmCertsRBAC();
  await createOrUpdate(client, "roles", rbac.role);
  await createOrUpdate(client, "rolebindings", rbac.roleBinding);
}

/** Decrypts every non-empty value of the Secret (empty values stay empty); any failure fails all. */
export function decryptKubeadmCertsSecret(secret: Secret, key: Uint8Array): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [name, value] of Object.entries(secret.data ?? {})) {
    const raw = Buffer.from(value ?? "", "base64");
    out.set(name, raw.length > 0 ? decryptBytes(raw, key) : Buffer.alloc(0));
  }
  return out;
}

/** Fetches kubeadm-certs, with upstream's hint when it is gone. */
export async function getKubeadmCertsSecret(client: KubeClient): Promise<Secret> {
  try {
    return await client.get("secrets", KUBEADM_CERTS_SECRET, NS_KUBE_SYSTEM);
  } catch (err) {
    if (isNotFound(err)) {
      throw new KubeadmError(
        `Secret "${KUBEADM_CERTS_SECRET}" was not found in the "${NS_KUBE_SYSTEM}" Namespace. This Secret might have expired. Please, run \`kubeadm init phase upload-certs --upload-certs\` on a control plane to generate a new one`,
      );
    }
    throw err;
  }
}

/**
 * DownloadCerts: fetch, decrypt, and hand each non-empty file to `writeFile(path, bytes)`
 * (the caller validates and writes with the right modes).
 */
export async function downloadCerts(
  client: KubeClient,
  cfg: Pick<ClusterConfiguration, "certificatesDir" | "etcd">,
  certificateKey: string,
  out: LineWriter,
  writeFile: (name: string, path: string, content: Buffer) => Promise<void>,
): Promise<void> {
  out.write(`[download-certs] Downloading the certificates in Secret "${KUBEADM_CERTS_SECRET}" in the "${NS_KUBE_SYSTEM}" Namespace\n`);
  let key: Buffer;
  try {
    key = decodeCertificateKey(certificateKey);
  } catch (err) {
    throw wrapError(err, "error decoding certificate key");
  }
  let secret: Secret;
  try {
    secret = await getKubeadmCertsSecret(client);
  } catch (err) {
    throw wrapError(err, "error downloading the secret");
  }
  let data: Map<string, Buffer>;
  try {
    data = decryptKubeadmCertsSecret(secret, key);
  } catch (err) {
    throw wrapError(err, "error decoding secret data with provided key");
  }
  out.write(`[download-certs] Saving the certificates to the folder: ${JSON.stringify(cfg.certificatesDir)}\n`);
  for (const [name, path] of certsToTransfer(cfg)) {
    const content = data.get(certOrKeyNameToSecretName(name));
    if (content === undefined) {
      throw new KubeadmError(`the Secret does not include the required certificate or key - name: ${name}, path: ${path}`);
    }
    if (content.length === 0) continue;
    await writeFile(name, path, content);
  }
}

/**
 * What a decrypted kubeadm-certs value is, as upstream's writeCertOrKey decides it: a private key
 * (client-go's ParsePrivateKeyPEM: an "RSA PRIVATE KEY", "EC PRIVATE KEY" or RSA/ECDSA "PRIVATE
 * KEY" block), else public key material (ParsePublicKeysPEM: an RSA or ECDSA public key or
 * certificate in any block), else neither.
 */
export function certOrKeyKind(data: Uint8Array): "key" | "cert" | undefined {
  const blocks = decodePemBlocks(Buffer.from(data).toString("latin1"));
  const rsaOrEc = (t: string | undefined): boolean => t === "rsa" || t === "ec";
  for (const b of blocks) {
    const key = Buffer.from(b.bytes);
    const type = b.type === "RSA PRIVATE KEY" ? "pkcs1" : b.type === "EC PRIVATE KEY" ? "sec1" : b.type === "PRIVATE KEY" ? "pkcs8" : undefined;
    if (!type) continue;
    try {
      if (rsaOrEc(createPrivateKey({ key, format: "der", type }).asymmetricKeyType)) return "key";
    } catch {
      // not this kind of key
    }
  }
  for (const b of blocks) {
    const key = Buffer.from(b.bytes);
    const attempts: Array<() => string | undefined> = [
      () => createPrivateKey({ key, format: "der", type: "pkcs1" }).asymmetricKeyType,
      () => createPublicKey({ key, format: "der", type: "pkcs1" }).asymmetricKeyType,
      () => createPublicKey({ key, format: "der", type: "spki" }).asymmetricKeyType,
      () => new X509Certificate(key).publicKey.asymmetricKeyType,
      () => createPrivateKey({ key, format: "der", type: "sec1" }).asymmetricKeyType,
    ];
    for (const attempt of attempts) {
      try {
        if (rsaOrEc(attempt())) return "cert";
      } catch {
        // next parser
      }
    }
  }
  return undefined;
}
