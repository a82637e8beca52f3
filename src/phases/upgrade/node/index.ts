/** The kubeadm upgrade node workflow: its phases in execution order (upstream's cmd/upgrade/node.go). */
import type { Workflow } from "../../../workflow/types.js";
import { addonPhase } from "../addon.js";
import { kubeconfigPhase } from "../kubeconfig.js";
import { kubeletConfigPhase } from "../kubelet-config.js";
import { postUpgradePhase } from "../post-upgrade.js";
import { controlPlanePhase } from "./control-plane.js";
import { preflightPhase } from "./preflight.js";

export const upgradeNodeWorkflow: Workflow = {
  id: "upgrade-node",
  phases: [
    preflightPhase,
    controlPlanePhase,
    kubeconfigPhase("upgrade-node"),
    kubeletConfigPhase("upgrade-node"),
    addonPhase("upgrade-node"),
    postUpgradePhase("upgrade-node"),
  ],
  initData: async (ctx) => (await import("../data.js")).nodeInitData(ctx),
};
