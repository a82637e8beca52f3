/**
 * upload-config: the kubeadm-config ConfigMap (ClusterConfiguration) and the
 * kubelet-config ConfigMap (cluster-wide KubeletConfiguration), each with the
 * Role/RoleBinding that lets nodes and bootstrap tokens read it.
 */
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import type { Role, RoleBinding } from "kubernetes-types/rbac/v1.js";
import {
  CLUSTER_CONFIGURATION_CONFIGMAP_KEY,
  KUBEADM_CONFIG_CONFIGMAP,
  KUBELET_CONFIG_CONFIGMAP,
  KUBELET_CONFIG_CONFIGMAP_KEY,
  KUBELET_CONFIG_ROLE,
  NODE_BOOTSTRAP_TOKEN_AUTH_GROUP,
  NODES_GROUP,
  NODES_KUBEADM_CONFIG_ROLE,
  NS_KUBE_SYSTEM,
} from "../constants.js";
import { createOrMutate, createOrUpdate, type KubeClient } from "../client/index.js";
import { KubeadmError, wrapError } from "../util/errors.js";
import { componentConfigForPrint, userSuppliedComponentConfigs } from "../config/componentconfigs.js";
import { marshalClusterConfiguration } from "../config/encode.js";
import type { ClusterConfiguration } from "../config/types.js";
import { toKubernetesYaml } from "../config/yaml.js";
import { signConfigMap } from "./component-config-hash.js";
import { configMap, getObjectRole, groupSubject, roleBinding } from "./objects.js";
import type { LineWriter } from "./output.js";

export interface ConfigMapWithRBAC {
  configMap: ConfigMap;
  role: Role;
  roleBinding: RoleBinding;
}

/** kubeadm-config: `clusterConfigurationYaml` is the v1beta4 ClusterConfiguration as uploaded (component configs stripped). */
export function buildKubeadmConfig(clusterConfigurationYaml: string): ConfigMapWithRBAC {
  return {
    configMap: configMap(NS_KUBE_SYSTEM, KUBEADM_CONFIG_CONFIGMAP, { [CLUSTER_CONFIGURATION_CONFIGMAP_KEY]: clusterConfigurationYaml }),
    role: getObjectRole(NS_KUBE_SYSTEM, NODES_KUBEADM_CONFIG_ROLE, "configmaps", KUBEADM_CONFIG_CONFIGMAP),
    roleBinding: roleBinding(NS_KUBE_SYSTEM, NODES_KUBEADM_CONFIG_ROLE, NODES_KUBEADM_CONFIG_ROLE, [
      groupSubject(NODE_BOOTSTRAP_TOKEN_AUTH_GROUP),
      groupSubject(NODES_GROUP),
    ]),
  };
}

/**
 * kubelet-config: `kubeletConfigYaml` is the cluster KubeletConfiguration as marshalled.
 * Generated configs (not user-supplied) carry the component-config hash annotation.
 */
export function buildKubeletConfig(kubeletConfigYaml: string, userSupplied: boolean): ConfigMapWithRBAC {
  const cm = configMap(NS_KUBE_SYSTEM, KUBELET_CONFIG_CONFIGMAP, { [KUBELET_CONFIG_CONFIGMAP_KEY]: kubeletConfigYaml });
  if (!userSupplied) signConfigMap(cm);
  return {
    configMap: cm,
    role: getObjectRole(NS_KUBE_SYSTEM, KUBELET_CONFIG_ROLE, "configmaps", KUBELET_CONFIG_CONFIGMAP),
    roleBinding: roleBinding(NS_KUBE_SYSTEM, KUBELET_CONFIG_ROLE, KUBELET_CONFIG_ROLE, [
      groupSubject(NODES_GROUP),
      groupSubject(NODE_BOOTSTRAP_TOKEN_AUTH_GROUP),
    ]),
  };
}

export const UPLOAD_KUBEADM_CONFIG_LINE = `[upload-config] Storing the configuration used in ConfigMap "${KUBEADM_CONFIG_CONFIGMAP}" in the "${NS_KUBE_SYSTEM}" Namespace\n`;
export const UPLOAD_KUBELET_CONFIG_LINE = `[kubelet] Creating a ConfigMap "${KUBELET_CONFIG_CONFIGMAP}" in namespace ${NS_KUBE_SYSTEM} with the configuration for the kubelets in the cluster\n`;

/** Writes kubeadm-config (create, or overwrite only its ClusterConfiguration key) and its RBAC. */
export async function uploadKubeadmConfig(client: KubeClient, clusterConfigurationYaml: string, out: LineWriter): Promise<void> {
  out.write(UPLOAD_KUBEADM_CONFIG_LINE);
  const objs = buildKubeadmConfig(clusterConfigurationYaml);
  await createOrMutate(client, "configmaps", objs.configMap, (current) => {
    current.data = { ...(current.data ?? {}), [CLUSTER_CONFIGURATION_CONFIGMAP_KEY]: clusterConfigurationYaml };
  });
  await createOrUpdate(client, "roles", objs.role);
  await createOrUpdate(client, "rolebindings", objs.roleBinding);
}

/** Writes kubelet-config and its RBAC. */
export async function uploadKubeletConfig(client: KubeClient, kubeletConfigYaml: string, userSupplied: boolean, out: LineWriter): Promise<void> {
  out.write(UPLOAD_KUBELET_CONFIG_LINE);
  const objs = buildKubeletConfig(kubeletConfigYaml, userSupplied);
  await createOrUpdate(client, "configmaps", objs.configMap);
  try {
    await createOrUpdate(client, "roles", objs.role);
    await createOrUpdate(client, "rolebindings", objs.roleBinding);
  } catch (err) {
    throw wrapError(err, "error creating kubelet configuration configmap RBAC rules");
  }
}

/** UploadConfiguration of a cluster configuration (init and upgrade): kubeadm-config with its RBAC. */
export async function uploadClusterConfiguration(client: KubeClient, cfg: ClusterConfiguration, out: LineWriter): Promise<void> {
  try {
    await uploadKubeadmConfig(client, marshalClusterConfiguration(cfg), out);
  } catch (err) {
    throw wrapError(err, "error uploading the kubeadm ClusterConfiguration");
  }
}

/** kubelet's CreateConfigMap (init and upgrade): the cluster's KubeletConfiguration into kubelet-config with its RBAC. */
export async function uploadClusterKubeletConfig(client: KubeClient, cfg: ClusterConfiguration, out: LineWriter): Promise<void> {
  const kc = cfg.componentConfigs.kubelet;
  try {
    if (!kc) {
      out.write(UPLOAD_KUBELET_CONFIG_LINE);
      throw new KubeadmError("no kubelet component config found in the active component config set");
    }
    await uploadKubeletConfig(client, toKubernetesYaml(componentConfigForPrint(kc)), userSuppliedComponentConfigs.has(kc), out);
  } catch (err) {
    throw wrapError(err, "error creating kubelet configuration ConfigMap");
  }
}
