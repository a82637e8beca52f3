// Writing the kubeconfig files of `init phase kubeconfig` with upstream's reuse rules (kubeconfig.md §3).
import { readTextFile } from "../host/files.js";
import * as path from "node:path";
import { MODE_DIR, MODE_KUBECONFIG } from "../constants.js";
import { ensureDir, writeFileAtomic } from "../host/files.js";
import { KubeadmError } from "../util/errors.js";
import { contextName, kubeconfigYaml } from "./build.js";
import { parseKubeconfig } from "./read.js";
import type { KubeconfigSpec } from "./specs.js";

export interface CertificateAuthority {
  certPem: string;
  /** notBefore of the CA certificate (client certificates start then). */
  notBefore: Date;
  /** Signs a client certificate; returns its PEM and the key PEM. */
  signClient(commonName: string, organizations: readonly string[], notAfter: Date): Promise<{ certPem: string; keyPem: string }>;
}

export interface Output {
  write(s: string): unknown;
}

/** The file content for a spec, with a fresh client certificate signed by `ca`. */
export async function buildKubeconfigFile(spec: KubeconfigSpec, ca: CertificateAuthority, notAfter: Date): Promise<string> {
  const client = await ca.signClient(spec.userName, spec.organizations, notAfter);
  return kubeconfigYaml({
    clusterName: spec.clusterName,
    server: spec.server,
    caCertPem: ca.certPem,
    userName: spec.userName,
    clientCertPem: client.certPem,
    clientKeyPem: client.keyPem,
  });
}

/**
 * Checks an existing file against the expected CA and server. Returns false when there is no file,
 * true when it can be kept; throws on a wrong CA or an unusable file; warns on another server.
 */
export async function validateExistingKubeconfig(
  file: string,
  spec: KubeconfigSpec,
  caCertPem: string,
  warn: (msg: string) => void,
): Promise<boolean> {
  let text: string;
  try {
    text = await readTextFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw new KubeadmError(`failed to load kubeconfig file ${file} that already exists on disk: ${(err as Error).message}`);
  }
  let kc;
  try {
    kc = parseKubeconfig(text, file);
  } catch (err) {
    throw new KubeadmError(`failed to load kubeconfig file ${file} that already exists on disk: ${(err as Error).message}`);
  }
  const expectedCtx = contextName(spec.userName, spec.clusterName);
  void expectedCtx;
  const current = kc.contexts.get(kc.currentContext);
  if (!current) throw new KubeadmError(`failed to find CurrentContext in Contexts of the kubeconfig file ${file}`);
  const cluster = kc.clusters.get(current.cluster);
  if (!cluster) throw new KubeadmError(`failed to find the given CurrentContext Cluster in Clusters of the kubeconfig file ${file}`);
  let existingCA = cluster.certificateAuthorityData?.toString("utf8") ?? "";
  if (existingCA === "" && cluster.certificateAuthority) {
    try {
      existingCA = await readTextFile(cluster.certificateAuthority);
    } catch (err) {
      warn(`failed to read the CA file ${cluster.certificateAuthority} of kubeconfig file ${file}: ${(err as Error).message}`);
    }
  }
  if (existingCA.trim() !== caCertPem.trim()) {
    throw new KubeadmError(`a kubeconfig file "${file}" exists already but has got the wrong CA cert`);
  }
  if ((cluster.server ?? "") !== spec.server) {
    warn(`a kubeconfig file "${file}" exists already but has an unexpected API Server URL: expected: ${spec.server}, got: ${cluster.server ?? ""}`);
  }
  return true;
}

/**
 * Writes `<dir>/<spec.fileName>` (0600) unless a valid one exists, printing upstream's lines:
 * `[kubeconfig] Writing "<name>" kubeconfig file` or `[kubeconfig] Using existing kubeconfig file: "<path>"`.
 */
export async function createKubeconfigFile(
  dir: string,
  spec: KubeconfigSpec,
  ca: CertificateAuthority,
  notAfter: Date,
  out: Output,
  warn: (msg: string) => void = () => undefined,
): Promise<void> {
  const file = path.join(dir, spec.fileName);
  if (await validateExistingKubeconfig(file, spec, ca.certPem, warn)) {
    out.write(`[kubeconfig] Using existing kubeconfig file: "${file}"\n`);
    return;
  }
  out.write(`[kubeconfig] Writing "${spec.fileName}" kubeconfig file\n`);
  const content = await buildKubeconfigFile(spec, ca, notAfter);
  await ensureDir(dir, MODE_DIR);
  await writeFileAtomic(file, content, MODE_KUBECONFIG);
}
