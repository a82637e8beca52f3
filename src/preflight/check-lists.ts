/**
 * Which checks each command runs, in upstream's order (v1.36, Linux):
 * init (node checks, then image pulls), join (node checks; control-plane joins
 * add the init node checks), the root check alone (reset, and first everywhere),
 * and upgrade (SystemVerification for the next kubelet minor, ContainerRuntimeVersion).
 */
import {
  CONTROL_PLANE_MEM_MB,
  CONTROL_PLANE_NUM_CPU,
  ETCD,
  ETCD_LISTEN_CLIENT_PORT,
  ETCD_LISTEN_PEER_PORT,
  KUBE_APISERVER,
  KUBE_CONTROLLER_MANAGER,
  KUBE_CONTROLLER_MANAGER_PORT,
  KUBE_SCHEDULER,
  KUBE_SCHEDULER_PORT,
  KUBELET_BOOTSTRAP_KUBECONFIG,
  KUBELET_KUBECONFIG,
  KUBELET_PORT,
  KUBERNETES_DIR,
  KUBERNETES_VERSION,
  MANIFESTS_SUBDIR,
} from "../constants.js";
import type { InitConfiguration, JoinConfiguration, NodeRegistrationOptions } from "../config/types.js";
import { isIPv4, isIPv6, isIPv6CIDRString, parseIP, splitHostPort, tryParseCIDR } from "../util/net.js";
import { parseSemantic } from "../util/version.js";
import type { Checker } from "./checker.js";
import { containerRuntimeCheck, containerRuntimeVersionCheck } from "./checks/container-runtime.js";
import { externalEtcdVersionCheck } from "./checks/external-etcd.js";
import { dirAvailableCheck, fileAvailableCheck, fileContentCheck, fileExistingCheck } from "./checks/files.js";
import { inPathCheck } from "./checks/in-path.js";
import { hostnameCheck, httpProxyCheck, httpProxyCIDRCheck } from "./checks/network.js";
import { isPrivilegedUserCheck, memCheck, numCPUCheck } from "./checks/node-resources.js";
import { portOpenCheck } from "./checks/ports.js";
import { firewalldCheck, serviceCheck } from "./checks/services.js";
import { swapCheck } from "./checks/swap.js";
import { systemVerificationCheck } from "./checks/system-verification.js";
import { kubeletVersionCheck, kubernetesVersionCheck } from "./checks/versions.js";

export const IPV4_FORWARD = "/proc/sys/net/ipv4/ip_forward";
export const IPV6_DEFAULT_FORWARDING = "/proc/sys/net/ipv6/conf/default/forwarding";

const staticPodPath = (component: string): string => `${KUBERNETES_DIR}/${MANIFESTS_SUBDIR}/${component}.yaml`;

const isIPv4CIDRString = (s: string): boolean => {
  const n = tryParseCIDR(s);
  return n !== null && !isIPv6CIDRString(s);
};

export function ipv4Checks(): Checker[] {
  return [fileContentCheck(IPV4_FORWARD, "1")];
}

export function ipv6Checks(): Checker[] {
  return [fileContentCheck(IPV6_DEFAULT_FORWARDING, "1")];
}

/** Executables in PATH: conntrack only for Kubernetes < 1.32; losetup, mount, cp always (all mandatory). */
export function execChecks(kubernetesVersion: string): Checker[] {
  const checks: Checker[] = [];
  try {
    if (parseSemantic(kubernetesVersion).lessThan(parseSemantic("1.32.0"))) checks.push(inPathCheck("conntrack", true));
  } catch {
    /* unparsable or empty version: no conntrack check */
  }
  checks.push(inPathCheck("losetup", true), inPathCheck("mount", true), inPathCheck("cp", true));
  return checks;
}

/** Checks shared by init and join (upstream addCommonChecks). */
export function commonChecks(kubernetesVersion: string, nodeReg: NodeRegistrationOptions): Checker[] {
  return [
    containerRuntimeCheck(nodeReg.criSocket),
    containerRuntimeVersionCheck(nodeReg.criSocket),
    swapCheck(),
    ...execChecks(kubernetesVersion),
    systemVerificationCheck(false),
    hostnameCheck(nodeReg.name),
    kubeletVersionCheck(kubernetesVersion),
    serviceCheck("kubelet", { checkIfActive: false }),
    portOpenCheck(KUBELET_PORT),
  ];
}

export interface InitNodeChecksOptions {
  /** A control-plane join (`kubeadm join --control-plane`): common and IP checks already ran. */
  isSecondaryControlPlane?: boolean;
  /** Certificates come from the kubeadm-certs Secret (--certificate-key): skip the external etcd files. */
  downloadCerts?: boolean;
  /** kubeadm's own version (default: the pinned release). */
  kubeadmVersion?: string;
}

export function initNodeChecks(cfg: InitConfiguration, opts: InitNodeChecksOptions = {}): Checker[] {
  const cc = cfg.clusterConfiguration;
  const bindPort = cfg.localAPIEndpoint.bindPort;
  // v1.37: each component's port is checked on the address it will listen on (its bind-address
  // extra arg); etcd's on the API server's advertise address
  const lastValue = (args: readonly { name: string; value: string }[] | undefined, name: string): string => {
    for (let i = (args ?? []).length - 1; i >= 0; i--) if (args![i]!.name === name) return args![i]!.value;
    return "";
  };
  const checks: Checker[] = [
    numCPUCheck(CONTROL_PLANE_NUM_CPU),
    memCheck(CONTROL_PLANE_MEM_MB),
    kubernetesVersionCheck(cc.kubernetesVersion, opts.kubeadmVersion ?? KUBERNETES_VERSION),
    firewalldCheck([bindPort, KUBELET_PORT]),
    portOpenCheck(bindPort, undefined, lastValue(cc.apiServer?.extraArgs, "bind-address")),
    portOpenCheck(KUBE_SCHEDULER_PORT, undefined, lastValue(cc.scheduler?.extraArgs, "bind-address")),
    portOpenCheck(KUBE_CONTROLLER_MANAGER_PORT, undefined, lastValue(cc.controllerManager?.extraArgs, "bind-address")),
    fileAvailableCheck(staticPodPath(KUBE_APISERVER)),
    fileAvailableCheck(staticPodPath(KUBE_CONTROLLER_MANAGER)),
    fileAvailableCheck(staticPodPath(KUBE_SCHEDULER)),
    fileAvailableCheck(staticPodPath(ETCD)),
    httpProxyCheck("https", cfg.localAPIEndpoint.advertiseAddress),
  ];

  // IP forwarding checks follow the families of the Service and Pod CIDRs (and, below, the advertise address).
  let v4 = false;
  let v6 = false;
  for (const subnet of [cc.networking.serviceSubnet, cc.networking.podSubnet]) {
    for (const cidr of subnet.split(",")) {
      checks.push(httpProxyCIDRCheck("https", cidr));
      if (isIPv4CIDRString(cidr)) v4 = true;
      if (isIPv6CIDRString(cidr)) v6 = true;
    }
  }

  if (!opts.isSecondaryControlPlane) {
    checks.push(...commonChecks(cc.kubernetesVersion, cfg.nodeRegistration));
    const ip = parseIP(cfg.localAPIEndpoint.advertiseAddress);
    if (ip) {
      if (isIPv4(ip)) v4 = true;
      if (isIPv6(ip)) v6 = true;
    }
    if (v4) checks.push(...ipv4Checks());
    if (v6) checks.push(...ipv6Checks());
    if (cc.etcd.external) checks.push(externalEtcdVersionCheck(cc.etcd.external));
  }

  if (cc.etcd.local) {
    const etcdAddress = lastValue(cc.apiServer?.extraArgs, "advertise-address") || cfg.localAPIEndpoint.advertiseAddress;
    checks.push(
      portOpenCheck(ETCD_LISTEN_CLIENT_PORT, undefined, etcdAddress),
      portOpenCheck(ETCD_LISTEN_PEER_PORT, undefined, etcdAddress),
      dirAvailableCheck(cc.etcd.local.dataDir),
    );
  }

  const ext = cc.etcd.external;
  if (ext && !(opts.isSecondaryControlPlane && opts.downloadCerts)) {
    for (const f of [ext.caFile, ext.certFile, ext.keyFile]) {
      if (f) checks.push(fileExistingCheck(f, "ExternalEtcdClientCertificates"));
    }
  }
  return checks;
}

export function joinNodeChecks(cfg: JoinConfiguration): Checker[] {
  const checks: Checker[] = [
    fileAvailableCheck(`${KUBERNETES_DIR}/${KUBELET_KUBECONFIG}`),
    fileAvailableCheck(`${KUBERNETES_DIR}/${KUBELET_BOOTSTRAP_KUBECONFIG}`),
    ...commonChecks("", cfg.nodeRegistration),
  ];
  if (!cfg.controlPlane) checks.push(fileAvailableCheck(cfg.caCertPath));
  const bt = cfg.discovery.bootstrapToken;
  if (bt) {
    let host: string | null = null;
    try {
      host = splitHostPort(bt.apiServerEndpoint).host;
    } catch {
      host = null;
    }
    if (host !== null) {
      checks.push(httpProxyCheck("https", host));
      const ip = parseIP(host);
      if (ip) {
        if (isIPv4(ip)) checks.push(...ipv4Checks());
        if (isIPv6(ip)) checks.push(...ipv6Checks());
      }
    }
  }
  return checks;
}

export function rootChecks(): Checker[] {
  return [isPrivilegedUserCheck()];
}

export function upgradeChecks(cfg: InitConfiguration): Checker[] {
  return [systemVerificationCheck(true), containerRuntimeVersionCheck(cfg.nodeRegistration.criSocket)];
}
