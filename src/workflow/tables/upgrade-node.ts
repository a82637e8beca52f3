// The kubeadm upgrade node phase workflow: phases in execution order with upstream's names, texts and flags.
import type { WorkflowSpec } from "../types.js";
import { addonPhase, kubeconfigPhase, kubeletConfigPhase, postUpgradePhase } from "./upgrade-phases.js";

export const upgradeNodeWorkflow: WorkflowSpec = {
  id: "upgrade-node",
  phases: [
    {
      name: "preflight",
      short: "Run upgrade node pre-flight checks",
      long: "Run pre-flight checks for kubeadm upgrade node.",
      inheritFlags: ["config","ignore-preflight-errors"],
      run: true,
    },
    {
      name: "control-plane",
      short: "Upgrade the control plane instance deployed on this node, if any",
      inheritFlags: ["certificate-renewal","config","dry-run","etcd-upgrade","kubeconfig","patches"],
      run: true,
    },
    kubeconfigPhase,
    kubeletConfigPhase,
    addonPhase,
    postUpgradePhase,
  ],
};
