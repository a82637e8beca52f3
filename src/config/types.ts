/**
 * The internal, fully defaulted kubeadm configuration: what the loaders in
 * src/config/ hand to phases after decoding (v1beta4 or v1beta3), static and
 * dynamic defaulting and validation. Field names follow kubeadm.k8s.io/v1beta4.
 *
 * Conventions:
 * - Durations are numbers of MILLISECONDS (`Duration`). Go's text form
 *   (`24h0m0s`, `4m0s`) is produced by `formatDurationMs` in src/util/duration.ts
 *   and parsed by `parseDurationMs` there. Sub-millisecond values are kept as
 *   fractions (1µs = 0.001).
 * - Lists that kubeadm distinguishes as "unset" (nil) vs "empty" keep `null`
 *   for unset (only `nodeRegistration.taints` needs this).
 * - Optional booleans of UpgradeConfiguration stay `undefined` when the user
 *   did not set them: flag-override rules depend on it.
 */

/** Milliseconds. See src/util/duration.ts for Go-compatible text. */
export type Duration = number;

/** How an extra argument combines with kubeadm's own argument of the same name (kubeadm.k8s.io/v1 only). */
export type ArgMergeMethod = "append" | "prepend";

/** One extra command-line argument: rendered `--<name>=<value>`. Order kept, duplicates allowed. */
export interface Arg {
  name: string;
  value: string;
  /**
   * Experimental kubeadm.k8s.io/v1 only: merge into the base argument instead of replacing it
   * (unset: replace). Any other text is a validation error; v1beta4 has no such field.
   */
  mergeMethod?: ArgMergeMethod | string;
}

/** corev1.EnvVar (kubeadm's EnvVar inlines it). */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: EnvVarSource;
}

export interface EnvVarSource {
  fieldRef?: { apiVersion?: string; fieldPath: string };
  resourceFieldRef?: { containerName?: string; resource: string; divisor?: string | number };
  configMapKeyRef?: { name?: string; key: string; optional?: boolean };
  secretKeyRef?: { name?: string; key: string; optional?: boolean };
  fileKeyRef?: { volumeName: string; path: string; key: string; optional?: boolean };
}

/** corev1.Taint. `timeAdded` is an RFC3339 timestamp. */
export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/** corev1.HostPathType values ("" = no check). */
export type HostPathType =
  | ""
  | "DirectoryOrCreate"
  | "Directory"
  | "FileOrCreate"
  | "File"
  | "Socket"
  | "CharDevice"
  | "BlockDevice";

export interface HostPathMount {
  name: string;
  hostPath: string;
  mountPath: string;
  readOnly?: boolean;
  pathType?: HostPathType | string;
}

export type PullPolicy = "Always" | "IfNotPresent" | "Never";

export type EncryptionAlgorithm = "ECDSA-P256" | "ECDSA-P384" | "RSA-2048" | "RSA-3072" | "RSA-4096";

export interface ImageMeta {
  /** "" = use ClusterConfiguration.imageRepository. */
  imageRepository?: string;
  /** "" = kubeadm's default tag. A custom etcd tag makes upgrade leave etcd alone. */
  imageTag?: string;
}

export interface APIEndpoint {
  /** An IP address (dynamic default: the default-route interface's address). */
  advertiseAddress: string;
  bindPort: number;
}

export interface NodeRegistrationOptions {
  /** Lower-cased, trimmed; dynamic default: the host name. */
  name: string;
  /** URL with scheme, e.g. unix:///var/run/containerd/containerd.sock. */
  criSocket: string;
  /** null = unset (control-plane nodes get the control-plane taint); [] = no taints. */
  taints: Taint[] | null;
  kubeletExtraArgs: Arg[];
  /** Lower-cased, merged with --ignore-preflight-errors. */
  ignorePreflightErrors: string[];
  imagePullPolicy: PullPolicy;
  imagePullSerial: boolean;
}

export interface ControlPlaneComponent {
  extraArgs: Arg[];
  extraVolumes: HostPathMount[];
  extraEnvs: EnvVar[];
}

export interface APIServer extends ControlPlaneComponent {
  certSANs: string[];
}

export interface DNS extends ImageMeta {
  disabled: boolean;
}

export interface Proxy {
  disabled: boolean;
}

export interface Networking {
  /** One CIDR or two comma-separated CIDRs (dual-stack). */
  serviceSubnet: string;
  /** "" when unset. */
  podSubnet: string;
  dnsDomain: string;
}

export interface LocalEtcd extends ImageMeta {
  dataDir: string;
  extraArgs: Arg[];
  extraEnvs: EnvVar[];
  serverCertSANs: string[];
  peerCertSANs: string[];
}

export interface ExternalEtcd {
  endpoints: string[];
  httpEndpoints: string[];
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** Exactly one of local/external is set after validation. */
export interface Etcd {
  local?: LocalEtcd;
  external?: ExternalEtcd;
}

export interface Patches {
  directory: string;
}

/** All seven timeouts, milliseconds. */
export interface Timeouts {
  controlPlaneComponentHealthCheck: Duration;
  kubeletHealthCheck: Duration;
  kubernetesAPICall: Duration;
  etcdAPICall: Duration;
  tlsBootstrap: Duration;
  discovery: Duration;
  upgradeManifests: Duration;
}

/** A bootstrap token "<id>.<secret>". */
export interface BootstrapTokenString {
  id: string;
  secret: string;
}

export interface BootstrapToken {
  /** Absent only before dynamic defaulting (a random token is generated for init). */
  token?: BootstrapTokenString;
  description?: string;
  /** Milliseconds; mutually exclusive with `expires`. */
  ttl?: Duration;
  expires?: Date;
  usages: string[];
  groups: string[];
}

/** Component configs kubeadm manages, as plain decoded (and kubeadm-defaulted) objects. */
export interface ComponentConfigs {
  /** kubelet.config.k8s.io/v1beta1 KubeletConfiguration (apiVersion/kind included). */
  kubelet?: KubeletConfiguration;
  /** kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration (apiVersion/kind included). */
  kubeProxy?: KubeProxyConfiguration;
}

/** Open-ended: every upstream field may appear; listed fields are the ones kubeadm touches. */
export interface KubeletConfiguration {
  apiVersion: string;
  kind: "KubeletConfiguration";
  [field: string]: unknown;
}

export interface KubeProxyConfiguration {
  apiVersion: string;
  kind: "KubeProxyConfiguration";
  [field: string]: unknown;
}

export interface ClusterConfiguration {
  etcd: Etcd;
  networking: Networking;
  /** Resolved exact version with a leading "v", e.g. "v1.36.3". */
  kubernetesVersion: string;
  /** "ci/<version>" when the requested version had the ci/ prefix, else "". Internal only. */
  ciKubernetesVersion: string;
  /** "" or "host[:port]". */
  controlPlaneEndpoint: string;
  apiServer: APIServer;
  controllerManager: ControlPlaneComponent;
  scheduler: ControlPlaneComponent;
  dns: DNS;
  proxy: Proxy;
  certificatesDir: string;
  imageRepository: string;
  /** Repository for CI builds ("" unless kubernetesVersion came from ci/). Internal only. */
  ciImageRepository: string;
  featureGates: Record<string, boolean>;
  clusterName: string;
  encryptionAlgorithm: EncryptionAlgorithm;
  certificateValidityPeriod: Duration;
  caCertificateValidityPeriod: Duration;
  /** Internal only: never printed as part of ClusterConfiguration. */
  componentConfigs: ComponentConfigs;
}

export interface InitConfiguration {
  /** The cluster-wide part (upstream embeds it; here it is a named member). */
  clusterConfiguration: ClusterConfiguration;
  bootstrapTokens: BootstrapToken[];
  dryRun: boolean;
  nodeRegistration: NodeRegistrationOptions;
  localAPIEndpoint: APIEndpoint;
  /** Hex AES-256 key or "". */
  certificateKey: string;
  skipPhases: string[];
  patches?: Patches;
  timeouts: Timeouts;
}

export interface BootstrapTokenDiscovery {
  token: string;
  apiServerEndpoint: string;
  caCertHashes: string[];
  unsafeSkipCAVerification: boolean;
}

export interface FileDiscovery {
  kubeConfigPath: string;
}

export interface Discovery {
  bootstrapToken?: BootstrapTokenDiscovery;
  file?: FileDiscovery;
  tlsBootstrapToken: string;
}

export interface JoinControlPlane {
  localAPIEndpoint: APIEndpoint;
  certificateKey: string;
}

export interface JoinConfiguration {
  dryRun: boolean;
  nodeRegistration: NodeRegistrationOptions;
  caCertPath: string;
  discovery: Discovery;
  /** Absent for worker nodes. */
  controlPlane?: JoinControlPlane;
  skipPhases: string[];
  patches?: Patches;
  timeouts: Timeouts;
}

export type UnmountFlag = "MNT_FORCE" | "MNT_DETACH" | "MNT_EXPIRE" | "UMOUNT_NOFOLLOW";

export interface ResetConfiguration {
  cleanupTmpDir: boolean;
  certificatesDir: string;
  criSocket: string;
  dryRun: boolean;
  force: boolean;
  ignorePreflightErrors: string[];
  skipPhases: string[];
  unmountFlags: string[];
  timeouts: Timeouts;
}

export interface UpgradeApplyConfiguration {
  kubernetesVersion: string;
  allowExperimentalUpgrades?: boolean;
  allowRCUpgrades?: boolean;
  certificateRenewal?: boolean;
  dryRun?: boolean;
  etcdUpgrade?: boolean;
  forceUpgrade?: boolean;
  ignorePreflightErrors: string[];
  patches?: Patches;
  printConfig?: boolean;
  skipPhases: string[];
  imagePullPolicy: PullPolicy;
  imagePullSerial?: boolean;
}

export interface UpgradeDiffConfiguration {
  kubernetesVersion: string;
  contextLines: number;
}

export interface UpgradeNodeConfiguration {
  certificateRenewal?: boolean;
  dryRun?: boolean;
  etcdUpgrade?: boolean;
  ignorePreflightErrors: string[];
  skipPhases: string[];
  patches?: Patches;
  imagePullPolicy: PullPolicy;
  imagePullSerial?: boolean;
}

export interface UpgradePlanConfiguration {
  kubernetesVersion: string;
  allowExperimentalUpgrades?: boolean;
  allowRCUpgrades?: boolean;
  dryRun?: boolean;
  etcdUpgrade?: boolean;
  ignorePreflightErrors: string[];
  printConfig?: boolean;
}

export interface UpgradeConfiguration {
  apply: UpgradeApplyConfiguration;
  diff: UpgradeDiffConfiguration;
  node: UpgradeNodeConfiguration;
  plan: UpgradePlanConfiguration;
  timeouts: Timeouts;
}
