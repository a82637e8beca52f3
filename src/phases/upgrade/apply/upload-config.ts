/** upgrade apply phase upload-config: not implemented yet in kubeadm-ts (help and flags are upstream's). */
import type { Phase } from "../../../workflow/types.js";
import { notImplementedYet } from "../../../workflow/runner.js";

export const uploadConfigPhase: Phase = {
  name: "upload-config",
  aliases: ["uploadconfig"],
  short: "Upload the kubeadm and kubelet configurations to ConfigMaps",
  phases: [
    {
      name: "all",
      short: "Upload all the configurations to ConfigMaps",
      runAllSiblings: true,
      inheritFlags: ["config", "dry-run", "kubeconfig"],
    },
    {
      name: "kubeadm",
      short: "Upload the kubeadm ClusterConfiguration to a ConfigMap",
      long: "Upload the kubeadm ClusterConfiguration to a ConfigMap",
      inheritFlags: ["config", "dry-run", "kubeconfig"],
      run: notImplementedYet("upgrade-apply/upload-config/kubeadm"),
    },
    {
      name: "kubelet",
      short: "Upload the kubelet configuration to a ConfigMap",
      inheritFlags: ["config", "dry-run", "kubeconfig"],
      run: notImplementedYet("upgrade-apply/upload-config/kubelet"),
    },
  ],
};
