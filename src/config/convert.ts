/**
 * External (decoded v1beta4, experimental v1, or v1beta3 for `config migrate`) objects → the
 * internal configuration,
 * applying each version's static defaults on the way (upstream: Scheme.Default
 * then Scheme.Convert).
 */
import {
  CA_CERTIFICATE_VALIDITY_MS,
  CERTIFICATE_VALIDITY_MS,
  CONTROL_PLANE_COMPONENT_HEALTH_CHECK_TIMEOUT_MS,
  DEFAULT_CERTIFICATES_DIR,
  DEFAULT_CLUSTER_NAME,
  DEFAULT_DNS_DOMAIN,
  DEFAULT_ETCD_DATA_DIR,
  DEFAULT_IMAGE_REPOSITORY,
  DEFAULT_KUBERNETES_VERSION_LABEL,
  DEFAULT_SERVICE_SUBNET,
  DEFAULT_TOKEN_GROUPS,
  DEFAULT_TOKEN_TTL_MS,
  DEFAULT_TOKEN_USAGES,
  DISCOVERY_TIMEOUT_MS,
  ETCD_API_CALL_TIMEOUT_MS,
  KUBE_APISERVER_PORT,
  KUBELET_HEALTH_CHECK_TIMEOUT_MS,
  KUBERNETES_API_CALL_TIMEOUT_MS,
  TLS_BOOTSTRAP_TIMEOUT_MS,
  UPGRADE_MANIFESTS_TIMEOUT_MS,
  DEFAULT_CA_CERT_PATH,
} from "../constants.js";
import type {
  APIEndpoint,
  Arg,
  BootstrapToken,
  ClusterConfiguration,
  ControlPlaneComponent,
  Discovery,
  EncryptionAlgorithm,
  EnvVar,
  Etcd,
  HostPathMount,
  InitConfiguration,
  JoinConfiguration,
  NodeRegistrationOptions,
  Patches,
  PullPolicy,
  ResetConfiguration,
  Taint,
  Timeouts,
  UpgradeConfiguration,
  UpgradeNodeConfiguration,
} from "./types.js";
import type { ApiVersion } from "./schema.js";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const strOf = (v: unknown): string => (typeof v === "string" ? v : "");
const boolOf = (v: unknown): boolean => v === true;
const optBool = (v: unknown): boolean | undefined => (typeof v === "boolean" ? v : undefined);
const strList = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : "")) : []);
const numOr = (v: unknown, d: number): number => (typeof v === "number" && v !== 0 ? v : d);
const durOr = (v: unknown, d: number): number => (typeof v === "number" ? v : d);

/**
 * Per-invocation conversion state: upstream keeps v1beta3's
 * apiServer.timeoutForControlPlane in a process-wide variable that later
 * conversions of Init and Join configurations pick up.
 */
export interface ConversionContext {
  timeoutControlPlane?: number;
}

/** Internal-only: the v1beta3 apiServer.timeoutForControlPlane (0 when converted from v1beta4). */
export const apiServerTimeoutForControlPlane = new WeakMap<ClusterConfiguration, number>();
/** Internal-only: JoinConfiguration.discovery.timeout (v1beta3) / timeouts.discovery (v1beta4). */
export const discoveryTimeout = new WeakMap<JoinConfiguration, number>();

export function defaultTimeouts(): Timeouts {
  return {
    controlPlaneComponentHealthCheck: CONTROL_PLANE_COMPONENT_HEALTH_CHECK_TIMEOUT_MS,
    kubeletHealthCheck: KUBELET_HEALTH_CHECK_TIMEOUT_MS,
    kubernetesAPICall: KUBERNETES_API_CALL_TIMEOUT_MS,
    etcdAPICall: ETCD_API_CALL_TIMEOUT_MS,
    tlsBootstrap: TLS_BOOTSTRAP_TIMEOUT_MS,
    discovery: DISCOVERY_TIMEOUT_MS,
    upgradeManifests: UPGRADE_MANIFESTS_TIMEOUT_MS,
  };
}

function timeoutsFrom(v: unknown): Timeouts {
  const t = obj(v);
  const d = defaultTimeouts();
  return {
    controlPlaneComponentHealthCheck: durOr(t.controlPlaneComponentHealthCheck, d.controlPlaneComponentHealthCheck),
    kubeletHealthCheck: durOr(t.kubeletHealthCheck, d.kubeletHealthCheck),
    kubernetesAPICall: durOr(t.kubernetesAPICall, d.kubernetesAPICall),
    etcdAPICall: durOr(t.etcdAPICall, d.etcdAPICall),
    tlsBootstrap: durOr(t.tlsBootstrap, d.tlsBootstrap),
    discovery: durOr(t.discovery, d.discovery),
    upgradeManifests: durOr(t.upgradeManifests, d.upgradeManifests),
  };
}

function argsFromList(v: unknown): Arg[] {
  if (!Array.isArray(v)) return [];
  return v.map((a) => {
    const o = obj(a);
    const out: Arg = { name: strOf(o.name), value: strOf(o.value) };
    // decoded from kubeadm.k8s.io/v1 only (v1beta4's Arg has no such field)
    if (strOf(o.mergeMethod) !== "") out.mergeMethod = strOf(o.mergeMethod);
    return out;
  });
}

/** v1beta3 map[string]string → []Arg sorted by name, then value. */
function argsFromMap(v: unknown): Arg[] {
  const m = obj(v);
  return Object.keys(m)
    .map((k) => ({ name: k, value: strOf(m[k]) }))
    .sort((a, b) => (a.name === b.name ? cmp(a.value, b.value) : cmp(a.name, b.name)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function envVars(v: unknown): EnvVar[] {
  if (!Array.isArray(v)) return [];
  return v.map((e) => {
    const o = obj(e);
    const out: EnvVar = { name: strOf(o.name) };
    if (typeof o.value === "string" && o.value !== "") out.value = o.value;
    if (o.valueFrom) {
      const vf = structuredClone(obj(o.valueFrom)) as EnvVar["valueFrom"] & Obj;
      if (vf.fieldRef && !vf.fieldRef.apiVersion) vf.fieldRef.apiVersion = "v1";
      out.valueFrom = vf;
    }
    return out;
  });
}

function hostPathMounts(v: unknown): HostPathMount[] {
  if (!Array.isArray(v)) return [];
  return v.map((m) => {
    const o = obj(m);
    const out: HostPathMount = { name: strOf(o.name), hostPath: strOf(o.hostPath), mountPath: strOf(o.mountPath) };
    if (o.readOnly === true) out.readOnly = true;
    if (typeof o.pathType === "string" && o.pathType !== "") out.pathType = o.pathType;
    return out;
  });
}

function taints(v: unknown): Taint[] | null {
  if (!Array.isArray(v)) return null;
  return v.map((t) => {
    const o = obj(t);
    const out: Taint = { key: strOf(o.key), effect: strOf(o.effect) };
    if (typeof o.value === "string" && o.value !== "") out.value = o.value;
    if (o.timeAdded instanceof Date) out.timeAdded = o.timeAdded.toISOString().replace(/\.\d{3}Z$/, "Z");
    return out;
  });
}

function component(v: unknown, version: ApiVersion): ControlPlaneComponent {
  const o = obj(v);
  return {
    extraArgs: version !== "v1beta3" ? argsFromList(o.extraArgs) : argsFromMap(o.extraArgs),
    extraVolumes: hostPathMounts(o.extraVolumes),
    extraEnvs: version !== "v1beta3" ? envVars(o.extraEnvs) : [],
  };
}

function nodeRegistration(v: unknown, version: ApiVersion): NodeRegistrationOptions {
  const o = obj(v);
  return {
    name: strOf(o.name),
    criSocket: strOf(o.criSocket),
    taints: taints(o.taints),
    kubeletExtraArgs: version !== "v1beta3" ? argsFromList(o.kubeletExtraArgs) : argsFromMap(o.kubeletExtraArgs),
    ignorePreflightErrors: strList(o.ignorePreflightErrors),
    imagePullPolicy: (strOf(o.imagePullPolicy) || "IfNotPresent") as PullPolicy,
    imagePullSerial: version === "v1beta3" ? true : (optBool(o.imagePullSerial) ?? true),
  };
}

function apiEndpoint(v: unknown): APIEndpoint {
  const o = obj(v);
  return { advertiseAddress: strOf(o.advertiseAddress), bindPort: numOr(o.bindPort, KUBE_APISERVER_PORT) };
}

function bootstrapTokens(v: unknown): BootstrapToken[] {
  const list = Array.isArray(v) && v.length > 0 ? v : [{}];
  return list.map((t) => {
    const o = obj(t);
    const out: BootstrapToken = {
      usages: Array.isArray(o.usages) && o.usages.length > 0 ? strList(o.usages) : [...DEFAULT_TOKEN_USAGES],
      groups: Array.isArray(o.groups) && o.groups.length > 0 ? strList(o.groups) : [...DEFAULT_TOKEN_GROUPS],
      ttl: typeof o.ttl === "number" ? o.ttl : DEFAULT_TOKEN_TTL_MS,
    };
    if (o.token) out.token = o.token as BootstrapToken["token"] & object;
    if (typeof o.description === "string" && o.description !== "") out.description = o.description;
    if (o.expires instanceof Date) out.expires = o.expires;
    return out;
  });
}

function patches(v: unknown): Patches | undefined {
  if (v === undefined || v === null) return undefined;
  return { directory: strOf(obj(v).directory) };
}

/** Decoded ClusterConfiguration (either version) → internal, static defaults applied. */
export function convertClusterConfiguration(
  ext: Obj,
  version: ApiVersion,
  ctx: ConversionContext,
): ClusterConfiguration {
  const b4 = version !== "v1beta3";
  const etcdIn = obj(ext.etcd);
  const etcd: Etcd = {};
  if (etcdIn.local !== undefined || etcdIn.external === undefined) {
    const l = obj(etcdIn.local);
    etcd.local = {
      dataDir: strOf(l.dataDir) || DEFAULT_ETCD_DATA_DIR,
      extraArgs: b4 ? argsFromList(l.extraArgs) : argsFromMap(l.extraArgs),
      extraEnvs: b4 ? envVars(l.extraEnvs) : [],
      serverCertSANs: strList(l.serverCertSANs),
      peerCertSANs: strList(l.peerCertSANs),
    };
    if (strOf(l.imageRepository)) etcd.local.imageRepository = strOf(l.imageRepository);
    if (strOf(l.imageTag)) etcd.local.imageTag = strOf(l.imageTag);
  }
  if (etcdIn.external !== undefined) {
    const x = obj(etcdIn.external);
    const endpoints = strList(x.endpoints);
    const httpEndpoints = b4 ? strList(x.httpEndpoints) : endpoints;
    etcd.external = {
      endpoints,
      httpEndpoints: httpEndpoints.length === 0 && endpoints.length > 0 ? [...endpoints] : [...httpEndpoints],
      caFile: strOf(x.caFile),
      certFile: strOf(x.certFile),
      keyFile: strOf(x.keyFile),
    };
  }
  const net = obj(ext.networking);
  const api = obj(ext.apiServer);
  const dnsIn = obj(ext.dns);
  const apiServer = { ...component(api, version), certSANs: strList(api.certSANs) };
  const cfg: ClusterConfiguration = {
    etcd,
    networking: {
      serviceSubnet: strOf(net.serviceSubnet) || DEFAULT_SERVICE_SUBNET,
      podSubnet: strOf(net.podSubnet),
      dnsDomain: strOf(net.dnsDomain) || DEFAULT_DNS_DOMAIN,
    },
    kubernetesVersion: strOf(ext.kubernetesVersion) || DEFAULT_KUBERNETES_VERSION_LABEL,
    ciKubernetesVersion: "",
    controlPlaneEndpoint: strOf(ext.controlPlaneEndpoint),
    apiServer,
    controllerManager: component(ext.controllerManager, version),
    scheduler: component(ext.scheduler, version),
    dns: { disabled: b4 ? boolOf(dnsIn.disabled) : false },
    proxy: { disabled: b4 ? boolOf(obj(ext.proxy).disabled) : false },
    certificatesDir: strOf(ext.certificatesDir) || DEFAULT_CERTIFICATES_DIR,
    imageRepository: strOf(ext.imageRepository) || DEFAULT_IMAGE_REPOSITORY,
    ciImageRepository: "",
    featureGates: { ...(obj(ext.featureGates) as Record<string, boolean>) },
    clusterName: strOf(ext.clusterName) || DEFAULT_CLUSTER_NAME,
    encryptionAlgorithm: (b4 ? strOf(ext.encryptionAlgorithm) || "RSA-2048" : "RSA-2048") as EncryptionAlgorithm,
    certificateValidityPeriod: b4 ? durOr(ext.certificateValidityPeriod, CERTIFICATE_VALIDITY_MS) : CERTIFICATE_VALIDITY_MS,
    caCertificateValidityPeriod: b4
      ? durOr(ext.caCertificateValidityPeriod, CA_CERTIFICATE_VALIDITY_MS)
      : CA_CERTIFICATE_VALIDITY_MS,
    componentConfigs: {},
  };
  if (strOf(dnsIn.imageRepository)) cfg.dns.imageRepository = strOf(dnsIn.imageRepository);
  if (strOf(dnsIn.imageTag)) cfg.dns.imageTag = strOf(dnsIn.imageTag);
  if (b4) {
    apiServerTimeoutForControlPlane.set(cfg, 0);
  } else {
    const t = durOr(api.timeoutForControlPlane, CONTROL_PLANE_COMPONENT_HEALTH_CHECK_TIMEOUT_MS);
    apiServerTimeoutForControlPlane.set(cfg, t);
    if (typeof api.timeoutForControlPlane === "number" && api.timeoutForControlPlane !== 0) {
      ctx.timeoutControlPlane = api.timeoutForControlPlane;
    }
  }
  return cfg;
}

/** A defaulted empty ClusterConfiguration (v1beta4). */
export function defaultClusterConfiguration(ctx: ConversionContext = {}): ClusterConfiguration {
  return convertClusterConfiguration({}, "v1beta4", ctx);
}

/** Decoded InitConfiguration (either version) → internal; `cluster` is attached by the caller. */
export function convertInitConfiguration(
  ext: Obj,
  version: ApiVersion,
  cluster: ClusterConfiguration,
): InitConfiguration {
  const b4 = version !== "v1beta3";
  const cfg: InitConfiguration = {
    clusterConfiguration: cluster,
    bootstrapTokens: bootstrapTokens(ext.bootstrapTokens),
    dryRun: b4 ? boolOf(ext.dryRun) : false,
    nodeRegistration: nodeRegistration(ext.nodeRegistration, version),
    localAPIEndpoint: apiEndpoint(ext.localAPIEndpoint),
    certificateKey: strOf(ext.certificateKey),
    skipPhases: strList(ext.skipPhases),
    timeouts: b4 ? timeoutsFrom(ext.timeouts) : defaultTimeouts(),
  };
  const p = patches(ext.patches);
  if (p) cfg.patches = p;
  return cfg;
}

function discovery(v: unknown, version: ApiVersion): Discovery {
  const o = obj(v);
  const out: Discovery = { tlsBootstrapToken: strOf(o.tlsBootstrapToken) };
  if (o.bootstrapToken !== undefined) {
    const b = obj(o.bootstrapToken);
    out.bootstrapToken = {
      token: strOf(b.token),
      apiServerEndpoint: strOf(b.apiServerEndpoint),
      caCertHashes: strList(b.caCertHashes),
      unsafeSkipCAVerification: boolOf(b.unsafeSkipCAVerification),
    };
    if (!out.tlsBootstrapToken) out.tlsBootstrapToken = out.bootstrapToken.token;
  }
  if (o.file !== undefined) {
    let path = strOf(obj(o.file).kubeConfigPath);
    if (path.startsWith("file:")) {
      try {
        path = decodeURIComponent(new URL(path).pathname);
      } catch {
        /* keep as given */
      }
    }
    out.file = { kubeConfigPath: path };
  }
  void version;
  return out;
}

/** Decoded JoinConfiguration (either version) → internal, static defaults applied. */
export function convertJoinConfiguration(ext: Obj, version: ApiVersion): JoinConfiguration {
  const b4 = version !== "v1beta3";
  const timeouts = b4 ? timeoutsFrom(ext.timeouts) : defaultTimeouts();
  const disc = obj(ext.discovery);
  if (!b4) timeouts.discovery = durOr(disc.timeout, DISCOVERY_TIMEOUT_MS);
  const cfg: JoinConfiguration = {
    dryRun: b4 ? boolOf(ext.dryRun) : false,
    nodeRegistration: nodeRegistration(ext.nodeRegistration, version),
    caCertPath: strOf(ext.caCertPath) || DEFAULT_CA_CERT_PATH,
    discovery: discovery(ext.discovery, version),
    skipPhases: strList(ext.skipPhases),
    timeouts,
  };
  if (ext.controlPlane !== undefined) {
    const cp = obj(ext.controlPlane);
    cfg.controlPlane = { localAPIEndpoint: apiEndpoint(cp.localAPIEndpoint), certificateKey: strOf(cp.certificateKey) };
  }
  const p = patches(ext.patches);
  if (p) cfg.patches = p;
  discoveryTimeout.set(cfg, timeouts.discovery);
  return cfg;
}

export function convertResetConfiguration(ext: Obj): ResetConfiguration {
  return {
    cleanupTmpDir: boolOf(ext.cleanupTmpDir),
    certificatesDir: strOf(ext.certificatesDir) || DEFAULT_CERTIFICATES_DIR,
    criSocket: strOf(ext.criSocket),
    dryRun: boolOf(ext.dryRun),
    force: boolOf(ext.force),
    ignorePreflightErrors: strList(ext.ignorePreflightErrors),
    skipPhases: strList(ext.skipPhases),
    unmountFlags: strList(ext.unmountFlags),
    timeouts: timeoutsFrom(ext.timeouts),
  };
}

function setOpt<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value as T[K];
}

type BoolKeys<T> = { [K in keyof T]-?: T[K] extends boolean | undefined ? K : never }[keyof T];

/** Sets each listed *bool field that `src` holds as a boolean; leaves the others unset. */
function setOptBools<T extends object>(target: T, src: Obj, keys: readonly (BoolKeys<T> & string)[]): void {
  for (const k of keys) setOpt(target, k, optBool(src[k]) as T[typeof k] | undefined);
}

/** The fields `apply` and `node` share, with their defaults (imagePullPolicy IfNotPresent; certificateRenewal, etcdUpgrade, imagePullSerial true). */
function upgradeNodeFields(x: Obj): UpgradeNodeConfiguration {
  return {
    ignorePreflightErrors: strList(x.ignorePreflightErrors),
    skipPhases: strList(x.skipPhases),
    imagePullPolicy: (strOf(x.imagePullPolicy) || "IfNotPresent") as PullPolicy,
    certificateRenewal: optBool(x.certificateRenewal) ?? true,
    etcdUpgrade: optBool(x.etcdUpgrade) ?? true,
    imagePullSerial: optBool(x.imagePullSerial) ?? true,
  };
}

export function convertUpgradeConfiguration(ext: Obj): UpgradeConfiguration {
  const a = obj(ext.apply);
  const d = obj(ext.diff);
  const n = obj(ext.node);
  const p = obj(ext.plan);
  const cfg: UpgradeConfiguration = {
    apply: { kubernetesVersion: strOf(a.kubernetesVersion), ...upgradeNodeFields(a) },
    diff: { kubernetesVersion: strOf(d.kubernetesVersion), contextLines: typeof d.contextLines === "number" ? d.contextLines : 0 },
    node: upgradeNodeFields(n),
    plan: {
      kubernetesVersion: strOf(p.kubernetesVersion),
      ignorePreflightErrors: strList(p.ignorePreflightErrors),
      etcdUpgrade: optBool(p.etcdUpgrade) ?? true,
    },
    timeouts: timeoutsFrom(ext.timeouts),
  };
  setOptBools(cfg.apply, a, ["allowExperimentalUpgrades", "allowRCUpgrades", "dryRun", "forceUpgrade", "printConfig"]);
  setOpt(cfg.apply, "patches", patches(a.patches));
  setOptBools(cfg.node, n, ["dryRun"]);
  setOpt(cfg.node, "patches", patches(n.patches));
  setOptBools(cfg.plan, p, ["allowExperimentalUpgrades", "allowRCUpgrades", "dryRun", "printConfig"]);
  return cfg;
}
