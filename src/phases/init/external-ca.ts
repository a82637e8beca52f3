/**
 * External CA mode (upstream UsingExternalCA / UsingExternalFrontProxyCA /
 * ValidateKubeconfigsForExternalCA): a CA certificate on disk without its key means the
 * user signs certificates and kubeconfigs themselves; they must all be present and valid.
 */
import { fileExists as exists } from "../../host/files.js";
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

/**
 * The user-provided kubeconfig files must exist and trust the CA (upstream's
 * ValidateKubeconfigsForExternalCA): controller-manager.conf and scheduler.conf against the local
 * API endpoint, admin.conf, super-admin.conf and kubelet.conf against the control-plane endpoint.
 */
export async function validateKubeconfigsForExternalCA(outDir: string, cfg: InitConfiguration, warn: (msg: string) => void = () => undefined): Promise<void> {
  const { pkiStore } = await pki();
  let chain;
  try {
    chain = await pkiStore.loadCertChain(cfg.clusterConfiguration.certificatesDir, CA_BASENAME);
  } catch (err) {
    throw new KubeadmError(`the CA file couldn't be loaded: ${msg(err)}`);
  }
  const caCertsDer = [chain.cert, ...chain.intermediates].map((c) => c.der);
  const { localEndpointURL, controlPlaneEndpointURL } = await import("../../kubeconfig/endpoint.js");
  const { validateKubeconfigFile } = await import("../../kubeconfig/files.js");
  const local = localEndpointURL(cfg.localAPIEndpoint);
  const groups: Array<[string[], () => string]> = [
    [[CONTROLLER_MANAGER_KUBECONFIG, SCHEDULER_KUBECONFIG], () => local],
    [[ADMIN_KUBECONFIG, SUPER_ADMIN_KUBECONFIG, KUBELET_KUBECONFIG], () => controlPlaneEndpointURL(cfg.clusterConfiguration, cfg.localAPIEndpoint)],
  ];
  for (const [names, server] of groups) {
    const expected = { caCertsDer, server: server() };
    for (const name of names) {
      let why: string | undefined;
      try {
        why = (await validateKubeconfigFile(path.join(outDir, name), expected, warn))?.missing;
      } catch (err) {
        why = msg(err);
      }
      if (why !== undefined) throw new KubeadmError(`the ${name} file does not exists or it is not valid: ${why}`);
    }
  }
}
