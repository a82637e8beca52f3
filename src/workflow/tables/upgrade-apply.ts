// The kubeadm upgrade apply phase workflow: phases in execution order with upstream's names, texts and flags.
import type { WorkflowSpec } from "../types.js";
import { addonPhase, kubeconfigPhase, kubeletConfigPhase, postUpgradePhase } from "./upgrade-phases.js";

export const upgradeApplyWorkflow: WorkflowSpec = {
  id: "upgrade-apply",
  phases: [
    {
      name: "preflight",
      short: "Run preflight checks before upgrade",
      inheritFlags: ["allow-experimental-upgrades","allow-release-candidate-upgrades","config","dry-run","force","ignore-preflight-errors","kubeconfig","yes"],
      run: true,
    },
    {
      name: "control-plane",
      short: "Upgrade the control plane",
      inheritFlags: ["certificate-renewal","config","dry-run","etcd-upgrade","kubeconfig","patches"],
      run: true,
    },
    {
      name: "upload-config",
      aliases: ["uploadconfig"],
      short: "Upload the kubeadm and kubelet configurations to ConfigMaps",
      phases: [
        {
          name: "all",
          short: "Upload all the configurations to ConfigMaps",
          runAllSiblings: true,
          inheritFlags: ["config","dry-run","kubeconfig"],
        },
        {
          name: "kubeadm",
          short: "Upload the kubeadm ClusterConfiguration to a ConfigMap",
          long: "Upload the kubeadm ClusterConfiguration to a ConfigMap",
          inheritFlags: ["config","dry-run","kubeconfig"],
          run: true,
        },
        {
          name: "kubelet",
          short: "Upload the kubelet configuration to a ConfigMap",
          inheritFlags: ["config","dry-run","kubeconfig"],
          run: true,
        },
      ],
    },
    kubeconfigPhase,
    kubeletConfigPhase,
    {
      name: "bootstrap-token",
      short: "Configures bootstrap token and cluster-info RBAC rules",
      inheritFlags: ["config","dry-run","kubeconfig"],
      run: true,
    },
    addonPhase,
    postUpgradePhase,
  ],
};
