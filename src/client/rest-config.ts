import type { PeerCertificate } from "node:tls";
import { MAX_CONFIG_FILE_BYTES, openCheckSync, readFileGoSync } from "../host/files.js";
import { KubeadmError } from "../util/errors.js";
import type { Kubeconfig } from "../kubeconfig/read.js";
import { clientSettingsFromKubeconfig, type KubeconfigFiles } from "../kubeconfig/client-config.js";

/** Everything a client needs to reach one API server as one identity. Buffers hold PEM. */
export interface RestConfig {
  /** https://host:port (a path prefix is kept). */
  server: string;
  caData?: Buffer;
  certData?: Buffer;
  keyData?: Buffer;
  bearerToken?: string;
  username?: string;
  password?: string;
  insecureSkipTLSVerify?: boolean;
  /** SNI / verification name when it differs from the URL host. */
  tlsServerName?: string;
  /**
   * Replaces hostname verification (join discovery pins the CA by public-key hash and may not
   * know the name the server certificate carries). Return an Error to reject.
   */
  checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined;
  /** Per-request timeout in ms (connection, headers and body); 0 disables. */
  timeoutMs?: number;
  /** The kubeconfig cluster's proxy-url: every request goes through it (else the environment's proxy). */
  proxyURL?: string;
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
  const s = clientSettingsFromKubeconfig(kc, kubeconfigFiles, options);
  if (s.plugin && s.certData === undefined && s.bearerToken === undefined) {
    const ctx = kc.contexts.get(options.context || kc.currentContext);
    throw new KubeadmError(`kubeconfig user ${JSON.stringify(ctx?.user ?? "")} uses an exec or auth-provider plugin, which kubeadm-ts does not support`);
  }
  const cfg: RestConfig = { server: s.server };
  if (s.caData) cfg.caData = s.caData;
  if (s.insecureSkipTLSVerify) cfg.insecureSkipTLSVerify = true;
  // client-go: the cluster's proxy-url wins over HTTPS_PROXY/NO_PROXY (src/client/http-client.ts)
  if (s.proxyURL) cfg.proxyURL = s.proxyURL;
  if (s.tlsServerName) cfg.tlsServerName = s.tlsServerName;
  if (s.certData && s.keyData) {
    cfg.certData = s.certData;
    cfg.keyData = s.keyData;
  }
  if (s.bearerToken) cfg.bearerToken = s.bearerToken;
  if (s.username) cfg.username = s.username;
  if (s.password) cfg.password = s.password;
  return cfg;
}

/** A client with no credentials (join discovery, cluster-info), optionally trusting one CA. */
export function anonymousRestConfig(server: string, options: Omit<RestConfig, "server" | "certData" | "keyData" | "bearerToken"> = {}): RestConfig {
  return { server, ...options };
}
