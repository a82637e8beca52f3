/**
 * Field schemas of the external kubeadm API kinds (v1beta4; the experimental v1, which is
 * v1beta4 plus extraArgs[].mergeMethod; v1beta3, read by `config migrate` only): which
 * JSON keys exist, their Go types (for upstream's type-error text) and their
 * Go struct names (upstream's json errors name the innermost struct).
 * Used by strict decoding (unknown fields) and typed decoding.
 */
import { lookupTable } from "../util/own-keys.js";

export type FieldType =
  | { t: "string"; go?: string }
  | { t: "bool" }
  | { t: "int"; go: "int" | "int32" | "int64" }
  | { t: "duration" }
  | { t: "time" }
  | { t: "token" }
  | { t: "list"; of: FieldType }
  | { t: "map"; of: FieldType }
  | { t: "struct"; name: string; fields: Record<string, FieldType> }
  | { t: "any" };

const str: FieldType = { t: "string" };
const bool: FieldType = { t: "bool" };
const int32: FieldType = { t: "int", go: "int32" };
const int: FieldType = { t: "int", go: "int" };
const int64: FieldType = { t: "int", go: "int64" };
const duration: FieldType = { t: "duration" };
const list = (of: FieldType): FieldType => ({ t: "list", of });
const strList = list(str);
const struct = (name: string, fields: Record<string, FieldType>): FieldType => ({ t: "struct", name, fields });

const TYPE_META = { apiVersion: str, kind: str };

/** A kubeadm API version kubeadm-ts decodes. */
export type ApiVersion = "v1beta3" | "v1beta4" | "v1";

const argOf = (v: ApiVersion): FieldType =>
  struct("Arg", { name: str, value: str, ...(v === "v1" ? { mergeMethod: { t: "string", go: "v1.ArgMergeMethod" } as FieldType } : {}) });
const objectFieldSelector = struct("ObjectFieldSelector", { apiVersion: str, fieldPath: str });
const resourceFieldSelector = struct("ResourceFieldSelector", { containerName: str, resource: str, divisor: { t: "any" } });
const keySelector = (name: string): FieldType => struct(name, { name: str, key: str, optional: bool });
const envVar = struct("EnvVar", {
  name: str,
  value: str,
  valueFrom: struct("EnvVarSource", {
    fieldRef: objectFieldSelector,
    resourceFieldRef: resourceFieldSelector,
    configMapKeyRef: keySelector("ConfigMapKeySelector"),
    secretKeyRef: keySelector("SecretKeySelector"),
    fileKeyRef: struct("FileKeySelector", { volumeName: str, path: str, key: str, optional: bool }),
  }),
});
const hostPathMount = struct("HostPathMount", {
  name: str,
  hostPath: str,
  mountPath: str,
  readOnly: bool,
  pathType: { t: "string", go: "v1.HostPathType" },
});
const taint = struct("Taint", { key: str, value: str, effect: { t: "string", go: "v1.TaintEffect" }, timeAdded: { t: "time" } });
const patches = struct("Patches", { directory: str });
const apiEndpoint = struct("APIEndpoint", { advertiseAddress: str, bindPort: int32 });
const timeouts = struct("Timeouts", {
  controlPlaneComponentHealthCheck: duration,
  kubeletHealthCheck: duration,
  kubernetesAPICall: duration,
  etcdAPICall: duration,
  tlsBootstrap: duration,
  discovery: duration,
  upgradeManifests: duration,
});
const bootstrapToken = struct("BootstrapToken", {
  token: { t: "token" },
  description: str,
  ttl: duration,
  expires: { t: "time" },
  usages: strList,
  groups: strList,
});

function nodeRegistration(v: ApiVersion): FieldType {
  const b4 = v !== "v1beta3";
  return struct("NodeRegistrationOptions", {
    name: str,
    criSocket: str,
    taints: list(taint),
    kubeletExtraArgs: b4 ? list(argOf(v)) : { t: "map", of: str },
    ignorePreflightErrors: strList,
    imagePullPolicy: { t: "string", go: "v1.PullPolicy" },
    ...(b4 ? { imagePullSerial: bool } : {}),
  });
}

function clusterConfiguration(v: ApiVersion): FieldType {
  const b4 = v !== "v1beta3";
  const extraArgs: FieldType = b4 ? list(argOf(v)) : { t: "map", of: str };
  const component = (name: string, extra: Record<string, FieldType> = {}): FieldType =>
    struct(name, { extraArgs, extraVolumes: list(hostPathMount), ...(b4 ? { extraEnvs: list(envVar) } : {}), ...extra });
  return struct("ClusterConfiguration", {
    ...TYPE_META,
    etcd: struct("Etcd", {
      local: struct("LocalEtcd", {
        imageRepository: str,
        imageTag: str,
        dataDir: str,
        extraArgs,
        ...(b4 ? { extraEnvs: list(envVar) } : {}),
        serverCertSANs: strList,
        peerCertSANs: strList,
      }),
      external: struct("ExternalEtcd", {
        endpoints: strList,
        ...(b4 ? { httpEndpoints: strList } : {}),
        caFile: str,
        certFile: str,
        keyFile: str,
      }),
    }),
    networking: struct("Networking", { serviceSubnet: str, podSubnet: str, dnsDomain: str }),
    kubernetesVersion: str,
    controlPlaneEndpoint: str,
    apiServer: component("APIServer", { certSANs: strList, ...(b4 ? {} : { timeoutForControlPlane: duration }) }),
    controllerManager: component("ControlPlaneComponent"),
    scheduler: component("ControlPlaneComponent"),
    dns: struct("DNS", { imageRepository: str, imageTag: str, ...(b4 ? { disabled: bool } : {}) }),
    ...(b4 ? { proxy: struct("Proxy", { disabled: bool }) } : {}),
    certificatesDir: str,
    imageRepository: str,
    featureGates: { t: "map", of: bool },
    clusterName: str,
    ...(b4
      ? {
          encryptionAlgorithm: { t: "string", go: `${v}.EncryptionAlgorithmType` } as FieldType,
          certificateValidityPeriod: duration,
          caCertificateValidityPeriod: duration,
        }
      : {}),
  });
}

function initConfiguration(v: ApiVersion): FieldType {
  const b4 = v !== "v1beta3";
  return struct("InitConfiguration", {
    ...TYPE_META,
    bootstrapTokens: list(bootstrapToken),
    ...(b4 ? { dryRun: bool } : {}),
    nodeRegistration: nodeRegistration(v),
    localAPIEndpoint: apiEndpoint,
    certificateKey: str,
    skipPhases: strList,
    patches,
    ...(b4 ? { timeouts } : {}),
  });
}

function joinConfiguration(v: ApiVersion): FieldType {
  const b4 = v !== "v1beta3";
  return struct("JoinConfiguration", {
    ...TYPE_META,
    ...(b4 ? { dryRun: bool } : {}),
    nodeRegistration: nodeRegistration(v),
    caCertPath: str,
    discovery: struct("Discovery", {
      bootstrapToken: struct("BootstrapTokenDiscovery", {
        token: str,
        apiServerEndpoint: str,
        caCertHashes: strList,
        unsafeSkipCAVerification: bool,
      }),
      file: struct("FileDiscovery", { kubeConfigPath: str }),
      tlsBootstrapToken: str,
      ...(b4 ? {} : { timeout: duration }),
    }),
    controlPlane: struct("JoinControlPlane", { localAPIEndpoint: apiEndpoint, certificateKey: str }),
    skipPhases: strList,
    patches,
    ...(b4 ? { timeouts } : {}),
  });
}

const resetConfiguration = struct("ResetConfiguration", {
  ...TYPE_META,
  cleanupTmpDir: bool,
  certificatesDir: str,
  criSocket: str,
  dryRun: bool,
  force: bool,
  ignorePreflightErrors: strList,
  skipPhases: strList,
  unmountFlags: strList,
  timeouts,
});

const upgradeConfiguration = struct("UpgradeConfiguration", {
  ...TYPE_META,
  apply: struct("UpgradeApplyConfiguration", {
    kubernetesVersion: str,
    allowExperimentalUpgrades: bool,
    allowRCUpgrades: bool,
    certificateRenewal: bool,
    dryRun: bool,
    etcdUpgrade: bool,
    forceUpgrade: bool,
    ignorePreflightErrors: strList,
    patches,
    printConfig: bool,
    skipPhases: strList,
    imagePullPolicy: { t: "string", go: "v1.PullPolicy" },
    imagePullSerial: bool,
  }),
  diff: struct("UpgradeDiffConfiguration", { kubernetesVersion: str, contextLines: int }),
  node: struct("UpgradeNodeConfiguration", {
    certificateRenewal: bool,
    dryRun: bool,
    etcdUpgrade: bool,
    ignorePreflightErrors: strList,
    skipPhases: strList,
    patches,
    imagePullPolicy: { t: "string", go: "v1.PullPolicy" },
    imagePullSerial: bool,
  }),
  plan: struct("UpgradePlanConfiguration", {
    kubernetesVersion: str,
    allowExperimentalUpgrades: bool,
    allowRCUpgrades: bool,
    dryRun: bool,
    etcdUpgrade: bool,
    ignorePreflightErrors: strList,
    printConfig: bool,
  }),
  timeouts,
});

export type KubeadmKind =
  | "InitConfiguration"
  | "ClusterConfiguration"
  | "JoinConfiguration"
  | "ResetConfiguration"
  | "UpgradeConfiguration";

/** The kubeadm scheme: version → kind → schema. */
// lookupTable: indexed by the document's version and kind ("constructor" is no kind)
export const KUBEADM_SCHEMAS: Readonly<Record<string, Partial<Record<KubeadmKind, FieldType>>>> = lookupTable({
  v1beta4: lookupTable<FieldType>({
    InitConfiguration: initConfiguration("v1beta4"),
    ClusterConfiguration: clusterConfiguration("v1beta4"),
    JoinConfiguration: joinConfiguration("v1beta4"),
    ResetConfiguration: resetConfiguration,
    UpgradeConfiguration: upgradeConfiguration,
  }),
  v1: lookupTable<FieldType>({
    InitConfiguration: initConfiguration("v1"),
    ClusterConfiguration: clusterConfiguration("v1"),
    JoinConfiguration: joinConfiguration("v1"),
    ResetConfiguration: resetConfiguration,
    UpgradeConfiguration: upgradeConfiguration,
  }),
  v1beta3: lookupTable<FieldType>({
    InitConfiguration: initConfiguration("v1beta3"),
    ClusterConfiguration: clusterConfiguration("v1beta3"),
    JoinConfiguration: joinConfiguration("v1beta3"),
  }),
});

export { int64 as INT64_TYPE };
