import type { Namespace, Node, ConfigMap, Secret, Service, ServiceAccount, Pod } from "kubernetes-types/core/v1.js";
import type { Role, RoleBinding, ClusterRole, ClusterRoleBinding } from "kubernetes-types/rbac/v1.js";
import type { Deployment, DaemonSet } from "kubernetes-types/apps/v1.js";
import type { Job } from "kubernetes-types/batch/v1.js";
import type { CertificateSigningRequest } from "kubernetes-types/certificates/v1.js";

/** Where a resource lives in the API: enough to build its URL and print its dry-run line. */
export interface ResourceDescriptor {
  /** API group; "" for the core group. */
  readonly group: string;
  readonly version: string;
  /** Plural resource name as used in URLs (and in upstream's dry-run lines). */
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** The object type each resource name carries (compile-time only). */
export interface ResourceTypes {
  namespaces: Namespace;
  nodes: Node;
  configmaps: ConfigMap;
  secrets: Secret;
  services: Service;
  serviceaccounts: ServiceAccount;
  pods: Pod;
  roles: Role;
  rolebindings: RoleBinding;
  clusterroles: ClusterRole;
  clusterrolebindings: ClusterRoleBinding;
  deployments: Deployment;
  daemonsets: DaemonSet;
  jobs: Job;
  certificatesigningrequests: CertificateSigningRequest;
}

export type ResourceName = keyof ResourceTypes;

const d = (group: string, version: string, plural: string, kind: string, namespaced: boolean): ResourceDescriptor =>
  Object.freeze({ group, version, plural, kind, namespaced });

/** The resources kubeadm touches. Adding one is one line here plus one line in ResourceTypes. */
export const RESOURCES: Readonly<Record<ResourceName, ResourceDescriptor>> = Object.freeze({
  namespaces: d("", "v1", "namespaces", "Namespace", false),
  nodes: d("", "v1", "nodes", "Node", false),
  configmaps: d("", "v1", "configmaps", "ConfigMap", true),
  secrets: d("", "v1", "secrets", "Secret", true),
  services: d("", "v1", "services", "Service", true),
  serviceaccounts: d("", "v1", "serviceaccounts", "ServiceAccount", true),
  pods: d("", "v1", "pods", "Pod", true),
  roles: d("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
  rolebindings: d("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
  clusterroles: d("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
  clusterrolebindings: d("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
  deployments: d("apps", "v1", "deployments", "Deployment", true),
  daemonsets: d("apps", "v1", "daemonsets", "DaemonSet", true),
  jobs: d("batch", "v1", "jobs", "Job", true),
  certificatesigningrequests: d("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest", false),
});

/** "v1" for the core group, "<group>/<version>" otherwise (the apiVersion field). */
export function apiVersionOf(r: ResourceDescriptor): string {
  return r.group === "" ? r.version : `${r.group}/${r.version}`;
}

/**
 * Path of a collection or of one object:
 * /api/v1/namespaces/<ns>/configmaps/<name>, /apis/rbac.authorization.k8s.io/v1/clusterroles/<name>.
 */
export function resourcePath(r: ResourceDescriptor, namespace?: string, name?: string): string {
  const base = r.group === "" ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  const tail = name !== undefined ? `/${encodeURIComponent(name)}` : "";
  return `${base}${ns}/${r.plural}${tail}`;
}

/**
 * Go type name as printed by upstream's `%T` in write-helper errors, e.g. "*v1.ConfigMap":
 * package name is the version for every group kubeadm writes.
 */
export function goTypeName(r: ResourceDescriptor): string {
  return `*${r.version}.${r.kind}`;
}
