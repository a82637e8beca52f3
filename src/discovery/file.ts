/**
 * File and HTTPS discovery for `kubeadm join` (upstream's discovery/file and discovery/https): the
 * operator hands over a kubeconfig (a local file, or an https:// URL fetched with the system's
 * trust store and proxy settings) whose CA the node trusts as it is. kubeadm checks it like
 * client-go would, embeds the files it references, proves the TLS setup by reading cluster-info
 * (a Forbidden answer also proves it), and takes a missing CA from cluster-info.
 */
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { CLUSTER_INFO_CONFIGMAP, CLUSTER_INFO_KUBECONFIG_KEY, DISCOVERY_RETRY_INTERVAL_MS } from "../constants.js";
import { isForbidden } from "../client/api-error.js";
import { restConfigFromKubeconfig, type RestConfig } from "../client/rest-config.js";
import { KubeconfigParseError, parseKubeconfig, type Kubeconfig, type KubeconfigUser } from "../kubeconfig/read.js";
import { validateKubeconfig } from "../kubeconfig/validate.js";
import { formatDurationMs } from "../util/duration.js";
import { MAX_CONFIG_FILE_BYTES, openCheckSync, readFileGoSync } from "../host/files.js";
import { MAX_CLUSTER_INFO_BODY_BYTES } from "../host/http-transport.js";
import { KubeadmError } from "../util/errors.js";
import { goQuote } from "../util/go-quote.js";
import { clusterFromKubeconfig, getClusterInfoWith } from "./token.js";

export interface FileDiscoveryOptions {
  /** discovery timeout (timeouts.discovery). */
  timeoutMs: number;
  /** Verbose (V=1) lines. */
  log?: (line: string) => void;
  /** Warnings (klog W lines upstream). */
  warn?: (line: string) => void;
  getClusterInfo?: (config: RestConfig) => Promise<ConfigMap>;
  retryIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}


/** The current context's user, as upstream's getCurrentAuthInfo finds it (undefined when there is none). */
export function currentUser(kc: Kubeconfig): KubeconfigUser | undefined {
  const ctx = kc.contexts.get(kc.currentContext);
  if (kc.currentContext === "" || !ctx || ctx.user === "") return undefined;
  return kc.users.get(ctx.user);
}

/**
 * Whether the current user can authenticate (upstream's HasAuthenticationCredentials): a token or
 * token file, a username and password, a client certificate and key, an exec or auth-provider plugin.
 */
export function hasAuthenticationCredentials(kc: Kubeconfig): boolean {
  const u = currentUser(kc);
  if (!u) return false;
  if (u.token || u.tokenFile) return true;
  if (u.username && u.password) return true;
  if ((u.clientCertificate || u.clientCertificateData?.length) && (u.clientKey || u.clientKeyData?.length)) return true;
  return Boolean(u.exec?.command || u.authProviderName);
}

/** A file a kubeconfig references (relative to the current directory), read to be embedded (upstream's Ensure...Embedded). */
function embed(file: string, what: string): Buffer {
  try {
    return readFileGoSync(file, MAX_CONFIG_FILE_BYTES);
  } catch (err) {
    throw new KubeadmError(`error while reading ${what} file defined in kubeconfig: ${(err as Error).message}`);
  }
}

/** File discovery: the kubeconfig at `file`, checked and refreshed (upstream's file.RetrieveValidatedConfigInfo). */
export async function retrieveValidatedConfigInfoFromFile(file: string, o: FileDiscoveryOptions): Promise<Kubeconfig> {
  const { readKubeconfigFile } = await import("../client/from-kubeconfig.js");
  return validateConfigInfo(await readKubeconfigFile(file), o);
}

/** HTTPS discovery: the kubeconfig served at `url` (a 200 answer, since v1.37), then as file discovery. */
export async function retrieveValidatedConfigInfoFromURL(url: string, o: FileDiscoveryOptions): Promise<Kubeconfig> {
  const { fetchURL } = await import("../host/fetch-url.js");
  // upstream waits as long as the server takes; here the discovery timeout bounds the download,
  // and the kubeconfig is bounded as a kubeconfig file is
  const res = await fetchURL(url, o.timeoutMs, process.env, MAX_CONFIG_FILE_BYTES);
  if (res.status !== 200) {
    throw new KubeadmError(`error trying to fetch discovery kubeconfig over HTTPS from ${url}, received status ${res.status}`);
  }
  let kc: Kubeconfig;
  try {
    kc = parseKubeconfig(res.body);
  } catch (err) {
    // clientcmd.Load's failure as it is
    if (err instanceof KubeconfigParseError) throw new KubeadmError(err.reason, 1, { cause: err });
    throw err;
  }
  return validateConfigInfo(kc, o);
}

/** Checks a discovery kubeconfig and refreshes it from cluster-info (upstream's file.ValidateConfigInfo). */
export async function validateConfigInfo(kc: Kubeconfig, o: FileDiscoveryOptions): Promise<Kubeconfig> {
  if (kc.clusters.size < 1) throw new KubeadmError("the provided kubeconfig file must have at least one Cluster defined");
  let current: ReturnType<typeof clusterFromKubeconfig>;
  try {
    current = clusterFromKubeconfig(kc);
  } catch (err) {
    throw new KubeadmError(`the provided kubeconfig file is malformed: ${(err as Error).message}`);
  }
  validateKubeconfig(kc, openCheckSync);

  const cluster = current.cluster;
  if (!cluster.certificateAuthorityData?.length && cluster.certificateAuthority) {
    cluster.certificateAuthorityData = embed(cluster.certificateAuthority, "certificate authority");
    cluster.certificateAuthority = undefined;
  }

  if (hasAuthenticationCredentials(kc)) {
    o.log?.("[discovery] Using authentication credentials from the discovery file for validating TLS connection");
    const user = currentUser(kc)!;
    if (!user.clientCertificateData?.length && user.clientCertificate) {
      user.clientCertificateData = embed(user.clientCertificate, "client cert");
      user.clientCertificate = undefined;
    }
    if (!user.clientKeyData?.length && user.clientKey) {
      user.clientKeyData = embed(user.clientKey, "client key");
      user.clientKey = undefined;
    }
    if (!user.token && user.tokenFile) {
      user.token = embed(user.tokenFile, "token").toString("utf8");
      user.tokenFile = undefined;
    }
  } else {
    o.log?.("[discovery] Discovery file does not contains authentication credentials, using unauthenticated request for validating TLS connection");
  }

  // read cluster-info as the kubeconfig says (ToClientSet: the current context's CA and
  // credentials, if any): this proves the TLS setup
  const rest: RestConfig = { ...(await restConfigFromKubeconfig(kc)), timeoutMs: 10_000, maxResponseBytes: MAX_CLUSTER_INFO_BODY_BYTES };
  o.log?.(`[discovery] Created cluster-info discovery client, requesting info from ${goQuote(cluster.server ?? "")}`);
  const get = o.getClusterInfo ?? getClusterInfoWith;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = o.now ?? Date.now;
  const interval = Math.min(o.retryIntervalMs ?? DISCOVERY_RETRY_INTERVAL_MS, o.timeoutMs);
  const deadline = now() + o.timeoutMs;
  let cm: ConfigMap | undefined;
  for (;;) {
    try {
      cm = await get(rest);
      break;
    } catch (err) {
      if (isForbidden(err)) {
        o.warn?.(`[discovery] Could not access the ${CLUSTER_INFO_CONFIGMAP} ConfigMap for refreshing the cluster-info information, but the TLS cert is valid so proceeding...`);
        break;
      }
      o.log?.(`[discovery] Error reading the ${CLUSTER_INFO_CONFIGMAP} ConfigMap, will try again: ${(err as Error).message}`);
      if (now() + interval > deadline) {
        throw new KubeadmError(`Abort reading the ${CLUSTER_INFO_CONFIGMAP} ConfigMap after timeout of ${formatDurationMs(o.timeoutMs)}: ${(err as Error).message}`);
      }
      await sleep(interval);
    }
  }
  if (!cm) return kc;

  const text = cm.data?.[CLUSTER_INFO_KUBECONFIG_KEY] ?? "";
  let refreshed: Kubeconfig;
  try {
    if (text === "") throw new KubeadmError(`no ${CLUSTER_INFO_KUBECONFIG_KEY} key in ConfigMap`);
    try {
      refreshed = parseKubeconfig(text);
    } catch (err) {
      throw new KubeadmError(`couldn't parse the kubeconfig file in the ${CLUSTER_INFO_CONFIGMAP} ConfigMap: ${(err as Error).message}`);
    }
  } catch (err) {
    o.log?.(`[discovery] The ${CLUSTER_INFO_CONFIGMAP} ConfigMap isn't set up properly (${(err as Error).message}), but the TLS cert is valid so proceeding...`);
    return kc;
  }
  let refreshedCluster;
  try {
    refreshedCluster = clusterFromKubeconfig(refreshed).cluster;
  } catch (err) {
    throw new KubeadmError(`malformed kubeconfig in the ${CLUSTER_INFO_CONFIGMAP} ConfigMap: ${(err as Error).message}`);
  }
  if (cluster.server !== refreshedCluster.server) {
    o.warn?.(`[discovery] the API Server endpoint ${goQuote(cluster.server ?? "")} in use is different from the endpoint ${goQuote(refreshedCluster.server ?? "")} which defined in the ${CLUSTER_INFO_CONFIGMAP} ConfigMap`);
  }
  if (!cluster.certificateAuthorityData?.length && refreshedCluster.certificateAuthorityData?.length) {
    cluster.certificateAuthorityData = refreshedCluster.certificateAuthorityData;
    o.log?.(`[discovery] Synced CertificateAuthorityData from the ${CLUSTER_INFO_CONFIGMAP} ConfigMap`);
  }
  return kc;
}
