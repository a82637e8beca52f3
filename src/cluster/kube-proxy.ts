/**
 * The kube-proxy addon: ConfigMap (config.conf + kubeconfig.conf), DaemonSet,
 * ServiceAccount, ClusterRoleBinding, Role/RoleBinding — as upstream's
 * `--print-manifest` text and as the objects sent to the API.
 */
import type { ConfigMap, EnvVar, ServiceAccount } from "kubernetes-types/core/v1.js";
import type { DaemonSet } from "kubernetes-types/apps/v1.js";
import type { ClusterRoleBinding, Role, RoleBinding } from "kubernetes-types/rbac/v1.js";
import {
  KUBE_PROXY,
  KUBE_PROXY_CLUSTER_ROLE,
  KUBE_PROXY_CLUSTER_ROLE_BINDING,
  KUBE_PROXY_CONFIGMAP,
  KUBE_PROXY_CONFIGMAP_KEY,
  KUBE_PROXY_CONFIGMAP_ROLE,
  KUBE_PROXY_KUBECONFIG_KEY,
  KUBE_PROXY_SERVICE_ACCOUNT,
  NODE_BOOTSTRAP_TOKEN_AUTH_GROUP,
  NS_KUBE_SYSTEM,
} from "../constants.js";
import { createOrUpdate, type KubeClient } from "../client/index.js";
import { componentConfigForPrint, userSuppliedComponentConfigs } from "../config/componentconfigs.js";
import { kubernetesImage } from "../config/images.js";
import type { APIEndpoint, ClusterConfiguration } from "../config/types.js";
import { toKubernetesYaml } from "../config/yaml.js";
import { kubeProxyKubeconfig } from "../kubeconfig/kube-proxy.js";
import { KubeadmError, wrapError } from "../util/errors.js";
import { signConfigMap } from "./component-config-hash.js";
import { controlPlaneEndpointURL } from "./endpoint.js";
import { clusterRoleBinding, getObjectRole, groupSubject, roleBinding, serviceAccount, serviceAccountSubject } from "./objects.js";
import type { LineWriter } from "./output.js";

export interface KubeProxyTemplateParams {
  /** "https://host:port" */
  controlPlaneEndpoint: string;
  /** The KubeProxyConfiguration YAML, every line prefixed with four spaces. */
  indentedProxyConfig: string;
  image: string;
}

/** PrintBytesWithLinePrefix: each line (split on "\n", a trailing newline ends the last) gets the prefix. */
export function prefixLines(text: string, prefix: string): string {
  const lines = text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.map((l) => `${prefix}${l}\n`).join("");
}

// Manifest texts: upstream prints them verbatim with --print-manifest.
const configMapTemplate = (p: KubeProxyTemplateParams): string =>
  `
kind: ConfigMap
apiVersion: v1
metadata:
  name: kube-proxy
  namespace: kube-system
  labels:
    app: kube-proxy
data:
  kubeconfig.conf: |-
    apiVersion: v1
    kind: Config
    clusters:
    - cluster:
        certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
        server: ${p.controlPlaneEndpoint}
      name: default
    contexts:
    - context:
        cluster: default
        namespace: default
        user: default
      name: default
    current-context: default
    users:
    - name: default
      user:
        tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
  config.conf: |-
` + p.indentedProxyConfig + "\n";

const daemonSetTemplate = (p: KubeProxyTemplateParams): string =>
  `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  labels:
    k8s-app: kube-proxy
  name: kube-proxy
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: kube-proxy
  updateStrategy:
    type: RollingUpdate
  template:
    metadata:
      labels:
        k8s-app: kube-proxy
    spec:
      priorityClassName: system-node-critical
      containers:
      - name: kube-proxy
        image: ${p.image}
        imagePullPolicy: IfNotPresent
        command:
        - /usr/local/bin/kube-proxy
        - --config=/var/lib/kube-proxy/config.conf
        - --hostname-override=$(NODE_NAME)
        securityContext:
          privileged: true
        volumeMounts:
        - mountPath: /var/lib/kube-proxy
          name: kube-proxy
        - mountPath: /run/xtables.lock
          name: xtables-lock
          readOnly: false
        - mountPath: /lib/modules
          name: lib-modules
          readOnly: true
        env:
          - name: NODE_NAME
            valueFrom:
              fieldRef:
                fieldPath: spec.nodeName
      hostNetwork: true
      serviceAccountName: kube-proxy
      volumes:
      - name: kube-proxy
        configMap:
          name: kube-proxy
      - name: xtables-lock
        hostPath:
          path: /run/xtables.lock
          type: FileOrCreate
      - name: lib-modules
        hostPath:
          path: /lib/modules
      tolerations:
      - operator: Exists
      nodeSelector:
        kubernetes.io/os: linux
`;

export interface KubeProxyInput {
  controlPlaneEndpoint: string;
  /** The KubeProxyConfiguration as marshalled (ends with a newline). */
  proxyConfigYaml: string;
  /** True when the user supplied the KubeProxyConfiguration (then the ConfigMap is not signed). */
  userSupplied: boolean;
  image: string;
  /** *_proxy variables of kubeadm's environment, passed to the container (not in --print-manifest). */
  proxyEnv?: EnvVar[];
}

/** Input from the cluster configuration and the local API endpoint; `env` is kubeadm's environment. */
export function kubeProxyInput(cfg: ClusterConfiguration, local: APIEndpoint, env: Readonly<Record<string, string | undefined>> = {}): KubeProxyInput {
  const kp = cfg.componentConfigs.kubeProxy;
  if (!kp) throw new KubeadmError("no kube-proxy component config found in the active component config set");
  return {
    controlPlaneEndpoint: controlPlaneEndpointURL(cfg.controlPlaneEndpoint, local),
    proxyConfigYaml: toKubernetesYaml(componentConfigForPrint(kp)),
    userSupplied: userSuppliedComponentConfigs.has(kp),
    image: kubernetesImage(KUBE_PROXY, cfg),
    proxyEnv: proxyEnvVars(env),
  };
}

/** GetProxyEnvVars: variables whose name ends in "_proxy" (any case) with a non-empty value. */
export function proxyEnvVars(env: Readonly<Record<string, string | undefined>>): EnvVar[] {
  const out: EnvVar[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value && name.toLowerCase().endsWith("_proxy")) out.push({ name, value });
  }
  return out;
}

const templateParams = (i: KubeProxyInput): KubeProxyTemplateParams => ({
  controlPlaneEndpoint: i.controlPlaneEndpoint,
  indentedProxyConfig: prefixLines(i.proxyConfigYaml, "    "),
  image: i.image,
});

export function buildKubeProxyConfigMap(i: KubeProxyInput): ConfigMap {
  const cm: ConfigMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: KUBE_PROXY_CONFIGMAP, namespace: NS_KUBE_SYSTEM, labels: { app: "kube-proxy" } },
    data: {
      [KUBE_PROXY_KUBECONFIG_KEY]: kubeProxyKubeconfig(i.controlPlaneEndpoint),
      [KUBE_PROXY_CONFIGMAP_KEY]: i.proxyConfigYaml.replace(/\n+$/, ""),
    },
  };
  if (!i.userSupplied) signConfigMap(cm);
  return cm;
}

const KUBE_PROXY_LABELS = { "k8s-app": "kube-proxy" };

/**
 * A DaemonSet patcher (the `kubeproxydaemonset` target of --patches): receives the DaemonSet as a
 * JSON value and returns it patched.
 */
export type KubeProxyDaemonSetPatcher = (daemonSet: unknown) => unknown;

/**
 * The DaemonSet sent to the API: the template's object, patched (upstream patches the template,
 * then decodes it), then kubeadm's *_proxy variables merged into the container's env.
 */
export function buildKubeProxyDaemonSet(i: KubeProxyInput, patch?: KubeProxyDaemonSetPatcher): DaemonSet {
  let ds: DaemonSet = {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { labels: { ...KUBE_PROXY_LABELS }, name: KUBE_PROXY, namespace: NS_KUBE_SYSTEM },
    spec: {
      selector: { matchLabels: { ...KUBE_PROXY_LABELS } },
      updateStrategy: { type: "RollingUpdate" },
      template: {
        metadata: { labels: { ...KUBE_PROXY_LABELS } },
        spec: {
          priorityClassName: "system-node-critical",
          containers: [
            {
              name: KUBE_PROXY,
              image: i.image,
              imagePullPolicy: "IfNotPresent",
              command: ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"],
              securityContext: { privileged: true },
              volumeMounts: [
                { mountPath: "/var/lib/kube-proxy", name: "kube-proxy" },
                { mountPath: "/run/xtables.lock", name: "xtables-lock" },
                { mountPath: "/lib/modules", name: "lib-modules", readOnly: true },
              ],
              env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
              resources: {},
            },
          ],
          hostNetwork: true,
          serviceAccountName: KUBE_PROXY_SERVICE_ACCOUNT,
          volumes: [
            { name: "kube-proxy", configMap: { name: KUBE_PROXY_CONFIGMAP } },
            { name: "xtables-lock", hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" } },
            { name: "lib-modules", hostPath: { path: "/lib/modules" } },
          ],
          tolerations: [{ operator: "Exists" }],
          nodeSelector: { "kubernetes.io/os": "linux" },
        },
      },
    },
    status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
  };
  if (patch) ds = patch(ds) as DaemonSet;
  const container = ds.spec?.template?.spec?.containers?.[0];
  if (container) {
    const env: EnvVar[] = [...(container.env ?? [])];
    for (const e of i.proxyEnv ?? []) {
      const at = env.findIndex((x) => x.name === e.name);
      if (at >= 0) env[at] = e;
      else env.push(e);
    }
    container.env = env;
  }
  return ds;
}

export interface KubeProxyObjects {
  configMap: ConfigMap;
  daemonSet: DaemonSet;
  serviceAccount: ServiceAccount;
  clusterRoleBinding: ClusterRoleBinding;
  role: Role;
  roleBinding: RoleBinding;
}

/** Every kube-proxy object, in upstream's order of writes. */
export function buildKubeProxy(i: KubeProxyInput, patch?: KubeProxyDaemonSetPatcher): KubeProxyObjects {
  return {
    configMap: buildKubeProxyConfigMap(i),
    daemonSet: buildKubeProxyDaemonSet(i, patch),
    serviceAccount: serviceAccount(NS_KUBE_SYSTEM, KUBE_PROXY_SERVICE_ACCOUNT),
    clusterRoleBinding: clusterRoleBinding(KUBE_PROXY_CLUSTER_ROLE_BINDING, KUBE_PROXY_CLUSTER_ROLE, [
      serviceAccountSubject(KUBE_PROXY_SERVICE_ACCOUNT, NS_KUBE_SYSTEM),
    ]),
    role: getObjectRole(NS_KUBE_SYSTEM, KUBE_PROXY_CONFIGMAP_ROLE, "configmaps", KUBE_PROXY_CONFIGMAP),
    roleBinding: roleBinding(NS_KUBE_SYSTEM, KUBE_PROXY_CONFIGMAP_ROLE, KUBE_PROXY_CONFIGMAP_ROLE, [groupSubject(NODE_BOOTSTRAP_TOKEN_AUTH_GROUP)]),
  };
}

/** Marshals an object as upstream's MarshalToYaml does for print-manifest (no TypeMeta-less objects here). */
const marshal = (o: unknown): string => toKubernetesYaml(o);

/**
 * The DaemonSet text `--print-manifest` prints with a patches directory: the template parsed,
 * patched and re-marshalled (sigs.k8s.io/yaml.JSONToYAML: sorted keys, no leading newline).
 */
export async function patchedKubeProxyDaemonSetText(i: KubeProxyInput, patch: KubeProxyDaemonSetPatcher): Promise<string> {
  const { parseYamlDocument } = await import("../config/yaml.js");
  const parsed = await parseYamlDocument(daemonSetTemplate(templateParams(i)));
  return toKubernetesYaml(patch(parsed.value));
}

/**
 * What `kubeadm init phase addon kube-proxy --print-manifest` prints; `patchedDaemonSet` is the
 * DaemonSet text with a patches directory (patchedKubeProxyDaemonSetText).
 */
export function kubeProxyManifestText(i: KubeProxyInput, patchedDaemonSet?: string): string {
  const o = buildKubeProxy(i);
  const p = templateParams(i);
  return [
    "---\n",
    marshal(o.serviceAccount),
    "---\n",
    marshal(o.clusterRoleBinding),
    "---\n",
    marshal(o.role),
    "---\n",
    marshal(o.roleBinding),
    "---",
    configMapTemplate(p),
    "---",
    patchedDaemonSet ?? daemonSetTemplate(p),
  ].join("");
}

/** A patcher whose failures carry upstream's wrapping. */
export function wrapKubeProxyPatch(patch: KubeProxyDaemonSetPatcher): KubeProxyDaemonSetPatcher {
  return (ds) => {
    try {
      return patch(ds);
    } catch (err) {
      throw wrapError(err, "could not apply patches to the kube-proxy DaemonSet");
    }
  };
}

export const APPLIED_KUBE_PROXY_LINE = "[addons] Applied essential addon: kube-proxy\n";

/**
 * EnsureProxyAddon: ConfigMap, DaemonSet, ServiceAccount, ClusterRoleBinding, Role, RoleBinding.
 * `patcher` gives the DaemonSet patcher when there is a patches directory; it is asked for after
 * the ConfigMap is written (upstream reads the patches directory there, printing its lines).
 */
export async function ensureKubeProxy(
  client: KubeClient,
  input: KubeProxyInput,
  out: LineWriter,
  patcher?: () => Promise<KubeProxyDaemonSetPatcher | undefined>,
): Promise<void> {
  const o = buildKubeProxy(input);
  await createOrUpdate(client, "configmaps", o.configMap);
  let daemonSet = o.daemonSet;
  const patch = patcher ? await patcher() : undefined;
  if (patch) daemonSet = buildKubeProxyDaemonSet(input, wrapKubeProxyPatch(patch));
  await createOrUpdate(client, "daemonsets", daemonSet);
  try {
    await createOrUpdate(client, "serviceaccounts", o.serviceAccount);
  } catch (err) {
    throw wrapError(err, "error when creating kube-proxy service account");
  }
  await createOrUpdate(client, "clusterrolebindings", o.clusterRoleBinding);
  await createOrUpdate(client, "roles", o.role);
  await createOrUpdate(client, "rolebindings", o.roleBinding);
  out.write(APPLIED_KUBE_PROXY_LINE);
}
