import type { PeerCertificate } from "node:tls";
import { MAX_CONFIG_FILE_BYTES, openCheckSync, readFileGoSync } from "../host/files.js";
import { KubeadmError } from "../util/errors.js";
import type { Kubeconfig } from "../kubeconfig/read.js";
import { clientSettingsFromKubeconfig, type ConnectionSettings, type KubeconfigFiles } from "../kubeconfig/client-config.js";

/** Everything a client needs to reach one API server as one identity, and how to talk to it. */
export interface RestConfig extends ConnectionSettings {
  /**
   * Replaces hostname verification (join discovery pins the CA by public-key hash and may not
   * know the name the server certificate carries). Return an Error to reject.
   */
  checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined;
  /** Per-request timeout in ms (connection, headers and body); 0 disables. */
  timeoutMs?: number;
  /** Lowers the response-body bounds of src/host/http-transport.ts (join discovery: cluster-info). */
  maxResponseBytes?: number;
  userAgent?: string;
}

/** The files a kubeconfig references, as client-go opens and reads them (relative to the current directory). */
export const kubeconfigFiles: KubeconfigFiles = { open: openCheckSync, read: (file) => readFileGoSync(file, MAX_CONFIG_FILE_BYTES) };

/**
 * Builds a RestConfig from a parsed kubeconfig (current context unless one is named) as
 * client-go does before the first request (src/kubeconfig/client-config.ts): validation, then the
 * files it references. Throws KubeconfigClientError, worded as kubeadm's ToClientSet wraps it.
 */
export async function restConfigFromKubeconfig(kc: Kubeconfig, options: { context?: string } = {}): Promise<RestConfig> {
  const { plugin, ...cfg } = clientSettingsFromKubeconfig(kc, kubeconfigFiles, options);
  if (plugin && cfg.certData === undefined && cfg.bearerToken === undefined) {
    const ctx = kc.contexts.get(options.context || kc.currentContext);
    throw new KubeadmError(`kubeconfig user ${JSON.stringify(ctx?.user ?? "")} uses an exec or auth-provider plugin, which kubeadm-ts does not support`);
  }
  return cfg;
}

/** A client with no credentials (join discovery, cluster-info), optionally trusting one CA. */
export function anonymousRestConfig(server: string, options: Omit<RestConfig, "server" | "certData" | "keyData" | "bearerToken"> = {}): RestConfig {
  return { server, ...options };
}
