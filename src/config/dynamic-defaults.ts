/**
 * Dynamic defaults: values computed from the host at load time (node name,
 * advertise address, CRI socket, random bootstrap tokens, the resolved
 * Kubernetes version, kubeadm's component-config defaults).
 */
import { randomInt } from "node:crypto";
import {
  BOOTSTRAP_TOKEN_ALPHABET,
  CI_KUBERNETES_VERSION_PREFIX,
  CONTAINER_RUNTIME_URL_SCHEME,
  CONTROL_PLANE_TAINT,
  DEFAULT_APISERVER_BIND_ADDRESS,
  DEFAULT_CI_IMAGE_REPOSITORY,
  DEFAULT_CRI_SOCKET,
  DEFAULT_IMAGE_REPOSITORY,
  KNOWN_CRI_SOCKETS,
  KUBERNETES_VERSION,
  MINIMUM_CONTROL_PLANE_VERSION,
} from "../constants.js";
import type { SystemFacts } from "../host/system-facts.js";
import { KubeadmError } from "../util/errors.js";
import { formatIP, isGlobalUnicast, isLoopback, isUnspecified, joinHostPort, parseIP } from "../util/net.js";
import { Version, type VersionFetcher, isCIVersion, kubernetesReleaseVersion, parseSemantic } from "../util/version.js";
import { defaultComponentConfigs } from "./componentconfigs.js";
import type { ConfigLogger } from "../util/log.js";
import type { APIEndpoint, BootstrapToken, ClusterConfiguration, InitConfiguration, NodeRegistrationOptions } from "./types.js";
import { parseHostPort } from "./validation.js";

export interface DynamicDefaultsOptions {
  facts: SystemFacts;
  log: ConfigLogger;
  /** Skip probing CRI sockets; use the default containerd socket. */
  skipCRIDetect?: boolean;
  /** Fetcher for version labels (tests inject one). */
  versionFetcher?: VersionFetcher;
  /** The kubeadm build version (default: the pinned version). */
  kubeadmVersion?: string;
  /** klog's -v: info lines of V(1) and above are printed only then (default 0). */
  verbosity?: number;
}

/** A random "<6>.<16>" token from [a-z0-9] (bootstraputil.GenerateBootstrapToken). */
export function generateBootstrapToken(): { id: string; secret: string } {
  const pick = (n: number): string =>
    Array.from({ length: n }, () => BOOTSTRAP_TOKEN_ALPHABET[randomInt(BOOTSTRAP_TOKEN_ALPHABET.length)]).join("");
  return { id: pick(6), secret: pick(16) };
}

export function setBootstrapTokensDynamicDefaults(tokens: BootstrapToken[]): void {
  for (const t of tokens) if (!t.token) t.token = generateBootstrapToken();
}

/** CRI endpoint detection (kubeadm runtime.DetectCRISocket). */
export async function detectCRISocket(facts: SystemFacts): Promise<string> {
  const found: string[] = [];
  for (const s of KNOWN_CRI_SOCKETS) if (await facts.isSocket(s)) found.push(s);
  if (found.length === 0) return DEFAULT_CRI_SOCKET;
  if (found.length === 1) return found[0]!;
  throw new KubeadmError(
    `found multiple CRI endpoints on the host. Please define which one do you wish to use by setting the 'criSocket' field in the kubeadm configuration file: ${found.join(", ")}`,
  );
}

/** Node name from the host name when unset; trimmed and lower-cased either way. */
export function resolveNodeName(name: string, facts: SystemFacts): string {
  let n = name;
  if (n.length === 0) n = facts.hostname();
  n = n.trim();
  if (n.length === 0) throw new KubeadmError("empty hostname is invalid");
  return n.toLowerCase();
}

export async function setNodeRegistrationDynamicDefaults(
  nro: NodeRegistrationOptions,
  controlPlaneTaint: boolean,
  opts: DynamicDefaultsOptions,
): Promise<void> {
  nro.name = resolveNodeName(nro.name, opts.facts);
  if (controlPlaneTaint && nro.taints === null) nro.taints = [{ ...CONTROL_PLANE_TAINT }];
  if (nro.criSocket === "") {
    nro.criSocket = opts.skipCRIDetect ? DEFAULT_CRI_SOCKET : await detectCRISocket(opts.facts);
  } else if (!nro.criSocket.startsWith(CONTAINER_RUNTIME_URL_SCHEME)) {
    opts.log.warn(
      `Usage of CRI endpoints without URL scheme is deprecated and can cause kubelet errors in the future. Automatically prepending scheme "${CONTAINER_RUNTIME_URL_SCHEME}" to the "criSocket" with value "${nro.criSocket}". Please update your configuration!`,
      "initconfiguration.go:127",
    );
    nro.criSocket = `${CONTAINER_RUNTIME_URL_SCHEME}://${nro.criSocket}`;
  }
}

/** Advertise address: the given IP, or the default-route interface's address. */
export async function setAPIEndpointDynamicDefaults(ep: APIEndpoint, opts: DynamicDefaultsOptions): Promise<void> {
  const ip = parseIP(ep.advertiseAddress);
  if (!ip && ep.advertiseAddress !== "") {
    throw new KubeadmError(
      `couldn't use "${ep.advertiseAddress}" as "apiserver-advertise-address", must be ipv4 or ipv6 address`,
    );
  }
  if (ip && isLoopback(ip)) {
    // a loopback address selects the global unicast address found on "lo" (RFC 5549 setups);
    // apimachinery's ChooseBindAddressForInterface fails when there is none
    const lo = await opts.facts.loopbackAddress();
    if (!lo) throw new KubeadmError("unable to select an IP from lo network interface");
    ep.advertiseAddress = lo;
    return;
  }
  if (ip && !isUnspecified(ip)) {
    if (!isGlobalUnicast(ip)) {
      throw new KubeadmError(`cannot use "${formatIP(ip)}" as the bind address for the API Server`);
    }
    ep.advertiseAddress = formatIP(ip);
    return;
  }
  const chosen = await opts.facts.defaultRouteAddress();
  if (chosen === null) {
    opts.log.warn(
      `WARNING: could not obtain a bind address for the API Server: no default routes found in "/proc/net/route" or "/proc/net/ipv6_route"; using: ${DEFAULT_APISERVER_BIND_ADDRESS}`,
      "common.go:200",
    );
    ep.advertiseAddress = DEFAULT_APISERVER_BIND_ADDRESS;
    return;
  }
  ep.advertiseAddress = formatIP(parseIP(chosen)!);
}

/**
 * Resolves kubernetesVersion (labels, ci/) and checks the minimum control-plane
 * version (NormalizeKubernetesVersion).
 */
export async function normalizeKubernetesVersion(cfg: ClusterConfiguration, opts: DynamicDefaultsOptions): Promise<void> {
  const ci = isCIVersion(cfg.kubernetesVersion);
  if (ci && cfg.imageRepository === DEFAULT_IMAGE_REPOSITORY) cfg.ciImageRepository = DEFAULT_CI_IMAGE_REPOSITORY;
  let ver: string;
  try {
    ver = await kubernetesReleaseVersion(cfg.kubernetesVersion, {
      ...(opts.versionFetcher ? { fetcher: opts.versionFetcher } : {}),
      warn: (m) => opts.log.warn(m, m.startsWith("could not fetch") ? "version.go:108" : "version.go:109"),
      info: (m) => opts.log.info(m, "version.go:260"),
      kubeadmVersion: opts.kubeadmVersion ?? KUBERNETES_VERSION,
    });
  } catch (err) {
    throw new KubeadmError((err as Error).message);
  }
  if (ci) cfg.ciKubernetesVersion = `${CI_KUBERNETES_VERSION_PREFIX}${ver}`;
  cfg.kubernetesVersion = ver;
  let k8s;
  try {
    k8s = parseSemantic(ver);
  } catch (err) {
    throw new KubeadmError(`couldn't parse Kubernetes version "${ver}": ${(err as Error).message}`);
  }
  const min = parseSemantic(MINIMUM_CONTROL_PLANE_VERSION);
  const kubeadm = parseSemantic(opts.kubeadmVersion ?? KUBERNETES_VERSION);
  if (kubeadm.preRelease !== "") {
    const next = new Version([k8s.major, k8s.minor + 1, k8s.patch], true, k8s.preRelease, k8s.buildMetadata);
    if (next.atLeast(min)) {
      opts.log.info(`WARNING: tolerating control plane version ${ver} as a pre-release version`, "common.go:150");
      return;
    }
  }
  if (k8s.lessThan(min)) {
    throw new KubeadmError(
      `this version of kubeadm only supports deploying clusters with the control plane version >= ${min.toString()}. Current version: ${ver}`,
    );
  }
}

export async function setClusterDynamicDefaults(
  cfg: ClusterConfiguration,
  ep: APIEndpoint,
  opts: DynamicDefaultsOptions,
): Promise<void> {
  defaultComponentConfigs(
    cfg,
    ep,
    (m, site) => opts.log.warn(m, site ?? "utils.go:69"),
    (opts.verbosity ?? 0) >= 1 ? (m, site) => opts.log.info(m, site) : undefined,
  );
  await normalizeKubernetesVersion(cfg, opts);
  if (cfg.controlPlaneEndpoint !== "") {
    let hp: { host: string; port: string };
    try {
      hp = parseHostPort(cfg.controlPlaneEndpoint);
    } catch (err) {
      throw new KubeadmError((err as Error).message);
    }
    if (hp.port === "") cfg.controlPlaneEndpoint = joinHostPort(hp.host, ep.bindPort);
  }
  cfg.apiServer.certSANs = cfg.apiServer.certSANs.map((s) => s.toLowerCase());
}

export async function setInitDynamicDefaults(cfg: InitConfiguration, opts: DynamicDefaultsOptions): Promise<void> {
  setBootstrapTokensDynamicDefaults(cfg.bootstrapTokens);
  await setNodeRegistrationDynamicDefaults(cfg.nodeRegistration, true, opts);
  await setAPIEndpointDynamicDefaults(cfg.localAPIEndpoint, opts);
  await setClusterDynamicDefaults(cfg.clusterConfiguration, cfg.localAPIEndpoint, opts);
}
