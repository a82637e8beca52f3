/** upgrade apply phase bootstrap-token: not implemented yet in kubeadm-ts (help and flags are upstream's). */
import type { Phase } from "../../../workflow/types.js";
import { notImplementedYet } from "../../../workflow/runner.js";

export const bootstrapTokenPhase: Phase = {
  name: "bootstrap-token",
  short: "Configures bootstrap token and cluster-info RBAC rules",
  inheritFlags: ["config", "dry-run", "kubeconfig"],
  run: notImplementedYet("upgrade-apply/bootstrap-token"),
};
