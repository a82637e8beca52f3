/**
 * upgrade apply/node phase post-upgrade. In v1.37.2 upstream's only task removes kubelet flags
 * from kubeadm-flags.env, and its list of unwanted flags is empty: the phase changes nothing
 * and prints nothing (RemoveKubeletArgsFromFile returns at once).
 */
import type { Phase } from "../../workflow/types.js";
import type { UpgradeData } from "./data.js";

/** upstream's unwantedFlags of runPostUpgrade (v1.37.2). */
export const UNWANTED_KUBELET_FLAGS: readonly string[] = [];

export function postUpgradePhase(_workflow: "upgrade-apply" | "upgrade-node"): Phase<UpgradeData> {
  return {
    name: "post-upgrade",
    short: "Run post upgrade tasks",
    inheritFlags: ["config", "dry-run", "kubeconfig"],
    async run() {
      if (UNWANTED_KUBELET_FLAGS.length === 0) return;
    },
  };
}
