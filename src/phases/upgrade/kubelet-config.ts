/** upgrade apply/node phase kubelet-config: upgrades the kubelet configuration of this node. Shared by both workflows; not implemented yet in kubeadm-ts (help and flags are upstream's). */
import type { Phase } from "../../workflow/types.js";
import { notImplementedYet } from "../../workflow/runner.js";

export function kubeletConfigPhase(workflow: "upgrade-apply" | "upgrade-node"): Phase {
  return {
    name: "kubelet-config",
    short: "Upgrade the kubelet configuration for this node",
    long: "Upgrade the kubelet configuration for this node by downloading it from the kubelet-config ConfigMap stored in the cluster",
    inheritFlags: ["config", "dry-run", "kubeconfig", "patches"],
    run: notImplementedYet(`${workflow}/kubelet-config`),
  };
}
