/**
 * The kube-public/cluster-info ConfigMap: a kubeconfig holding only the
 * admin kubeconfig's current cluster (named ""), CA inlined, readable by
 * anonymous users so joining nodes can discover and verify the cluster.
 */
import { readFileBytes } from "../host/files.js";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import type { Role, RoleBinding } from "kubernetes-types/rbac/v1.js";
import { ANONYMOUS_USER, BOOTSTRAP_SIGNER_CLUSTER_INFO_ROLE, CLUSTER_INFO_CONFIGMAP, CLUSTER_INFO_KUBECONFIG_KEY, NS_KUBE_PUBLIC } from "../constants.js";
import { createOrUpdate, type KubeClient } from "../client/index.js";
import { toKubernetesYaml } from "../config/yaml.js";
import { parseKubeconfig, resolveAgainstKubeconfigDir, resolveKubeconfig, type KubeconfigCluster } from "../kubeconfig/read.js";
import { wrapError } from "../util/errors.js";
import { configMap, getObjectRole, roleBinding, userSubject } from "./objects.js";
import type { LineWriter } from "./output.js";

/** The cluster entry copied into cluster-info; the CA must already be inline. */
export interface ClusterInfoCluster {
  server: string;
  certificateAuthorityData: Buffer;
  insecureSkipTLSVerify?: boolean;
  tlsServerName?: string;
  proxyURL?: string;
}

/** The kubeconfig text as client-go's writer serialises it. */
export function buildClusterInfoKubeconfig(cluster: ClusterInfoCluster): string {
  const c: Record<string, unknown> = { server: cluster.server };
  if (cluster.tlsServerName) c["tls-server-name"] = cluster.tlsServerName;
  if (cluster.insecureSkipTLSVerify) c["insecure-skip-tls-verify"] = true;
  c["certificate-authority-data"] = cluster.certificateAuthorityData.toString("base64");
  if (cluster.proxyURL) c["proxy-url"] = cluster.proxyURL;
  return toKubernetesYaml({
    apiVersion: "v1",
    clusters: [{ cluster: c, name: "" }],
    contexts: null,
    "current-context": "",
    kind: "Config",
    users: null,
  });
}

export interface ClusterInfoObjects {
  configMap: ConfigMap;
  role: Role;
  roleBinding: RoleBinding;
}

/** The cluster-info Role and RoleBinding (anonymous may get the ConfigMap). */
export function buildClusterInfoRBAC(): Pick<ClusterInfoObjects, "role" | "roleBinding"> {
  return {
    role: getObjectRole(NS_KUBE_PUBLIC, BOOTSTRAP_SIGNER_CLUSTER_INFO_ROLE, "configmaps", CLUSTER_INFO_CONFIGMAP),
    roleBinding: roleBinding(NS_KUBE_PUBLIC, BOOTSTRAP_SIGNER_CLUSTER_INFO_ROLE, BOOTSTRAP_SIGNER_CLUSTER_INFO_ROLE, [userSubject(ANONYMOUS_USER)]),
  };
}

export function buildClusterInfo(cluster: ClusterInfoCluster): ClusterInfoObjects {
  return {
    configMap: configMap(NS_KUBE_PUBLIC, CLUSTER_INFO_CONFIGMAP, { [CLUSTER_INFO_KUBECONFIG_KEY]: buildClusterInfoKubeconfig(cluster) }),
    ...buildClusterInfoRBAC(),
  };
}

/** The admin kubeconfig's current cluster with a referenced CA file read in (FlattenConfig). */
export async function clusterInfoClusterFromKubeconfig(kubeconfigText: string, kubeconfigPath: string): Promise<ClusterInfoCluster> {
  const kc = parseKubeconfig(kubeconfigText, kubeconfigPath);
  const ctx = kc.contexts.get(kc.currentContext);
  const cluster: KubeconfigCluster | undefined = ctx ? kc.clusters.get(ctx.cluster) : undefined;
  if (!cluster) resolveKubeconfig(kc); // throws client-go's wording
  const c = cluster!;
  let ca = c.certificateAuthorityData;
  // FlattenConfig: a relative file against the kubeconfig's folder
  if (!ca && c.certificateAuthority) ca = await readFileBytes(resolveAgainstKubeconfigDir(c.certificateAuthority, kubeconfigPath));
  return {
    server: c.server ?? "",
    certificateAuthorityData: ca ?? Buffer.alloc(0),
    insecureSkipTLSVerify: c.insecureSkipTLSVerify,
    tlsServerName: c.tlsServerName,
    proxyURL: c.proxyURL,
  };
}

export const CREATING_CLUSTER_INFO_LINE = `[bootstrap-token] Creating the "${CLUSTER_INFO_CONFIGMAP}" ConfigMap in the "${NS_KUBE_PUBLIC}" namespace\n`;

/** Prints the line, writes cluster-info, then its Role/RoleBinding. */
export async function createClusterInfo(client: KubeClient, cluster: ClusterInfoCluster, out: LineWriter): Promise<void> {
  out.write(CREATING_CLUSTER_INFO_LINE);
  const objs = buildClusterInfo(cluster);
  try {
    await createOrUpdate(client, "configmaps", objs.configMap);
  } catch (err) {
    throw wrapError(err, "error creating bootstrap ConfigMap");
  }
  try {
    await createClusterInfoRBAC(client, objs);
  } catch (err) {
    throw wrapError(err, "error creating clusterinfo RBAC rules");
  }
}

/** CreateClusterInfoRBACRules: the Role and RoleBinding that let anonymous users read cluster-info. */
export async function createClusterInfoRBAC(client: KubeClient, objs: Pick<ClusterInfoObjects, "role" | "roleBinding">): Promise<void> {
  await createOrUpdate(client, "roles", objs.role);
  await createOrUpdate(client, "rolebindings", objs.roleBinding);
}
