// The configuration of a node that is already part of a cluster (upstream
// FetchInitConfigurationFromCluster): the ClusterConfiguration from the kubeadm-config ConfigMap,
// this node's registration (name, CRI socket, taints) and, for control-plane nodes, its API
// endpoint from the kube-apiserver mirror Pod. reset uses it now; upgrade and join will.
import * as path from "node:path";
import { waitFor } from "../client/poll.js";
import { loadInitConfiguration } from "../config/load.js";
import type { ConfigLogger } from "../util/log.js";
import type { InitConfiguration } from "../config/types.js";
import {
  ANNOTATION_APISERVER_ADVERTISE_ADDRESS,
  KUBEADM_CONFIG_CONFIGMAP,
  KUBELET_INSTANCE_CONFIG_FILE,
  KUBELET_RUN_DIR,
  KUBERNETES_API_CALL_RETRY_INTERVAL_MS,
} from "../constants.js";

const KUBE_PROXY_CONFIGMAP = "kube-proxy";
const KUBELET_CONFIGMAP = "kubelet-config";
const KUBELET_CONFIGMAP_KEY = "kubelet";
const KUBE_PROXY_CONFIGMAP_KEY = "config.conf";
import type { ClusterConfiguration, KubeletConfiguration, KubeProxyConfiguration } from "../config/types.js";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { defaultKubeletConfiguration, defaultKubeProxyConfiguration, fetchComponentConfigsFromDocuments, userSuppliedComponentConfigs } from "../config/componentconfigs.js";
import { KUBELET_CONFIG_GROUP, KUBE_PROXY_CONFIG_GROUP, splitConfigDocuments } from "../config/documents.js";
import { verifyConfigMapSignature } from "./component-config-hash.js";
import type { KubeClient } from "../client/types.js";
import { KubeadmError } from "../util/errors.js";
import { DEFAULT_CRI_SOCKET } from "../constants.js";
import { parseYamlDocument } from "../config/yaml.js";
import { readTextFile, statError } from "../host/files.js";
import { type SystemFacts, hostSystemFacts } from "../host/system-facts.js";
import { detectCRISocket } from "../config/dynamic-defaults.js";
import { goOpenError, goPathError } from "../util/go-errno.js";
import { clusterConfigurationText } from "./kubeadm-config-map.js";

export interface FetchOptions {
  /** Prefix of the two progress lines, e.g. "reset". */
  logPrefix: string;
  /** Where the progress lines go (stdout). */
  printf(text: string): void;
  /** kubelet.conf, whose client certificate names this node. */
  kubeletKubeconfig: string;
  /** Also read this node's API endpoint (only control-plane nodes run kube-apiserver). */
  getAPIEndpoint: boolean;
  /**
   * A node that is not in the cluster yet (join): no node registration or API endpoint is read,
   * and the CRI socket is the default one (upstream's newControlPlane).
   */
  newNode?: boolean;
  /** How long to wait for the kube-apiserver mirror Pod (timeouts.kubernetesAPICall). */
  apiCallTimeoutMs: number;
  log?: ConfigLogger;
  /** Default /var/lib/kubelet (tests). */
  kubeletRunDir?: string;
  /** Host facts for CRI socket auto-detection (default: the host's). */
  facts?: SystemFacts;
  /** Default the host's name (tests). */
  hostname?: () => string;
  /**
   * Load the kubelet's and kube-proxy's configurations from their ConfigMaps into the result,
   * with kubeadm's defaults applied over them (join writes the kubelet's config.yaml from it).
   * reset only reads the ConfigMaps.
   */
  loadComponentConfigs?: boolean;
  /** klog V(1) lines (join prints upstream's "attempting to download ..." before each ConfigMap). */
  v1?: (msg: string, origin: string) => void;
}

const NODE_USER_PREFIX = "system:node:";
const wrap = (what: string, err: unknown): KubeadmError => new KubeadmError(`${what}: ${err instanceof Error ? err.message : String(err)}`);

export async function fetchInitConfigurationFromCluster(client: KubeClient, o: FetchOptions): Promise<InitConfiguration> {
  o.printf(`[${o.logPrefix}] Reading configuration from the "${KUBEADM_CONFIG_CONFIGMAP}" ConfigMap in namespace "kube-system"...\n`);
  o.printf(`[${o.logPrefix}] Use 'kubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.\n`);
  const text = await clusterConfigurationText(client);
  let cfg: InitConfiguration;
  try {
    cfg = await loadInitConfiguration({
      configText: `apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n---\n${text}`,
      ...(o.log ? { log: o.log } : {}),
      skipCRIDetect: true,
      keepActiveTimeouts: true,
    });
  } catch (err) {
    throw wrap("failed to decode cluster configuration data", err);
  }
  const cms = await componentConfigs(client, o);
  if (o.loadComponentConfigs) await loadComponentConfigsInto(cfg, cms, o);
  if (o.newNode) {
    cfg.nodeRegistration.criSocket = DEFAULT_CRI_SOCKET;
    return cfg;
  }
  try {
    await nodeRegistration(client, o, cfg);
  } catch (err) {
    throw wrap("failed to get node registration", err);
  }
  if (o.getAPIEndpoint) {
    try {
      await apiEndpoint(client, o, cfg);
    } catch (err) {
      throw wrap("failed to getAPIEndpoint", err);
    }
  }
  return cfg;
}

/**
 * The component configs' ConfigMaps, in upstream's order: kube-proxy's may be missing (or out of
 * reach: a warning), the kubelet's must be there. Only read for now: reset does not use their
 * content (upgrade will load them into the configuration).
 */
async function componentConfigs(client: KubeClient, o: FetchOptions): Promise<{ kubeProxy?: ConfigMap; kubelet: ConfigMap }> {
  const { isForbidden, isNotFound } = await import("../client/api-error.js");
  let kubeProxy: ConfigMap | undefined;
  if (o.loadComponentConfigs) o.v1?.(`attempting to download the KubeProxyConfiguration from ConfigMap "${KUBE_PROXY_CONFIGMAP}"`, "kubeproxy.go:55");
  try {
    kubeProxy = (await client.get("configmaps", KUBE_PROXY_CONFIGMAP, "kube-system")) as ConfigMap;
  } catch (err) {
    if (!isNotFound(err) && !isForbidden(err)) throw wrap("failed to get component configs", err);
    o.log?.warn(`Warning: No kubeproxy.config.k8s.io/v1alpha1 config is loaded. Continuing without it: ${(err as Error).message}`, "configset.go:77");
  }
  let kubelet: ConfigMap;
  if (o.loadComponentConfigs) o.v1?.(`attempting to download the KubeletConfiguration from ConfigMap "${KUBELET_CONFIGMAP}"`, "kubelet.go:73");
  try {
    kubelet = (await client.get("configmaps", KUBELET_CONFIGMAP, "kube-system")) as ConfigMap;
  } catch (err) {
    throw wrap("failed to get component configs", err);
  }
  return { ...(kubeProxy ? { kubeProxy } : {}), kubelet };
}

/**
 * One component's configuration from its ConfigMap (upstream handler.fromConfigMap): the key's
 * documents decoded over an empty typed object; user supplied unless the ConfigMap's signature
 * verifies; a generated one of an unsupported version is skipped (the defaults stand).
 */
export async function componentConfigFromConfigMap(cm: ConfigMap, key: string, group: string): Promise<{ value: KubeletConfiguration | KubeProxyConfiguration; userSupplied: boolean } | undefined> {
  const text = cm.data?.[key];
  if (text === undefined) throw new KubeadmError(`unexpected error when reading ${cm.metadata?.name ?? ""} ConfigMap: ${key} key value pair missing`);
  const docs = await splitConfigDocuments(text);
  const generated = verifyConfigMapSignature(cm);
  const scratch = { componentConfigs: {} } as ClusterConfiguration;
  try {
    fetchComponentConfigsFromDocuments(scratch, docs);
  } catch (err) {
    if (generated && /^unsupported apiVersion/.test((err as Error).message)) return undefined;
    throw err;
  }
  const value = group === KUBELET_CONFIG_GROUP ? scratch.componentConfigs.kubelet : scratch.componentConfigs.kubeProxy;
  if (!value) return undefined;
  if (generated) userSuppliedComponentConfigs.delete(value);
  return { value, userSupplied: !generated };
}

async function loadComponentConfigsInto(cfg: InitConfiguration, cms: { kubeProxy?: ConfigMap; kubelet: ConfigMap }, o: FetchOptions): Promise<void> {
  const cluster = cfg.clusterConfiguration;
  const warn = (m: string, site?: string) => o.log?.warn(m, site ?? "utils.go:69");
  try {
    if (cms.kubeProxy) {
      const kp = await componentConfigFromConfigMap(cms.kubeProxy, KUBE_PROXY_CONFIGMAP_KEY, KUBE_PROXY_CONFIG_GROUP);
      if (kp) {
        cluster.componentConfigs.kubeProxy = kp.value as KubeProxyConfiguration;
        // upstream's Default warns about every non-recommended value, generated configuration or not
        defaultKubeProxyConfiguration(cluster.componentConfigs.kubeProxy, cluster, cfg.localAPIEndpoint, warn, true);
      }
    }
    let kl;
    try {
      kl = await componentConfigFromConfigMap(cms.kubelet, KUBELET_CONFIGMAP_KEY, KUBELET_CONFIG_GROUP);
    } catch (err) {
      throw wrap(`could not download the kubelet configuration from ConfigMap "${KUBELET_CONFIGMAP}"`, err);
    }
    if (kl) {
      cluster.componentConfigs.kubelet = kl.value as KubeletConfiguration;
      defaultKubeletConfiguration(cluster.componentConfigs.kubelet, cluster, warn, true);
    }
  } catch (err) {
    throw wrap("failed to get component configs", err);
  }
}

/** upstream's GetNodeName: the node name in kubelet.conf's client certificate, else the host name. */
export function nodeNameFromKubeletKubeconfig(kubeletKubeconfig: string): Promise<string> {
  return nodeName({ kubeletKubeconfig });
}

/** The node name in kubelet.conf's client certificate (CN system:node:<name>), else the host name. */
async function nodeName(o: Pick<FetchOptions, "kubeletKubeconfig" | "hostname">): Promise<string> {
  try {
    const { parseKubeconfig, resolveKubeconfig } = await import("../kubeconfig/read.js");
    const { parseCertificatesPem } = await import("../pki/parse.js");
    const kc = parseKubeconfig(await readTextFile(o.kubeletKubeconfig), o.kubeletKubeconfig);
    const user = resolveKubeconfig(kc).user;
    let pem: string | undefined;
    if (user.clientCertificateData && user.clientCertificateData.length > 0) pem = user.clientCertificateData.toString("utf8");
    else if (user.clientCertificate) pem = await readTextFile(user.clientCertificate);
    const cn = pem ? parseCertificatesPem(pem)[0]?.commonName : undefined;
    if (cn) return cn.startsWith(NODE_USER_PREFIX) ? cn.slice(NODE_USER_PREFIX.length) : cn;
  } catch {
    /* the host name below, as upstream falls back to it */
  }
  return (o.hostname ?? hostSystemFacts.hostname)().toLowerCase();
}

async function nodeRegistration(client: KubeClient, o: FetchOptions, cfg: InitConfiguration): Promise<void> {
  const name = await nodeName(o);
  let node;
  try {
    node = await client.get("nodes", name);
  } catch (err) {
    throw wrap("failed to get corresponding node", err);
  }
  // v1.37: the kubelet instance configuration names the socket (the node annotation is no longer
  // read); without that file the socket is auto-detected, falling back to the default
  const instanceFile = path.join(o.kubeletRunDir ?? KUBELET_RUN_DIR, KUBELET_INSTANCE_CONFIG_FILE);
  let criSocket: string;
  const statErr = await statError(instanceFile);
  if (statErr?.code === "ENOENT") {
    const log = o.log;
    log?.warn(`Node "${name}" lacks a kubelet instance config file "${instanceFile}"; attempting auto-detection`, "cluster.go:208");
    try {
      criSocket = await detectCRISocket(o.facts ?? hostSystemFacts);
    } catch (err) {
      log?.warn(
        `Auto-detection of CRI socket failed for node "${name}": ${(err as Error).message}; falling back to default "${DEFAULT_CRI_SOCKET}"`,
        "cluster.go:212",
      );
      criSocket = DEFAULT_CRI_SOCKET;
    }
  } else if (statErr) {
    throw new KubeadmError(goPathError("stat", instanceFile, statErr));
  } else {
    const what = `could not read kubelet instance configuration on node "${name}"`;
    let text: string;
    try {
      text = await readTextFile(instanceFile);
    } catch (err) {
      throw new KubeadmError(`${what}: could not read kubelet configuration file "${instanceFile}": ${goOpenError(err, instanceFile)}`);
    }
    let doc: unknown;
    try {
      doc = (await parseYamlDocument(text)).value;
    } catch (err) {
      throw new KubeadmError(`${what}: could not parse kubelet configuration file "${instanceFile}": ${(err as Error).message}`);
    }
    const endpoint = (doc as { containerRuntimeEndpoint?: unknown } | null)?.containerRuntimeEndpoint;
    criSocket = typeof endpoint === "string" ? endpoint : "";
  }
  cfg.nodeRegistration.name = name;
  cfg.nodeRegistration.criSocket = criSocket;
  cfg.nodeRegistration.taints = (node.spec?.taints ?? []) as typeof cfg.nodeRegistration.taints;
}

async function apiEndpoint(client: KubeClient, o: FetchOptions, cfg: InitConfiguration): Promise<void> {
  const name = cfg.nodeRegistration.name;
  // tolerates transient API failures and a mirror Pod not there yet: every 500 ms, first try at once
  let raw = "";
  const r = await waitFor({ intervalMs: KUBERNETES_API_CALL_RETRY_INTERVAL_MS, timeoutMs: o.apiCallTimeoutMs }, async () => {
    raw = await rawAPIEndpoint(client, name);
    return true;
  });
  if (!r.ok) throw wrap(`could not retrieve API endpoints for node "${name}" using pod annotations`, r.lastError);
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(raw);
  if (!m) throw wrap(`could not retrieve API endpoints for node "${name}" using pod annotations`, new KubeadmError(`could not parse API endpoint for node "${name}": invalid endpoint "${raw}"`));
  cfg.localAPIEndpoint.advertiseAddress = m[1]!;
  cfg.localAPIEndpoint.bindPort = Number(m[2]);
}

/** The advertise-address annotation of this node's kube-apiserver mirror Pod. */
async function rawAPIEndpoint(client: KubeClient, name: string): Promise<string> {
  const pods = await client.list("pods", {
    namespace: "kube-system",
    fieldSelector: `spec.nodeName=${name}`,
    labelSelector: "component=kube-apiserver,tier=control-plane",
  });
  if (pods.items.length !== 1) throw new KubeadmError(`API server pod for node name "${name}" has ${pods.items.length} entries, only one was expected`);
  const raw = pods.items[0]!.metadata?.annotations?.[ANNOTATION_APISERVER_ADVERTISE_ADDRESS];
  if (raw === undefined) {
    throw new KubeadmError(`API server pod for node name "${name}" hasn't got a "${ANNOTATION_APISERVER_ADVERTISE_ADDRESS}" annotation, cannot retrieve API endpoint`);
  }
  return raw;
}
