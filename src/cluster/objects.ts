/**
 * Small constructors for the API objects kubeadm writes, shaped as upstream's
 * Go structs serialise them (TypeMeta set, no empty optional fields), so that
 * what we send and what dry-run prints match upstream.
 */
import type { ConfigMap, ServiceAccount } from "kubernetes-types/core/v1.js";
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from "kubernetes-types/rbac/v1.js";

export const RBAC_GROUP = "rbac.authorization.k8s.io";
const RBAC_V1 = `${RBAC_GROUP}/v1`;

export const groupSubject = (name: string): Subject => ({ kind: "Group", name });
export const userSubject = (name: string): Subject => ({ kind: "User", name });
export const serviceAccountSubject = (name: string, namespace: string): Subject => ({ kind: "ServiceAccount", name, namespace });

/** A rule with fields in upstream's order; omits resourceNames when none. */
export function rule(verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule {
  const r: PolicyRule = { verbs, apiGroups, resources };
  if (resourceNames && resourceNames.length > 0) r.resourceNames = resourceNames;
  return r;
}

export function configMap(namespace: string, name: string, data: Record<string, string>): ConfigMap {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data };
}

export function serviceAccount(namespace: string, name: string): ServiceAccount {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace } };
}

export function role(namespace: string, name: string, rules: PolicyRule[]): Role {
  return { apiVersion: RBAC_V1, kind: "Role", metadata: { name, namespace }, rules };
}

/** A Role allowing GET of one named object of a resource (kubeadm's usual read grant). */
export function getObjectRole(namespace: string, name: string, resource: string, objectName: string): Role {
  return role(namespace, name, [rule(["get"], [""], [resource], [objectName])]);
}

export function roleBinding(namespace: string, name: string, roleName: string, subjects: Subject[]): RoleBinding {
  return {
    apiVersion: RBAC_V1,
    kind: "RoleBinding",
    metadata: { name, namespace },
    roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: roleName },
    subjects,
  };
}

export function clusterRole(name: string, rules: PolicyRule[]): ClusterRole {
  return { apiVersion: RBAC_V1, kind: "ClusterRole", metadata: { name }, rules };
}

export function clusterRoleBinding(name: string, clusterRoleName: string, subjects: Subject[]): ClusterRoleBinding {
  return {
    apiVersion: RBAC_V1,
    kind: "ClusterRoleBinding",
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: clusterRoleName },
    subjects,
  };
}
