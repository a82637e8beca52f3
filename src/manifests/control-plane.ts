// Static Pods of kube-apiserver, kube-controller-manager and kube-scheduler (manifests.md §2–4).
import * as path from "node:path";
import type { APIEndpoint, Arg, ClusterConfiguration, EnvVar } from "../config/types.js";
import {
  ANNOTATION_APISERVER_ADVERTISE_ADDRESS,
  CONTROLLER_MANAGER_KUBECONFIG,
  ETCD_LISTEN_CLIENT_PORT,
  FRONT_PROXY_CLIENT_COMMON_NAME,
  KUBE_APISERVER,
  KUBE_CONTROLLER_MANAGER,
  KUBE_CONTROLLER_MANAGER_PORT,
  KUBE_SCHEDULER,
  KUBE_SCHEDULER_PORT,
  KUBERNETES_DIR,
  SCHEDULER_KUBECONFIG,
} from "../constants.js";
import { isIPv6String, isUnspecified, joinHostPort, parseIP } from "../util/net.js";
import { arg, buildArgumentList, lastArg, lastArgValue, mergeArgWithBase } from "./args.js";
import { goQuote } from "../util/go-quote.js";
import { mergeEnv } from "./env.js";
import { controlPlaneImage } from "./images.js";
import {
  componentPod,
  livenessProbe,
  probePort,
  readinessProbe,
  resourceRequests,
  startupProbe,
  type Json,
} from "./pod.js";
import { controlPlaneMounts } from "./volumes.js";

/** Everything the control-plane builders need; host facts are inputs so that builders stay pure. */
export interface ControlPlaneInput {
  cluster: ClusterConfiguration;
  /** The node's API endpoint (InitConfiguration.localAPIEndpoint / JoinConfiguration.controlPlane.localAPIEndpoint). */
  localAPIEndpoint: APIEndpoint;
  /** timeouts.controlPlaneComponentHealthCheck, milliseconds (startup probe threshold). */
  controlPlaneComponentHealthCheckMs: number;
  /** Which of CA_CERTS_EXTRA_VOLUME_PATHS exist on the host. */
  existingCADirs: readonly string[];
  /** Proxy variables of kubeadm's environment (see proxyEnvVars). */
  proxyEnv: readonly EnvVar[];
  /** External CA mode: ca.key is absent, so the controller-manager gets empty signing flags. */
  externalCA?: boolean;
  /** Receives upstream's warnings (klog) about the authorization mode and etcd servers, with their call sites. */
  warn?: (msg: string, site: string) => void;
}

const KNOWN_AUTHZ_MODES = ["Node", "RBAC", "Webhook", "ABAC", "AlwaysAllow", "AlwaysDeny"];
const DEFAULT_AUTHZ_MODE = "Node,RBAC";

/**
 * The default --authorization-mode given the user's extra args (undefined: none, authorization-config
 * is set; upstream's getAuthzModes). The user's last authorization-mode is checked mode by mode
 * (empty items skipped); without a merge method the valid modes replace the default, with one the
 * default stays and the user's argument is merged onto it later.
 */
export function defaultAuthorizationMode(
  extraArgs: readonly Arg[],
  warn: (msg: string, site: string) => void = () => undefined,
): string | undefined {
  if (extraArgs.some((a) => a.name === "authorization-config")) return undefined;
  const user = lastArg(extraArgs, "authorization-mode");
  if (user === undefined || user.value === "") return DEFAULT_AUTHZ_MODE;
  const modes: string[] = [];
  for (const m of user.value.split(",")) {
    if (m === "") continue;
    if (KNOWN_AUTHZ_MODES.includes(m)) modes.push(m);
    else warn(`ignoring unknown kube-apiserver authorization-mode "${m}"`, "manifests.go:296");
  }
  if (modes.length === 0) return DEFAULT_AUTHZ_MODE;
  const v = modes.join(",");
  if (!user.mergeMethod && v !== DEFAULT_AUTHZ_MODE) {
    warn(`the default kube-apiserver authorization-mode is "${DEFAULT_AUTHZ_MODE}"; using "${v}"`, "manifests.go:307");
    return v;
  }
  return DEFAULT_AUTHZ_MODE;
}

/** --etcd-servers for local etcd: etcd's own last advertise-client-urls extra arg replaces or merges into it. */
function localEtcdServers(cluster: ClusterConfiguration, advertiseAddress: string, warn: (msg: string, site: string) => void): string {
  const lh = isIPv6String(advertiseAddress) ? "::1" : "127.0.0.1";
  const servers = `https://${joinHostPort(lh, ETCD_LISTEN_CLIENT_PORT)}`;
  const user = lastArg(cluster.etcd.local?.extraArgs ?? [], "advertise-client-urls");
  if (user === undefined) return servers;
  if (user.mergeMethod) {
    warn(
      `the local etcd --advertise-client-urls flag has a merge method ${goQuote(user.mergeMethod)} and value ${goQuote(user.value)}; merging it with --etcd-servers ${goQuote(servers)}`,
      "manifests.go:248",
    );
  }
  return mergeArgWithBase(servers, user);
}

export function apiServerCommand(input: ControlPlaneInput): string[] {
  const c = input.cluster;
  const pki = c.certificatesDir;
  const p = (f: string) => path.posix.join(pki, f);
  const adv = input.localAPIEndpoint.advertiseAddress;
  const defaults: Arg[] = [
    arg("advertise-address", adv),
    arg("enable-admission-plugins", "NodeRestriction"),
    arg("service-cluster-ip-range", c.networking.serviceSubnet),
    arg("service-account-key-file", p("sa.pub")),
    arg("service-account-signing-key-file", p("sa.key")),
    arg("service-account-issuer", `https://kubernetes.default.svc.${c.networking.dnsDomain}`),
    arg("client-ca-file", p("ca.crt")),
    arg("tls-cert-file", p("apiserver.crt")),
    arg("tls-private-key-file", p("apiserver.key")),
    arg("kubelet-client-certificate", p("apiserver-kubelet-client.crt")),
    arg("kubelet-client-key", p("apiserver-kubelet-client.key")),
    arg("enable-bootstrap-token-auth", "true"),
    arg("secure-port", String(input.localAPIEndpoint.bindPort)),
    arg("allow-privileged", "true"),
    arg("kubelet-preferred-address-types", "InternalIP,ExternalIP,Hostname"),
    arg("requestheader-username-headers", "X-Remote-User"),
    arg("requestheader-group-headers", "X-Remote-Group"),
    arg("requestheader-extra-headers-prefix", "X-Remote-Extra-"),
    arg("requestheader-client-ca-file", p("front-proxy-ca.crt")),
    arg("requestheader-allowed-names", FRONT_PROXY_CLIENT_COMMON_NAME),
    arg("proxy-client-cert-file", p("front-proxy-client.crt")),
    arg("proxy-client-key-file", p("front-proxy-client.key")),
  ];
  if (c.etcd.external) {
    const ext = c.etcd.external;
    defaults.push(arg("etcd-servers", ext.endpoints.join(",")));
    if (ext.caFile) defaults.push(arg("etcd-cafile", ext.caFile));
    if (ext.certFile && ext.keyFile) {
      defaults.push(arg("etcd-certfile", ext.certFile), arg("etcd-keyfile", ext.keyFile));
    }
  } else {
    defaults.push(
      arg("etcd-servers", localEtcdServers(c, adv, input.warn ?? (() => undefined))),
      arg("etcd-cafile", p("etcd/ca.crt")),
      arg("etcd-certfile", p("apiserver-etcd-client.crt")),
      arg("etcd-keyfile", p("apiserver-etcd-client.key")),
    );
  }
  const authz = defaultAuthorizationMode(c.apiServer.extraArgs, input.warn);
  if (authz !== undefined) defaults.push(arg("authorization-mode", authz));
  return [KUBE_APISERVER, ...buildArgumentList(defaults, c.apiServer.extraArgs)];
}

/** The arguments kube-controller-manager and kube-scheduler both start with: loopback bind, leader election, one kubeconfig for all three uses. */
function leaderElectedComponentArgs(kubeconfig: string): Arg[] {
  return [
    arg("bind-address", "127.0.0.1"),
    arg("leader-elect", "true"),
    arg("kubeconfig", kubeconfig),
    arg("authentication-kubeconfig", kubeconfig),
    arg("authorization-kubeconfig", kubeconfig),
  ];
}

export function controllerManagerCommand(input: ControlPlaneInput): string[] {
  const c = input.cluster;
  const p = (f: string) => path.posix.join(c.certificatesDir, f);
  const defaults: Arg[] = [
    ...leaderElectedComponentArgs(path.posix.join(KUBERNETES_DIR, CONTROLLER_MANAGER_KUBECONFIG)),
    arg("client-ca-file", p("ca.crt")),
    arg("requestheader-client-ca-file", p("front-proxy-ca.crt")),
    arg("root-ca-file", p("ca.crt")),
    arg("service-account-private-key-file", p("sa.key")),
    arg("cluster-signing-cert-file", input.externalCA ? "" : p("ca.crt")),
    arg("cluster-signing-key-file", input.externalCA ? "" : p("ca.key")),
    arg("use-service-account-credentials", "true"),
    arg("controllers", "*,bootstrapsigner,tokencleaner"),
  ];
  if (c.networking.podSubnet !== "") {
    defaults.push(arg("allocate-node-cidrs", "true"), arg("cluster-cidr", c.networking.podSubnet));
    if (c.networking.serviceSubnet !== "") defaults.push(arg("service-cluster-ip-range", c.networking.serviceSubnet));
  }
  if (c.clusterName !== "") defaults.push(arg("cluster-name", c.clusterName));
  return [KUBE_CONTROLLER_MANAGER, ...buildArgumentList(defaults, c.controllerManager.extraArgs)];
}

export function schedulerCommand(input: ControlPlaneInput): string[] {
  const defaults = leaderElectedComponentArgs(path.posix.join(KUBERNETES_DIR, SCHEDULER_KUBECONFIG));
  return [KUBE_SCHEDULER, ...buildArgumentList(defaults, input.cluster.scheduler.extraArgs)];
}

/** Probe host for the apiserver: the advertise address; "" (omitted) when unspecified; 127.0.0.1 when empty. */
function apiServerProbeHost(adv: string): string {
  if (adv === "") return "127.0.0.1";
  const ip = parseIP(adv);
  if (ip && isUnspecified(ip)) return "";
  return adv;
}

/** Probe host from a bind-address extra arg: 127.0.0.1 by default, "" (omitted) when unspecified. */
function bindAddressProbeHost(extraArgs: readonly Arg[]): string {
  const v = lastArgValue(extraArgs, "bind-address");
  if (v === undefined || v === "") return "127.0.0.1";
  const ip = parseIP(v);
  if (ip && isUnspecified(ip)) return "";
  return v;
}

/** The three static Pods, keyed by component name. */
export function controlPlanePods(input: ControlPlaneInput): Record<string, Json> {
  const c = input.cluster;
  const mounts = controlPlaneMounts(c, input.existingCADirs);
  const hc = input.controlPlaneComponentHealthCheckMs;
  const ep = input.localAPIEndpoint;

  const pod = (
    name: typeof KUBE_APISERVER | typeof KUBE_CONTROLLER_MANAGER | typeof KUBE_SCHEDULER,
    p: { command: string[]; probeHost: string; livePath: string; readyPath?: string; cpu: string; extraEnvs: EnvVar[]; port: number },
    annotations?: Record<string, string>,
  ): Json =>
    componentPod(
      {
        name,
        image: controlPlaneImage(name, c),
        imagePullPolicy: "IfNotPresent",
        command: p.command,
        volumeMounts: mounts[name].mountList(),
        livenessProbe: livenessProbe(p.probeHost, p.livePath, "HTTPS"),
        ...(p.readyPath ? { readinessProbe: readinessProbe(p.probeHost, p.readyPath, "HTTPS") } : {}),
        startupProbe: startupProbe(p.probeHost, p.livePath, "HTTPS", hc),
        resources: resourceRequests(p.cpu),
        env: mergeEnv(input.proxyEnv, p.extraEnvs),
        ports: [probePort(p.port)],
      },
      mounts[name].volumeList(),
      annotations,
    );

  const apiserver = pod(
    KUBE_APISERVER,
    {
      command: apiServerCommand(input),
      probeHost: apiServerProbeHost(ep.advertiseAddress),
      livePath: "/livez",
      readyPath: "/readyz",
      cpu: "250m",
      extraEnvs: c.apiServer.extraEnvs,
      port: ep.bindPort,
    },
    { [ANNOTATION_APISERVER_ADVERTISE_ADDRESS]: joinHostPort(ep.advertiseAddress, ep.bindPort) },
  );
  const kcm = pod(KUBE_CONTROLLER_MANAGER, {
    command: controllerManagerCommand(input),
    probeHost: bindAddressProbeHost(c.controllerManager.extraArgs),
    livePath: "/healthz",
    cpu: "200m",
    extraEnvs: c.controllerManager.extraEnvs,
    port: KUBE_CONTROLLER_MANAGER_PORT,
  });
  const scheduler = pod(KUBE_SCHEDULER, {
    command: schedulerCommand(input),
    probeHost: bindAddressProbeHost(c.scheduler.extraArgs),
    livePath: "/livez",
    readyPath: "/readyz",
    cpu: "100m",
    extraEnvs: c.scheduler.extraEnvs,
    port: KUBE_SCHEDULER_PORT,
  });

  return { [KUBE_APISERVER]: apiserver, [KUBE_CONTROLLER_MANAGER]: kcm, [KUBE_SCHEDULER]: scheduler };
}
