/**
 * Internal configuration → kubeadm.k8s.io/v1beta4 documents, with upstream's
 * omitempty rules, marshalled with the Kubernetes-style YAML writer. This is
 * what `config print`, `config migrate` and the kubeadm-config ConfigMap
 * (ClusterConfiguration) show.
 */
import { KUBEADM_V1BETA4 } from "../constants.js";
import { formatDurationMs as formatDuration } from "../util/duration.js";
import { formatRFC3339, joinYamlDocuments, toKubernetesYaml } from "./yaml.js";
import type {
  APIEndpoint,
  Arg,
  BootstrapToken,
  ClusterConfiguration,
  ControlPlaneComponent,
  EnvVar,
  HostPathMount,
  InitConfiguration,
  JoinConfiguration,
  NodeRegistrationOptions,
  Patches,
  ResetConfiguration,
  Timeouts,
  UpgradeConfiguration,
} from "./types.js";

type Obj = Record<string, unknown>;

/** Adds `key` only when the value is non-empty (Go omitempty). */
function put(o: Obj, key: string, v: unknown): void {
  if (v === undefined || v === null || v === "" || v === false || v === 0) return;
  if (Array.isArray(v) && v.length === 0) return;
  if (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0 && !(v instanceof Date)) return;
  o[key] = v;
}

function args(a: Arg[]): Obj[] {
  return a.map((x) => ({ name: x.name, value: x.value }));
}

function envs(e: EnvVar[]): Obj[] {
  return e.map((x) => {
    const o: Obj = { name: x.name };
    put(o, "value", x.value);
    if (x.valueFrom) o.valueFrom = x.valueFrom;
    return o;
  });
}

function volumes(v: HostPathMount[]): Obj[] {
  return v.map((m) => {
    const o: Obj = { name: m.name, hostPath: m.hostPath, mountPath: m.mountPath };
    put(o, "readOnly", m.readOnly);
    put(o, "pathType", m.pathType);
    return o;
  });
}

/** The seven timeouts as durations; `controlPlaneOverride` (--timeout-control-plane) replaces controlPlaneComponentHealthCheck. */
function timeouts(t: Timeouts, controlPlaneOverride?: number): Obj {
  return {
    controlPlaneComponentHealthCheck: formatDuration(controlPlaneOverride ?? t.controlPlaneComponentHealthCheck),
    kubeletHealthCheck: formatDuration(t.kubeletHealthCheck),
    kubernetesAPICall: formatDuration(t.kubernetesAPICall),
    etcdAPICall: formatDuration(t.etcdAPICall),
    tlsBootstrap: formatDuration(t.tlsBootstrap),
    discovery: formatDuration(t.discovery),
    upgradeManifests: formatDuration(t.upgradeManifests),
  };
}

function component(c: ControlPlaneComponent): Obj {
  const o: Obj = {};
  put(o, "extraArgs", args(c.extraArgs));
  put(o, "extraVolumes", volumes(c.extraVolumes));
  put(o, "extraEnvs", envs(c.extraEnvs));
  return o;
}

function nodeRegistration(n: NodeRegistrationOptions): Obj {
  const o: Obj = {};
  put(o, "name", n.name);
  put(o, "criSocket", n.criSocket);
  o.taints = n.taints === null ? null : n.taints.map((t) => {
    const x: Obj = { key: t.key, effect: t.effect };
    put(x, "value", t.value);
    put(x, "timeAdded", t.timeAdded);
    return x;
  });
  put(o, "kubeletExtraArgs", args(n.kubeletExtraArgs));
  put(o, "ignorePreflightErrors", n.ignorePreflightErrors);
  put(o, "imagePullPolicy", n.imagePullPolicy);
  o.imagePullSerial = n.imagePullSerial;
  return o;
}

function apiEndpoint(e: APIEndpoint): Obj {
  const o: Obj = {};
  put(o, "advertiseAddress", e.advertiseAddress);
  put(o, "bindPort", e.bindPort);
  return o;
}

/** bootstraptoken/v1 BootstrapToken as JSON. */
export function bootstrapTokenObject(t: BootstrapToken): Obj {
  const o: Obj = {};
  if (t.token) o.token = `${t.token.id}.${t.token.secret}`;
  put(o, "description", t.description);
  if (t.ttl !== undefined) o.ttl = formatDuration(t.ttl);
  if (t.expires) o.expires = formatRFC3339(t.expires);
  put(o, "usages", t.usages);
  put(o, "groups", t.groups);
  return o;
}

export interface EncodeOptions {
  /** Overrides timeouts.controlPlaneComponentHealthCheck (upstream's v1beta3 conversion leftover). */
  timeoutControlPlane?: number;
}

export function initConfigurationObject(c: InitConfiguration, opts: EncodeOptions = {}): Obj {
  const o: Obj = { apiVersion: KUBEADM_V1BETA4, kind: "InitConfiguration" };
  put(o, "bootstrapTokens", c.bootstrapTokens.map(bootstrapTokenObject));
  put(o, "dryRun", c.dryRun);
  o.nodeRegistration = nodeRegistration(c.nodeRegistration);
  o.localAPIEndpoint = apiEndpoint(c.localAPIEndpoint);
  put(o, "certificateKey", c.certificateKey);
  put(o, "skipPhases", c.skipPhases);
  putPatches(o, c.patches);
  o.timeouts = timeouts(c.timeouts, opts.timeoutControlPlane);
  return o;
}

export function clusterConfigurationObject(c: ClusterConfiguration): Obj {
  const o: Obj = { apiVersion: KUBEADM_V1BETA4, kind: "ClusterConfiguration" };
  const etcd: Obj = {};
  if (c.etcd.local) {
    const l = c.etcd.local;
    const lo: Obj = {};
    put(lo, "imageRepository", l.imageRepository);
    put(lo, "imageTag", l.imageTag);
    lo.dataDir = l.dataDir;
    put(lo, "extraArgs", args(l.extraArgs));
    put(lo, "extraEnvs", envs(l.extraEnvs));
    put(lo, "serverCertSANs", l.serverCertSANs);
    put(lo, "peerCertSANs", l.peerCertSANs);
    etcd.local = lo;
  }
  if (c.etcd.external) {
    const x = c.etcd.external;
    const xo: Obj = { endpoints: x.endpoints.length ? x.endpoints : null };
    put(xo, "httpEndpoints", x.httpEndpoints);
    xo.caFile = x.caFile;
    xo.certFile = x.certFile;
    xo.keyFile = x.keyFile;
    etcd.external = xo;
  }
  o.etcd = etcd;
  const net: Obj = {};
  put(net, "serviceSubnet", c.networking.serviceSubnet);
  put(net, "podSubnet", c.networking.podSubnet);
  put(net, "dnsDomain", c.networking.dnsDomain);
  o.networking = net;
  put(o, "kubernetesVersion", c.kubernetesVersion);
  put(o, "controlPlaneEndpoint", c.controlPlaneEndpoint);
  const api = component(c.apiServer);
  put(api, "certSANs", c.apiServer.certSANs);
  o.apiServer = api;
  o.controllerManager = component(c.controllerManager);
  o.scheduler = component(c.scheduler);
  const dns: Obj = {};
  put(dns, "imageRepository", c.dns.imageRepository);
  put(dns, "imageTag", c.dns.imageTag);
  put(dns, "disabled", c.dns.disabled);
  o.dns = dns;
  const proxy: Obj = {};
  put(proxy, "disabled", c.proxy.disabled);
  o.proxy = proxy;
  put(o, "certificatesDir", c.certificatesDir);
  put(o, "imageRepository", c.imageRepository);
  if (Object.keys(c.featureGates).length > 0) o.featureGates = { ...c.featureGates };
  put(o, "clusterName", c.clusterName);
  put(o, "encryptionAlgorithm", c.encryptionAlgorithm);
  o.certificateValidityPeriod = formatDuration(c.certificateValidityPeriod);
  o.caCertificateValidityPeriod = formatDuration(c.caCertificateValidityPeriod);
  return o;
}

export function joinConfigurationObject(c: JoinConfiguration, opts: EncodeOptions = {}): Obj {
  const o: Obj = { apiVersion: KUBEADM_V1BETA4, kind: "JoinConfiguration" };
  put(o, "dryRun", c.dryRun);
  o.nodeRegistration = nodeRegistration(c.nodeRegistration);
  put(o, "caCertPath", c.caCertPath);
  const d: Obj = {};
  if (c.discovery.bootstrapToken) {
    const b = c.discovery.bootstrapToken;
    const bo: Obj = { token: b.token };
    put(bo, "apiServerEndpoint", b.apiServerEndpoint);
    put(bo, "caCertHashes", b.caCertHashes);
    put(bo, "unsafeSkipCAVerification", b.unsafeSkipCAVerification);
    d.bootstrapToken = bo;
  }
  if (c.discovery.file) d.file = { kubeConfigPath: c.discovery.file.kubeConfigPath };
  put(d, "tlsBootstrapToken", c.discovery.tlsBootstrapToken);
  o.discovery = d;
  if (c.controlPlane) {
    const cp: Obj = { localAPIEndpoint: apiEndpoint(c.controlPlane.localAPIEndpoint) };
    put(cp, "certificateKey", c.controlPlane.certificateKey);
    o.controlPlane = cp;
  }
  put(o, "skipPhases", c.skipPhases);
  putPatches(o, c.patches);
  o.timeouts = timeouts(c.timeouts, opts.timeoutControlPlane);
  return o;
}

/** `patches` is kept whenever set: `{}` when it names no directory. */
function putPatches(o: Obj, p: Patches | undefined): void {
  if (p) o.patches = p.directory ? { directory: p.directory } : {};
}

type BoolKeys<T> = { [K in keyof T]-?: T[K] extends boolean | undefined ? K : never }[keyof T];

/** Copies the listed fields of `src`: `puts` only when non-empty (omitempty), `bools` whenever set (upstream's *bool, false kept). */
function pick<T extends object>(src: T, puts: readonly (keyof T & string)[], bools: readonly (BoolKeys<T> & string)[] = []): Obj {
  const o: Obj = {};
  for (const k of puts) put(o, k, src[k]);
  for (const k of bools) if (src[k] !== undefined) o[k] = src[k];
  return o;
}

export function resetConfigurationObject(c: ResetConfiguration): Obj {
  return {
    apiVersion: KUBEADM_V1BETA4,
    kind: "ResetConfiguration",
    ...pick(c, ["cleanupTmpDir", "certificatesDir", "criSocket", "dryRun", "force", "ignorePreflightErrors", "skipPhases", "unmountFlags"]),
    timeouts: timeouts(c.timeouts),
  };
}

export function upgradeConfigurationObject(c: UpgradeConfiguration): Obj {
  const apply = pick(
    c.apply,
    ["kubernetesVersion", "ignorePreflightErrors", "skipPhases", "imagePullPolicy"],
    ["allowExperimentalUpgrades", "allowRCUpgrades", "certificateRenewal", "dryRun", "etcdUpgrade", "forceUpgrade", "printConfig", "imagePullSerial"],
  );
  putPatches(apply, c.apply.patches);
  const diff = pick(c.diff, ["kubernetesVersion", "contextLines"]);
  const node = pick(
    c.node,
    ["ignorePreflightErrors", "skipPhases", "imagePullPolicy"],
    ["certificateRenewal", "dryRun", "etcdUpgrade", "imagePullSerial"],
  );
  putPatches(node, c.node.patches);
  const plan = pick(
    c.plan,
    ["kubernetesVersion", "ignorePreflightErrors"],
    ["allowExperimentalUpgrades", "allowRCUpgrades", "dryRun", "etcdUpgrade", "printConfig"],
  );
  return { apiVersion: KUBEADM_V1BETA4, kind: "UpgradeConfiguration", apply, diff, node, plan, timeouts: timeouts(c.timeouts) };
}

/** ClusterConfiguration as YAML (the kubeadm-config ConfigMap's ClusterConfiguration key). */
export function marshalClusterConfiguration(c: ClusterConfiguration): string {
  return toKubernetesYaml(clusterConfigurationObject(c));
}

/** InitConfiguration + ClusterConfiguration documents joined by "---\n" (MarshalInitConfigurationToBytes). */
export function marshalInitConfiguration(c: InitConfiguration, opts: EncodeOptions = {}): string {
  return joinYamlDocuments([
    toKubernetesYaml(initConfigurationObject(c, opts)),
    toKubernetesYaml(clusterConfigurationObject(c.clusterConfiguration)),
  ]);
}

export function marshalJoinConfiguration(c: JoinConfiguration, opts: EncodeOptions = {}): string {
  return toKubernetesYaml(joinConfigurationObject(c, opts));
}

export function marshalResetConfiguration(c: ResetConfiguration): string {
  return toKubernetesYaml(resetConfigurationObject(c));
}

export function marshalUpgradeConfiguration(c: UpgradeConfiguration): string {
  return toKubernetesYaml(upgradeConfigurationObject(c));
}
