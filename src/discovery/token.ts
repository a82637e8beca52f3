/**
 * Token discovery for `kubeadm join` (upstream's discovery/token): how a joining node comes to
 * trust the control plane it only knows by address, bootstrap token and CA public-key pins.
 *
 * 1. GET kube-public/cluster-info anonymously over TLS that trusts anything, polling (at once, then
 *    every DISCOVERY_RETRY_INTERVAL, up to the discovery timeout) until the ConfigMap carries the
 *    JWS signature for the token's ID (the bootstrap signer adds it asynchronously);
 * 2. check the detached JWS over its kubeconfig with the token secret (proof that whoever answered
 *    knows the token);
 * 3. with pins: require the kubeconfig's CA to have a pinned public key, then fetch cluster-info
 *    again over TLS verified against that CA and require the same kubeconfig, byte for byte.
 *
 * Returns the cluster-info kubeconfig (server and CA of the cluster). Errors and the verbose
 * (V=1) lines are upstream's.
 */
import { CLUSTER_INFO_CONFIGMAP, CLUSTER_INFO_KUBECONFIG_KEY, DISCOVERY_RETRY_INTERVAL_MS, JWS_SIGNATURE_KEY_PREFIX, NS_KUBE_PUBLIC } from "../constants.js";
import type { RestConfig } from "../client/rest-config.js";
import { MAX_CLUSTER_INFO_BODY_BYTES } from "../host/http-transport.js";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { clusterFromKubeconfig, parseKubeconfig, type Kubeconfig, type KubeconfigCluster } from "../kubeconfig/read.js";
import { KubeadmError } from "../util/errors.js";
import { goQuote } from "../util/go-quote.js";
import { parseBootstrapToken } from "../util/token.js";
import { detachedTokenIsValid } from "./jws.js";
import { PinSet, parseCertsPEM } from "./pubkeypin.js";

/** The user name of the discovery kubeconfigs (upstream's BootstrapUser). */
export const BOOTSTRAP_USER = "token-bootstrap-client";
/** Per-request timeout of the discovery client (client-go's `?timeout=10s`). */
const REQUEST_TIMEOUT_MS = 10_000;

export interface TokenDiscoveryOptions {
  /** host:port of the API server (JoinConfiguration discovery.bootstrapToken.apiServerEndpoint). */
  apiServerEndpoint: string;
  /** "<id>.<secret>" */
  token: string;
  caCertHashes: readonly string[];
  /** discovery timeout (timeouts.discovery, 5 minutes by default). */
  timeoutMs: number;
  /** Verbose (V=1) log lines. */
  log?: (line: string) => void;
  /** GETs kube-public/cluster-info as `config` says (default: the HTTP client). */
  getClusterInfo?: (config: RestConfig) => Promise<ConfigMap>;
  retryIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /**
   * Dry-run (upstream's discovery with the dry-run client): a cluster-info without the token's
   * signature switches to the dry-run token, CA pin and endpoint the fake cluster-info answers for,
   * with upstream's warning; `getClusterInfo` is then the dry-run client.
   */
  dryRun?: { warn(msg: string): void };
}

/** What the dry-run's fake cluster-info is signed and served for (upstream mutateTokenDiscoveryForDryRun). */
export const DRY_RUN_DISCOVERY = {
  token: "abcdef.abcdef0123456789",
  caCertHash: "sha256:3b793efefe27a19f93b0fbe6e637e9c41d0dde8a377d6ab1c0f656bf1136dd8a",
  endpoint: "https://192.168.0.101:6443",
} as const;

export interface DiscoveredClusterInfo {
  /** The kubeconfig text of the cluster-info ConfigMap, as signed. */
  kubeconfigText: string;
  kubeconfig: Kubeconfig;
  /** The cluster it names (the one named "" if any, else the current context's). */
  cluster: KubeconfigCluster;
}

/** GETs kube-public/cluster-info with a client made from `config` (the discovery modules' default). */
export async function getClusterInfoWith(config: RestConfig): Promise<ConfigMap> {
  const { newKubeClient } = await import("../client/http-client.js");
  const client = newKubeClient(config);
  try {
    return await client.get("configmaps", CLUSTER_INFO_CONFIGMAP, NS_KUBE_PUBLIC);
  } finally {
    client.close();
  }
}

export { clusterFromKubeconfig };

/** Polls cluster-info until it carries the token's JWS signature; on timeout, the last error (upstream's getClusterInfo). */
async function pollClusterInfo(config: RestConfig, o: TokenDiscoveryOptions): Promise<ConfigMap> {
  const get = o.getClusterInfo ?? getClusterInfoWith;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = o.now ?? Date.now;
  const interval = Math.min(o.retryIntervalMs ?? DISCOVERY_RETRY_INTERVAL_MS, o.timeoutMs);
  const deadline = now() + o.timeoutMs;
  let lastError: Error = new KubeadmError("timed out waiting for the condition");
  for (;;) {
    let token;
    try {
      token = parseBootstrapToken(o.token);
    } catch (err) {
      throw new KubeadmError(`could not construct token string for token: ${o.token}: ${(err as Error).message}`);
    }
    o.log?.(`[discovery] Waiting for the cluster-info ConfigMap to receive a JWS signature for token ID ${goQuote(token.id)}`);
    try {
      const cm = await get(config);
      if (cm.data?.[JWS_SIGNATURE_KEY_PREFIX + token.id] !== undefined) return cm;
      lastError = new KubeadmError(`could not find a JWS signature in the cluster-info ConfigMap for token ID ${goQuote(token.id)}`);
      if (o.dryRun) {
        const d = DRY_RUN_DISCOVERY;
        o.dryRun.warn(
          `[dryrun] Mutating the JoinConfiguration.Discovery.BootstrapToken to satisfy the dry-run without a real cluster-info ConfigMap:\n  Token: ${d.token}\n  CACertHash: ${d.caCertHash}\n  APIServerEndpoint: ${d.endpoint}\n`,
        );
        o.token = d.token;
        o.caCertHashes = [...o.caCertHashes, d.caCertHash];
        o.apiServerEndpoint = d.endpoint;
        if (now() + interval > deadline) throw lastError;
        await sleep(interval);
        continue;
      }
    } catch (err) {
      lastError = new KubeadmError(`failed to request the cluster-info ConfigMap: ${(err as Error).message}`);
    }
    o.log?.(`[discovery] Retrying due to error: ${lastError.message}`);
    if (now() + interval > deadline) throw lastError;
    await sleep(interval);
  }
}

/** Discovers and validates the cluster-info kubeconfig (upstream's RetrieveValidatedConfigInfo). */
export async function retrieveValidatedConfigInfo(options: TokenDiscoveryOptions): Promise<DiscoveredClusterInfo> {
  // dry-run may switch token, pins and endpoint while polling (upstream mutates the configuration)
  const o: TokenDiscoveryOptions = { ...options, caCertHashes: [...options.caCertHashes] };
  const server = `https://${o.apiServerEndpoint}`;
  // the discovery kubeconfigs' cluster is named "kubernetes" (DefaultClusterName)
  o.log?.(`[discovery] Created cluster-info discovery client, requesting info from ${goQuote(o.apiServerEndpoint)}`);
  // an untrusted server's answer: bounded to what a ConfigMap can hold (src/host/http-transport.ts)
  const insecure: RestConfig = { server, insecureSkipTLSVerify: true, timeoutMs: REQUEST_TIMEOUT_MS, maxResponseBytes: MAX_CLUSTER_INFO_BODY_BYTES };
  const insecureInfo = await pollClusterInfo(insecure, o);

  const pins = new PinSet();
  try {
    pins.allow(...o.caCertHashes);
  } catch (err) {
    throw new KubeadmError(`invalid discovery token CA certificate hash: ${(err as Error).message}`);
  }
  const token = parseBootstrapToken(o.token);

  const kubeconfigText = insecureInfo.data?.[CLUSTER_INFO_KUBECONFIG_KEY] ?? "";
  if (kubeconfigText === "") {
    throw new KubeadmError(`there is no ${CLUSTER_INFO_KUBECONFIG_KEY} key in the ${CLUSTER_INFO_CONFIGMAP} ConfigMap. This API Server isn't set up for token bootstrapping, can't connect`);
  }
  const detached = insecureInfo.data?.[JWS_SIGNATURE_KEY_PREFIX + token.id] ?? "";
  if (detached === "") {
    throw new KubeadmError(`token id ${goQuote(token.id)} is invalid for this cluster or it has expired. Use "kubeadm token create" on the control-plane node to create a new valid token`);
  }
  if (!detachedTokenIsValid(detached, kubeconfigText, token.id, token.secret)) {
    throw new KubeadmError("failed to verify JWS signature of received cluster info object, can't trust this API Server");
  }

  let kubeconfig: Kubeconfig;
  try {
    kubeconfig = parseKubeconfig(kubeconfigText);
  } catch (err) {
    throw new KubeadmError(`couldn't parse the kubeconfig file in the ${CLUSTER_INFO_CONFIGMAP} ConfigMap: ${(err as Error).message}`);
  }
  let cluster: KubeconfigCluster;
  try {
    cluster = clusterFromKubeconfig(kubeconfig).cluster;
  } catch (err) {
    throw new KubeadmError(`malformed kubeconfig in the ${CLUSTER_INFO_CONFIGMAP} ConfigMap: ${(err as Error).message}`);
  }

  if (pins.empty()) {
    o.log?.(`[discovery] Cluster info signature and contents are valid and no TLS pinning was specified, will use API Server ${goQuote(o.apiServerEndpoint)}`);
    return { kubeconfigText, kubeconfig, cluster };
  }

  // the CA of the (last) cluster must have a pinned public key
  let caData: Buffer = Buffer.alloc(0);
  for (const c of kubeconfig.clusters.values()) caData = c.certificateAuthorityData ?? Buffer.alloc(0);
  let cas: Uint8Array[];
  try {
    cas = parseCertsPEM(caData);
  } catch (err) {
    throw new KubeadmError(`failed to parse cluster CA from the ${CLUSTER_INFO_CONFIGMAP} ConfigMap: ${(err as Error).message}`);
  }
  try {
    pins.checkAny(cas);
  } catch (err) {
    throw new KubeadmError(`cluster CA found in ${CLUSTER_INFO_CONFIGMAP} ConfigMap is invalid: ${(err as Error).message}`);
  }

  o.log?.(`[discovery] Requesting info from ${goQuote(o.apiServerEndpoint)} again to validate TLS against the pinned public key`);
  const secure: RestConfig = { server, caData, timeoutMs: REQUEST_TIMEOUT_MS, maxResponseBytes: MAX_CLUSTER_INFO_BODY_BYTES };
  const secureInfo = await pollClusterInfo(secure, o);
  const secureText = secureInfo.data?.[CLUSTER_INFO_KUBECONFIG_KEY] ?? "";
  if (secureText !== kubeconfigText) {
    throw new KubeadmError(`the second kubeconfig from the ${CLUSTER_INFO_CONFIGMAP} ConfigMap (using validated TLS) was different from the first`);
  }
  o.log?.(`[discovery] Cluster info signature and contents are valid and TLS certificate validates against pinned roots, will use API Server ${goQuote(o.apiServerEndpoint)}`);
  return { kubeconfigText, kubeconfig, cluster };
}
