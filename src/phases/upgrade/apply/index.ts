/** The kubeadm upgrade apply workflow: its phases in execution order (upstream's cmd/upgrade/apply.go). */
import type { Workflow } from "../../../workflow/types.js";
import { addonPhase } from "../addon.js";
import { kubeconfigPhase } from "../kubeconfig.js";
import { kubeletConfigPhase } from "../kubelet-config.js";
import { postUpgradePhase } from "../post-upgrade.js";
import { bootstrapTokenPhase } from "./bootstrap-token.js";
import { controlPlanePhase } from "./control-plane.js";
import { preflightPhase } from "./preflight.js";
import { uploadConfigPhase } from "./upload-config.js";

export const upgradeApplyWorkflow: Workflow = {
  id: "upgrade-apply",
  phases: [
    preflightPhase,
    controlPlanePhase,
    uploadConfigPhase,
    kubeconfigPhase("upgrade-apply"),
    kubeletConfigPhase("upgrade-apply"),
    bootstrapTokenPhase,
    addonPhase("upgrade-apply"),
    postUpgradePhase("upgrade-apply"),
  ],
  initData: async (ctx) => (await import("../data.js")).applyInitData(ctx),
};
