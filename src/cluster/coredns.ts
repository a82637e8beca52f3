/**
 * The CoreDNS addon: ConfigMap (Corefile), ClusterRole/Binding, ServiceAccount,
 * Deployment and the kube-dns Service, as upstream's `--print-manifest` text
 * and as the objects sent to the API (shaped as upstream's Go structs encode
 * them, e.g. `status: {}` on the Deployment).
 */
import type { ConfigMap, Service, ServiceAccount } from "kubernetes-types/core/v1.js";
import type { Deployment } from "kubernetes-types/apps/v1.js";
import type { ClusterRole, ClusterRoleBinding } from "kubernetes-types/rbac/v1.js";
import {
  COREDNS_CLUSTER_ROLE,
  COREDNS_CONFIGMAP,
  COREDNS_CONFIGMAP_KEY,
  COREDNS_DEPLOYMENT,
  COREDNS_SERVICE_ACCOUNT,
  COREDNS_VERSION,
  KUBE_DNS_LABEL_SELECTOR,
  KUBE_DNS_SERVICE,
  LABEL_NODE_ROLE_CONTROL_PLANE,
  NS_KUBE_SYSTEM,
} from "../constants.js";
import { createOrRetain, createOrUpdate, isAlreadyExists, isInvalid, isNotFound, type KubeClient } from "../client/index.js";
import { dnsImage } from "../config/images.js";
import { toKubernetesYaml } from "../config/yaml.js";
import type { ClusterConfiguration } from "../config/types.js";
import { KubeadmError, wrapError } from "../util/errors.js";
import { deprecated, isDefaultCorefile, migrate } from "../upgrade/corefile-migration.js";
import { deployedDNSAddon } from "../upgrade/versions.js";
import { dnsIP, formatIP } from "../util/net.js";
import { clusterRole, clusterRoleBinding, configMap, serviceAccount, serviceAccountSubject } from "./objects.js";
import type { LineWriter } from "./output.js";

/** Replicas for a fresh install. */
export const COREDNS_REPLICAS = 2;

export interface CoreDNSTemplateParams {
  image: string;
  replicas: number;
  dnsDomain: string;
  /** The Service's clusterIP: the 10th address of the first service CIDR. */
  dnsIP: string;
}

/** Template parameters from the cluster configuration. */
export function coreDNSParams(cfg: ClusterConfiguration, replicas = COREDNS_REPLICAS): CoreDNSTemplateParams {
  return { image: dnsImage(cfg), replicas, dnsDomain: cfg.networking.dnsDomain, dnsIP: formatIP(dnsIP(cfg.networking.serviceSubnet)) };
}

// Manifest texts: upstream prints them verbatim with --print-manifest.
const deploymentTemplate = (p: CoreDNSTemplateParams): string =>
  `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels:
    k8s-app: kube-dns
spec:
  replicas: ${p.replicas}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  selector:
    matchLabels:
      k8s-app: kube-dns
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      priorityClassName: system-cluster-critical
      serviceAccountName: coredns
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              labelSelector:
                matchExpressions:
                - key: k8s-app
                  operator: In
                  values: ["kube-dns"]
              topologyKey: kubernetes.io/hostname
      tolerations:
      - key: CriticalAddonsOnly
        operator: Exists
      - key: node-role.kubernetes.io/control-plane
        effect: NoSchedule
      nodeSelector:
        kubernetes.io/os: linux
      containers:
      - name: coredns
        image: ${p.image}
        imagePullPolicy: IfNotPresent
        resources:
          limits:
            memory: 170Mi
          requests:
            cpu: 100m
            memory: 70Mi
        args: [ "-conf", "/etc/coredns/Corefile" ]
        volumeMounts:
        - name: config-volume
          mountPath: /etc/coredns
          readOnly: true
        ports:
        - containerPort: 53
          name: dns
          protocol: UDP
        - containerPort: 53
          name: dns-tcp
          protocol: TCP
        - containerPort: 9153
          name: metrics
          protocol: TCP
        - containerPort: 8080
          name: liveness-probe
          protocol: TCP
        - containerPort: 8181
          name: readiness-probe
          protocol: TCP
        livenessProbe:
          httpGet:
            path: /health
            port: liveness-probe
            scheme: HTTP
          initialDelaySeconds: 60
          timeoutSeconds: 5
          successThreshold: 1
          failureThreshold: 5
        readinessProbe:
          httpGet:
            path: /ready
            port: readiness-probe
            scheme: HTTP
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            add:
            - NET_BIND_SERVICE
            drop:
            - ALL
          readOnlyRootFilesystem: true
      dnsPolicy: Default
      volumes:
        - name: config-volume
          configMap:
            name: coredns
            items:
            - key: Corefile
              path: Corefile
`;

const configMapTemplate = (p: CoreDNSTemplateParams): string =>
  `
apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: kube-system
data:
  Corefile: |
${corefile(p.dnsDomain).replace(/^(?=.)/gm, "    ")}`;

const serviceTemplate = (p: CoreDNSTemplateParams): string =>
  `
apiVersion: v1
kind: Service
metadata:
  labels:
    k8s-app: kube-dns
    kubernetes.io/cluster-service: "true"
    kubernetes.io/name: "CoreDNS"
  name: kube-dns
  namespace: kube-system
  annotations:
    prometheus.io/port: "9153"
    prometheus.io/scrape: "true"
  # Without this resourceVersion value, an update of the Service between versions will yield:
  #   Service "kube-dns" is invalid: metadata.resourceVersion: Invalid value: "": must be specified for an update
  resourceVersion: "0"
spec:
  clusterIP: ${p.dnsIP}
  ports:
  - name: dns
    port: 53
    protocol: UDP
    targetPort: 53
  - name: dns-tcp
    port: 53
    protocol: TCP
    targetPort: 53
  - name: metrics
    port: 9153
    protocol: TCP
    targetPort: 9153
  selector:
    k8s-app: kube-dns
`;

const CLUSTER_ROLE_TEXT = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:coredns
rules:
- apiGroups:
  - ""
  resources:
  - endpoints
  - services
  - pods
  - namespaces
  verbs:
  - list
  - watch
- apiGroups:
  - discovery.k8s.io
  resources:
  - endpointslices
  verbs:
  - list
  - watch
`;

const CLUSTER_ROLE_BINDING_TEXT = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: system:coredns
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:coredns
subjects:
- kind: ServiceAccount
  name: coredns
  namespace: kube-system
`;

const SERVICE_ACCOUNT_TEXT = `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: coredns
  namespace: kube-system
`;

/** The Corefile for a DNS domain. */
export function corefile(dnsDomain: string): string {
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${dnsDomain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success ${dnsDomain}
       disable denial ${dnsDomain}
    }
    loop
    reload
    loadbalance
}
`;
}

const KUBE_DNS_LABELS = { "k8s-app": "kube-dns" };

export function buildCoreDNSConfigMap(p: CoreDNSTemplateParams): ConfigMap {
  return configMap(NS_KUBE_SYSTEM, COREDNS_CONFIGMAP, { [COREDNS_CONFIGMAP_KEY]: corefile(p.dnsDomain) });
}

export function buildCoreDNSClusterRole(): ClusterRole {
  return clusterRole(COREDNS_CLUSTER_ROLE, [
    { apiGroups: [""], resources: ["endpoints", "services", "pods", "namespaces"], verbs: ["list", "watch"] },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
  ]);
}

export function buildCoreDNSClusterRoleBinding(): ClusterRoleBinding {
  return clusterRoleBinding(COREDNS_CLUSTER_ROLE, COREDNS_CLUSTER_ROLE, [serviceAccountSubject(COREDNS_SERVICE_ACCOUNT, NS_KUBE_SYSTEM)]);
}

export function buildCoreDNSServiceAccount(): ServiceAccount {
  return serviceAccount(NS_KUBE_SYSTEM, COREDNS_SERVICE_ACCOUNT);
}

export function buildCoreDNSDeployment(p: CoreDNSTemplateParams): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: COREDNS_DEPLOYMENT, namespace: NS_KUBE_SYSTEM, labels: { ...KUBE_DNS_LABELS } },
    spec: {
      replicas: p.replicas,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
      selector: { matchLabels: { ...KUBE_DNS_LABELS } },
      template: {
        metadata: { labels: { ...KUBE_DNS_LABELS } },
        spec: {
          priorityClassName: "system-cluster-critical",
          serviceAccountName: COREDNS_SERVICE_ACCOUNT,
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }] },
                    topologyKey: "kubernetes.io/hostname",
                  },
                },
              ],
            },
          },
          tolerations: [
            { key: "CriticalAddonsOnly", operator: "Exists" },
            { key: LABEL_NODE_ROLE_CONTROL_PLANE, effect: "NoSchedule" },
          ],
          nodeSelector: { "kubernetes.io/os": "linux" },
          containers: [
            {
              name: "coredns",
              image: p.image,
              imagePullPolicy: "IfNotPresent",
              resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
              args: ["-conf", "/etc/coredns/Corefile"],
              volumeMounts: [{ name: "config-volume", mountPath: "/etc/coredns", readOnly: true }],
              ports: [
                { containerPort: 53, name: "dns", protocol: "UDP" },
                { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
                { containerPort: 9153, name: "metrics", protocol: "TCP" },
                { containerPort: 8080, name: "liveness-probe", protocol: "TCP" },
                { containerPort: 8181, name: "readiness-probe", protocol: "TCP" },
              ],
              livenessProbe: {
                httpGet: { path: "/health", port: "liveness-probe", scheme: "HTTP" },
                initialDelaySeconds: 60,
                timeoutSeconds: 5,
                successThreshold: 1,
                failureThreshold: 5,
              },
              readinessProbe: { httpGet: { path: "/ready", port: "readiness-probe", scheme: "HTTP" } },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] },
                readOnlyRootFilesystem: true,
              },
            },
          ],
          dnsPolicy: "Default",
          volumes: [{ name: "config-volume", configMap: { name: COREDNS_CONFIGMAP, items: [{ key: COREDNS_CONFIGMAP_KEY, path: "Corefile" }] } }],
        },
      },
    },
    status: {},
  };
}

export function buildKubeDNSService(p: CoreDNSTemplateParams): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      labels: { ...KUBE_DNS_LABELS, "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" },
      name: KUBE_DNS_SERVICE,
      namespace: NS_KUBE_SYSTEM,
      annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
      resourceVersion: "0",
    },
    spec: {
      clusterIP: p.dnsIP,
      ports: [
        { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
        { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
        { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
      ],
      selector: { ...KUBE_DNS_LABELS },
    },
    status: { loadBalancer: {} },
  };
}

export interface CoreDNSObjects {
  configMap: ConfigMap;
  clusterRole: ClusterRole;
  clusterRoleBinding: ClusterRoleBinding;
  serviceAccount: ServiceAccount;
  deployment: Deployment;
  service: Service;
}

/**
 * A Deployment patcher (the `corednsdeployment` target of --patches): receives the
 * Deployment's manifest text and returns the patched text (upstream re-marshals the
 * result) and the patched object, or null when no patch applies.
 */
export type CoreDNSDeploymentPatcher = (deployment: Deployment) => Deployment | null;

/** Every CoreDNS object, in upstream's order of writes; the Deployment after patches. */
export function buildCoreDNS(p: CoreDNSTemplateParams, patch?: CoreDNSDeploymentPatcher): CoreDNSObjects {
  let deployment = buildCoreDNSDeployment(p);
  if (patch) {
    const patched = patch(deployment);
    if (patched) deployment = { ...patched, status: patched.status ?? {} };
  }
  return {
    configMap: buildCoreDNSConfigMap(p),
    clusterRole: buildCoreDNSClusterRole(),
    clusterRoleBinding: buildCoreDNSClusterRoleBinding(),
    serviceAccount: buildCoreDNSServiceAccount(),
    deployment,
    service: buildKubeDNSService(p),
  };
}

/**
 * The Deployment text `--print-manifest` prints with a patches directory: the template parsed,
 * patched and re-marshalled (sigs.k8s.io/yaml.JSONToYAML: sorted keys, no status, no leading newline).
 */
export async function patchedCoreDNSDeploymentText(p: CoreDNSTemplateParams, patch: (d: unknown) => unknown): Promise<string> {
  const { parseYamlDocument } = await import("../config/yaml.js");
  const parsed = await parseYamlDocument(deploymentTemplate(p));
  return toKubernetesYaml(patch(parsed.value));
}

/**
 * What `kubeadm init phase addon coredns --print-manifest` prints; `patchedDeployment` is the
 * Deployment's text with a patches directory (patchedCoreDNSDeploymentText).
 */
export function coreDNSManifestText(p: CoreDNSTemplateParams, patchedDeployment?: string): string {
  const dep = patchedDeployment ?? deploymentTemplate(p);
  return ["", dep, configMapTemplate(p), serviceTemplate(p), CLUSTER_ROLE_TEXT, CLUSTER_ROLE_BINDING_TEXT, SERVICE_ACCOUNT_TEXT].join("---");
}

export const APPLIED_COREDNS_LINE = "[addons] Applied essential addon: CoreDNS\n";

/** Replica count to deploy: keep an existing single DNS Deployment's, else the default. */
export async function deployedDNSReplicas(client: KubeClient, fallback = COREDNS_REPLICAS): Promise<number> {
  let list;
  try {
    list = await client.list("deployments", { namespace: NS_KUBE_SYSTEM, labelSelector: KUBE_DNS_LABEL_SELECTOR });
  } catch (err) {
    throw wrapError(err, "couldn't retrieve DNS addon deployments");
  }
  if (list.items.length === 0) return fallback;
  if (list.items.length === 1) return list.items[0]!.spec?.replicas ?? 1;
  throw new KubeadmError(`multiple DNS addon deployments found: ${list.items.map((d) => d.metadata?.name ?? "").join(", ")}`);
}

/** The running CoreDNS: its ConfigMap's Corefile ("" without the ConfigMap) and image tag ("" without a Deployment). */
export interface CoreDNSInfo {
  corefile: string;
  /** The tag of the single kube-dns Deployment's first container image, as kubeadm reads it (e.g. "v1.14.2"). */
  version: string;
}

/** GetCoreDNSInfo: no ConfigMap → nothing; a ConfigMap without a Corefile is an error. */
export async function coreDNSInfo(client: KubeClient): Promise<CoreDNSInfo> {
  let cm: ConfigMap;
  try {
    cm = await client.get("configmaps", COREDNS_CONFIGMAP, NS_KUBE_SYSTEM);
  } catch (err) {
    if (isNotFound(err)) return { corefile: "", version: "" };
    throw err;
  }
  const corefile = cm.data?.[COREDNS_CONFIGMAP_KEY];
  if (corefile === undefined) throw new KubeadmError("unable to find the CoreDNS Corefile data");
  return { corefile, version: await deployedDNSAddon(client) };
}

/** The CoreDNS version kubeadm deploys, as the migration names versions ("1.14.6"). */
export const TARGET_COREDNS_VERSION = COREDNS_VERSION.replace(/^v+/, "");

/**
 * Whether the Corefile must be migrated to the target CoreDNS: some plugin or option on the way
 * is removed, or a new default is missing. No running CoreDNS or the same version: no.
 */
export function coreDNSMigrationRequired(info: CoreDNSInfo): boolean {
  if (info.version === "") return false;
  const current = info.version.replace(/^v+/, "");
  if (current === TARGET_COREDNS_VERSION) return false;
  let notices;
  try {
    notices = deprecated(current, TARGET_COREDNS_VERSION, info.corefile);
  } catch (err) {
    throw wrapError(err, "unable to get list of changes to the configuration.");
  }
  return notices.some((n) => n.severity === "removed" || n.severity === "newdefault");
}

export const MIGRATING_COREFILE_LINE = "[addons] Migrating CoreDNS Corefile\n";
/** The ConfigMap key that keeps the Corefile from before a migration (the Deployment then mounts it). */
export const COREFILE_BACKUP_KEY = "Corefile-backup";

/**
 * Migrates the running Corefile (the version is passed as kubeadm reads it, tag and all), stores
 * it with the old one under Corefile-backup, and points the Deployment at the backup until the
 * new Deployment is applied.
 */
async function migrateCoreDNSCorefile(client: KubeClient, info: CoreDNSInfo, out: LineWriter): Promise<void> {
  let updated: string;
  try {
    updated = migrate(info.version, TARGET_COREDNS_VERSION, info.corefile, false);
  } catch (err) {
    throw wrapError(err, "unable to migrate CoreDNS ConfigMap");
  }
  try {
    await client.update(
      "configmaps",
      configMap(NS_KUBE_SYSTEM, COREDNS_CONFIGMAP, { [COREDNS_CONFIGMAP_KEY]: updated, [COREFILE_BACKUP_KEY]: info.corefile }),
    );
  } catch (err) {
    throw wrapError(err, "unable to update the CoreDNS ConfigMap");
  }
  await client.get("deployments", COREDNS_DEPLOYMENT, NS_KUBE_SYSTEM);
  const patch = { spec: { template: { spec: { volumes: [{ name: "config-volume", configMap: { name: COREDNS_CONFIGMAP, items: [{ key: COREFILE_BACKUP_KEY, path: "Corefile" }] } }] } } } };
  try {
    await client.patch("deployments", COREDNS_DEPLOYMENT, "strategic", patch, NS_KUBE_SYSTEM);
  } catch (err) {
    throw wrapError(err, "unable to patch the CoreDNS deployment");
  }
  out.write(MIGRATING_COREFILE_LINE);
}

/**
 * EnsureDNSAddon (init and upgrade): the running Deployment's replicas are kept. An absent, empty
 * or kubeadm-default Corefile is replaced; one that needs a migration to this CoreDNS is migrated
 * (a failed migration keeps it, and keeps the Deployment, with a warning); any other is kept.
 */
export async function ensureCoreDNS(
  client: KubeClient,
  cfg: ClusterConfiguration,
  out: LineWriter,
  patch?: CoreDNSDeploymentPatcher,
  warn: (msg: string) => void = () => undefined,
): Promise<void> {
  const replicas = await deployedDNSReplicas(client);
  const objs = buildCoreDNS(coreDNSParams(cfg, replicas), patch);
  let info: CoreDNSInfo;
  try {
    info = await coreDNSInfo(client);
  } catch (err) {
    throw wrapError(err, "unable to fetch CoreDNS current installed version and ConfigMap.");
  }
  const migrationRequired = coreDNSMigrationRequired(info);
  let canMigrate = true;
  if (info.corefile === "" || isDefaultCorefile(info.corefile)) {
    await createOrUpdate(client, "configmaps", objs.configMap);
  } else if (migrationRequired) {
    try {
      await migrateCoreDNSCorefile(client, info, out);
    } catch (err) {
      canMigrate = false;
      warn(`the CoreDNS Configuration was not migrated: ${err instanceof Error ? err.message : String(err)}. The existing CoreDNS Corefile configuration has been retained.`);
      await createOrRetain(client, "configmaps", objs.configMap, COREDNS_CONFIGMAP);
    }
  } else {
    await createOrRetain(client, "configmaps", objs.configMap, COREDNS_CONFIGMAP);
  }
  await createOrUpdate(client, "clusterroles", objs.clusterRole);
  await createOrUpdate(client, "clusterrolebindings", objs.clusterRoleBinding);
  await createOrUpdate(client, "serviceaccounts", objs.serviceAccount);
  if (canMigrate) await createOrUpdate(client, "deployments", objs.deployment);
  else await createOrRetain(client, "deployments", objs.deployment, COREDNS_DEPLOYMENT);
  await createDNSService(client, objs.service);
  out.write(APPLIED_COREDNS_LINE);
}

/** Plain CREATE; AlreadyExists or Invalid (IP already allocated) → UPDATE; no retries. */
export async function createDNSService(client: KubeClient, service: Service): Promise<void> {
  try {
    await client.create("services", service);
  } catch (err) {
    if (!isAlreadyExists(err) && !isInvalid(err)) throw wrapError(err, "unable to create a new DNS service");
    try {
      await client.update("services", service);
    } catch (uerr) {
      throw wrapError(uerr, "unable to create/update the DNS service");
    }
  }
}
