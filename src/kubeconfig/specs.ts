// The five kubeconfig files of `kubeadm init phase kubeconfig` and who they are for (kubeconfig.md §2).
import type { APIEndpoint, ClusterConfiguration } from "../config/types.js";
import {
  ADMIN_KUBECONFIG,
  ADMIN_USER,
  CLUSTER_ADMINS_GROUP,
  CONTROLLER_MANAGER_KUBECONFIG,
  CONTROLLER_MANAGER_USER,
  KUBELET_KUBECONFIG,
  NODES_GROUP,
  NODES_USER_PREFIX,
  SCHEDULER_KUBECONFIG,
  SCHEDULER_USER,
  SUPER_ADMIN_KUBECONFIG,
  SUPER_ADMIN_USER,
  SYSTEM_PRIVILEGED_GROUP,
} from "../constants.js";
import { controlPlaneEndpointURL, localEndpointURL } from "./endpoint.js";

export interface KubeconfigSpec {
  fileName: string;
  clusterName: string;
  server: string;
  userName: string;
  /** The client certificate's subject: CN = userName, O = organizations. */
  organizations: string[];
}

export interface KubeconfigSpecInput {
  cluster: ClusterConfiguration;
  localAPIEndpoint: APIEndpoint;
  nodeName: string;
  warn?: (msg: string) => void;
}

/** Sub-phase order of `init phase kubeconfig all`. */
export const KUBECONFIG_FILES = [
  ADMIN_KUBECONFIG,
  SUPER_ADMIN_KUBECONFIG,
  KUBELET_KUBECONFIG,
  CONTROLLER_MANAGER_KUBECONFIG,
  SCHEDULER_KUBECONFIG,
] as const;

/**
 * The specs by file name. admin/super-admin use the control-plane endpoint; kubelet,
 * controller-manager and scheduler the node's own endpoint (ControlPlaneKubeletLocalMode is GA).
 */
export function kubeconfigSpecs(input: KubeconfigSpecInput): Record<string, KubeconfigSpec> {
  const cp = controlPlaneEndpointURL(input.cluster, input.localAPIEndpoint, input.warn);
  const local = localEndpointURL(input.localAPIEndpoint);
  const clusterName = input.cluster.clusterName;
  const spec = (fileName: string, server: string, userName: string, organizations: string[]): KubeconfigSpec => ({
    fileName,
    clusterName,
    server,
    userName,
    organizations,
  });
  return {
    [ADMIN_KUBECONFIG]: spec(ADMIN_KUBECONFIG, cp, ADMIN_USER, [CLUSTER_ADMINS_GROUP]),
    [SUPER_ADMIN_KUBECONFIG]: spec(SUPER_ADMIN_KUBECONFIG, cp, SUPER_ADMIN_USER, [SYSTEM_PRIVILEGED_GROUP]),
    [KUBELET_KUBECONFIG]: spec(KUBELET_KUBECONFIG, local, `${NODES_USER_PREFIX}${input.nodeName}`, [NODES_GROUP]),
    [CONTROLLER_MANAGER_KUBECONFIG]: spec(CONTROLLER_MANAGER_KUBECONFIG, local, CONTROLLER_MANAGER_USER, []),
    [SCHEDULER_KUBECONFIG]: spec(SCHEDULER_KUBECONFIG, local, SCHEDULER_USER, []),
  };
}
