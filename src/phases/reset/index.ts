/**
 * The kubeadm reset workflow: its phases in execution order (upstream's cmd/reset.go), each
 * defined in its own module, and the data they share.
 */
import type { Workflow } from "../../workflow/types.js";
import type { ResetData } from "./data.js";
import { preflightPhase } from "./preflight.js";
import { removeEtcdMemberPhase } from "./remove-etcd-member.js";
import { cleanupNodePhase } from "./cleanup-node.js";

export const resetWorkflow: Workflow<ResetData> = {
  id: "reset",
  phases: [preflightPhase, removeEtcdMemberPhase, cleanupNodePhase],
  initData: async (ctx) => (await import("./data.js")).initData(ctx),
};
