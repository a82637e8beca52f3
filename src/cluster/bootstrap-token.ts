/**
 * bootstrap-token: token Secrets, the RBAC that lets bootstrap tokens join
 * (get nodes, post CSRs, auto-approval, certificate rotation, the apiserver's
 * kubelet client) — the cluster-info half lives in cluster-info.ts.
 */
import type { ClusterRole, ClusterRoleBinding } from "kubernetes-types/rbac/v1.js";
import {
  APISERVER_KUBELET_CLIENT_COMMON_NAME,
  CSR_AUTO_APPROVAL_CLUSTER_ROLE,
  GET_NODES_CLUSTER_ROLE,
  KUBELET_API_ADMIN_BINDING,
  KUBELET_API_ADMIN_CLUSTER_ROLE,
  NODE_AUTO_APPROVE_BOOTSTRAP_BINDING,
  NODE_AUTO_APPROVE_CERT_ROTATION_BINDING,
  NODE_BOOTSTRAP_TOKEN_AUTH_GROUP,
  NODE_BOOTSTRAPPER_CLUSTER_ROLE,
  NODE_KUBELET_BOOTSTRAP_BINDING,
  NODE_SELF_CSR_AUTO_APPROVAL_CLUSTER_ROLE,
  NODES_GROUP,
  NS_KUBE_SYSTEM,
} from "../constants.js";
import { createOrUpdate, type KubeClient } from "../client/index.js";
import type { BootstrapToken } from "../config/types.js";
import { KubeadmError, wrapError } from "../util/errors.js";
import { bootstrapTokenSecretName, formatBootstrapToken } from "../util/token.js";
import { bootstrapTokenToSecret } from "./bootstrap-token-secret.js";
import { clusterRole, clusterRoleBinding, groupSubject, rule, userSubject } from "./objects.js";
import type { LineWriter } from "./output.js";

/** One RBAC step of the phase: the line it prints and the objects it writes, in order. */
export interface BootstrapRBACStep {
  line: string;
  /** Upstream's wrap of an error from this step ("" = returned unwrapped). */
  errorContext: string;
  clusterRoles: ClusterRole[];
  clusterRoleBindings: ClusterRoleBinding[];
}

/** The RBAC steps of the bootstrap-token phase in upstream's order (v1.36.1+ includes the kubelet API grant). */
export function buildBootstrapTokenRBAC(): BootstrapRBACStep[] {
  const bootstrappers = groupSubject(NODE_BOOTSTRAP_TOKEN_AUTH_GROUP);
  return [
    {
      line: "[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to get nodes\n",
      errorContext: "error allowing bootstrap tokens to get Nodes",
      clusterRoles: [clusterRole(GET_NODES_CLUSTER_ROLE, [rule(["get"], [""], ["nodes"])])],
      clusterRoleBindings: [clusterRoleBinding(GET_NODES_CLUSTER_ROLE, GET_NODES_CLUSTER_ROLE, [bootstrappers])],
    },
    {
      line: "[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to post CSRs in order for nodes to get long term certificate credentials\n",
      errorContext: "error allowing bootstrap tokens to post CSRs",
      clusterRoles: [],
      clusterRoleBindings: [clusterRoleBinding(NODE_KUBELET_BOOTSTRAP_BINDING, NODE_BOOTSTRAPPER_CLUSTER_ROLE, [bootstrappers])],
    },
    {
      line: "[bootstrap-token] Configured RBAC rules to allow the csrapprover controller automatically approve CSRs from a Node Bootstrap Token\n",
      errorContext: "error auto-approving node bootstrap tokens",
      clusterRoles: [],
      clusterRoleBindings: [clusterRoleBinding(NODE_AUTO_APPROVE_BOOTSTRAP_BINDING, CSR_AUTO_APPROVAL_CLUSTER_ROLE, [bootstrappers])],
    },
    {
      line: "[bootstrap-token] Configured RBAC rules to allow certificate rotation for all node client certificates in the cluster\n",
      errorContext: "",
      clusterRoles: [],
      clusterRoleBindings: [
        clusterRoleBinding(NODE_AUTO_APPROVE_CERT_ROTATION_BINDING, NODE_SELF_CSR_AUTO_APPROVAL_CLUSTER_ROLE, [groupSubject(NODES_GROUP)]),
      ],
    },
    {
      line: "[bootstrap-token] Configured RBAC rules to allow the API server kubelet client certificate to access the kubelet API\n",
      errorContext: "",
      clusterRoles: [],
      clusterRoleBindings: [
        clusterRoleBinding(KUBELET_API_ADMIN_BINDING, KUBELET_API_ADMIN_CLUSTER_ROLE, [userSubject(APISERVER_KUBELET_CLIENT_COMMON_NAME)]),
      ],
    },
  ];
}

/** One RBAC step: its line, then its writes; an error wrapped with the step's context (init's phase wraps, upgrade's does not). */
export async function applyBootstrapTokenRBACStep(client: KubeClient, step: BootstrapRBACStep, out: LineWriter, wrap = true): Promise<void> {
  out.write(step.line);
  try {
    for (const cr of step.clusterRoles) await createOrUpdate(client, "clusterroles", cr);
    for (const crb of step.clusterRoleBindings) await createOrUpdate(client, "clusterrolebindings", crb);
  } catch (err) {
    if (wrap && step.errorContext) throw wrapError(err, step.errorContext);
    throw err;
  }
}

/** Applies the RBAC steps, printing each line before its writes (as upstream); the first error stops. */
export async function applyBootstrapTokenRBAC(client: KubeClient, out: LineWriter): Promise<void> {
  for (const step of buildBootstrapTokenRBAC()) await applyBootstrapTokenRBACStep(client, step, out);
}

/**
 * Writes each token's Secret (UpdateOrCreateTokens): GET it first; with `failIfExists` an
 * existing one is an error; then create, or update when it exists.
 */
export async function updateOrCreateTokens(
  client: KubeClient,
  failIfExists: boolean,
  tokens: readonly BootstrapToken[],
  now: () => Date = () => new Date(),
): Promise<void> {
  for (const token of tokens) {
    if (!token.token) throw new KubeadmError("a bootstrap token has no value");
    const name = bootstrapTokenSecretName(token.token.id);
    let exists = false;
    try {
      await client.get("secrets", name, NS_KUBE_SYSTEM);
      exists = true;
    } catch {
      // Any failure counts as "not there": the create below reports real problems.
    }
    if (exists && failIfExists) throw new KubeadmError(`a token with id ${JSON.stringify(token.token.id)} already exists`);
    try {
      await createOrUpdate(client, "secrets", bootstrapTokenToSecret(token, now()));
    } catch (err) {
      throw wrapError(err, `failed to create or update bootstrap token with name ${name}`);
    }
  }
}

/** CreateNewTokens: as updateOrCreateTokens, refusing existing IDs (kubeadm token create). */
export function createNewTokens(client: KubeClient, tokens: readonly BootstrapToken[], now?: () => Date): Promise<void> {
  return updateOrCreateTokens(client, true, tokens, now);
}

/** The "Using token(s)" line (omitted with --skip-token-print). */
export function usingTokensLine(tokens: readonly BootstrapToken[]): string {
  const strs = tokens.map((t) => formatBootstrapToken(t.token));
  if (strs.length === 1) return `[bootstrap-token] Using token: ${strs[0]}\n`;
  if (strs.length > 1) return `[bootstrap-token] Using tokens: [${strs.join(" ")}]\n`;
  return "";
}

export const CONFIGURING_BOOTSTRAP_TOKENS_LINE = "[bootstrap-token] Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles\n";
