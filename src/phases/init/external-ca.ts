/**
 * External CA mode (upstream UsingExternalCA / UsingExternalFrontProxyCA /
 * ValidateKubeconfigsForExternalCA): a CA certificate on disk without its key means the
 * user signs certificates and kubeconfigs themselves; they must all be present and valid.
 */
import { fileExists as exists, readTextFile } from "../../host/files.js";
import * as path from "node:path";
import {
  ADMIN_KUBECONFIG,
  APISERVER_BASENAME,
  APISERVER_KUBELET_CLIENT_BASENAME,
  CA_BASENAME,
  CONTROLLER_MANAGER_KUBECONFIG,
  FRONT_PROXY_CA_BASENAME,
  FRONT_PROXY_CLIENT_BASENAME,
  KUBELET_KUBECONFIG,
  SCHEDULER_KUBECONFIG,
  SUPER_ADMIN_KUBECONFIG,
} from "../../constants.js";
import type { ConfigLogger } from "../../util/log.js";
import type { ClusterConfiguration, InitConfiguration } from "../../config/types.js";
import { parseKubeconfig, resolveKubeconfig } from "../../kubeconfig/read.js";
import { KubeadmError } from "../../util/errors.js";

export interface ExternalCAResult {
  external: boolean;
  /** Why the external CA's files are not usable (only meaningful when external). */
  error?: string;
}

const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function pki() {
  return import("../../pki/index.js");
}

async function validateCACert(dir: string, base: string, ux: string): Promise<string | undefined> {
  const { pkiStore } = await pki();
  try {
    const cert = await pkiStore.loadCert(dir, base);
    if (!cert.isCA) return `certificate ${ux} is not a CA`;
  } catch (err) {
    return `failure loading certificate for ${ux}: ${msg(err)}`;
  }
  return undefined;
}

async function validateSignedCert(dir: string, caBase: string, base: string, ux: string): Promise<string | undefined> {
  const { pkiStore, verifyCertChain } = await pki();
  let ca;
  try {
    ca = await pkiStore.loadCert(dir, caBase);
  } catch (err) {
    return `failure loading certificate authority for ${ux}: ${msg(err)}`;
  }
  try {
    await pkiStore.loadKey(dir, base);
  } catch (err) {
    return `failure loading key for ${base}: ${msg(err)}`;
  }
  let chain;
  try {
    chain = await pkiStore.loadCertChain(dir, base);
  } catch (err) {
    return `failure loading certificate for ${ux}: ${msg(err)}`;
  }
  try {
    verifyCertChain(chain.cert, chain.intermediates, ca);
  } catch (err) {
    return `certificate ${ux} is not signed by corresponding CA: ${msg(err)}`;
  }
  return undefined;
}

async function usingExternal(
  dir: string,
  caBase: string,
  caUx: string,
  signed: Array<[string, string]>,
): Promise<ExternalCAResult> {
  if (await validateCACert(dir, caBase, caUx)) return { external: false };
  if (await exists(path.join(dir, `${caBase}.key`))) return { external: false };
  for (const [base, ux] of signed) {
    const error = await validateSignedCert(dir, caBase, base, ux);
    if (error) return { external: true, error };
  }
  return { external: true };
}

export function usingExternalCA(cluster: ClusterConfiguration, _log?: ConfigLogger): Promise<ExternalCAResult> {
  return usingExternal(cluster.certificatesDir, CA_BASENAME, "CA", [
    [APISERVER_BASENAME, "API server"],
    [APISERVER_KUBELET_CLIENT_BASENAME, "API server kubelet client"],
  ]);
}

export function usingExternalFrontProxyCA(cluster: ClusterConfiguration, _log?: ConfigLogger): Promise<ExternalCAResult> {
  return usingExternal(cluster.certificatesDir, FRONT_PROXY_CA_BASENAME, "front-proxy CA", [
    [FRONT_PROXY_CLIENT_BASENAME, "front-proxy client"],
  ]);
}

/** The user-provided kubeconfig files must exist and trust the CA. */
export async function validateKubeconfigsForExternalCA(outDir: string, cfg: InitConfiguration): Promise<void> {
  const { pkiStore } = await pki();
  let caDer: Uint8Array;
  try {
    caDer = (await pkiStore.loadCert(cfg.clusterConfiguration.certificatesDir, CA_BASENAME)).der;
  } catch (err) {
    throw new KubeadmError(`the CA file couldn't be loaded: ${msg(err)}`);
  }
  const { parseCertificatesPem } = await pki();
  for (const name of [CONTROLLER_MANAGER_KUBECONFIG, SCHEDULER_KUBECONFIG, ADMIN_KUBECONFIG, SUPER_ADMIN_KUBECONFIG, KUBELET_KUBECONFIG]) {
    const file = path.join(outDir, name);
    try {
      const text = await readTextFile(file);
      const r = resolveKubeconfig(parseKubeconfig(text, file));
      let caPem = r.cluster.certificateAuthorityData?.toString("utf8") ?? "";
      if (caPem.trim() === "" && r.cluster.certificateAuthority) caPem = await readTextFile(r.cluster.certificateAuthority);
      const certs = parseCertificatesPem(caPem);
      if (certs.length === 0 || !Buffer.from(certs[0]!.der).equals(Buffer.from(caDer))) {
        throw new Error(`a kubeconfig file ${JSON.stringify(file)} exists but does not contain a trusted CA in its current context's cluster. Total CA certificates found: ${certs.length}`);
      }
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why = e.code === "ENOENT" ? `stat ${file}: no such file or directory` : msg(err);
      throw new KubeadmError(`the ${name} file does not exists or it is not valid: ${why}`);
    }
  }
}
