import type { PeerCertificate } from "node:tls";
import { MAX_CONFIG_FILE_BYTES, readFileBounded } from "../host/files.js";
import { KubeadmError } from "../util/errors.js";
import { goQuote } from "../util/go-quote.js";
import { parseKubeconfigProxyURL } from "../util/proxy-env.js";
import { resolveKubeconfig, type Kubeconfig } from "../kubeconfig/read.js";
import { goErrnoText } from "../util/go-errno.js";

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

async function readPem(file: string, what: string): Promise<Buffer> {
  try {
    return await readFileBounded(file, MAX_CONFIG_FILE_BYTES);
  } catch (err) {
    throw new KubeadmError(`unable to read ${what} from ${JSON.stringify(file)}: ${goErrnoText(err)}`);
  }
}

/**
 * Builds a RestConfig from a parsed kubeconfig (current context unless one is named), reading
 * the certificate, key, CA and token files it references. Inline *-data wins over a file, as
 * in client-go.
 */
export async function restConfigFromKubeconfig(kc: Kubeconfig, options: { context?: string } = {}): Promise<RestConfig> {
  const r = resolveKubeconfig(kc, options.context);
  const { cluster, user } = r;
  if (user.hasPlugin && !user.clientCertificate && !user.clientCertificateData && !user.token && !user.tokenFile) {
    throw new KubeadmError(`kubeconfig user ${JSON.stringify(r.userName)} uses an exec or auth-provider plugin, which kubeadm-ts does not support`);
  }
  const cfg: RestConfig = { server: cluster.server! };
  if (cluster.certificateAuthorityData) cfg.caData = cluster.certificateAuthorityData;
  else if (cluster.certificateAuthority) cfg.caData = await readPem(cluster.certificateAuthority, "certificate-authority");
  if (cluster.insecureSkipTLSVerify) cfg.insecureSkipTLSVerify = true;
  if (cluster.proxyURL) {
    try {
      parseKubeconfigProxyURL(cluster.proxyURL);
    } catch (err) {
      throw new KubeadmError(`invalid configuration: invalid 'proxy-url' ${goQuote(cluster.proxyURL)} for cluster ${goQuote(r.clusterName)}: ${(err as Error).message}`);
    }
    // client-go: the cluster's proxy-url wins over HTTPS_PROXY/NO_PROXY (src/client/http-client.ts)
    cfg.proxyURL = cluster.proxyURL;
  }
  if (cluster.tlsServerName) cfg.tlsServerName = cluster.tlsServerName;
  if (user.clientCertificateData) cfg.certData = user.clientCertificateData;
  else if (user.clientCertificate) cfg.certData = await readPem(user.clientCertificate, "client-certificate");
  if (user.clientKeyData) cfg.keyData = user.clientKeyData;
  else if (user.clientKey) cfg.keyData = await readPem(user.clientKey, "client-key");
  if (user.token) cfg.bearerToken = user.token;
  else if (user.tokenFile) cfg.bearerToken = (await readPem(user.tokenFile, "tokenFile")).toString("utf8").trim();
  if (user.username) cfg.username = user.username;
  if (user.password) cfg.password = user.password;
  if ((cfg.certData === undefined) !== (cfg.keyData === undefined)) {
    throw new KubeadmError(`invalid configuration: kubeconfig user ${JSON.stringify(r.userName)} has a client certificate without a key or a key without a certificate`);
  }
  return cfg;
}

/** A client with no credentials (join discovery, cluster-info), optionally trusting one CA. */
export function anonymousRestConfig(server: string, options: Omit<RestConfig, "server" | "certData" | "keyData" | "bearerToken"> = {}): RestConfig {
  return { server, ...options };
}
