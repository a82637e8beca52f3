/**
 * upgrade apply phase bootstrap-token: the bootstrap-token RBAC (get nodes, post CSRs, CSR
 * auto-approval, certificate rotation, the API server's kubelet client) and the cluster-info RBAC
 * as a new control plane gets them. Every step runs; their errors are reported together.
 * A dry run only says what it would do.
 */
import type { Phase } from "../../../workflow/types.js";
import type { UpgradeData } from "../data.js";

export const bootstrapTokenPhase: Phase<UpgradeData> = {
  name: "bootstrap-token",
  short: "Configures bootstrap token and cluster-info RBAC rules",
  inheritFlags: ["config", "dry-run", "kubeconfig"],
  run: runBootstrapToken,
};

async function runBootstrapToken(data: UpgradeData): Promise<void> {
  if (data.dryRun) {
    data.out.write("[dryrun] Would configure bootstrap token and cluster-info RBAC rules\n");
    return;
  }
  data.out.write("[upgrade/bootstrap-token] Configuring bootstrap token and cluster-info RBAC rules\n");
  const client = await data.client();
  const { applyBootstrapTokenRBACStep, buildBootstrapTokenRBAC } = await import("../../../cluster/bootstrap-token.js");
  const { buildClusterInfoRBAC, createClusterInfoRBAC } = await import("../../../cluster/cluster-info.js");
  const { aggregateMessage } = await import("../../../util/aggregate.js");
  const { KubeadmError } = await import("../../../util/errors.js");
  const errors: string[] = [];
  const attempt = async (f: () => Promise<void>): Promise<void> => {
    try {
      await f();
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
    }
  };
  for (const step of buildBootstrapTokenRBAC()) await attempt(() => applyBootstrapTokenRBACStep(client, step, data.out, false));
  data.v(1, "creating the RBAC rules for exposing the cluster-info ConfigMap in the kube-public namespace", "clusterinfo.go:84");
  await attempt(() => createClusterInfoRBAC(client, buildClusterInfoRBAC()));
  if (errors.length > 0) throw new KubeadmError(aggregateMessage(errors));
}
