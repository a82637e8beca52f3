/** upgrade apply/node phase kubeconfig: upgrades the kubeconfig files of this node. Shared by both workflows; not implemented yet in kubeadm-ts (help and flags are upstream's). */
import type { Phase } from "../../workflow/types.js";
import { notImplementedYet } from "../../workflow/runner.js";

export function kubeconfigPhase(workflow: "upgrade-apply" | "upgrade-node"): Phase {
  return {
    name: "kubeconfig",
    short: "Upgrade kubeconfig files for this node",
    hidden: true,
    run: notImplementedYet(`${workflow}/kubeconfig`),
  };
}
