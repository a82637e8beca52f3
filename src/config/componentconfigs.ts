/**
 * Component configs kubeadm manages (KubeletConfiguration,
 * KubeProxyConfiguration): reading them from a config file's documents,
 * kubeadm's defaults for them (with upstream's "recommended value" warnings),
 * and their printed form.
 *
 * Representation: a plain object holding every field upstream prints (the Go
 * structs' zero values, componentconfig-zero-fields.ts) overlaid with the
 * user's document. Known gap: a user value equal to the zero value of an
 * omitempty field is printed, where upstream would omit it.
 */
import {
  CA_BASENAME,
  DEFAULT_CLUSTER_DNS_IP,
  DEFAULT_MANIFESTS_DIR,
  DEFAULT_PROXY_BIND_ADDRESS_V4,
  DEFAULT_PROXY_BIND_ADDRESS_V6,
  KUBELET_CONFIG_API_VERSION,
  KUBELET_HEALTHZ_PORT,
  KUBE_PROXY_CONFIG_API_VERSION,
  KUBE_PROXY_KUBECONFIG_FILE,
  SYSTEMD_RESOLVED_RESOLV_CONF,
} from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import { dnsIP, formatIP, isIPv4, parseIP } from "../util/net.js";
import { KUBE_PROXY_ZERO_FIELDS, KUBELET_ZERO_FIELDS } from "./componentconfig-zero-fields.js";
import { COMPONENT_CONFIG_SCHEME, type DocumentMap, KUBELET_CONFIG_GROUP, KUBE_PROXY_CONFIG_GROUP } from "./documents.js";
import type { APIEndpoint, ClusterConfiguration, KubeProxyConfiguration, KubeletConfiguration } from "./types.js";

export const KUBELET_CONFIGURATION_KIND = "KubeletConfiguration";
export const KUBE_PROXY_CONFIGURATION_KIND = "KubeProxyConfiguration";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Deep overlay: objects merge key by key, anything else from `top` replaces. */
function overlay(base: unknown, top: unknown): unknown {
  if (isObj(base) && isObj(top)) {
    const out: Obj = { ...base };
    for (const [k, v] of Object.entries(top)) out[k] = k in base ? overlay(base[k], v) : structuredClone(v);
    return out;
  }
  return structuredClone(top);
}

function child(o: Obj, key: string): Obj {
  if (!isObj(o[key])) o[key] = {};
  return o[key] as Obj;
}

/** Go's %v of a value in the recommended-value warning. */
function goV(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goV).join(" ")}]`;
  return String(v);
}

/** Receives a warning and, for those not printed by upstream's warnDefaultComponentConfigValue (utils.go), its klog call site. */
type Warn = (msg: string, site?: string) => void;

function warnDefault(warn: Warn, kind: string, param: string, def: unknown, user: unknown): void {
  warn(`The recommended value for "${param}" in "${kind}" is: ${goV(def)}; the provided value is: ${goV(user)}`);
}

/** An empty KubeletConfiguration as upstream creates it (before kubeadm's defaults). */
export function emptyKubeletConfiguration(): KubeletConfiguration {
  return { ...(structuredClone(KUBELET_ZERO_FIELDS) as Obj), apiVersion: KUBELET_CONFIG_API_VERSION, kind: "KubeletConfiguration" };
}

export function emptyKubeProxyConfiguration(): KubeProxyConfiguration {
  return {
    ...(structuredClone(KUBE_PROXY_ZERO_FIELDS) as Obj),
    apiVersion: KUBE_PROXY_CONFIG_API_VERSION,
    kind: "KubeProxyConfiguration",
  };
}

/** kubeadm's KubeletConfiguration defaults (componentconfigs kubeletConfig.Default). */
export function defaultKubeletConfiguration(
  kc: KubeletConfiguration,
  cluster: ClusterConfiguration,
  warn: Warn = () => undefined,
  userSupplied = false,
  infoV1: (msg: string, site: string) => void = () => undefined,
): void {
  const kind = KUBELET_CONFIGURATION_KIND;
  const w: Warn = userSupplied ? warn : () => undefined;
  if (kc.featureGates === undefined || kc.featureGates === null) kc.featureGates = {};
  if (!kc.staticPodPath) kc.staticPodPath = DEFAULT_MANIFESTS_DIR;
  else if (kc.staticPodPath !== DEFAULT_MANIFESTS_DIR) warnDefault(w, kind, "staticPodPath", DEFAULT_MANIFESTS_DIR, kc.staticPodPath);

  let clusterDNS: string;
  try {
    clusterDNS = formatIP(dnsIP(cluster.networking.serviceSubnet));
  } catch {
    clusterDNS = DEFAULT_CLUSTER_DNS_IP;
  }
  if (kc.clusterDNS === undefined || kc.clusterDNS === null) kc.clusterDNS = [clusterDNS];
  else {
    const list = kc.clusterDNS as unknown[];
    if (list.length !== 1 || list[0] !== clusterDNS) warnDefault(w, kind, "clusterDNS", [clusterDNS], list);
  }
  if (!kc.clusterDomain) kc.clusterDomain = cluster.networking.dnsDomain;
  else if (cluster.networking.dnsDomain && kc.clusterDomain !== cluster.networking.dnsDomain) {
    warnDefault(w, kind, "clusterDomain", cluster.networking.dnsDomain, kc.clusterDomain);
  }
  const authn = child(kc, "authentication");
  const x509 = child(authn, "x509");
  const clientCAFile = `${cluster.certificatesDir.replace(/\/+$/, "")}/${CA_BASENAME}.crt`;
  if (!x509.clientCAFile) x509.clientCAFile = clientCAFile;
  else if (x509.clientCAFile !== clientCAFile) warnDefault(w, kind, "authentication.x509.clientCAFile", clientCAFile, x509.clientCAFile);
  const anon = child(authn, "anonymous");
  if (typeof anon.enabled !== "boolean") anon.enabled = false;
  else if (anon.enabled) warnDefault(w, kind, "authentication.anonymous.enabled", false, true);
  const authz = child(kc, "authorization");
  if (!authz.mode) authz.mode = "Webhook";
  else if (authz.mode !== "Webhook") warnDefault(w, kind, "authorization.mode", "Webhook", authz.mode);
  const webhook = child(authn, "webhook");
  if (typeof webhook.enabled !== "boolean") webhook.enabled = true;
  else if (!webhook.enabled) warnDefault(w, kind, "authentication.webhook.enabled", true, false);
  if (!kc.healthzBindAddress) kc.healthzBindAddress = "127.0.0.1";
  else if (kc.healthzBindAddress !== "127.0.0.1") warnDefault(w, kind, "healthzBindAddress", "127.0.0.1", kc.healthzBindAddress);
  if (typeof kc.healthzPort !== "number") kc.healthzPort = KUBELET_HEALTHZ_PORT;
  else if (kc.healthzPort !== KUBELET_HEALTHZ_PORT) warnDefault(w, kind, "healthzPort", KUBELET_HEALTHZ_PORT, kc.healthzPort);
  if (typeof kc.readOnlyPort === "number" && kc.readOnlyPort !== 0) warnDefault(w, kind, "readOnlyPort", 0, kc.readOnlyPort);
  if (kc.rotateCertificates === false) warnDefault(w, kind, "rotateCertificates", true, false);
  kc.rotateCertificates = true;
  if (!kc.cgroupDriver) {
    infoV1(`the value of KubeletConfiguration.cgroupDriver is empty; setting it to "systemd"`, "kubelet.go:195");
    kc.cgroupDriver = "systemd";
  }
}

/**
 * kubeadm's kubelet "Mutate" step (run before the config is written to the
 * node): point resolvConf at systemd-resolved's file when that service runs.
 */
export function mutateKubeletResolverConfig(kc: KubeletConfiguration, systemdResolvedActive: boolean, warn: Warn): void {
  if (!systemdResolvedActive) return;
  if (kc.resolvConf === undefined || kc.resolvConf === null) kc.resolvConf = SYSTEMD_RESOLVED_RESOLV_CONF;
  else if (kc.resolvConf !== SYSTEMD_RESOLVED_RESOLV_CONF) {
    warnDefault(warn, KUBELET_CONFIGURATION_KIND, "resolvConf", SYSTEMD_RESOLVED_RESOLV_CONF, kc.resolvConf);
  }
}

/** The wildcard of an address's family: "0.0.0.0" for an IPv4 address, else "::". */
export function kubeProxyDefaultBindAddress(address: string): string {
  const ip = parseIP(address);
  return ip && isIPv4(ip) ? DEFAULT_PROXY_BIND_ADDRESS_V4 : DEFAULT_PROXY_BIND_ADDRESS_V6;
}

/** kube-proxy's mode when the user sets none (v1.37 writes it explicitly; kube-proxy warns when it is unset). */
export const KUBE_PROXY_DEFAULT_MODE = "iptables";

/** kubeadm's KubeProxyConfiguration defaults (componentconfigs kubeProxyConfig.Default). */
export function defaultKubeProxyConfiguration(
  kp: KubeProxyConfiguration,
  cluster: ClusterConfiguration,
  localAPIEndpoint: APIEndpoint,
  warn: Warn = () => undefined,
  userSupplied = false,
): void {
  const kind = KUBE_PROXY_CONFIGURATION_KIND;
  const w: Warn = userSupplied ? warn : () => undefined;
  if (kp.featureGates === undefined || kp.featureGates === null) kp.featureGates = {};
  const bind = typeof kp.bindAddress === "string" ? kp.bindAddress : "";
  if (bind === "") kp.bindAddress = kubeProxyDefaultBindAddress(localAPIEndpoint.advertiseAddress);
  else if (bind === DEFAULT_PROXY_BIND_ADDRESS_V4 || bind === DEFAULT_PROXY_BIND_ADDRESS_V6) {
    // either wildcard is a valid explicit bind
  } else if (parseIP(bind) === null) w(`The bindAddress "${bind}" in "${kind}" is not a valid IP address`, "kubeproxy.go:123");
  else warnDefault(w, kind, "bindAddress", kubeProxyDefaultBindAddress(bind), bind);
  const pod = cluster.networking.podSubnet;
  if (!kp.clusterCIDR && pod) kp.clusterCIDR = pod;
  else if (pod && kp.clusterCIDR !== pod) warnDefault(w, kind, "clusterCIDR", pod, kp.clusterCIDR);
  const cc = child(kp, "clientConnection");
  if (!cc.kubeconfig) cc.kubeconfig = KUBE_PROXY_KUBECONFIG_FILE;
  else if (cc.kubeconfig !== KUBE_PROXY_KUBECONFIG_FILE) {
    warnDefault(w, kind, "clientConnection.kubeconfig", KUBE_PROXY_KUBECONFIG_FILE, cc.kubeconfig);
  }
  if (kp.mode === "ipvs") {
    w(
      `The "${kind}" field "mode" is set to "ipvs" which has been deprecated since version v1.35. For newer Linux kernel versions, we recommend using the "nftables" mode, which has been GA since v1.33. For older Linux kernel versions, you can use the "iptables" mode which is still the default one.`,
      "kubeproxy.go:144",
    );
  }
  if (!kp.mode) kp.mode = KUBE_PROXY_DEFAULT_MODE;
}

/** Which component configs were supplied by the user (not generated). */
export const userSuppliedComponentConfigs = new WeakSet<object>();

/**
 * Reads component-config documents from a file's documents
 * (componentconfigs.FetchFromDocumentMap). Throws for a supported group with
 * an unsupported version.
 */
export function fetchComponentConfigsFromDocuments(cluster: ClusterConfiguration, docs: DocumentMap): void {
  const errs: string[] = [];
  for (const group of [KUBE_PROXY_CONFIG_GROUP, KUBELET_CONFIG_GROUP]) {
    const doc = docs.find((d) => d.gvk.group === group);
    if (!doc) continue;
    const want = COMPONENT_CONFIG_SCHEME[group]!;
    if (doc.gvk.version !== want.version) {
      errs.push(
        `unsupported apiVersion "${group}/${doc.gvk.version}", you may have to do manual conversion to "${group}/${want.version}" and run kubeadm again`,
      );
      continue;
    }
    const value = isObj(doc.parsed.value) ? doc.parsed.value : {};
    if (group === KUBELET_CONFIG_GROUP) {
      const kc = overlay(emptyKubeletConfiguration(), value) as KubeletConfiguration;
      userSuppliedComponentConfigs.add(kc);
      cluster.componentConfigs.kubelet = kc;
    } else {
      const kp = overlay(emptyKubeProxyConfiguration(), value) as KubeProxyConfiguration;
      userSuppliedComponentConfigs.add(kp);
      cluster.componentConfigs.kubeProxy = kp;
    }
  }
  if (errs.length === 1) throw new KubeadmError(errs[0]!);
  if (errs.length > 1) throw new KubeadmError(`multiple unsupported config version errors encountered:\n\t- ${errs.join("\n\t- ")}`);
}

/**
 * Creates missing component configs and applies kubeadm's defaults to all of
 * them (componentconfigs.Default).
 */
export function defaultComponentConfigs(
  cluster: ClusterConfiguration,
  localAPIEndpoint: APIEndpoint,
  warn: Warn = () => undefined,
  /** klog V(1) info lines, when -v is 1 or more. */
  infoV1?: (msg: string, site: string) => void,
): void {
  const cc = cluster.componentConfigs;
  if (!cc.kubeProxy) cc.kubeProxy = emptyKubeProxyConfiguration();
  defaultKubeProxyConfiguration(cc.kubeProxy, cluster, localAPIEndpoint, warn, userSuppliedComponentConfigs.has(cc.kubeProxy));
  if (!cc.kubelet) cc.kubelet = emptyKubeletConfiguration();
  defaultKubeletConfiguration(cc.kubelet, cluster, warn, userSuppliedComponentConfigs.has(cc.kubelet), infoV1);
}

/** The printed form of a component config (apiVersion/kind included; empty featureGates omitted as upstream's omitempty does). */
export function componentConfigForPrint(cfg: KubeletConfiguration | KubeProxyConfiguration): Record<string, unknown> {
  const out = structuredClone(cfg) as Obj;
  if (isObj(out.featureGates) && Object.keys(out.featureGates).length === 0) delete out.featureGates;
  return out;
}
