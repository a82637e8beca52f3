/** upgrade apply/node phase addon: upgrades the CoreDNS and kube-proxy addons. Shared by both workflows; not implemented yet in kubeadm-ts (help and flags are upstream's). */
import type { Phase } from "../../workflow/types.js";
import { notImplementedYet } from "../../workflow/runner.js";

export function addonPhase(workflow: "upgrade-apply" | "upgrade-node"): Phase {
  return {
    name: "addon",
    short: "Upgrade the default kubeadm addons",
    phases: [
      {
        name: "all",
        short: "Upgrade all the addons",
        runAllSiblings: true,
        inheritFlags: ["config", "dry-run", "kubeconfig", "patches"],
      },
      {
        name: "coredns",
        short: "Upgrade the CoreDNS addon",
        inheritFlags: ["config", "dry-run", "kubeconfig", "patches"],
        run: notImplementedYet(`${workflow}/addon/coredns`),
      },
      {
        name: "kube-proxy",
        short: "Upgrade the kube-proxy addon",
        inheritFlags: ["config", "dry-run", "kubeconfig", "patches"],
        run: notImplementedYet(`${workflow}/addon/kube-proxy`),
      },
    ],
  };
}
