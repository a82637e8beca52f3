// The phases kubeadm upgrade apply and upgrade node share, with the same texts and flags
// (upstream app/cmd/phases/upgrade: NewKubeconfigPhase, NewKubeletConfigPhase, NewAddonPhase,
// NewPostUpgradePhase). control-plane differs between the two (its short text), so each table has its own.
import type { PhaseSpec } from "../types.js";

export const kubeconfigPhase: PhaseSpec = {
  name: "kubeconfig",
  short: "Upgrade kubeconfig files for this node",
  hidden: true,
  run: true,
};

export const kubeletConfigPhase: PhaseSpec = {
  name: "kubelet-config",
  short: "Upgrade the kubelet configuration for this node",
  long: "Upgrade the kubelet configuration for this node by downloading it from the kubelet-config ConfigMap stored in the cluster",
  inheritFlags: ["config","dry-run","kubeconfig","patches"],
  run: true,
};

export const addonPhase: PhaseSpec = {
  name: "addon",
  short: "Upgrade the default kubeadm addons",
  phases: [
    {
      name: "all",
      short: "Upgrade all the addons",
      runAllSiblings: true,
      inheritFlags: ["config","dry-run","kubeconfig","patches"],
    },
    {
      name: "coredns",
      short: "Upgrade the CoreDNS addon",
      inheritFlags: ["config","dry-run","kubeconfig","patches"],
      run: true,
    },
    {
      name: "kube-proxy",
      short: "Upgrade the kube-proxy addon",
      inheritFlags: ["config","dry-run","kubeconfig"],
      run: true,
    },
  ],
};

export const postUpgradePhase: PhaseSpec = {
  name: "post-upgrade",
  short: "Run post upgrade tasks",
  inheritFlags: ["config","dry-run","kubeconfig"],
  run: true,
};
